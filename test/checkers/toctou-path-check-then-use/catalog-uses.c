// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t -- \
// RUN:   --config="{CheckOptions: {toctou-path-check-then-use.ReportRedundantChecks: true, toctou-path-check-then-use.ReportTimestamps: true}}"

// Every use of the catalog, each after the same check: access() found the
// file present. Nothing here has a fix-it: the code expects the file to
// exist, so O_EXCL and friends would be wrong.

#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>

extern char *argv[];

int use_open(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return open(path, O_RDWR);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' writes to 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_open64(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return open64(path, O_RDWR);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open64' writes to 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_openat(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return openat(AT_FDCWD, path, O_RDWR);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'openat' writes to 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_openat64(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return openat64(AT_FDCWD, path, O_RDWR);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'openat64' writes to 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_creat(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return creat(path, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'creat' creates or truncates 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_creat64(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return creat64(path, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'creat64' creates or truncates 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

FILE *use_fopen(const char *path) {
  if (access(path, F_OK) != 0)
    return NULL;
  return fopen(path, "r+");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen' writes to 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

FILE *use_fopen64(const char *path) {
  if (access(path, F_OK) != 0)
    return NULL;
  return fopen64(path, "r+");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen64' writes to 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

FILE *use_freopen(const char *path) {
  if (access(path, F_OK) != 0)
    return NULL;
  return freopen(path, "r", stdin);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'freopen' reads 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

FILE *use_freopen64(const char *path) {
  if (access(path, F_OK) != 0)
    return NULL;
  return freopen64(path, "r", stdin);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'freopen64' reads 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_chmod(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return chmod(path, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'chmod' changes the mode of 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_fchmodat(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return fchmodat(AT_FDCWD, path, 0600, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fchmodat' changes the mode of 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_chown(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return chown(path, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'chown' changes the owner of 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_lchown(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return lchown(path, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'lchown' changes the owner of 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_fchownat(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return fchownat(AT_FDCWD, path, 0, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fchownat' changes the owner of 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_truncate(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return truncate(path, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'truncate' changes the size of 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_truncate64(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return truncate64(path, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'truncate64' changes the size of 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_utime(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return utime(path, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'utime' sets the times of 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
}

int use_utimes(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return utimes(path, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'utimes' sets the times of 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
}

int use_utimensat(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return utimensat(AT_FDCWD, path, NULL, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'utimensat' sets the times of 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
}

DIR *use_opendir(const char *path) {
  if (access(path, F_OK) != 0)
    return NULL;
  return opendir(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'opendir' enters 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_chdir(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return chdir(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'chdir' enters 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_link(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return link(path, "/tmp/backup");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'link' links 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_execv(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return execv(path, argv);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'execv' runs 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_execve(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return execve(path, argv, argv);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'execve' runs 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_execvp(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return execvp(path, argv);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'execvp' runs 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_execvpe(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return execvpe(path, argv, argv);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'execvpe' runs 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_execl(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return execl(path, path, (char *)NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'execl' runs 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_execlp(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return execlp(path, path, (char *)NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'execlp' runs 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_execle(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return execle(path, path, (char *)NULL, argv);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'execle' runs 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_rename(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return rename(path, "/tmp/moved");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'rename' moves 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

int use_renameat(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return renameat(AT_FDCWD, path, AT_FDCWD, "/tmp/moved");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'renameat' moves 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

void use_unlink(const char *path) {
  if (access(path, F_OK) != 0)
    return;
  unlink(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'unlink' removes 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

void use_remove(const char *path) {
  if (access(path, F_OK) != 0)
    return;
  remove(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'remove' removes 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

void use_rmdir(const char *path) {
  if (access(path, F_OK) != 0)
    return;
  rmdir(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'rmdir' removes 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

void use_unlinkat(const char *path) {
  if (access(path, F_OK) != 0)
    return;
  unlinkat(AT_FDCWD, path, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'unlinkat' removes 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

void use_mkdir(const char *path) {
  if (access(path, F_OK) == 0)
    return;
  mkdir(path, 0700);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mkdir' creates 'path' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it first, and the code goes on with what it made [toctou-path-check-then-use]
}

void use_mkdirat(const char *path) {
  if (access(path, F_OK) == 0)
    return;
  mkdirat(AT_FDCWD, path, 0700);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mkdirat' creates 'path' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it first, and the code goes on with what it made [toctou-path-check-then-use]
}

void use_symlink(const char *path) {
  if (access(path, F_OK) == 0)
    return;
  symlink("/etc/motd", path);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'symlink' creates 'path' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it first, and the code goes on with what it made [toctou-path-check-then-use]
}

void use_symlinkat(const char *path) {
  if (access(path, F_OK) == 0)
    return;
  symlinkat("/etc/motd", AT_FDCWD, path);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'symlinkat' creates 'path' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it first, and the code goes on with what it made [toctou-path-check-then-use]
}

int rename_over(const char *from, const char *to) {
  // The destination was found present: rename replaces it; no fix-it.
  if (access(to, F_OK) != 0)
    return -1;
  return rename(from, to);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'rename' replaces 'to' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}
