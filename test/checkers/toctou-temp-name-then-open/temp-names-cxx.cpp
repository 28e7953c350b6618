// RUN: %check_toctou_tidy %s toctou-temp-name-then-open %t -- -- -std=c++17

// The same in C++: names from <cstdio>/<cstdlib>, opened by streams and
// std::fopen.

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <string>
#include <unistd.h>

bool scratch_stream() {
  char name[L_tmpnam];
  if (!std::tmpnam(name))
    return false;
  std::ofstream out(name);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'std::ofstream' opens 'name', a name made by 'tmpnam' at line [[@LINE-3]], which another process can create first [toctou-temp-name-then-open]
  return out.good();
}

std::FILE *scratch_file() {
  char name[L_tmpnam];
  std::tmpnam(name);
  return std::fopen(name, "wb");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen' opens 'name', a name made by 'tmpnam' at line [[@LINE-2]], which another process can create first [toctou-temp-name-then-open]
  // CHECK-FIXES: return std::fopen(name, "wbx");
}

int spool(std::string &templ) {
  ::mktemp(&templ[0]);
  return ::open(templ.c_str(), O_RDWR | O_CREAT, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' opens 'templ.c_str()', a name made by 'mktemp' at line [[@LINE-2]], which another process can create first [toctou-temp-name-then-open]
  // CHECK-FIXES: return ::open(templ.c_str(), O_RDWR | O_CREAT | O_EXCL, 0600);
}

// Not reported: exclusive.
std::FILE *exclusive() {
  char name[L_tmpnam];
  std::tmpnam(name);
  return std::fopen(name, "wbx");
}
