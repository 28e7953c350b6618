// RUN: %check_toctou_tidy --fix-notes %s toctou-path-check-then-use %t -- \
// RUN:   --config="{CheckOptions: {toctou-path-check-then-use.ReportRedundantChecks: true}}"

// The rewrites that need a human's judgement go on a note; --fix-notes
// applies them. Each must compile, and the check must be silent afterwards.

#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

// A redundant existence check before unlink: drop it (unlink reports ENOENT).
void remove_stale_pid_file(const char *path) {
  if (access(path, F_OK) == 0)
    unlink(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'unlink' removes 'path' after 'access' checked it at line [[@LINE-2]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check
  // CHECK-NOTES: :[[@LINE-2]]:5: warning: 'unlink' removes 'path' after 'access' checked it at line [[@LINE-3]] (existence: present); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-4]]:7: note: 'access' checked 'path' here; drop the check and handle the error of 'unlink' instead
  // CHECK-FIXES: {{^}}  unlink(path);{{$}}
}

// ... and before mkdir (EEXIST).
void ensure_directory(const char *dir) {
  struct stat st;
  if (stat(dir, &st) != 0)
    mkdir(dir, 0700);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mkdir' creates 'dir' after 'stat' checked it at line [[@LINE-2]] (existence: absent); the check is redundant: if the file changes in between, the use fails or acts as it would without the check
  // CHECK-NOTES: :[[@LINE-2]]:5: warning: 'mkdir' creates 'dir' after 'stat' checked it at line [[@LINE-3]] (existence: absent); the check is redundant: if the file changes in between, the use fails or acts as it would without the check [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-4]]:7: note: 'stat' checked 'dir' here; drop the check and handle the error of 'mkdir' instead
  // CHECK-FIXES: {{^}}  mkdir(dir, 0700);{{$}}
}

// rename over a name found absent: rename without replacing.
int publish(const char *staging, const char *final_name) {
  if (access(final_name, F_OK) == 0)
    return -1;
  return rename(staging, final_name);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'rename' replaces 'final_name' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create a file there in between, and it is replaced
  // CHECK-NOTES: :[[@LINE-2]]:10: warning: 'rename' replaces 'final_name' after 'access' checked it at line [[@LINE-4]] (existence: absent); another process can create a file there in between, and it is replaced [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-5]]:7: note: 'access' checked 'final_name' here; rename without replacing instead
  // CHECK-FIXES: return renameat2(AT_FDCWD, staging, AT_FDCWD, final_name, RENAME_NOREPLACE);
}

// CERT FIO01-C: a file created, then its mode changed by name.
int write_secret(const char *name, const char *secret) {
  FILE *f = fopen(name, "w");
  if (!f)
    return -1;
  fputs(secret, f);
  int rc = chmod(name, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'chmod' changes the mode of 'name' by name after 'fopen' created it at line [[@LINE-5]]; another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:12: warning: 'chmod' changes the mode of 'name' by name after 'fopen' created it at line [[@LINE-6]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-7]]:13: note: 'fopen' created 'name' here; change it through the descriptor while it is open
  // CHECK-FIXES: int rc = fchmod(fileno(f), 0600);
  fclose(f);
  return rc;
}

// Closed before the change by name: the change goes through the
// descriptor just before the close.
int write_secret_closed(const char *name, const char *secret) {
  FILE *f = fopen(name, "w");
  if (!f)
    return -1;
  fputs(secret, f);
  if (fclose(f) != 0)
    return -1;
  chmod(name, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'chmod' changes the mode of 'name' by name after 'fopen' created it at line [[@LINE-7]]; another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'chmod' changes the mode of 'name' by name after 'fopen' created it at line [[@LINE-8]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-9]]:13: note: 'fopen' created 'name' here; change it through the descriptor while it is open
  // CHECK-FIXES: {{^}}  fputs(secret, f);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  fchmod(fileno(f), 0600);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  if (fclose(f) != 0){{$}}
  // CHECK-FIXES-NEXT: {{^}}    return -1;{{$}}
  // CHECK-FIXES-NOT: chmod(name, 0600);
  // CHECK-FIXES: {{^}}  return 0;{{$}}
  return 0;
}

int give_closed(const char *path, uid_t owner, gid_t group) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0640);
  if (fd < 0)
    return -1;
  close(fd);
  chown(path, owner, group);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'chown' changes the owner of 'path' by name after 'open' created it at line [[@LINE-5]]; another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'chown' changes the owner of 'path' by name after 'open' created it at line [[@LINE-6]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-7]]:12: note: 'open' created 'path' here; change it through the descriptor while it is open
  // CHECK-FIXES: {{^}}  fchown(fd, owner, group);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  close(fd);{{$}}
  // CHECK-FIXES-NOT: chown(path, owner, group);
  // CHECK-FIXES: {{^}}  return 0;{{$}}
  return 0;
}

// A directory made, then given away by name: open it without following a
// link and change it through the descriptor, if this process made it.
void make_owned_dir(const char *dir, uid_t owner, gid_t group) {
  if (mkdir(dir, 0750) != 0)
    return;
  chown(dir, owner, group);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'chown' changes the owner of 'dir' by name after 'mkdir' created it at line [[@LINE-3]]; another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'chown' changes the owner of 'dir' by name after 'mkdir' created it at line [[@LINE-4]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-5]]:7: note: 'mkdir' created 'dir' here; open the directory without following a link, and change it through the descriptor if this process made it
  // CHECK-FIXES: {{^}}  {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    struct stat dir_st;{{$}}
  // CHECK-FIXES-NEXT: {{^}}    int dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (dir_fd >= 0) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}      if (fstat(dir_fd, &dir_st) == 0 && dir_st.st_uid == geteuid()){{$}}
  // CHECK-FIXES-NEXT: {{^}}        fchown(dir_fd, owner, group);{{$}}
  // CHECK-FIXES-NEXT: {{^}}      close(dir_fd);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    }{{$}}
  // CHECK-FIXES-NEXT: {{^}}  }{{$}}
}

int make_private_dir(const char *dir) {
  if (mkdir(dir, 0777) != 0)
    return -1;
  return chmod(dir, 0700);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'chmod' changes the mode of 'dir' by name after 'mkdir' created it at line [[@LINE-3]]; another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:10: warning: 'chmod' changes the mode of 'dir' by name after 'mkdir' created it at line [[@LINE-4]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-5]]:7: note: 'mkdir' created 'dir' here; open the directory without following a link, and change it through the descriptor if this process made it
  // CHECK-FIXES: {{^}}  {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    struct stat dir_st;{{$}}
  // CHECK-FIXES-NEXT: {{^}}    int dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (dir_fd < 0){{$}}
  // CHECK-FIXES-NEXT: {{^}}      return -1;{{$}}
  // CHECK-FIXES-NEXT: {{^}}    int attr_rc = -1;{{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (fstat(dir_fd, &dir_st) == 0 && dir_st.st_uid == geteuid()){{$}}
  // CHECK-FIXES-NEXT: {{^}}      attr_rc = fchmod(dir_fd, 0700);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    close(dir_fd);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    return attr_rc;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  }{{$}}
}

// Not moved (no fix-it): the change's result is used; the mode changes
// between the close and the change; an early return between them. Nor made
// without following a link: fopen "w" follows one that was there before
// it, and the code may mean to.
int closed_checked(const char *name) {
  FILE *f = fopen(name, "w");
  if (!f)
    return -1;
  fclose(f);
  return chmod(name, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'chmod' changes the mode of 'name' by name after 'fopen' created it at line [[@LINE-5]]; another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:10: warning: 'chmod' changes the mode of 'name' by name after 'fopen' created it at line [[@LINE-6]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-7]]:13: note: 'fopen' created 'name' here{{$}}
}

int closed_mode_changes(const char *name, mode_t mode) {
  FILE *f = fopen(name, "w");
  if (!f)
    return -1;
  fclose(f);
  mode &= 0700;
  chmod(name, mode);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'chmod' changes the mode of 'name' by name after 'fopen' created it at line [[@LINE-6]]; another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'chmod' changes the mode of 'name' by name after 'fopen' created it at line [[@LINE-7]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-8]]:13: note: 'fopen' created 'name' here{{$}}
  return 0;
}

int closed_early_exit(const char *name, int keep) {
  FILE *f = fopen(name, "w");
  if (!f)
    return -1;
  fclose(f);
  if (keep)
    return 0;
  chmod(name, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'chmod' changes the mode of 'name' by name after 'fopen' created it at line [[@LINE-7]]; another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'chmod' changes the mode of 'name' by name after 'fopen' created it at line [[@LINE-8]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-9]]:13: note: 'fopen' created 'name' here{{$}}
  return 1;
}

int create_owned(const char *path, uid_t owner) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0640);
  if (fd < 0)
    return -1;
  return chown(path, owner, owner);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'chown' changes the owner of 'path' by name after 'open' created it at line [[@LINE-4]]; another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:10: warning: 'chown' changes the owner of 'path' by name after 'open' created it at line [[@LINE-5]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-6]]:12: note: 'open' created 'path' here; change it through the descriptor while it is open
  // CHECK-FIXES: return fchown(fd, owner, owner);
}

int create_then_truncate(const char *path) {
  int fd = creat(path, 0600);
  if (fd < 0)
    return -1;
  return truncate(path, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'truncate' changes the size of 'path' by name after 'creat' created it at line [[@LINE-4]]; another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:10: warning: 'truncate' changes the size of 'path' by name after 'creat' created it at line [[@LINE-5]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-6]]:12: note: 'creat' created 'path' here; change it through the descriptor while it is open
  // CHECK-FIXES: return ftruncate(fd, 0);
}

// On the warning: chown after an lstat that tested for a symbolic link.
int give_away(const char *path, uid_t owner) {
  struct stat st;
  if (lstat(path, &st) != 0 || S_ISLNK(st.st_mode))
    return -1;
  return chown(path, owner, owner);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'chown' changes the owner of 'path' after 'lstat' checked it at line [[@LINE-3]] (property S_ISLNK); another process can plant a symbolic link there in between, and it is followed
  // CHECK-NOTES: :[[@LINE-2]]:10: warning: 'chown' changes the owner of 'path' after 'lstat' checked it at line [[@LINE-4]] (property S_ISLNK); another process can plant a symbolic link there in between, and it is followed [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-5]]:7: note: 'lstat' checked 'path' here
  // CHECK-FIXES: return lchown(path, owner, owner);
}

// A stat of the name, then an open for reading: open first and check the
// descriptor instead.
int open_owned(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0 || st.st_uid != getuid())
    return -1;
  int fd = open(path, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' reads 'path' after 'stat' checked it at line [[@LINE-3]] (property st_uid); another process can swap in a file that would fail the check in between
  // CHECK-NOTES: :[[@LINE-2]]:12: warning: 'open' reads 'path' after 'stat' checked it at line [[@LINE-4]] (property st_uid); another process can swap in a file that would fail the check in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-5]]:7: note: 'stat' checked 'path' here; open the file first and check the descriptor instead
  // CHECK-FIXES: {{^}}  struct stat st;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  int fd = open(path, O_RDONLY);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  if (fd < 0 || fstat(fd, &st) != 0 || st.st_uid != getuid()){{$}}
  // CHECK-FIXES-NEXT: {{^}}    {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}      if (fd >= 0){{$}}
  // CHECK-FIXES-NEXT: {{^}}        close(fd);{{$}}
  // CHECK-FIXES-NEXT: {{^}}      return -1;{{$}}
  // CHECK-FIXES-NEXT: {{^}}    }{{$}}
  return fd;
}

// chmod by name after a stat: through a descriptor, once fstat shows it is
// the file stat saw. stat followed a link, so the open does too (a link the
// code means to change through still works; one swapped in since has
// another inode).
int tighten(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0 || st.st_uid != getuid())
    return -1;
  return chmod(path, st.st_mode & 0700);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'chmod' changes the mode of 'path' after 'stat' checked it at line [[@LINE-3]] (property st_uid, st_mode passed on to 'chmod'); another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:10: warning: 'chmod' changes the mode of 'path' after 'stat' checked it at line [[@LINE-4]] (property st_uid, st_mode passed on to 'chmod'); another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-5]]:7: note: 'stat' checked 'path' here; change the file through a descriptor instead, if it is still the file the check saw
  // CHECK-FIXES: {{^}}  {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    struct stat attr_st;{{$}}
  // CHECK-FIXES-NEXT: {{^}}    int attr_fd = open(path, O_RDONLY | O_NONBLOCK);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (attr_fd < 0){{$}}
  // CHECK-FIXES-NEXT: {{^}}      return -1;{{$}}
  // CHECK-FIXES-NEXT: {{^}}    int attr_rc = -1;{{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (fstat(attr_fd, &attr_st) == 0 && attr_st.st_dev == st.st_dev &&{{$}}
  // CHECK-FIXES-NEXT: {{^}}        attr_st.st_ino == st.st_ino){{$}}
  // CHECK-FIXES-NEXT: {{^}}      attr_rc = fchmod(attr_fd, st.st_mode & 0700);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    close(attr_fd);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    return attr_rc;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  }{{$}}
}

void shorten(const char *log, int keep) {
  struct stat seen;
  if (lstat(log, &seen) == 0 && S_ISREG(seen.st_mode) && !keep)
    truncate(log, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'truncate' changes the size of 'log' after 'lstat' checked it at line [[@LINE-2]] (property S_ISREG); another process can plant a symbolic link there in between, and it is followed
  // CHECK-NOTES: :[[@LINE-2]]:5: warning: 'truncate' changes the size of 'log' after 'lstat' checked it at line [[@LINE-3]] (property S_ISREG); another process can plant a symbolic link there in between, and it is followed [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-4]]:7: note: 'lstat' checked 'log' here; change the file through a descriptor opened with O_NOFOLLOW instead
  // CHECK-FIXES: {{^}}    {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}      struct stat attr_st;{{$}}
  // CHECK-FIXES-NEXT: {{^}}      int attr_fd = open(log, O_WRONLY | O_NOFOLLOW | O_NONBLOCK);{{$}}
  // CHECK-FIXES-NEXT: {{^}}      if (attr_fd >= 0) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}        if (fstat(attr_fd, &attr_st) == 0 && attr_st.st_dev == seen.st_dev &&{{$}}
  // CHECK-FIXES-NEXT: {{^}}            attr_st.st_ino == seen.st_ino){{$}}
  // CHECK-FIXES-NEXT: {{^}}          ftruncate(attr_fd, 0);{{$}}
  // CHECK-FIXES-NEXT: {{^}}        close(attr_fd);{{$}}
  // CHECK-FIXES-NEXT: {{^}}      }{{$}}
  // CHECK-FIXES-NEXT: {{^}}    }{{$}}
}

// After an access() check there is nothing to compare the descriptor with:
// no fix-it.
void shorten_writable(const char *log) {
  if (access(log, W_OK) == 0)
    truncate(log, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'truncate' changes the size of 'log' after 'access' checked it at line [[@LINE-2]] (permission W_OK); another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:5: warning: 'truncate' changes the size of 'log' after 'access' checked it at line [[@LINE-3]] (permission W_OK); another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-4]]:7: note: 'access' checked 'log' here
}

// The stream assigned, not declared, by the creation: still open at the
// change (the assignment that stores it does not release it).
int report_assigned(const char *name, int initial_only) {
  FILE *report;
  report = fopen(name, "w");
  if (report == NULL)
    return -1;
  if (initial_only)
    chmod(name, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'chmod' changes the mode of 'name' by name after 'fopen' created it at line [[@LINE-5]]; another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:5: warning: 'chmod' changes the mode of 'name' by name after 'fopen' created it at line [[@LINE-6]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-7]]:12: note: 'fopen' created 'name' here; change it through the descriptor while it is open
  // CHECK-FIXES: {{^}}    fchmod(fileno(report), 0);{{$}}
  fputs("x\n", report);
  fclose(report);
  return 0;
}

// Assigned again before the change: the descriptor is another file's (no
// fix-it).
int report_reopened(const char *name, const char *other) {
  FILE *report;
  report = fopen(name, "w");
  if (report == NULL)
    return -1;
  fclose(report);
  report = fopen(other, "r");
  if (report == NULL)
    return -1;
  int rc = chmod(name, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'chmod' changes the mode of 'name' by name after 'fopen' created it at line [[@LINE-8]]; another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:12: warning: 'chmod' changes the mode of 'name' by name after 'fopen' created it at line [[@LINE-9]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-10]]:12: note: 'fopen' created 'name' here{{$}}
  fclose(report);
  return rc;
}
