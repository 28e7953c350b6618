// RUN: %check_toctou_tidy --fix-notes %s toctou-path-check-then-use %t -- \
// RUN:   --config="{CheckOptions: {toctou-path-check-then-use.ReportTimestamps: true}}"

// Times set by name after a create (reported with ReportTimestamps): the
// note moves the change to the descriptor, `utimes` to `futimes` with the
// same times. A stream closed before the change gets no fix-it: its close
// flushes what it holds and sets the modification time again.

#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

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
