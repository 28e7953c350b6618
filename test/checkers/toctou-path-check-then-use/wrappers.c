// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t

// Functions of the translation unit that check or use one of their
// parameters are checks or uses where they are called, through any number
// of levels; what they return says what the check found.

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

static bool file_exists(const char *p) { return access(p, F_OK) == 0; }

int create_unless_present(const char *path) {
  if (file_exists(path))
    return -1;
  return open(path, O_WRONLY | O_CREAT, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or writes to 'path' after 'file_exists' (access in wrappers.c.tmp.c:14) checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: return open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
}

// Three levels: is_there -> present -> file_exists.
static int present(const char *name) { return file_exists(name) ? 1 : 0; }
static int is_there(const char *name) { return present(name); }

FILE *open_if_there(const char *name) {
  if (is_there(name))
    return NULL;
  return fopen(name, "a");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen' creates or appends to 'name' after 'is_there' (access in wrappers.c.tmp.c:14) checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
}

// Returns decided by the check, with constants.
static int regular_file(const char *p) {
  struct stat st;
  if (stat(p, &st) != 0)
    return 0;
  return 1;
}

int open_regular(const char *path) {
  if (regular_file(path))
    return -1;
  return open(path, O_RDWR | O_CREAT, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or writes to 'path' after 'regular_file' (stat in wrappers.c.tmp.c:38) checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return open(path, O_RDWR | O_CREAT | O_EXCL, 0600);{{$}}
}

// A property test inside the wrapper.
static bool is_directory(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int share(const char *dir) {
  if (!is_directory(dir))
    return -1;
  return chmod(dir, 01777);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'chmod' changes the mode of 'dir' after 'is_directory' (stat in wrappers.c.tmp.c:54) checked it at line [[@LINE-3]] (property S_ISDIR); another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
}

// A wrapper around the use.
static int create_file(const char *p) {
  return open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
}
static int create_logged(const char *p) {
  fprintf(stderr, "creating %s\n", p);
  return create_file(p);
}

int make_lock(const char *lock) {
  if (access(lock, F_OK) == 0)
    return -1;
  return create_logged(lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'create_logged' creates or truncates 'lock' (open in wrappers.c.tmp.c:66) after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
}

// Both through wrappers.
int make_lock_twice_wrapped(const char *lock) {
  if (file_exists(lock))
    return -1;
  return create_file(lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'create_file' creates or truncates 'lock' (open in wrappers.c.tmp.c:66) after 'file_exists' (access in wrappers.c.tmp.c:14) checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
}

// Not wrappers: an exclusive create, a parameter rewritten before the call,
// a check whose result the wrapper does not return.
static int create_exclusive(const char *p) {
  return open(p, O_WRONLY | O_CREAT | O_EXCL, 0600);
}
static int create_elsewhere(const char *p) {
  p = "/tmp/elsewhere";
  return open(p, O_WRONLY | O_CREAT, 0600);
}
static void log_if_missing(const char *p) {
  if (access(p, F_OK) != 0)
    fprintf(stderr, "%s is missing\n", p);
}

int not_reported(const char *lock) {
  if (file_exists(lock))
    return -1;
  int fd = create_exclusive(lock);
  if (fd < 0)
    fd = create_elsewhere(lock);
  return fd;
}

int not_reported_either(const char *lock) {
  log_if_missing(lock);
  return open(lock, O_WRONLY | O_CREAT, 0600);
}

// A helper that changes the file by name only when its caller passes no
// descriptor (e2fsprogs' debugfs): what every call does is what runs
// whatever the caller passes. Here that is nothing by name: not a use.
static void set_mode(int fd, const char *name, mode_t mode) {
  if (fd != -1)
    fchmod(fd, mode);
  else
    chmod(name, mode);
}

void dump_with_mode(const char *out) {
  int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    return;
  set_mode(fd, out, 0644);
  close(fd);
}

// And here the times, set by name on every call: class timestamps, off by
// default, so nothing is reported either.
static void fix_perms(int fd, const char *name, mode_t mode) {
  if (fd != -1)
    fchmod(fd, mode);
  else
    chmod(name, mode);
  utime(name, NULL);
}

void dump_with_perms(const char *out) {
  int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    return;
  fix_perms(fd, out, 0644);
  close(fd);
}

// The same helper without the choice: chmod by name on every call.
static void force_mode(const char *name, mode_t mode) { chmod(name, mode); }

void dump_then_force(const char *out) {
  int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    return;
  close(fd);
  force_mode(out, 0644);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'force_mode' changes the mode of 'out' by name (chmod in wrappers.c.tmp.c:153) after 'open' created it at line 156; another process can replace it with a symbolic link or another file in between
}

// A helper whose mode string is the caller's, given to fopen on every path:
// what a call does is what its string says.
static FILE *open_checked_mode(const char *path, const char *mode) {
  FILE *fp;
  struct stat st;
  if (mode[0] == 'w' || mode[0] == 'a')
    return fopen(path, mode);
  if (!(fp = fopen(path, mode)))
    return NULL;
  if (fstat(fileno(fp), &st) || S_ISDIR(st.st_mode)) {
    fclose(fp);
    return NULL;
  }
  return fp;
}

// A helper whose caller's mode string picks open's flags.
static int open_mode(const char *path, const char *mode) {
  switch (*mode) {
  case 'r':
    return open(path, O_RDONLY);
  case 'w':
    return open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  case 'a':
    return open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
  default:
    return -1;
  }
}

FILE *read_if_absent_reads(const char *path) {
  if (access(path, F_OK) == 0)
    return NULL;
  return open_checked_mode(path, "r");
}

FILE *write_if_absent(const char *path) {
  if (access(path, F_OK) == 0)
    return NULL;
  return open_checked_mode(path, "w");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open_checked_mode' creates or truncates 'path' (fopen in wrappers.c.tmp.c:171) after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-MESSAGES: :[[@LINE-4]]:7: note: 'access' checked 'path' here
  // CHECK-FIXES: return open_checked_mode(path, "wx");
}

int read_regular(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return -1;
  return open_mode(path, "r");
}

int write_if_absent_fd(const char *path) {
  struct stat st;
  if (stat(path, &st) == 0)
    return -1;
  return open_mode(path, "w");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open_mode' creates or truncates 'path' (open in wrappers.c.tmp.c:188) after 'stat' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-MESSAGES: :[[@LINE-4]]:7: note: 'stat' checked 'path' here
}

// A helper that adds flags of its own to the caller's (close-on-exec, no
// controlling terminal): what a call does is what its flags say.
static int open_cloexec(const char *path, int flags, mode_t mode) {
  return open(path, flags | O_CLOEXEC | O_NOCTTY, mode);
}

int read_regular_cloexec(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return -1;
  return open_cloexec(path, O_RDONLY, 0);
}

int create_cloexec(const char *path) {
  if (access(path, F_OK) == 0)
    return -1;
  return open_cloexec(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open_cloexec' creates or truncates 'path' (open in wrappers.c.tmp.c:228) after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-MESSAGES: :[[@LINE-4]]:7: note: 'access' checked 'path' here
  // CHECK-FIXES: return open_cloexec(path, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, 0600);
}

// Helpers whose results are macro constants chosen by what the check saw,
// or a value the check read: the caller's test on them is a test of that.
#define IS_REGULAR 2
#define IS_OTHER 0
static int kind_of(const char *p) {
  struct stat st;
  if (lstat(p, &st) != 0)
    return -1;
  if (S_ISREG(st.st_mode))
    return IS_REGULAR;
  return IS_OTHER;
}
static int links_of(const char *p) {
  struct stat st;
  if (lstat(p, &st) != 0)
    return -1;
  return st.st_nlink;
}
int append_log(const char *p) {
  if (kind_of(p) != IS_REGULAR)
    return -1;
  FILE *f = fopen(p, "a");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'fopen' creates or appends to 'p' after 'kind_of' (lstat in wrappers.c.tmp.c:253) checked it at line [[@LINE-3]] (property S_ISREG); another process can plant a symbolic link there in between, and it is followed [toctou-path-check-then-use]
  // CHECK-MESSAGES: :[[@LINE-4]]:7: note: 'kind_of' checked 'p' here
  if (!f) return -1;
  fputs("x\n", f);
  return fclose(f);
}
int append_single(const char *p) {
  if (links_of(p) > 1)
    return -1;
  FILE *f = fopen(p, "a");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'fopen' creates or appends to 'p' after 'links_of' (lstat in wrappers.c.tmp.c:261) checked it at line [[@LINE-3]] (property st_nlink); another process can replace it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-MESSAGES: :[[@LINE-4]]:7: note: 'links_of' checked 'p' here
  if (!f) return -1;
  fputs("x\n", f);
  return fclose(f);
}

// A helper that returns the mode lstat saw: the caller's S_ISREG on it is
// a type test of the entry. Then a write that follows no link: not
// reported (what is swapped in could have been planted before the check);
// one that follows links: the link the test ruled out is followed.
static int entry_mode(const char *p) {
  struct stat st;
  if (lstat(p, &st) != 0)
    return -1;
  return st.st_mode;
}

int extract_regular_nofollow(const char *dst, int bits) {
  int mode = entry_mode(dst);
  if (!S_ISREG(mode))
    return -1;
  return open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, bits);
}

int extract_regular(const char *dst) {
  int mode = entry_mode(dst);
  if (!S_ISREG(mode))
    return -1;
  return open(dst, O_WRONLY | O_TRUNC);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' truncates 'dst' after 'entry_mode' (lstat in wrappers.c.tmp.c:[[@LINE-17]]) checked it at line [[@LINE-4]] (property st_mode); another process can plant a symbolic link there in between, and it is followed [toctou-path-check-then-use]
  // CHECK-MESSAGES: :[[@LINE-5]]:14: note: 'entry_mode' checked 'dst' here
  // CHECK-FIXES: {{^}}  return open(dst, O_WRONLY | O_TRUNC | O_NOFOLLOW);{{$}}
}

// Only its failure tested: an existence check, which passes anything
// present.
int extract_present(const char *dst) {
  int mode = entry_mode(dst);
  if (mode < 0)
    return -1;
  return open(dst, O_WRONLY | O_TRUNC | O_NOFOLLOW);
}

// A helper that fills its caller's buffer (postfix's warn_stat): what the
// caller reads of the buffer is what the check learned, as after stat.
static int logged_stat(const char *p, struct stat *st) {
  int r = stat(p, st);
  if (r < 0)
    perror(p);
  return r;
}

int truncate_if_mine(const char *path) {
  struct stat st;
  if (logged_stat(path, &st) < 0 || st.st_uid != getuid())
    return -1;
  return open(path, O_WRONLY | O_TRUNC);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' truncates 'path' after 'logged_stat' (stat in wrappers.c.tmp.c:[[@LINE-11]]) checked it at line [[@LINE-3]] (property st_uid); another process can replace it or plant a symbolic link there in between [toctou-path-check-then-use]
}
