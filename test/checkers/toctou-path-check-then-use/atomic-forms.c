// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t

// The atomic forms: nothing in this file may be reported (the runner fails
// on any warning in a file without CHECK-MESSAGES).

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

// mkdir fails with EEXIST: the code that looks at its result handles the
// race, and the check before it was only redundant.
int mkdir_result_handled(const char *dir) {
  struct stat st;
  if (stat(dir, &st) == 0)
    return 0;
  if (mkdir(dir, 0700) != 0 && errno != EEXIST)
    return -1;
  return 0;
}

int mkdirat_result_returned(int parent, const char *name) {
  if (faccessat(parent, name, F_OK, 0) == 0)
    return 0;
  return mkdirat(parent, name, 0700);
}

// unlink fails with ENOENT when the file is gone: handled.
int unlink_result_handled(const char *path) {
  if (access(path, F_OK) != 0)
    return 0;
  if (unlink(path) != 0 && errno != ENOENT)
    return -1;
  return 0;
}

int remove_result_returned(const char *path) {
  if (access(path, F_OK) != 0)
    return 0;
  return remove(path);
}

// symlink() fails if the name exists.
int symlink_result_handled(const char *target, const char *linkpath) {
  if (access(linkpath, F_OK) == 0)
    return -1;
  return symlink(target, linkpath);
}

// link() as a no-clobber rename: it fails if the destination exists.
int link_as_no_clobber_rename(const char *from, const char *to) {
  if (access(to, F_OK) == 0)
    return -1;
  if (link(from, to) != 0)
    return -1;
  return unlink(from);
}

// A symbolic link test, then an open that will not follow one planted since.
int symlink_test_then_nofollow(const char *path) {
  struct stat st;
  if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
    return -1;
  return open(path, O_RDONLY | O_NOFOLLOW);
}

// ... or a chown that does not follow links.
int symlink_test_then_lchown(const char *path, uid_t owner) {
  struct stat st;
  if (lstat(path, &st) != 0 || S_ISLNK(st.st_mode))
    return -1;
  return lchown(path, owner, owner);
}

// CERT POS35-C / FIO45-C: lstat, open, fstat the descriptor, and compare
// device and inode with what lstat saw.
int lstat_open_fstat_compare(const char *path) {
  struct stat before, after;
  if (lstat(path, &before) != 0 || !S_ISREG(before.st_mode))
    return -1;
  int fd = open(path, O_RDWR);
  if (fd < 0)
    return -1;
  if (fstat(fd, &after) != 0 || before.st_dev != after.st_dev ||
      before.st_ino != after.st_ino) {
    close(fd);
    return -1;
  }
  return fd;
}

// Operations on a descriptor: fstat, fchmod, fchown, ftruncate, fdopen.
FILE *descriptor_operations(const char *path) {
  int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
  if (fd < 0)
    return NULL;
  struct stat st;
  if (fstat(fd, &st) != 0 || fchmod(fd, 0640) != 0 ||
      fchown(fd, st.st_uid, st.st_gid) != 0 || ftruncate(fd, 0) != 0)
    return NULL;
  return fdopen(fd, "w");
}

// An exclusive create after any check.
int exclusive_after_permission_check(const char *path) {
  if (access(path, W_OK) == 0)
    return -1;
  return open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
}

FILE *exclusive_fopen_after_stat(const char *name) {
  struct stat st;
  if (stat(name, &st) == 0)
    return NULL;
  return fopen(name, "wx");
}

// A created file's attributes changed through its descriptor (FIO01-C).
int chmod_through_descriptor(const char *name) {
  FILE *f = fopen(name, "w");
  if (!f)
    return -1;
  return fchmod(fileno(f), 0600);
}
