// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t

// Nothing in this file may be reported: each function is a shape the check
// must leave alone. (The runner fails on any warning in a file without
// CHECK-MESSAGES.)

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int different_variables(const char *checked, const char *used) {
  if (access(checked, F_OK) != 0)
    return open(used, O_CREAT | O_WRONLY, 0600);
  return -1;
}

int reassigned_in_between(const char *path, const char *other) {
  if (access(path, F_OK) != 0) {
    path = other;
    return open(path, O_CREAT | O_WRONLY, 0600);
  }
  return -1;
}

int buffer_rebuilt_by_snprintf(const char *base) {
  char name[256];
  snprintf(name, sizeof name, "%s.1", base);
  if (access(name, F_OK) == 0) {
    snprintf(name, sizeof name, "%s.2", base);
    return open(name, O_CREAT | O_WRONLY, 0600);
  }
  return -1;
}

int buffer_rewritten_by_strcpy(char *path) {
  if (access(path, F_OK) != 0) {
    strcpy(path, "/tmp/fallback");
    return open(path, O_RDONLY);
  }
  return -1;
}

void next_path(const char **path);

int address_escapes(const char *path) {
  if (access(path, F_OK) != 0) {
    next_path(&path);
    return open(path, O_RDONLY);
  }
  return -1;
}

int pointer_advanced(const char *path) {
  if (access(path, F_OK) != 0) {
    path++;
    return open(path, O_RDONLY);
  }
  return -1;
}

int other_arm_of_unrelated_branch(const char *path, int probe) {
  if (probe) {
    if (access(path, F_OK) != 0)
      return -1;
    return 0;
  } else {
    return open(path, O_CREAT | O_WRONLY, 0600);
  }
}

int already_exclusive(const char *path) {
  if (access(path, F_OK) == 0)
    return -1;
  return open(path, O_CREAT | O_EXCL | O_WRONLY, 0600);
}

int exclusive_flags_in_a_const(const char *path) {
  const int flags = O_WRONLY | O_CREAT | O_EXCL;
  if (access(path, F_OK) == 0)
    return -1;
  return open(path, flags, 0600);
}

#define EXCLUSIVE_CREATE (O_CREAT | O_EXCL | O_WRONLY)

int exclusive_flags_in_a_macro(const char *path) {
  if (access(path, F_OK) == 0)
    return -1;
  return open(path, EXCLUSIVE_CREATE, 0600);
}

FILE *already_exclusive_fopen(const char *name) {
  if (access(name, F_OK) == 0)
    return NULL;
  return fopen(name, "w+x");
}

int use_does_not_depend_on_check(const char *path) {
  if (access(path, F_OK) != 0)
    fprintf(stderr, "%s will be created\n", path);
  return open(path, O_CREAT | O_WRONLY, 0600);
}

int result_discarded(const char *path) {
  (void)access(path, F_OK);
  return open(path, O_RDONLY);
}

int use_before_check(const char *path) {
  int fd = open(path, O_RDONLY);
  if (access(path, R_OK) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

int shadowing_variable(const char *path) {
  if (access(path, F_OK) != 0) {
    const char *path = "/tmp/elsewhere";
    return open(path, O_CREAT | O_WRONLY, 0600);
  }
  return -1;
}

int fresh_value_each_iteration(const char **names, int count) {
  int fd = -1;
  for (int i = 0; i < count; ++i) {
    const char *name = names[i];
    if (fd >= 0)
      close(fd);
    fd = open(name, O_RDONLY);
    if (access(name, W_OK) != 0)
      continue;
  }
  return fd;
}

int stat_buffer_read_without_branching(const char *path, long *size) {
  struct stat st;
  stat(path, &st);
  *size = st.st_size;
  return open(path, O_RDONLY);
}

int descriptor_operations_only(const char *path) {
  struct stat st;
  int fd = open(path, O_RDONLY | O_NOFOLLOW);
  if (fd < 0)
    return -1;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return -1;
  }
  return fd;
}

int silenced_with_nolint(const char *path) {
  if (access(path, F_OK) != 0)
    return open(path, O_CREAT | O_WRONLY, 0600); // NOLINT(toctou-path-check-then-use)
  return -1;
}

int silenced_with_nolintnextline(const char *path) {
  if (access(path, F_OK) != 0)
    // NOLINTNEXTLINE(toctou-*)
    return open(path, O_CREAT | O_WRONLY, 0600);
  return -1;
}

int unreachable_after_return(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return 0;
}

int branch_on_stale_result_variable(const char *path, int rc) {
  // The branch reads rc before it holds access()'s result: the open does not
  // depend on the check.
  if (rc == 0)
    return -1;
  rc = access(path, F_OK);
  return open(path, O_RDONLY);
}

// The open-and-verify loop: open, then compare the file at the name with
// the one opened (device and inode), and try again on a mismatch. The stat
// verifies the open before it; the open after it in the next round is a
// retry, not a use of what the stat found.
int open_locked_existing(const char *path) {
  struct stat before, after;
  int fd;
  for (;;) {
    if ((fd = open(path, O_RDWR | O_CREAT, 0644)) < 0)
      return -1;
    if (fstat(fd, &before) < 0)
      return -1;
    if (stat(path, &after) < 0)
      return -1;
    if (before.st_ino == after.st_ino && before.st_dev == after.st_dev &&
        before.st_nlink > 0)
      break;
    close(fd);
  }
  return fd;
}

// The same loop verifying the type and the mode of what is at the name:
// the check still looks at what the open before it made.
int open_fresh_output(const char *path) {
  struct stat st;
  int fd;
  for (;;) {
    if ((fd = open(path, O_WRONLY | O_CREAT, 0600)) < 0)
      return -1;
    if (stat(path, &st) < 0)
      return -1;
    if (S_ISREG(st.st_mode) && st.st_nlink == 1 && (st.st_mode & 0777) == 0600)
      break;
    unlink(path);
    close(fd);
  }
  return fd;
}

// The root directory and the working directory: nobody else can put
// another file there by that name.
int chmod_root_if_directory(void) {
  struct stat st;
  if (stat("/", &st) != 0 || !S_ISDIR(st.st_mode))
    return -1;
  return chmod("/", 0755);
}

int chown_cwd_if_mine(void) {
  struct stat st;
  if (stat(".", &st) != 0 || st.st_uid != getuid())
    return -1;
  return chown(".", 0, 0);
}

// The rename and the chmod sit on exclusive branches of one flag that the
// function never changes: never on one path.
int move_or_copy(const char *a, const char *b, int copy) {
  if (!copy && rename(a, b))
    return -1;
  if (copy && chmod(b, 0644))
    return -1;
  return 0;
}
