// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t

// The consequence model (checker/PathConsequence.h): a pair is reported by
// default when losing the race changes what the use does, not only which
// error path runs. One function per rule, both directions; the class of each
// finding shows in its message (and in --format=sarif as race-class).

#include <assert.h>
#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

//===-- Reported: the use changes the file (clobber, attributes) ---------===//

// Check then create (CWE-367's textbook case): the O_EXCL fix-it.
int create_after_found_absent(const char *path) {
  if (access(path, F_OK) == 0)
    return -1;
  return open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or truncates 'path' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between
  // CHECK-FIXES: return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, 0600);
}

// Juliet CWE367_TOC_TOU__access: a permission check, then an open that
// writes.
int write_after_permission(const char *path) {
  if (access(path, W_OK) == -1)
    exit(1);
  return open(path, O_RDWR);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' writes to 'path' after 'access' checked it at line [[@LINE-3]] (permission W_OK); another process can replace it or plant a symbolic link there in between
}

// The mode changed by name after a type test (the race lets a directory in).
int mode_after_check(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return -1;
  return chmod(path, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'chmod' changes the mode of 'path' after 'stat' checked it at line [[@LINE-3]] (property S_ISREG); another process can replace it with a symbolic link or another file in between
}

// A directory made, then given away by name (CERT FIO01-C): the message
// names the mkdir, the closest of the two that make the chown a race.
int mkdir_then_chown(const char *dir, uid_t uid, gid_t gid) {
  if (access(dir, F_OK) == 0)
    return -1;
  if (mkdir(dir, 0700) != 0)
    return -1;
  return chown(dir, uid, gid);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'chown' changes the owner of 'dir' by name after 'mkdir' created it at line [[@LINE-3]]; another process can replace it with a symbolic link or another file in between
}

// A name found absent, then a rename onto it: another process's file there
// is replaced.
int rename_onto_absent(const char *tmp, const char *dst) {
  struct stat st;
  if (stat(dst, &st) == 0)
    return -1;
  return rename(tmp, dst);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'rename' replaces 'dst' after 'stat' checked it at line [[@LINE-3]] (existence: absent); another process can create a file there in between, and it is replaced
}

// A directory the code refuses when it exists, made with the result
// dropped: if another process makes it in between, the code goes on with
// that one, which the check was there to turn away.
int mkdir_refusing_existing(const char *dir) {
  if (access(dir, F_OK) == 0)
    return -1;
  mkdir(dir, 0700);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mkdir' creates 'dir' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it first, and the code goes on with what it made
  return 0;
}

//===-- Reported: the check ruled out a link, the use follows one --------===//

int open_after_link_test(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0 || S_ISLNK(st.st_mode))
    return -1;
  return open(path, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' reads 'path' after 'lstat' checked it at line [[@LINE-3]] (property S_ISLNK); another process can plant a symbolic link there in between, and it is followed
  // CHECK-FIXES: return open(path, O_RDONLY | O_NOFOLLOW);
}

// lstat found a regular file (so not a link), then it is written by name.
FILE *write_after_entry_type(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return NULL;
  return fopen(path, "a");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen' creates or appends to 'path' after 'lstat' checked it at line [[@LINE-3]] (property S_ISREG); another process can plant a symbolic link there in between, and it is followed
}

// The rm -r race: lstat says directory, and a helper that enters it by name
// and removes what is inside follows a link swapped in.
static void remove_tree(const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    return;
  closedir(d);
  rmdir(dir);
}

void remove_entry(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0)
    return;
  if (S_ISDIR(st.st_mode))
    remove_tree(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'remove_tree' removes the contents of 'path' (rmdir in consequence.c.tmp.c:110) after 'lstat' checked it at line [[@LINE-4]] (property S_ISDIR); another process can plant a symbolic link there in between, and it is followed
  else
    unlink(path);
}

//===-- Reported: the check judged whether to trust the file -------------===//

FILE *read_trusted(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0 || st.st_uid != getuid() ||
      (st.st_mode & (S_IWGRP | S_IWOTH)))
    return NULL;
  return fopen(path, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen' reads 'path' after 'stat' checked it at line [[@LINE-4]] (property st_uid, mode bits); another process can swap in a file that would fail the check in between
}

int run_trusted(char *const argv[]) {
  struct stat st;
  if (stat(argv[0], &st) != 0 || st.st_uid != 0 || (st.st_mode & 022))
    return -1;
  return execv(argv[0], argv);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'execv' runs 'argv[0]' after 'stat' checked it at line [[@LINE-3]] (property st_uid, mode bits); another process can swap in a file that would fail the check in between
}

// A helper handed what the check saw walks up the directories of the path
// and refuses one that others can write (the "secure path" idiom): nobody
// else can swap the name, so nobody else can win the race.
static int secure_path(const char *name, const struct stat *st) {
  char buf[PATH_MAX];
  struct stat dir;
  if (st->st_uid != 0 || (st->st_mode & 022) || !realpath(name, buf))
    return -1;
  for (;;) {
    strcpy(buf, dirname(buf));
    if (stat(buf, &dir) != 0 || dir.st_uid != 0 || (dir.st_mode & 022))
      return -1;
    if (strcmp(buf, "/") == 0)
      return 0;
  }
}

int run_from_secure_path(char *const argv[]) {
  struct stat st;
  if (stat(argv[0], &st) != 0 || secure_path(argv[0], &st) != 0)
    return -1;
  return execv(argv[0], argv);
}

// The same helper without the walk up the directories judges the file
// alone: another process that can write its directory swaps it.
static int secure_file(const struct stat *st) {
  return st->st_uid == 0 && !(st->st_mode & 022) ? 0 : -1;
}

int run_from_secure_file(char *const argv[]) {
  struct stat st;
  if (stat(argv[0], &st) != 0 || secure_file(&st) != 0)
    return -1;
  return execv(argv[0], argv);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'execv' runs 'argv[0]' after 'stat' checked it at line [[@LINE-3]] (property st_uid, mode bits); another process can swap in a file that would fail the check in between
}

// Group-or-other bits without the owner judge nothing a planter cannot
// pass: whoever plants a file picks its mode. (A private file refused when
// others may read it protects the user's secret; a swapped-in file passes
// the check the same way before it as after it.)
FILE *read_private(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
      (st.st_mode & (S_IRWXG | S_IRWXO)))
    return NULL;
  return fopen(path, "r");
}

// A file with other names (a hard link planted by someone else) is refused.
FILE *read_single_link(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0 || st.st_nlink > 1)
    return NULL;
  return fopen(path, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen' reads 'path' after 'lstat' checked it at line [[@LINE-3]] (property st_nlink); another process can swap in a file that would fail the check in between
}

// The stat buffer judged by a helper with the user's ID: ownership.
static int owned_by(const struct stat *st, uid_t uid) {
  return st->st_uid == uid && !(st->st_mode & S_IWOTH);
}

FILE *read_owned(const char *path, uid_t uid) {
  struct stat st;
  if (stat(path, &st) != 0 || !owned_by(&st, uid))
    return NULL;
  return fopen(path, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen' reads 'path' after 'stat' checked it at line [[@LINE-3]] (property st_uid, mode bits); another process can swap in a file that would fail the check in between
}

// The owner compared with the passwd entry of the user the code acts for.
FILE *read_users_file(const char *path, const struct passwd *pw) {
  struct stat st;
  if (stat(path, &st) != 0 || st.st_uid != pw->pw_uid)
    return NULL;
  return fopen(path, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen' reads 'path' after 'stat' checked it at line [[@LINE-3]] (property st_uid); another process can swap in a file that would fail the check in between
}

//===-- Not reported: a property of the file decided to remove it --------===//
// unlink follows no link: whoever can swap the name can write its
// directory and remove what they swapped in themselves (redundant.c shows
// it with ReportRedundantChecks).

void remove_if_old(const char *path, time_t cutoff) {
  struct stat st;
  if (stat(path, &st) == 0 && st.st_mtime < cutoff)
    unlink(path);
}

//===-- Not reported by default: redundant checks ------------------------===//
// When the file changes in between, the use fails (and the code handles it)
// or does what it would have done without the check. redundant.c shows
// them with ReportRedundantChecks.

FILE *read_after_existence(const char *path) {
  if (access(path, F_OK) != 0)
    return NULL;
  return fopen(path, "r");
}

// The check decides only whether mkdir runs, its result dropped: a
// directory another process makes in between makes mkdir fail, and the
// code goes on exactly as when the check finds it there (what remains is
// an unchecked mkdir, with or without the check).
void mkdir_only_if_absent(const char *dir) {
  if (access(dir, F_OK) != 0)
    mkdir(dir, 0700);
}

void mkdir_only_if_stat_fails(const char *dir) {
  struct stat st;
  if (stat(dir, &st) != 0) {
    (void)mkdir(dir, 0700);
  }
}

// Found present, then written (Juliet's CWE367_TOC_TOU__stat): a symbolic
// link planted before the check passes it the same way as one swapped in
// after it, so the race changes nothing the check could have prevented.
// (That the open follows links at all is CWE-59's business: O_NOFOLLOW.)
int write_after_found_present(const char *path) {
  struct stat st;
  if (stat(path, &st) == -1)
    exit(1);
  return open(path, O_RDWR);
}

// The same with lstat: the link planted before it exists too.
int chmod_after_found_present(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0)
    return -1;
  return chmod(path, 0600);
}

// A change that follows no link reaches only what has the name.
int lchown_after_type(const char *path, uid_t uid, gid_t gid) {
  struct stat st;
  if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
    return -1;
  return lchown(path, uid, gid);
}

// The owner already is what chown then sets: without the check chown would
// do the same to whatever has the name.
int give_to(const char *tty, uid_t uid, gid_t gid) {
  struct stat st;
  if (stat(tty, &st) != 0)
    return -1;
  if (st.st_uid != uid || st.st_gid != gid)
    return chown(tty, uid, gid);
  return 0;
}

FILE *read_after_readable(const char *path) {
  if (access(path, R_OK) != 0)
    return NULL;
  return fopen(path, "r");
}

FILE *read_after_type_message(const char *path) {
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    fprintf(stderr, "%s: is a directory\n", path);
    return NULL;
  }
  return fopen(path, "r");
}

long read_with_size(const char *path, char *buf) {
  struct stat st;
  if (stat(path, &st) != 0 || st.st_size > 4096)
    return -1;
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  long n = (long)fread(buf, 1, (size_t)st.st_size, f);
  fclose(f);
  return n;
}

int run_after_executable(char *const argv[]) {
  if (access(argv[0], X_OK) != 0)
    return -1;
  return execv(argv[0], argv);
}

DIR *list_after_type(const char *dir) {
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return NULL;
  return opendir(dir);
}

void remove_after_existence(const char *path) {
  if (access(path, F_OK) == 0)
    unlink(path);
}

void remove_after_entry_type(const char *path) {
  struct stat st;
  if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode))
    unlink(path);
}

int move_after_type(const char *from, const char *to) {
  struct stat st;
  if (stat(from, &st) != 0 || !S_ISREG(st.st_mode))
    return -1;
  return rename(from, to);
}

int replace_existing(const char *tmp, const char *dst) {
  if (access(dst, F_OK) != 0)
    return -1;
  return rename(tmp, dst);
}

// st_dev and st_ino: which file it is (a duplicate?), not whether to trust
// it.
FILE *read_unless_same(const char *path, const struct stat *other) {
  struct stat st;
  if (stat(path, &st) == 0 && st.st_dev == other->st_dev &&
      st.st_ino == other->st_ino)
    return NULL;
  return fopen(path, "r");
}

// The owner compared with another file's, and the mode with a wanted one:
// data, not trust.
FILE *read_if_same_owner(const char *path, const struct stat *ref,
                         mode_t want) {
  struct stat st;
  if (stat(path, &st) != 0 || st.st_uid != ref->st_uid ||
      (st.st_mode & 07777) != want)
    return NULL;
  return fopen(path, "r");
}

// The owner compared with the owner the code wants (held in a local, or
// computed): whether work is needed, not whether to trust the file.
FILE *read_unless_owned_as_wanted(const char *path, uid_t wanted) {
  struct stat st;
  uid_t want = wanted == (uid_t)-1 ? getuid() : wanted;
  if (stat(path, &st) != 0 || st.st_uid == want)
    return NULL;
  return fopen(path, "r");
}

// stat fetched the times; utime sets them by name: class timestamps, off by
// default (ReportTimestamps).
int keep_times(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0)
    return -1;
  struct utimbuf times = {st.st_atime, st.st_mtime};
  return utime(path, &times);
}

//===-- Not reported at all: nothing was decided -------------------------===//

// The tag file is made only when it is not there; the chmod after runs on
// one that was there just the same: the creation decides nothing.
int tag_cache(const char *tag) {
  int fd = open(tag, O_RDONLY);
  if (fd < 0) {
    FILE *f = fopen(tag, "w");
    if (f)
      fclose(f);
  } else {
    close(fd);
  }
  return chmod(tag, 0644);
}

// mkdir failed (the directory was there): the chmod is of what was there.
int ensure_mode(const char *dir) {
  if (mkdir(dir, 0700) != 0)
    return chmod(dir, 0700);
  return 0;
}

// A check whose result only feeds an assertion states what the code takes
// for granted (and is gone with NDEBUG): test programs, samples.
void test_mode(const char *path) {
  struct stat st;
  assert(stat(path, &st) == 0 && S_ISREG(st.st_mode));
  chmod(path, 0600);
}

//===-- Not reported at all: the use checks what it opened ---------------===//

int open_then_verify(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return -1;
  int fd = open(path, O_RDONLY | O_NOFOLLOW);
  struct stat opened;
  if (fd < 0 || fstat(fd, &opened) != 0 || opened.st_ino != st.st_ino ||
      opened.st_dev != st.st_dev) {
    if (fd >= 0)
      close(fd);
    return -1;
  }
  return fd;
}

// The same inside a helper: the helper opens and checks the descriptor.
static FILE *open_regular(const char *path) {
  FILE *f = fopen(path, "r");
  struct stat st;
  if (f && (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
            st.st_uid != getuid())) {
    fclose(f);
    return NULL;
  }
  return f;
}

FILE *read_trusted_verified(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0 || st.st_uid != getuid())
    return NULL;
  return open_regular(path);
}

// chdir, then the directory it entered is examined.
int enter_verified(const char *dir, uid_t owner) {
  struct stat st;
  if (stat(dir, &st) != 0 || st.st_uid != owner)
    return -1;
  if (chdir(dir) != 0)
    return -1;
  if (stat(".", &st) != 0 || st.st_uid != owner)
    return -1;
  return 0;
}

// A symbolic link test, then a use that does not follow links.
int chown_entry(const char *path, uid_t uid, gid_t gid) {
  struct stat st;
  if (lstat(path, &st) != 0 || S_ISLNK(st.st_mode))
    return -1;
  return lchown(path, uid, gid);
}

// stat follows links: S_ISLNK on what it saw is never true, and rules
// nothing out.
int type_after_stat(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0 || S_ISLNK(st.st_mode))
    return -1;
  return open(path, O_RDONLY);
}

// A check under a condition that is constant false on this platform (a
// feature macro defined to 0) cannot run, and decides nothing; the same
// check where it runs is a race.
#define CHECKS_LINKS_HERE 0
int link_test_compiled_out(const char *path) {
  struct stat st;
  if (CHECKS_LINKS_HERE) {
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
      return -1;
  }
  return open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
}

#define CHECKS_LINKS_THERE 1
int link_test_compiled_in(const char *path) {
  struct stat st;
  if (CHECKS_LINKS_THERE) {
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
      return -1;
  }
  return open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or truncates 'path' after 'lstat' checked it at line [[@LINE-4]] (property S_ISLNK); another process can plant a symbolic link there in between, and it is followed
  // CHECK-FIXES: {{^}}  return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);{{$}}
}

// Calls through macros that add casts: the message names what the code
// wrote ('to.data'), not the macro's expansion.
#define RENAME_FILE(o, n) rename((const char *)(o), (const char *)(n))
#define LINK_INFO(p, fi) lstat((const char *)(p), fi)
struct name_buf {
  char *data;
};
int move_through_macros(struct name_buf from, struct name_buf to) {
  struct stat fi;
  if (LINK_INFO(to.data, &fi) == 0)
    return -1;
  return RENAME_FILE(from.data, to.data);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'rename' replaces 'to.data' after 'lstat' checked it at line [[@LINE-3]] (existence: absent); another process can create a file there in between, and it is replaced
}

// A write that follows no link (O_NOFOLLOW) after a test of what kind of
// entry the name is: whoever swaps the name puts a file of their own
// there, which they could have put there before the check (a regular file
// passes the test the same way). Not reported. After a check of whose the
// file is, the same swap makes the code write into a file the check would
// have refused: reported.
int rewrite_regular_nofollow(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return -1;
  return open(path, O_WRONLY | O_TRUNC | O_NOFOLLOW);
}

int rewrite_own_nofollow(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0 || st.st_uid != getuid())
    return -1;
  return open(path, O_WRONLY | O_TRUNC | O_NOFOLLOW);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' truncates 'path' after 'lstat' checked it at line [[@LINE-3]] (property st_uid); another process can replace it in between [toctou-path-check-then-use]
}

// Flags kept in a local variable that the function only sets to constants
// and ORs constants into are read like constants: this open can only read
// (or enter) the directory.
int list_dir(const char *dir, int search) {
  struct stat st;
  int flags = O_RDONLY;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return -1;
  if (search)
    flags |= O_DIRECTORY;
  return open(dir, flags);
}

// One assignment of a flag the code cannot read (a parameter) and the
// variable's value is unknown: an open that may write.
int open_as_told(const char *path, int extra) {
  struct stat st;
  int flags = O_RDONLY;
  if (stat(path, &st) != 0 || st.st_uid != getuid())
    return -1;
  flags |= extra;
  return open(path, flags);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' writes to 'path' after 'stat' checked it at line [[@LINE-4]] (property st_uid); another process can replace it or plant a symbolic link there in between [toctou-path-check-then-use]
}

// Type tests that only exclude types (`if (S_ISDIR(st.st_mode)) return`):
// a symbolic link planted before the check passes them the same way as
// one swapped in after it. Not reported, whatever the use does with a
// name found present.
int read_unless_directory(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0)
    return -1;
  if (S_ISDIR(st.st_mode))
    return -1;
  return open(path, O_RDONLY);
}

int write_unless_directory(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0 || S_ISDIR(st.st_mode))
    return -1;
  return open(path, O_WRONLY | O_TRUNC);
}

// A test that came out "is a regular file" says the entry is not a link:
// the link it ruled out is followed.
int write_if_regular(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return -1;
  return open(path, O_WRONLY | O_TRUNC);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' truncates 'path' after 'lstat' checked it at line [[@LINE-3]] (property S_ISREG); another process can plant a symbolic link there in between, and it is followed [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return open(path, O_WRONLY | O_TRUNC | O_NOFOLLOW);{{$}}
}

// Found absent, or present and not a directory, then created without
// O_EXCL: a file or a link planted before the check is not a directory and
// passes it too, so taking the name in between gives nothing more. (Only a
// check that the name is free, absent alone, is undone by the race.) Not
// reported (a redundant check).
int create_unless_directory(const char *path) {
  struct stat st;
  if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
    return -1;
  return open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
}

// A retry loop: the test after the open decides whether the loop goes
// round to the lstat again, not what this open does with the entry the
// lstat saw. What decides the open is "not a directory": not reported.
int read_with_retry(const char *path, char *buf, size_t n) {
  struct stat st;
  int tries = 3;
again:
  if (--tries < 0)
    return -1;
  if (lstat(path, &st) != 0)
    return -1;
  if (S_ISDIR(st.st_mode))
    return -1;
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    if (!S_ISLNK(st.st_mode))
      goto again;
    return -1;
  }
  ssize_t got = read(fd, buf, n);
  close(fd);
  return (int)got;
}

// A directory's mode set by name after a test through the link that it is
// one (scp -p's sink): a link to a directory planted before passes the
// test, but the race lets a link to a file (a key, /etc/shadow) in, which
// the test refused.
int share_directory(const char *path, mode_t mode) {
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
    return -1;
  return chmod(path, mode);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'chmod' changes the mode of 'path' after 'stat' checked it at line [[@LINE-3]] (property S_ISDIR); another process can replace it with a symbolic link or another file in between
}

// The file moved into place by rename, then its mode set by that name: in
// between, another process that can write the directory can put a link
// there (the mode belongs on the temporary file, fchmod before the rename).
int publish(const char *tmp, const char *dst) {
  if (rename(tmp, dst) != 0)
    return -1;
  return chmod(dst, 0644);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'chmod' changes the mode of 'dst' by name after 'rename' moved a file there at line [[@LINE-3]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
}

// An open that truncates changes the file when it opens, even when the code
// then only closes the descriptor: a write, not a read.
int reset_if_regular(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0 || st.st_uid != getuid())
    return -1;
  int fd = open(path, O_WRONLY | O_TRUNC);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' truncates 'path' after 'stat' checked it at line [[@LINE-3]] (property st_uid); another process can replace it or plant a symbolic link there in between [toctou-path-check-then-use]
  if (fd < 0)
    return -1;
  return close(fd);
}
