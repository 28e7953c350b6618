// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t

// Races the check reports without a fix-it: the file is expected to exist
// (O_EXCL would break the code), the flags are not spelled at the call, or
// the text to change sits in a macro.

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int setuid_style_permission_check(const char *path) {
  // CWE-367's textbook case: the file can be swapped for a symlink to a file
  // the real user may not write.
  if (access(path, W_OK) != 0)
    return -1;
  return open(path, O_WRONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' writes to 'path' after 'access' checked it at line [[@LINE-3]] (permission W_OK); another process can replace it or plant a symbolic link there in between [toctou-path-check-then-use]
}

FILE *writable_then_fopen(const char *name) {
  if (access(name, W_OK) == 0)
    return fopen(name, "r+");
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'fopen' writes to 'name' after 'access' checked it at line [[@LINE-2]] (permission W_OK); another process can replace it or plant a symbolic link there in between [toctou-path-check-then-use]
  return NULL;
}

int truncate_existing_file(const char *path) {
  // The file was found to exist: O_EXCL would make this open always fail.
  // Not reported by default either: a link planted before the check passes
  // it the same way, so the race changes nothing it prevented.
  if (access(path, F_OK) == 0)
    return open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  return -1;
}

int flags_in_a_variable(const char *path, int append) {
  int flags = O_CREAT | O_WRONLY;
  if (append)
    flags |= O_APPEND;
  if (access(path, F_OK) == 0)
    return -1;
  return open(path, flags, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or writes to 'path' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
}

FILE *append_mode(const char *name) {
  // "ax" is a glibc extension, not C11: no fix-it.
  if (access(name, F_OK) != 0)
    return fopen(name, "a");
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'fopen' creates or appends to 'name' after 'access' checked it at line [[@LINE-2]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  return NULL;
}

FILE *mode_in_a_variable(const char *name, const char *mode) {
  if (access(name, F_OK) != 0)
    return fopen(name, mode);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'fopen' writes to 'name' after 'access' checked it at line [[@LINE-2]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  return NULL;
}

#define WRITE_MODE "w"

FILE *mode_from_a_macro(const char *name) {
  if (access(name, F_OK) != 0)
    return fopen(name, WRITE_MODE);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'fopen' creates or truncates 'name' after 'access' checked it at line [[@LINE-2]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  return NULL;
}

int excl_without_creat(const char *path) {
  // O_EXCL without O_CREAT does not make open atomic.
  if (access(path, F_OK) != 0)
    return open(path, O_WRONLY | O_EXCL);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' writes to 'path' after 'access' checked it at line [[@LINE-2]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  return -1;
}

#define CREATE_FILE(p) open((p), O_CREAT | O_WRONLY, 0600)

int call_inside_macro_body(const char *path) {
  if (access(path, F_OK) == 0)
    return -1;
  return CREATE_FILE(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or writes to 'path' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
}

int write_after_found_absent(const char *path) {
  // Opening for writing what was just found missing, without O_CREAT:
  // still a race (another process can plant a link), but nothing is
  // created, so there is no exclusive form to offer.
  if (access(path, F_OK) != 0)
    return open(path, O_WRONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' writes to 'path' after 'access' checked it at line [[@LINE-2]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  return -1;
}

int owner_check_then_open(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0 || st.st_uid != getuid())
    return -1;
  return open(path, O_RDWR);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' writes to 'path' after 'stat' checked it at line [[@LINE-3]] (property st_uid); another process can replace it or plant a symbolic link there in between [toctou-path-check-then-use]
}

int create_after_failed_permission_check(const char *path) {
  // access(W_OK) fails for a missing file *and* for a read-only one: the
  // code does not know the file is absent, so O_EXCL is not offered.
  if (access(path, W_OK) != 0)
    return open(path, O_CREAT | O_WRONLY, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' creates or writes to 'path' after 'access' checked it at line [[@LINE-2]] (permission W_OK); another process can replace it or plant a symbolic link there in between [toctou-path-check-then-use]
  return -1;
}
