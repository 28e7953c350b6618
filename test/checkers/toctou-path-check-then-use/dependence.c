// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t

// The ways the result of a check decides that a use runs. Each use below is
// in a branch of the check's result, after an early exit on it, or after a
// loop that waits on it.

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int result_in_int_variable(const char *path) {
  int missing = access(path, F_OK);
  if (missing)
    return open(path, O_CREAT | O_WRONLY, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' creates or writes to 'path' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}    return open(path, O_CREAT | O_WRONLY | O_EXCL, 0600);{{$}}
  return -1;
}

int result_in_bool_variable(const char *path) {
  bool exists = access(path, F_OK) == 0;
  if (exists)
    return -1;
  return open(path, O_CREAT | O_WRONLY, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or writes to 'path' after 'access' checked it at line [[@LINE-4]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return open(path, O_CREAT | O_WRONLY | O_EXCL, 0600);{{$}}
}

int result_assigned_later(const char *path) {
  int rc;
  rc = stat(path, &(struct stat){0});
  if (rc == 0)
    return -1;
  return open(path, O_CREAT | O_WRONLY, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or writes to 'path' after 'stat' checked it at line [[@LINE-4]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return open(path, O_CREAT | O_WRONLY | O_EXCL, 0600);{{$}}
}

int wait_until_gone_then_create(const char *lock) {
  while (access(lock, F_OK) == 0)
    sleep(1);
  return open(lock, O_CREAT | O_WRONLY, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or writes to 'lock' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return open(lock, O_CREAT | O_WRONLY | O_EXCL, 0600);{{$}}
}

int retry_loop_with_break(const char *lock) {
  int fd = -1;
  for (int tries = 0; tries < 10; ++tries) {
    if (access(lock, F_OK) != 0) {
      fd = open(lock, O_CREAT | O_WRONLY, 0600);
      // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' creates or writes to 'lock' after 'access' checked it at line [[@LINE-2]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
      // CHECK-FIXES: {{^}}      fd = open(lock, O_CREAT | O_WRONLY | O_EXCL, 0600);{{$}}
      break;
    }
    sleep(1);
  }
  return fd;
}

FILE *conditional_operator(const char *name) {
  return access(name, F_OK) != 0 ? fopen(name, "w") : NULL;
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: 'fopen' creates or truncates 'name' after 'access' checked it at line [[@LINE-1]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return access(name, F_OK) != 0 ? fopen(name, "wx") : NULL;{{$}}
}

int nested_branch(const char *path, int verbose) {
  if (access(path, F_OK) != 0) {
    if (verbose)
      fprintf(stderr, "creating %s\n", path);
    if (verbose > 1)
      return open(path, O_CREAT | O_WRONLY, 0600);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'open' creates or writes to 'path' after 'access' checked it at line [[@LINE-5]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
    // CHECK-FIXES: {{^}}      return open(path, O_CREAT | O_WRONLY | O_EXCL, 0600);{{$}}
  }
  return -1;
}

int unlikely_macro(const char *path) {
  if (__builtin_expect(access(path, F_OK) == 0, 0))
    return -1;
  return open(path, O_CREAT | O_WRONLY, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or writes to 'path' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return open(path, O_CREAT | O_WRONLY | O_EXCL, 0600);{{$}}
}

int inspects_stat_buffer(const char *path) {
  // The branch reads what stat saw, not its return value: the file is known
  // to exist here, so O_EXCL would be wrong. Warning only.
  struct stat st;
  stat(path, &st);
  if (st.st_uid == getuid())
    return open(path, O_RDWR);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' writes to 'path' after 'stat' checked it at line [[@LINE-3]] (property st_uid); another process can replace it or plant a symbolic link there in between [toctou-path-check-then-use]
  return -1;
}

int symlink_test_then_open(const char *path) {
  struct stat st;
  if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
    return -1;
  return open(path, O_RDWR);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' writes to 'path' after 'lstat' checked it at line [[@LINE-3]] (property S_ISLNK); another process can plant a symbolic link there in between, and it is followed [toctou-path-check-then-use]
  // After a symbolic link test, do not follow one planted since:
  // CHECK-FIXES: return open(path, O_RDWR | O_NOFOLLOW);
}

int either_condition(const char *path, int force) {
  // Reached when the file is absent *or* when forced: no fix-it, since the
  // file may legitimately exist on this path.
  if (access(path, F_OK) != 0 || force)
    return open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' creates or truncates 'path' after 'access' checked it at line [[@LINE-2]] (existence); another process can replace it or plant a symbolic link there in between [toctou-path-check-then-use]
  return -1;
}

int do_while_wait(const char *lock) {
  do {
    usleep(1000);
  } while (access(lock, F_OK) == 0);
  return creat(lock, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'creat' creates or truncates 'lock' after 'access' checked it at line [[@LINE-2]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return open(lock, O_WRONLY | O_CREAT | O_EXCL, 0600);{{$}}
}

int switch_on_result(const char *path) {
  switch (access(path, F_OK)) {
  case 0:
    return -1;
  default:
    return open(path, O_CREAT | O_WRONLY, 0600);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' creates or writes to 'path' after 'access' checked it at line [[@LINE-5]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
    // CHECK-FIXES: {{^}}    return open(path, O_CREAT | O_WRONLY | O_EXCL, 0600);{{$}}
  }
}

// The same branches, but the flag changes in between: both run on one path.
int move_then_flip(const char *a, const char *b, int copy) {
  if (!copy && rename(a, b))
    return -1;
  copy = !copy;
  if (copy && chmod(b, 0644))
    return -1;
  // CHECK-MESSAGES: :[[@LINE-2]]:15: warning: 'chmod' changes the mode of 'b' by name after 'rename' moved a file there at line [[@LINE-5]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  return 0;
}

// A field of the check's buffer handed to the use carries what the check
// read only where no assignment replaced it on the way. Here every way sets
// it (the owner wanted, or -1 for "unchanged"), and the chown runs either
// way: with a symbolic link planted before the stat, it would do the same.
int owner_from_list(const char *path, uid_t wanted) {
  struct stat st;
  if (stat(path, &st) != 0)
    return -1;
  if (st.st_uid != wanted)
    st.st_uid = wanted;
  else
    st.st_uid = (uid_t)-1;
  return chown(path, st.st_uid, (gid_t)-1);
}

// One way keeps what the stat read: it is passed on.
int owner_kept(const char *path, uid_t wanted) {
  struct stat st;
  if (stat(path, &st) != 0)
    return -1;
  if (wanted == 0)
    st.st_uid = wanted;
  return chown(path, st.st_uid, (gid_t)-1);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'chown' changes the owner of 'path' after 'stat' checked it at line [[@LINE-5]] (property st_uid passed on to 'chown'); another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
}

// A compound assignment changes what the stat read; it still comes from it.
int drop_write_bits(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0)
    return -1;
  st.st_mode &= ~(S_IWUSR | S_IWGRP | S_IWOTH);
  return chmod(path, st.st_mode);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'chmod' changes the mode of 'path' after 'stat' checked it at line [[@LINE-4]] (property st_mode passed on to 'chmod'); another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
}
