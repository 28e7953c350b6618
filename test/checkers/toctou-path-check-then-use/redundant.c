// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t -- \
// RUN:   --config="{CheckOptions: {toctou-path-check-then-use.ReportRedundantChecks: true, toctou-path-check-then-use.ReportTimestamps: true}}"
// RUN: %expect_exit 1 %toctou_tidy %s --checks='-*,toctou-path-check-then-use' --format=github \
// RUN:   --config="{CheckOptions: {toctou-path-check-then-use.ReportRedundantChecks: true, toctou-path-check-then-use.ReportTimestamps: true}}" -- \
// RUN:   | FileCheck --check-prefix=LEVELS %s
// RUN: %toctou_tidy %s --checks='-*,toctou-path-check-then-use' -- | count 0

// The opt-in classes. ReportRedundantChecks reports checks that losing the
// race cannot make matter (the use fails safely, or does what it would have
// done anyway); ReportTimestamps reports times set by name. Both are off by
// default (the last RUN line: nothing at all), and their findings have the
// level "note" in every format (GitHub: a notice).

// LEVELS-DAG: ::notice file={{.*}}redundant.c,line=29,
// LEVELS-DAG: ::notice file={{.*}}redundant.c,line=35,
// LEVELS-DAG: ::notice file={{.*}}redundant.c,line=42,
// LEVELS-DAG: ::notice file={{.*}}redundant.c,line=51,
// LEVELS-NOT: ::{{error|warning}}

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

FILE *read_after_existence(const char *path) {
  if (access(path, F_OK) != 0)
    return NULL;
  return fopen(path, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen' reads 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check
}

void remove_after_existence(const char *path) {
  if (access(path, F_OK) == 0)
    unlink(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'unlink' removes 'path' after 'access' checked it at line [[@LINE-2]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check
}

int run_after_executable(char *const argv[]) {
  if (access(argv[0], X_OK) != 0)
    return -1;
  return execv(argv[0], argv);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'execv' runs 'argv[0]' after 'access' checked it at line [[@LINE-3]] (permission X_OK); the check is redundant: if the file changes in between, the use fails or acts as it would without the check
}

int keep_times(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0)
    return -1;
  struct utimbuf times = {st.st_atime, st.st_mtime};
  return utime(path, &times);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'utime' sets the times of 'path' after 'stat' checked it at line [[@LINE-4]] (property st_mtim passed on to 'utime'); another process can replace it with a symbolic link or another file in between
}

// The check chooses between two ways of doing the same thing to the name:
// on the other side the code truncates or replaces whatever is there too,
// so a file planted before the check gets what one swapped in after it
// gets.
int open_for_output(const char *path) {
  struct stat st;
  if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
    return open(path, O_WRONLY | O_TRUNC);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' truncates 'path' after 'stat' checked it at line [[@LINE-2]] (property S_ISREG); the check is redundant: if the file changes in between, the use fails or acts as it would without the check
  return open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or truncates 'path' after 'stat' checked it at line [[@LINE-4]] (property S_ISREG); the check is redundant: if the file changes in between, the use fails or acts as it would without the check
}

int restore_then_install(const char *backup, const char *tmp,
                         const char *dst) {
  struct stat st;
  if (lstat(dst, &st) != 0)
    rename(backup, dst);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'rename' replaces 'dst' after 'lstat' checked it at line [[@LINE-2]] (existence: absent); the check is redundant: if the file changes in between, the use fails or acts as it would without the check
  return rename(tmp, dst);
}

// The use retries what the code did before the check: a file planted
// before that got the same then.
int write_retry(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
      return -1;
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or truncates 'path' after 'lstat' checked it at line [[@LINE-3]] (property S_ISREG); the check is redundant: if the file changes in between, the use fails or acts as it would without the check
  }
  return fd;
}

// The code treats a link as a link (readlink where the check saw one), and
// reads the file otherwise: a link planted in between is read through,
// giving what it points to, which the planter could read anyway.
int show_entry(const char *path, char *buf, size_t n) {
  struct stat st;
  if (lstat(path, &st) < 0)
    return -1;
  if (S_ISLNK(st.st_mode))
    return (int)readlink(path, buf, n);
  int fd = open(path, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' reads 'path' after 'lstat' checked it at line [[@LINE-5]] (property S_ISLNK); the check is redundant: if the file changes in between, the use fails or acts as it would without the check
  // CHECK-FIXES: {{^}}  int fd = open(path, O_RDONLY | O_NOFOLLOW);{{$}}
  if (fd < 0)
    return -1;
  int r = (int)read(fd, buf, n);
  close(fd);
  return r;
}

void remove_if_old(const char *path, time_t cutoff) {
  struct stat st;
  if (stat(path, &st) == 0 && st.st_mtime < cutoff)
    unlink(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'unlink' removes 'path' after 'stat' checked it at line [[@LINE-2]] (property st_mtim); the check is redundant: if the file changes in between, the use fails or acts as it would without the check
}

// O_NOFOLLOW after a type test of the entry: a file swapped in is one its
// planter could have put there before the check.
int rewrite_regular_nofollow(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return -1;
  return open(path, O_WRONLY | O_TRUNC | O_NOFOLLOW);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' truncates 'path' after 'lstat' checked it at line [[@LINE-3]] (property S_ISREG); the check is redundant: if the file changes in between, the use fails or acts as it would without the check
}

// A test through the link (stat follows it) that the name is a regular
// file: a link planted before the check to a regular file passes it the
// same way as one swapped in after, and the open follows it there; what
// else the race can swap in is a directory, which an open for writing
// refuses. Whether the open should follow links at all is CWE-59's
// business (O_NOFOLLOW), not a race with the check.
int truncate_regular(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return -1;
  return open(path, O_WRONLY | O_TRUNC);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' truncates 'path' after 'stat' checked it at line [[@LINE-3]] (property S_ISREG); the check is redundant: if the file changes in between, the use fails or acts as it would without the check
}

// A helper that returns one type test of what stat saw: where the caller's
// test of it came out false, the name was absent or of another type, and a
// file or a link planted before the check passes that as well.
static int is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int append_unless_directory(const char *path) {
  if (is_dir(path))
    return -1;
  return open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or appends to 'path' after 'is_dir' (stat in redundant.c.tmp.c:[[@LINE-7]]) checked it at line [[@LINE-3]] (property S_ISDIR); the check is redundant: if the file changes in between, the use fails or acts as it would without the check
}

// The same test written in the caller: absent, or not a directory.
int append_unless_directory_inline(const char *path) {
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
    return -1;
  return open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or appends to 'path' after 'stat' checked it at line [[@LINE-3]] (property S_ISDIR); the check is redundant: if the file changes in between, the use fails or acts as it would without the check
}
