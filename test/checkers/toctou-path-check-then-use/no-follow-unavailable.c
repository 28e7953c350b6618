// RUN: %check_toctou_tidy --fix-notes %s toctou-path-check-then-use %t
// RUN: sed -e 's|^// OLD-GLIBC: ||' %s > %t.old-glibc.c
// RUN: %check_toctou_tidy --fix-notes %t.old-glibc.c toctou-path-check-then-use %t.old

// The no-follow rewrite (no-follow-fixes.c) is offered only when the unit
// has what the new call needs. Here <fcntl.h> is not included: AT_FDCWD and
// AT_SYMLINK_NOFOLLOW are not defined, so chmod gets no fix-it; lchown needs
// only <unistd.h>. The second run includes <fcntl.h> and makes the unit's
// glibc older than 2.32, where fchmodat failed on every call with
// AT_SYMLINK_NOFOLLOW: still no fix-it for chmod.

#include <sys/stat.h>
#include <unistd.h>
// OLD-GLIBC: #include <fcntl.h>
// OLD-GLIBC: #undef __GLIBC_MINOR__
// OLD-GLIBC: #define __GLIBC_MINOR__ 31

int restrict_regular(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return -1;
  // In a condition: the descriptor rewrite does not fit either.
  if (chmod(path, 0600) != 0)
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'chmod' changes the mode of 'path' after 'lstat' checked it at line [[@LINE-4]] (property S_ISREG); another process can plant a symbolic link there in between, and it is followed [toctou-path-check-then-use]
    return -1;
  return 0;
}

int hand_over_directory(const char *dir, uid_t uid, gid_t gid) {
  struct stat st;
  if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return -1;
  return chown(dir, uid, gid);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'chown' changes the owner of 'dir' after 'lstat' checked it at line [[@LINE-3]] (property S_ISDIR); another process can plant a symbolic link there in between, and it is followed [toctou-path-check-then-use]
  // CHECK-FIXES: {{^}}  return lchown(dir, uid, gid);{{$}}
}
