// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t -- -- -std=c++23

// Under C++23, a std::ofstream that creates a file found absent gets
// std::ios::noreplace, the stream form of O_EXCL; one that has it is atomic.

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

bool write_new(const std::string &name) {
  if (fs::exists(name))
    return false;
  std::ofstream out(name);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'std::ofstream' creates or truncates 'name' after 'exists' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: std::ofstream out(name, std::ios::out | std::ios::noreplace);
  return out.good();
}

bool write_new_binary(const fs::path &p) {
  if (fs::exists(p))
    return false;
  std::ofstream out(p, std::ios::out | std::ios::binary);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'std::ofstream' creates or truncates 'p' after 'exists' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: std::ofstream out(p, std::ios::out | std::ios::binary | std::ios::noreplace);
  return out.good();
}

bool already_noreplace(const std::string &name) {
  if (fs::exists(name))
    return false;
  std::ofstream out(name, std::ios::out | std::ios::noreplace);
  return out.good();
}

bool overwrite_expected(const std::string &name) {
  // The file was found present: noreplace would break this, and the check
  // is redundant (a link planted before it passes it the same way): not
  // reported by default, and no fix-it.
  if (!fs::exists(name))
    return false;
  std::ofstream out(name, std::ios::out | std::ios::trunc);
  return out.good();
}
