// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t -- \
// RUN:   --config="{CheckOptions: {toctou-path-check-then-use.ReportRedundantChecks: true, toctou-path-check-then-use.ReportTimestamps: true}}"

// Every check of the catalog, each followed by the same use (an open for
// reading, which has no fix-it): the message names the check and what it
// learned.

#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int with_access(const char *path) {
  if (access(path, R_OK) != 0)
    return -1;
  return open(path, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' reads 'path' after 'access' checked it at line [[@LINE-3]] (permission R_OK); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int with_euidaccess(const char *path) {
  if (euidaccess(path, W_OK) != 0)
    return -1;
  return open(path, O_WRONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' writes to 'path' after 'euidaccess' checked it at line [[@LINE-3]] (permission W_OK); another process can replace it or plant a symbolic link there in between [toctou-path-check-then-use]
}

int with_eaccess(const char *path) {
  if (eaccess(path, F_OK) != 0)
    return -1;
  return open(path, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' reads 'path' after 'eaccess' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int with_faccessat_cwd(const char *path) {
  // AT_FDCWD: the same file as open(path).
  if (faccessat(AT_FDCWD, path, R_OK, 0) != 0)
    return -1;
  return open(path, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' reads 'path' after 'faccessat' checked it at line [[@LINE-3]] (permission R_OK); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int with_faccessat_dir(int dir, const char *name) {
  if (faccessat(dir, name, R_OK, 0) != 0)
    return -1;
  return openat(dir, name, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'openat' reads 'name' after 'faccessat' checked it at line [[@LINE-3]] (permission R_OK); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int with_stat(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0)
    return -1;
  return open(path, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' reads 'path' after 'stat' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int with_stat_owner(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0 || st.st_uid != getuid())
    return -1;
  return open(path, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' reads 'path' after 'stat' checked it at line [[@LINE-3]] (property st_uid); another process can swap in a file that would fail the check in between [toctou-path-check-then-use]
}

int with_lstat(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return -1;
  return open(path, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' reads 'path' after 'lstat' checked it at line [[@LINE-3]] (property S_ISREG); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int with_stat64(const char *path) {
  struct stat64 st;
  if (stat64(path, &st) != 0)
    return -1;
  return open(path, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' reads 'path' after 'stat64' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int with_lstat64(const char *path) {
  struct stat64 st;
  if (lstat64(path, &st) != 0)
    return -1;
  return open(path, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' reads 'path' after 'lstat64' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int with_fstatat(int dir, const char *name) {
  struct stat st;
  if (fstatat(dir, name, &st, 0) != 0 || st.st_size == 0)
    return -1;
  return openat(dir, name, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'openat' reads 'name' after 'fstatat' checked it at line [[@LINE-3]] (property st_size); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int with_statx(const char *path) {
  struct statx stx;
  if (statx(AT_FDCWD, path, 0, STATX_SIZE, &stx) != 0)
    return -1;
  return open(path, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' reads 'path' after 'statx' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int with_realpath(const char *path) {
  char resolved[PATH_MAX];
  if (realpath(path, resolved) == NULL)
    return -1;
  return open(path, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' reads 'path' after 'realpath' checked it at line [[@LINE-3]] (resolved path); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int with_readlink(const char *path) {
  char target[256];
  if (readlink(path, target, sizeof target) < 0)
    return open(path, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' reads 'path' after 'readlink' checked it at line [[@LINE-2]] (resolved path); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
  return -1;
}

int with_readlinkat(int dir, const char *name) {
  char target[256];
  if (readlinkat(dir, name, target, sizeof target) != -1)
    return -1;
  return openat(dir, name, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'openat' reads 'name' after 'readlinkat' checked it at line [[@LINE-3]] (resolved path); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int with_fstatat64(int dir, const char *name) {
  struct stat64 st;
  if (fstatat64(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return -1;
  return openat(dir, name, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'openat' reads 'name' after 'fstatat64' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}
