// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t

// A permission checked for the real user in code that can run with more
// privilege, then the file used with the program's: no rewrite is
// mechanical, so the note says what to do instead.

#include <stdio.h>
#include <sys/fsuid.h>
#include <unistd.h>

FILE *open_for_user(const char *path) {
  if (access(path, R_OK) != 0)
    return NULL;
  return fopen(path, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen' reads 'path' after 'access' checked it at line [[@LINE-3]] (permission R_OK); the permission is the real user's, the use has the program's privileges, and another process can swap in a file the user may not access in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-2]]:10: warning: 'fopen' reads 'path' after 'access' checked it at line [[@LINE-4]] (permission R_OK); the permission is the real user's, the use has the program's privileges, and another process can swap in a file the user may not access in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-5]]:7: note: 'access' checked 'path' here; instead, use the file with the real user's rights (setfsuid and setfsgid to the real IDs around the open, restored on every path), or open it and judge the descriptor with fstat (st_uid, st_mode); faccessat with AT_EACCESS would still be a check by name
}

// The fix the note describes: silent.
FILE *open_as_user(const char *path) {
  const uid_t saved = (uid_t)setfsuid(getuid());
  FILE *f = fopen(path, "r");
  setfsuid(saved);
  return f;
}

// The unit drops privileges somewhere: the code can run set-user-ID.
void drop(void) {
  if (setuid(getuid()) != 0)
    _exit(1);
}
