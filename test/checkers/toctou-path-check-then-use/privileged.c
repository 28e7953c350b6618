// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t
// RUN: %expect_exit 1 %toctou_tidy %s --checks='-*,toctou-path-check-then-use' \
// RUN:   --config="{CheckOptions: {toctou-path-check-then-use.PrivilegedCode: 'false'}}" -- \
// RUN:   | FileCheck --check-prefix=NEVER --implicit-check-not=warning: %s

// Code whose effective user or group ID can differ from the real one runs
// with more privilege than some of its callers: access() decides for the
// real user, the use acts with the program's privileges. This unit calls
// seteuid() (a set-user-ID program giving up its privilege for a while),
// so a permission check before a use is a privilege decision (class
// privilege), even where the use only reads. setuid() and setgid() alone
// (a daemon dropping root for good) leave the IDs alike and do not count.
// PrivilegedCode: 'false' says the code never runs with more privilege
// ('true' says it always does; the default, 'auto', looks for the calls).

// Without privilege, the read is a redundant check (not reported) and the
// write an ordinary clobber.
// NEVER: privileged.c:40:10: warning: 'open' writes to 'path' after 'access' checked it at line 38 (permission W_OK); another process can replace it or plant a symbolic link there in between [toctou-path-check-then-use]

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

void act_as_user(uid_t uid) {
  if (seteuid(uid) != 0)
    _exit(1);
}

FILE *open_for_user(const char *path) {
  if (access(path, R_OK) != 0)
    return NULL;
  return fopen(path, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen' reads 'path' after 'access' checked it at line [[@LINE-3]] (permission R_OK); the permission is the real user's, the use has the program's privileges, and another process can swap in a file the user may not access in between
}

int write_for_user(const char *path) {
  if (access(path, W_OK) != 0)
    return -1;
  return open(path, O_WRONLY | O_APPEND);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' writes to 'path' after 'access' checked it at line [[@LINE-3]] (permission W_OK); the permission is the real user's, the use has the program's privileges, and another process can swap in a file the user may not access in between
}

// Only whether the file exists: no permission was decided.
FILE *open_if_there(const char *path) {
  if (access(path, F_OK) != 0)
    return NULL;
  return fopen(path, "r");
}

// The use runs only after the code dropped to the real user (a child that
// sets its IDs back before it execs): it has the rights the check asked
// about, and the check is redundant (not reported). Where the IDs change
// on one path only, the other path still uses the program's privileges.
int run_as_user(const char *prog) {
  if (access(prog, X_OK) != 0)
    return -1;
  if (fork() == 0) {
    if (setgid(getgid()) != 0 || setuid(getuid()) != 0)
      _exit(1);
    execl(prog, prog, (char *)NULL);
    _exit(127);
  }
  return 0;
}

int run_maybe_as_user(const char *prog, int drop) {
  if (access(prog, X_OK) != 0)
    return -1;
  if (drop && setuid(getuid()) != 0)
    return -1;
  return execl(prog, prog, (char *)NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'execl' runs 'prog' after 'access' checked it at line [[@LINE-5]] (permission X_OK); the permission is the real user's, the use has the program's privileges, and another process can swap in a file the user may not access in between
}
