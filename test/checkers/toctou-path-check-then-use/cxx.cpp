// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t -- -- -std=c++17

// The C library calls as C++ code makes them: qualified, through <cstdio>,
// inside classes, templates and lambdas.

#include <cstdio>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

int qualified_calls(const char *path) {
  if (::access(path, F_OK) == 0)
    return -1;
  return ::open(path, O_CREAT | O_WRONLY, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or writes to 'path' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return ::open(path, O_CREAT | O_WRONLY | O_EXCL, 0600);{{$}}
}

std::FILE *std_fopen(const char *name) {
  struct stat st;
  if (::stat(name, &st) == 0)
    return nullptr;
  return std::fopen(name, "w");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen' creates or truncates 'name' after 'stat' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return std::fopen(name, "wx");{{$}}
}

int if_with_initializer(const char *path) {
  if (int rc = access(path, F_OK); rc != 0)
    return open(path, O_CREAT | O_WRONLY, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' creates or writes to 'path' after 'access' checked it at line [[@LINE-2]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}    return open(path, O_CREAT | O_WRONLY | O_EXCL, 0600);{{$}}
  return -1;
}

class Spool {
public:
  int claim(const char *name) {
    if (access(name, F_OK) == 0)
      return -1;
    const std::string note = "claimed";
    return open(name, O_CREAT | O_WRONLY, 0600);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' creates or writes to 'name' after 'access' checked it at line [[@LINE-4]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
    // CHECK-FIXES: {{^}}    return open(name, O_CREAT | O_WRONLY | O_EXCL, 0600);{{$}}
  }
};

template <typename Mode> int create_with(const char *path, Mode mode) {
  if (access(path, F_OK) == 0)
    return -1;
  return open(path, O_CREAT | O_WRONLY, mode);
  // One warning for the template, however many instantiations there are.
  // CHECK-MESSAGES: :[[@LINE-2]]:10: warning: 'open' creates or writes to 'path' after 'access' checked it at line [[@LINE-4]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return open(path, O_CREAT | O_WRONLY | O_EXCL, mode);{{$}}
}

int instantiate() {
  return create_with("/tmp/a", 0600) + create_with("/tmp/b", 0600u);
}

int in_a_lambda() {
  auto create = [](const char *path) {
    if (access(path, F_OK) != 0)
      return open(path, O_CREAT | O_WRONLY, 0600);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'open' creates or writes to 'path' after 'access' checked it at line [[@LINE-2]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
    // CHECK-FIXES: {{^}}      return open(path, O_CREAT | O_WRONLY | O_EXCL, 0600);{{$}}
    return -1;
  };
  return create("/tmp/c");
}

namespace app {
// Not the C library's open: never paired.
int open(const char *path, int flags, int mode);
} // namespace app

int user_function_named_open(const char *path) {
  if (access(path, F_OK) != 0)
    return app::open(path, O_CREAT | O_WRONLY, 0600);
  return -1;
}

int exclusive_already(const char *path) {
  if (access(path, F_OK) == 0)
    return -1;
  return ::open(path, O_CREAT | O_EXCL | O_WRONLY, 0600);
}
