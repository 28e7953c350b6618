// RUN: %check_toctou_tidy --fix-notes %s toctou-path-check-then-use %t

// link() creates its new name exclusively (EEXIST when something is there),
// like mkdir: a mode or owner changed by that name afterwards may be
// another file's by then. A check before the link whose result is looked at
// is only redundant: the link fails safely.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int publish(const char *tmp, const char *dst) {
  if (link(tmp, dst) != 0)
    return -1;
  return chmod(dst, 0644);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'chmod' changes the mode of 'dst' by name after 'link' created it at line [[@LINE-3]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-MESSAGES: :[[@LINE-4]]:7: note: 'link' created 'dst' here; change what was made there without following a symbolic link
  // CHECK-FIXES: return fchmodat(AT_FDCWD, dst, 0644, AT_SYMLINK_NOFOLLOW);
}

int publishAt(int dir, const char *tmp, const char *dst) {
  if (linkat(dir, tmp, dir, dst, 0) != 0)
    return -1;
  return fchownat(dir, dst, 0, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fchownat' changes the owner of 'dst' by name after 'linkat' created it at line [[@LINE-3]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-MESSAGES: :[[@LINE-4]]:7: note: 'linkat' created 'dst' here
}

// Silent: the change does not follow a link, or goes through a descriptor.
int publishNoFollow(const char *tmp, const char *dst) {
  if (link(tmp, dst) != 0)
    return -1;
  return fchmodat(AT_FDCWD, dst, 0644, AT_SYMLINK_NOFOLLOW);
}

// Silent: the check before the link is redundant (EEXIST is handled).
int checkedFirst(const char *tmp, const char *dst) {
  if (access(dst, F_OK) == 0)
    return -1;
  if (link(tmp, dst) != 0)
    return -1;
  return 0;
}
