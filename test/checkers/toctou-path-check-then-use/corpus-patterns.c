// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t -- \
// RUN:   --config="{CheckOptions: {toctou-path-check-then-use.ReportRedundantChecks: true}}"

// Shapes found on the Debian corpus (test/corpus/TRIAGE.md): the two
// false-positive patterns of the first triage, fixed, and their neighbours.
// Run with ReportRedundantChecks, so that what is paired shows even where
// the consequence model files it as a redundant check (the default run
// leaves those out; consequence.c has both directions).

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

// dpkg's dselect/methparse.cc: the path is rebuilt through a pointer into
// its buffer. The access() checks one name, the fopen() opens another.
FILE *method_options(const char *base) {
  char *pathbuf = malloc(strlen(base) + 64);
  strcpy(pathbuf, base);
  char *pathmeth = pathbuf + strlen(base);
  char *pathinmeth = pathmeth + 1;
  strcpy(pathinmeth, "install");
  if (access(pathbuf, R_OK | X_OK))
    return NULL;
  strcpy(pathinmeth, "names");
  return fopen(pathbuf, "r");
}

// The same without the rewrite: the checked name is opened.
FILE *method_script(const char *base) {
  char *pathbuf = malloc(strlen(base) + 64);
  strcpy(pathbuf, base);
  char *pathinmeth = pathbuf + strlen(base);
  strcpy(pathinmeth, "install");
  if (access(pathbuf, R_OK | X_OK))
    return NULL;
  return fopen(pathbuf, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen' reads 'pathbuf' after 'access' checked it at line [[@LINE-3]] (permission R_OK | X_OK); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

// openssh's sftp-server process_rename: the entry's type picks link or
// rename; both act on the entry itself, whatever it has become: a
// redundant check.
int move_entry(const char *oldpath, const char *newpath) {
  struct stat sb;
  if (lstat(oldpath, &sb) == -1)
    return -1;
  if (S_ISREG(sb.st_mode)) {
    if (link(oldpath, newpath) == -1)
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'link' links 'oldpath' after 'lstat' checked it at line [[@LINE-4]] (property S_ISREG); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
      return -1;
    return unlink(oldpath);
  }
  return rename(oldpath, newpath);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'rename' moves 'oldpath' after 'lstat' checked it at line [[@LINE-9]] (property S_ISREG); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

// The destination checked for existence, then replaced by rename: the
// race sftp-server's own comment calls racy.
int move_if_absent(const char *oldpath, const char *newpath) {
  struct stat st;
  if (stat(newpath, &st) == -1)
    return rename(oldpath, newpath);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'rename' replaces 'newpath' after 'stat' checked it at line [[@LINE-2]] (existence: absent); another process can create a file there in between, and it is replaced [toctou-path-check-then-use]
  return -1;
}

// A type test through stat (it follows links), then rename: the rename
// moves the entry whatever it has become, so this is a redundant check too.
int move_regular(const char *oldpath, const char *newpath) {
  struct stat sb;
  if (stat(oldpath, &sb) == 0 && S_ISREG(sb.st_mode))
    return rename(oldpath, newpath);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'rename' moves 'oldpath' after 'stat' checked it at line [[@LINE-2]] (property S_ISREG); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
  return -1;
}

// PostgreSQL's temporary-file removal: an entry that lstat says is not a
// directory is unlinked; unlink removes the entry, whatever it has become.
void remove_file_entry(const char *path) {
  struct stat st;
  if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode))
    unlink(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'unlink' removes 'path' after 'lstat' checked it at line [[@LINE-2]] (property S_ISDIR); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}

// ssh-keygen: a pointer to the name, reassigned, is not a rewrite of the
// name (only writes through it are).
FILE *open_key(char *identity_file, int from_stdin) {
  struct stat st;
  const char *path;
  if (stat(identity_file, &st) == -1)
    return NULL;
  path = identity_file;
  if (from_stdin)
    path = "(stdin)";
  (void)path;
  return fopen(identity_file, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen' reads 'identity_file' after 'stat' checked it at line [[@LINE-7]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
}
