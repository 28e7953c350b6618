// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t

// The other order: a file opened by name, then judged by name, where the
// judgement decides what the code does with what it opened. The check
// judges whatever has the name when it runs, not necessarily the file the
// descriptor holds: fstat on the descriptor was meant.

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int read_config(const char *path, char *buf, size_t n) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  struct stat st;
  if (stat(path, &st) != 0 || st.st_uid != 0 || (st.st_mode & S_IWOTH)) {
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'stat' judges 'path' by name (property st_uid, mode bits) after 'open' opened it at line [[@LINE-5]]; another process can swap the name in between, and the check then judges another file than the one the code goes on to use [toctou-path-check-then-use]
  // CHECK-MESSAGES: :[[@LINE-6]]:12: note: 'open' opened 'path' here
  // CHECK-FIXES: if (fstat(fd, &st) != 0 || st.st_uid != 0 || (st.st_mode & S_IWOTH)) {
    close(fd);
    return -1;
  }
  ssize_t got = read(fd, buf, n);
  close(fd);
  return (int)got;
}

int read_regular_stream(const char *path, char *buf, size_t n) {
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  struct stat st;
  if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'lstat' judges 'path' by name (property S_ISREG) after 'fopen' opened it at line [[@LINE-5]]; another process can swap the name in between, and the check then judges another file than the one the code goes on to use; open it with O_NOFOLLOW and examine the descriptor with fstat [toctou-path-check-then-use]
  // CHECK-MESSAGES: :[[@LINE-6]]:13: note: 'fopen' opened 'path' here
    fclose(f);
    return -1;
  }
  size_t got = fread(buf, 1, n, f);
  fclose(f);
  return (int)got;
}

/* Silent: the name is compared with what was opened. */
int read_same(const char *path, char *buf, size_t n) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  struct stat byname, opened;
  if (stat(path, &byname) != 0 || fstat(fd, &opened) != 0 ||
      byname.st_ino != opened.st_ino || byname.st_uid != 0) {
    close(fd);
    return -1;
  }
  ssize_t got = read(fd, buf, n);
  close(fd);
  return (int)got;
}

/* Silent: only the size, a datum. */
int read_sized(const char *path, char *buf, size_t n) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  struct stat st;
  if (stat(path, &st) != 0 || (size_t)st.st_size > n) {
    close(fd);
    return -1;
  }
  ssize_t got = read(fd, buf, n);
  close(fd);
  return (int)got;
}

/* Silent: the descriptor is closed before the check; nothing is decided
   about it. */
int touch_then_check(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0)
    return -1;
  close(fd);
  struct stat st;
  return stat(path, &st) == 0 && st.st_uid == 0;
}
