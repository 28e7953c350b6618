// RUN: %check_toctou_tidy --fix-notes %s toctou-path-check-then-use %t -- \
// RUN:   --config="{CheckOptions: {toctou-path-check-then-use.ReportTimestamps: true}}"

// Times set by name after a create (reported with ReportTimestamps): the
// note moves the change to the descriptor, `utimes` to `futimes` with the
// same times, `utimensat` from the working directory without flags and
// `utime` with no times to `futimens`. A stream closed before the change
// gets no fix-it: its close flushes what it holds and sets the modification
// time again.

#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>

int stamp_open(const char *name, const struct timeval tv[2]) {
  FILE *f = fopen(name, "w");
  if (!f)
    return -1;
  fputs("x", f);
  int rc = utimes(name, tv);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'utimes' sets the times of 'name' by name after 'fopen' created it at line [[@LINE-5]]; another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:12: warning: 'utimes' sets the times of 'name' by name after 'fopen' created it at line [[@LINE-6]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-7]]:13: note: 'fopen' created 'name' here; change it through the descriptor while it is open
  // CHECK-FIXES: int rc = futimes(fileno(f), tv);
  fclose(f);
  return rc;
}

// A descriptor closed before the change: the change goes just before the
// close, which writes nothing.
int stamp_closed(const char *path, const struct timeval tv[2]) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0640);
  if (fd < 0)
    return -1;
  close(fd);
  utimes(path, tv);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'utimes' sets the times of 'path' by name after 'open' created it at line [[@LINE-5]]; another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'utimes' sets the times of 'path' by name after 'open' created it at line [[@LINE-6]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-7]]:12: note: 'open' created 'path' here; change it through the descriptor while it is open
  // CHECK-FIXES: {{^}}  futimes(fd, tv);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  close(fd);{{$}}
  return 0;
}

// A stream closed before the change: no fix-it.
int stamp_stream_closed(const char *name, const struct timeval tv[2]) {
  FILE *f = fopen(name, "w");
  if (!f)
    return -1;
  fputs("x", f);
  fclose(f);
  utimes(name, tv);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'utimes' sets the times of 'name' by name after 'fopen' created it at line [[@LINE-6]]; another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'utimes' sets the times of 'name' by name after 'fopen' created it at line [[@LINE-7]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-8]]:13: note: 'fopen' created 'name' here
  // CHECK-FIXES: {{^}}  fclose(f);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  utimes(name, tv);{{$}}
  return 0;
}

// utimensat from the working directory, without flags, is futimens on the
// descriptor; the change moves before the close.
int stamp_at(const char *path, const struct timespec ts[2]) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0640);
  if (fd < 0)
    return -1;
  close(fd);
  utimensat(AT_FDCWD, path, ts, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'utimensat' sets the times of 'path' by name after 'open' created it at line [[@LINE-5]]; another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'utimensat' sets the times of 'path' by name after 'open' created it at line [[@LINE-6]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-7]]:12: note: 'open' created 'path' here; change it through the descriptor while it is open
  // CHECK-FIXES: {{^}}  futimens(fd, ts);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  close(fd);{{$}}
  return 0;
}

// utime with no times sets them to now: futimens with none does too.
int stamp_now(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0640);
  if (fd < 0)
    return -1;
  int rc = utime(path, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'utime' sets the times of 'path' by name after 'open' created it at line [[@LINE-4]]; another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:12: warning: 'utime' sets the times of 'path' by name after 'open' created it at line [[@LINE-5]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-6]]:12: note: 'open' created 'path' here; change it through the descriptor while it is open
  // CHECK-FIXES: {{^}}  int rc = futimens(fd, NULL);{{$}}
  close(fd);
  return rc;
}

// Not mechanical: utime with times (a struct utimbuf is no timespec[2]),
// and utimensat from another directory or not following a link.
int stamp_kept(const char *path, int dir, const struct utimbuf *times,
               const struct timespec ts[2]) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0640);
  if (fd < 0)
    return -1;
  int rc = utime(path, times);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'utime' sets the times of 'path' by name after 'open' created it at line [[@LINE-4]]; another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:12: warning: 'utime' sets the times of 'path' by name after 'open' created it at line [[@LINE-5]]; another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-6]]:12: note: 'open' created 'path' here{{$}}
  // CHECK-FIXES: {{^}}  int rc = utime(path, times);{{$}}
  rc |= utimensat(dir, path, ts, 0);
  // CHECK-FIXES: {{^}}  rc |= utimensat(dir, path, ts, 0);{{$}}
  rc |= utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'utimensat' sets the times of 'path' by name after 'open' created it at line [[@LINE-11]]; another process can replace it with another file in between
  // CHECK-NOTES: :[[@LINE-2]]:9: warning: 'utimensat' sets the times of 'path' by name after 'open' created it at line [[@LINE-12]]; another process can replace it with another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-13]]:12: note: 'open' created 'path' here{{$}}
  // CHECK-FIXES: {{^}}  rc |= utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW);{{$}}
  close(fd);
  return rc;
}

// After a stat: open, compare the inode, then futimens on the descriptor.
int restamp(const char *path, const struct timespec ts[2]) {
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return -1;
  return utimensat(AT_FDCWD, path, ts, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'utimensat' sets the times of 'path' after 'stat' checked it at line [[@LINE-3]] (property S_ISREG); another process can replace it with a symbolic link or another file in between
  // CHECK-NOTES: :[[@LINE-2]]:10: warning: 'utimensat' sets the times of 'path' after 'stat' checked it at line [[@LINE-4]] (property S_ISREG); another process can replace it with a symbolic link or another file in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-5]]:7: note: 'stat' checked 'path' here; change the file through a descriptor instead, if it is still the file the check saw
  // CHECK-FIXES: {{^}}  {{{$}}
  // CHECK-FIXES-NEXT: {{^}}    struct stat attr_st;{{$}}
  // CHECK-FIXES-NEXT: {{^}}    int attr_fd = open(path, O_RDONLY | O_NONBLOCK);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (attr_fd < 0){{$}}
  // CHECK-FIXES-NEXT: {{^}}      return -1;{{$}}
  // CHECK-FIXES-NEXT: {{^}}    int attr_rc = -1;{{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (fstat(attr_fd, &attr_st) == 0 && attr_st.st_dev == st.st_dev &&{{$}}
  // CHECK-FIXES-NEXT: {{^}}        attr_st.st_ino == st.st_ino){{$}}
  // CHECK-FIXES-NEXT: {{^}}      attr_rc = futimens(attr_fd, ts);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    close(attr_fd);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    return attr_rc;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  }{{$}}
}
