// RUN: %check_toctou_tidy --fix-notes %s toctou-path-check-then-use %t

// A change of mode or owner by name, where no descriptor is at hand: the
// same change made without following a symbolic link in the last component
// (chmod -> fchmodat(AT_FDCWD, ..., AT_SYMLINK_NOFOLLOW), chown -> lchown).
// The call stays an expression with the same result, so it fits where the
// descriptor rewrites do not (a condition, an initializer). On the warning
// when every check saw the entry itself and found it is not a link (the code
// never meant to follow one); on a note when the check looked at the entry
// itself (lstat) without testing its type, or the code made the entry with a
// call that never reuses what is there (mkdir, O_EXCL) and changes it only
// when that succeeded. Never after stat, which follows links (the code may
// mean to change a file through one), nor after a creation that may have
// followed or kept a link that was there already (fopen "w", rename).

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

// lstat saw a regular file, then the mode is set in a condition.
int restrict_regular(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return -1;
  if (chmod(path, 0600) < 0)
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'chmod' changes the mode of 'path' after 'lstat' checked it at line [[@LINE-3]] (property S_ISREG); another process can plant a symbolic link there in between, and it is followed [toctou-path-check-then-use]
    // CHECK-NOTES: :[[@LINE-2]]:7: warning: 'chmod' changes the mode of 'path' after 'lstat' checked it at line [[@LINE-4]] (property S_ISREG); another process can plant a symbolic link there in between, and it is followed [toctou-path-check-then-use]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'lstat' checked 'path' here{{$}}
    // CHECK-FIXES: {{^}}  if (fchmodat(AT_FDCWD, path, 0600, AT_SYMLINK_NOFOLLOW) < 0){{$}}
    return -1;
  return 0;
}

// lstat saw a directory; the owner is changed and the result kept.
int hand_over_directory(const char *dir, uid_t uid, gid_t gid) {
  struct stat st;
  if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return -1;
  int rc = chown(dir, uid, gid);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'chown' changes the owner of 'dir' after 'lstat' checked it at line [[@LINE-3]] (property S_ISDIR); another process can plant a symbolic link there in between, and it is followed [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-2]]:12: warning: 'chown' changes the owner of 'dir' after 'lstat' checked it at line [[@LINE-4]] (property S_ISDIR); another process can plant a symbolic link there in between, and it is followed [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-5]]:7: note: 'lstat' checked 'dir' here{{$}}
  // CHECK-FIXES: {{^}}  int rc = lchown(dir, uid, gid);{{$}}
  return rc;
}

// stat follows links: a link to a directory may be what the code means to
// change. No rewrite (and the descriptor one needs a statement of its own).
int share_directory(const char *dir) {
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return -1;
  if (chmod(dir, st.st_mode | S_IRWXG) != 0)
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'chmod' changes the mode of 'dir' after 'stat' checked it at line [[@LINE-3]] (property S_ISDIR, st_mode passed on to 'chmod'); another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
    // CHECK-NOTES: :[[@LINE-2]]:7: warning: 'chmod' changes the mode of 'dir' after 'stat' checked it at line [[@LINE-4]] (property S_ISDIR, st_mode passed on to 'chmod'); another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'stat' checked 'dir' here{{$}}
    return -1;
  return 0;
}

// mkdir made it, then its owner is changed in a condition: the descriptor
// rewrite needs a statement of its own; this one does not.
int make_spool(const char *dir, uid_t uid, gid_t gid) {
  if (mkdir(dir, 0750) != 0)
    return -1;
  if (chown(dir, uid, gid) != 0)
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'chown' changes the owner of 'dir' by name after 'mkdir' created it at line [[@LINE-3]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
    // CHECK-NOTES: :[[@LINE-2]]:7: warning: 'chown' changes the owner of 'dir' by name after 'mkdir' created it at line [[@LINE-4]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'mkdir' created 'dir' here; change what was made there without following a symbolic link
    // CHECK-FIXES: {{^}}  if (lchown(dir, uid, gid) != 0){{$}}
    return -1;
  return 0;
}

// A file moved into place, then its mode set by name: what was moved may be
// a link (rename moves one as it is). No rewrite.
int publish_mode(const char *tmp, const char *final_name) {
  if (rename(tmp, final_name) != 0)
    return -1;
  return chmod(final_name, 0644) == 0 ? 0 : -1;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'chmod' changes the mode of 'final_name' by name after 'rename' moved a file there at line [[@LINE-3]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-2]]:10: warning: 'chmod' changes the mode of 'final_name' by name after 'rename' moved a file there at line [[@LINE-4]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-5]]:7: note: 'rename' moved a file to 'final_name' here{{$}}
}

// Not rewritten: the text of the call is a macro's.
#define SET_PRIVATE(p) chmod((p), 0600)
int private_by_macro(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return -1;
  return SET_PRIVATE(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'chmod' changes the mode of 'path' after 'lstat' checked it at line [[@LINE-3]] (property S_ISREG); another process can plant a symbolic link there in between, and it is followed [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-2]]:10: warning: 'chmod' changes the mode of 'path' after 'lstat' checked it at line [[@LINE-4]] (property S_ISREG); another process can plant a symbolic link there in between, and it is followed [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-8]]:24: note: expanded from macro 'SET_PRIVATE'
  // CHECK-NOTES: :[[@LINE-6]]:7: note: 'lstat' checked 'path' here{{$}}
}

// Not rewritten: the check found a link, and the change is meant for what
// it points to.
int follow_on_purpose(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
    return -1;
  return chmod(path, 0644);
}

// The descriptor rewrite compares with what the check saw: not when the
// buffer is out of scope at the change (it would not compile), nor when the
// code itself replaced the name in between (the new entry never matches
// the old one's inode, and the change would silently not be made). The
// no-follow rewrite is not offered either: what the check saw does not
// decide the change on every way to it.
int scoped_check(const char *dir) {
  {
    struct stat st;
    if (stat(dir, &st) != 0 || st.st_uid != getuid())
      return -1;
  }
  chmod(dir, 0700);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'chmod' changes the mode of 'dir' after 'stat' checked it at line [[@LINE-4]] (property st_uid); another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'chmod' changes the mode of 'dir' after 'stat' checked it at line [[@LINE-5]] (property st_uid); another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-6]]:9: note: 'stat' checked 'dir' here{{$}}
  return 0;
}

int extract_fifo(const char *dst, uid_t uid, gid_t gid, time_t mtime) {
  struct stat old;
  if (lstat(dst, &old) == 0 && old.st_mtime >= mtime)
    return 0;
  unlink(dst);
  if (mkfifo(dst, 0600) != 0)
    return -1;
  chown(dst, uid, gid);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'chown' changes the owner of 'dst' after 'lstat' checked it at line [[@LINE-6]] (property st_mtim); another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'chown' changes the owner of 'dst' after 'lstat' checked it at line [[@LINE-7]] (property st_mtim); another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-8]]:7: note: 'lstat' checked 'dst' here{{$}}
  return 0;
}

// The type test decides one way to the change (a directory, checked or
// made), not the other, where the code opened whatever was at the name: a
// link it means to write through, whose target it then gives away. No
// rewrite: lchown would change the link instead.
int preserve_owner(const char *dest, uid_t uid, gid_t gid, int is_dir) {
  struct stat st;
  int exists = lstat(dest, &st) == 0;
  if (is_dir) {
    if (exists && !S_ISDIR(st.st_mode))
      return -1;
    if (!exists && mkdir(dest, 0700) != 0)
      return -1;
  } else {
    int fd = open(dest, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
      return -1;
    close(fd);
  }
  if (chown(dest, uid, gid) != 0)
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'chown' changes the owner of 'dest' after 'lstat' checked it at line [[@LINE-13]] (property S_ISDIR); another process can plant a symbolic link there in between, and it is followed [toctou-path-check-then-use]
    // CHECK-NOTES: :[[@LINE-2]]:7: warning: 'chown' changes the owner of 'dest' after 'lstat' checked it at line [[@LINE-14]] (property S_ISDIR); another process can plant a symbolic link there in between, and it is followed [toctou-path-check-then-use]
    // CHECK-NOTES: :[[@LINE-15]]:16: note: 'lstat' checked 'dest' here{{$}}
    // CHECK-NOTES: :[[@LINE-9]]:14: note: 'open' created 'dest' here{{$}}
    return -1;
  return 0;
}
