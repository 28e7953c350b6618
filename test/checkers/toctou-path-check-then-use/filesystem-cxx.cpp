// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t -- \
// RUN:   --config="{CheckOptions: {toctou-path-check-then-use.ReportRedundantChecks: true}}" \
// RUN:   -- -std=c++17

// std::filesystem and <fstream>: the checks and uses of the catalog, and
// the ways C++ names the same file (std::string, c_str(), a path built from
// a string, a member).

#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <unistd.h>

namespace fs = std::filesystem;

// Checks.
int exists_then_open(const std::string &path) {
  if (!fs::exists(path))
    return -1;
  return open(path.c_str(), O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' reads 'path.c_str()' after 'exists' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int exists_with_error_code(const fs::path &p) {
  std::error_code ec;
  if (!fs::exists(p, ec))
    return -1;
  return open(p.c_str(), O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' reads 'p.c_str()' after 'exists' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

bool regular_file_then_stream(const fs::path &p) {
  if (!fs::is_regular_file(p))
    return false;
  std::ifstream in(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'std::ifstream' reads 'p' after 'is_regular_file' checked it at line [[@LINE-3]] (property is_regular_file); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
  return in.good();
}

void directory_then_remove_all(const fs::path &dir) {
  if (fs::is_directory(dir))
    fs::remove_all(dir);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'remove_all' removes the contents of 'dir' after 'is_directory' checked it at line [[@LINE-2]] (property is_directory); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

void symlink_then_permissions(const fs::path &p) {
  if (fs::is_symlink(p))
    return;
  fs::permissions(p, fs::perms::owner_all);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'permissions' changes the mode of 'p' after 'is_symlink' checked it at line [[@LINE-3]] (symbolic link test); another process can plant a symbolic link there in between, and it is followed [toctou-path-check-then-use]
}

void status_then_resize(const fs::path &p) {
  fs::file_status st = fs::status(p);
  if (!fs::is_regular_file(st))
    return;
  fs::resize_file(p, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'resize_file' changes the size of 'p' after 'status' checked it at line [[@LINE-4]] (property status); another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
}

// Not reported, not even as redundant: rename moves the entry itself and
// follows no link, so what the symbolic link test ruled out cannot happen.
void symlink_status_then_rename(const fs::path &from, const fs::path &to) {
  if (fs::is_symlink(fs::symlink_status(from)))
    return;
  fs::rename(from, to);
}

void size_then_copy(const fs::path &from, const fs::path &to) {
  if (fs::file_size(from) == 0)
    return;
  fs::copy_file(from, to);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'copy_file' reads 'from' after 'file_size' checked it at line [[@LINE-3]] (property file_size); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

// Uses.
void exists_then_remove(const fs::path &p) {
  if (fs::exists(p))
    fs::remove(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'remove' removes 'p' after 'exists' checked it at line [[@LINE-2]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

void absent_then_create_directory(const fs::path &p) {
  if (!fs::exists(p))
    fs::create_directory(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'create_directory' creates 'p' after 'exists' checked it at line [[@LINE-2]] (existence: absent); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

void absent_then_create_directories(const fs::path &p) {
  if (!fs::exists(p))
    fs::create_directories(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'create_directories' creates 'p' after 'exists' checked it at line [[@LINE-2]] (existence: absent); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

void rename_over_checked_target(const fs::path &from, const fs::path &to) {
  if (fs::exists(to))
    return;
  fs::rename(from, to);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'rename' replaces 'to' after 'exists' checked it at line [[@LINE-3]] (existence: absent); another process can create a file there in between, and it is replaced [toctou-path-check-then-use]
}

bool ofstream_after_absent(const std::string &name) {
  if (fs::exists(name))
    return false;
  std::ofstream out(name);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'std::ofstream' creates or truncates 'name' after 'exists' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  return out.good();
}

bool fstream_open_member(const std::string &name) {
  if (access(name.c_str(), W_OK) != 0)
    return false;
  std::fstream f;
  f.open(name, std::ios::in | std::ios::out);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'open' writes to 'name' after 'access' checked it at line [[@LINE-4]] (permission W_OK); another process can replace it or plant a symbolic link there in between [toctou-path-check-then-use]
  return f.is_open();
}

// Identity: a C string check and a std::filesystem use of the same object.
void c_string_check_path_use(const std::string &name) {
  if (access(name.c_str(), F_OK) != 0)
    return;
  fs::remove(fs::path(name));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'remove' removes 'fs::path(name)' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

// A member, through this.
class Spool {
public:
  int claim() {
    if (access(path_.c_str(), F_OK) == 0)
      return -1;
    return open(path_.c_str(), O_WRONLY | O_CREAT, 0600);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' creates or writes to 'path_.c_str()' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
    // CHECK-FIXES: return open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  }
  int claim_renamed(const std::string &suffix) {
    if (access(path_.c_str(), F_OK) == 0)
      return -1;
    path_ += suffix; // a different file now
    return open(path_.c_str(), O_WRONLY | O_CREAT, 0600);
  }

private:
  std::string path_;
};

// A std::string changed in between names another file.
int string_appended(std::string name) {
  if (access(name.c_str(), F_OK) == 0)
    return -1;
  name.append(".new");
  return open(name.c_str(), O_WRONLY | O_CREAT, 0600);
}

int string_assigned(std::string name, const std::string &other) {
  if (access(name.c_str(), F_OK) == 0)
    return -1;
  name = other;
  return open(name.c_str(), O_WRONLY | O_CREAT, 0600);
}

// Not reported: results handled, or atomic forms.
bool create_directory_result_used(const fs::path &p) {
  if (fs::exists(p))
    return true;
  return fs::create_directory(p);
}

void remove_with_error_code(const fs::path &p) {
  std::error_code ec;
  if (fs::exists(p) && !fs::remove(p, ec))
    return;
}

// The other stream forms.
bool fstream_constructor(const std::string &name) {
  if (!fs::exists(name))
    return false;
  std::fstream f(name, std::ios::in | std::ios::out);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'std::fstream' writes to 'name' after 'exists' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
  return f.is_open();
}

bool ofstream_open_member(const char *name) {
  if (access(name, W_OK) != 0)
    return false;
  std::ofstream out;
  out.open(name, std::ios::app);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'open' creates or truncates 'name' after 'access' checked it at line [[@LINE-4]] (permission W_OK); another process can replace it or plant a symbolic link there in between [toctou-path-check-then-use]
  return out.is_open();
}

bool ifstream_open_member(const fs::path &p) {
  if (fs::file_size(p) > 4096)
    return false;
  std::ifstream in;
  in.open(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'open' reads 'p' after 'file_size' checked it at line [[@LINE-4]] (property file_size); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
  return in.is_open();
}

// copy_file's destination: copied over if it appeared in between.
void copy_to_absent(const fs::path &from, const fs::path &to) {
  if (fs::exists(to))
    return;
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'copy_file' replaces 'to' after 'exists' checked it at line [[@LINE-3]] (existence: absent); another process can create a file there in between, and it is replaced [toctou-path-check-then-use]
}

// native() and string() of a path name the path.
int native_then_open(const fs::path &p) {
  if (!fs::is_regular_file(p))
    return -1;
  return open(p.native().c_str(), O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' reads 'p.native().c_str()' after 'is_regular_file' checked it at line [[@LINE-3]] (property is_regular_file); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int string_then_open(const fs::path &p) {
  if (access(p.string().c_str(), R_OK) != 0)
    return -1;
  return open(p.c_str(), O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' reads 'p.c_str()' after 'access' checked it at line [[@LINE-3]] (permission R_OK); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}
