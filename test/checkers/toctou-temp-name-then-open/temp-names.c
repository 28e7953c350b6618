// RUN: %check_toctou_tidy %s toctou-temp-name-then-open %t

// A temporary name, then an open or create of it without O_EXCL: another
// process can create the file (or a symbolic link by that name) first.

#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int mktemp_then_open(void) {
  char name[] = "/tmp/spool.XXXXXX";
  mktemp(name);
  return open(name, O_RDWR | O_CREAT, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' opens 'name', a name made by 'mktemp' at line [[@LINE-2]], which another process can create first [toctou-temp-name-then-open]
  // CHECK-FIXES: return open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
}

FILE *tmpnam_then_fopen(void) {
  char name[L_tmpnam];
  tmpnam(name);
  return fopen(name, "w+");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen' opens 'name', a name made by 'tmpnam' at line [[@LINE-2]], which another process can create first [toctou-temp-name-then-open]
  // CHECK-FIXES: return fopen(name, "w+x");
}

FILE *tmpnam_static_buffer(void) {
  char *name = tmpnam(NULL);
  if (!name)
    return NULL;
  return fopen(name, "w");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen' opens 'name', a name made by 'tmpnam' at line [[@LINE-4]], which another process can create first [toctou-temp-name-then-open]
  // CHECK-FIXES: return fopen(name, "wx");
}

int tmpnam_r_then_creat(void) {
  char name[L_tmpnam];
  if (!tmpnam_r(name))
    return -1;
  return creat(name, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'creat' opens 'name', a name made by 'tmpnam_r' at line [[@LINE-3]], which another process can create first [toctou-temp-name-then-open]
  // CHECK-FIXES: return open(name, O_WRONLY | O_CREAT | O_EXCL, 0600);
}

int tempnam_result(void) {
  char *name = tempnam("/var/tmp", "spool");
  if (!name)
    return -1;
  int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' opens 'name', a name made by 'tempnam' at line [[@LINE-4]], which another process can create first [toctou-temp-name-then-open]
  // CHECK-FIXES: int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, 0600);
  free(name);
  return fd;
}

int mktemp_result_pointer(char *templ) {
  char *name = mktemp(templ);
  return open(name, O_WRONLY | O_CREAT, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' opens 'name', a name made by 'mktemp' at line [[@LINE-2]], which another process can create first [toctou-temp-name-then-open]
  // CHECK-FIXES: return open(name, O_WRONLY | O_CREAT | O_EXCL, 0600);
}

int open_existing_temp(void) {
  // No O_CREAT: nothing the fix could spell without guessing a mode.
  char name[] = "/tmp/spool.XXXXXX";
  mktemp(name);
  return open(name, O_RDWR);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' opens 'name', a name made by 'mktemp' at line [[@LINE-2]], which another process can create first [toctou-temp-name-then-open]
}

// Not reported.
int exclusive_open(void) {
  char name[] = "/tmp/spool.XXXXXX";
  mktemp(name);
  return open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
}

FILE *exclusive_fopen(void) {
  char name[L_tmpnam];
  tmpnam(name);
  return fopen(name, "wx");
}

int name_rebuilt(int id) {
  char name[64] = "/tmp/spool.XXXXXX";
  mktemp(name);
  snprintf(name, sizeof name, "/var/spool/job.%d", id);
  return open(name, O_RDWR | O_CREAT, 0600);
}

int directory_from_temp_name(void) {
  // mkdir fails if the name exists (mkdtemp is better, but not a race).
  char name[] = "/tmp/dir.XXXXXX";
  mktemp(name);
  return mkdir(name, 0700);
}

int another_buffer(char *other) {
  char name[] = "/tmp/spool.XXXXXX";
  mktemp(name);
  return open(other, O_RDWR | O_CREAT, 0600);
}

int the_safe_way(void) {
  char name[] = "/tmp/spool.XXXXXX";
  return mkstemp(name);
}
