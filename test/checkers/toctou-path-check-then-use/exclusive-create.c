// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t

// The file is found absent, then created: another process can create it (or
// plant a symlink) in between. The fix-it makes the creation itself fail when
// the file exists: O_EXCL for open, "x" for fopen, open(O_EXCL) for creat.

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int early_return_then_open(const char *path) {
  if (access(path, F_OK) == 0)
    return -1;
  return open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or truncates 'path' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, 0600);{{$}}
}

int open_in_branch_of_failed_access(const char *path) {
  int fd = -1;
  if (access(path, F_OK) != 0)
    fd = open(path, O_CREAT | O_WRONLY, 0644);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or writes to 'path' after 'access' checked it at line [[@LINE-2]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}    fd = open(path, O_CREAT | O_WRONLY | O_EXCL, 0644);{{$}}
  return fd;
}

FILE *fopen_w_after_stat(const char *name) {
  struct stat st;
  if (stat(name, &st) != 0)
    return fopen(name, "w");
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'fopen' creates or truncates 'name' after 'stat' checked it at line [[@LINE-2]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}    return fopen(name, "wx");{{$}}
  return NULL;
}

FILE *fopen_w_plus_after_lstat(const char *name) {
  struct stat st;
  if (lstat(name, &st) == 0)
    return NULL;
  return fopen(name, "w+");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen' creates or truncates 'name' after 'lstat' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return fopen(name, "w+x");{{$}}
}

FILE *fopen_wb_in_else_branch(const char *name) {
  if (access(name, F_OK) == 0) {
    return NULL;
  } else {
    return fopen(name, "wb");
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'fopen' creates or truncates 'name' after 'access' checked it at line [[@LINE-4]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
    // CHECK-FIXES: {{^}}    return fopen(name, "wbx");{{$}}
  }
}

// glibc reads the mode characters only before a `,ccs=` suffix: the "x"
// goes before the comma ("wb,ccs=UTF-8x" makes every call fail).
FILE *fopen_ccs_after_access(const char *name) {
  if (access(name, F_OK) == 0)
    return NULL;
  return fopen(name, "wb,ccs=UTF-8");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen' creates or truncates 'name' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return fopen(name, "wbx,ccs=UTF-8");{{$}}
}

int creat_after_negated_access(const char *path) {
  if (!access(path, F_OK))
    return -1;
  return creat(path, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'creat' creates or truncates 'path' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);{{$}}
}

int access_equals_minus_one(const char *path) {
  if (access(path, F_OK) == -1)
    return open(path, O_RDWR | O_CREAT, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' creates or writes to 'path' after 'access' checked it at line [[@LINE-2]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}    return open(path, O_RDWR | O_CREAT | O_EXCL, 0600);{{$}}
  return -1;
}

int stat_less_than_zero(const char *path) {
  struct stat st;
  if (stat(path, &st) < 0)
    return open(path, O_CREAT | O_WRONLY, S_IRUSR | S_IWUSR);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' creates or writes to 'path' after 'stat' checked it at line [[@LINE-2]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}    return open(path, O_CREAT | O_WRONLY | O_EXCL, S_IRUSR | S_IWUSR);{{$}}
  return -1;
}

int local_array_path(void) {
  char path[] = "/tmp/app.lock";
  if (access(path, F_OK) == 0)
    return -1;
  return open(path, O_CREAT | O_WRONLY, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or writes to 'path' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return open(path, O_CREAT | O_WRONLY | O_EXCL, 0600);{{$}}
}

int constant_conditional_flags(const char *path) {
  // A constant but loosely binding flags expression gets parentheses.
  if (access(path, F_OK) == 0)
    return -1;
  return open(path, sizeof(long) == 8 ? O_CREAT | O_WRONLY : O_CREAT | O_RDWR, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or writes to 'path' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return open(path, (sizeof(long) == 8 ? O_CREAT | O_WRONLY : O_CREAT | O_RDWR) | O_EXCL, 0600);{{$}}
}

#define CREATE_FLAGS (O_WRONLY | O_CREAT | O_TRUNC)

int flags_from_macro(const char *path) {
  if (access(path, F_OK) == 0)
    return -1;
  return open(path, CREATE_FLAGS, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or truncates 'path' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return open(path, CREATE_FLAGS | O_EXCL, 0600);{{$}}
}

int retried_open(const char *path) {
  // The call sits inside a macro argument: the fix-it still applies.
  if (access(path, F_OK) == 0)
    return -1;
  return TEMP_FAILURE_RETRY(open(path, O_CREAT | O_WRONLY, 0600));
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'open' creates or writes to 'path' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return TEMP_FAILURE_RETRY(open(path, O_CREAT | O_WRONLY | O_EXCL, 0600));{{$}}
}
