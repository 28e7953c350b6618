// RUN: %check_toctou_tidy --fix-notes %s toctou-temp-name-then-open %t

// When the open itself cannot be fixed mechanically (flags in a variable, a
// mode from a macro), the note offers the call that makes and opens the file
// in one step; --fix-notes applies it.

#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define UPDATE_MODE "w+"

int spool_file(void) {
  const int flags = O_RDWR | O_CREAT;
  char name[] = "/tmp/spool.XXXXXX";
  mktemp(name);
  int fd = open(name, flags, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' opens 'name', a name made by 'mktemp' at line [[@LINE-2]], which another process can create first [toctou-temp-name-then-open]
  // CHECK-NOTES: :[[@LINE-2]]:12: warning: 'open' opens 'name'
  // CHECK-NOTES: :[[@LINE-4]]:3: note: 'mktemp' made the name here; 'mkstemp' makes and opens the file in one step
  // CHECK-FIXES: {{^}}  char name[] = "/tmp/spool.XXXXXX";{{$}}
  // CHECK-FIXES-NEXT: {{^}}  int fd = mkstemp(name);{{$}}
  return fd;
}

FILE *scratch(void) {
  char name[L_tmpnam];
  tmpnam(name);
  FILE *f = fopen(name, UPDATE_MODE);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'fopen' opens 'name', a name made by 'tmpnam' at line [[@LINE-2]], which another process can create first [toctou-temp-name-then-open]
  // CHECK-NOTES: :[[@LINE-2]]:13: warning: 'fopen' opens 'name'
  // CHECK-NOTES: :[[@LINE-4]]:3: note: 'tmpnam' made the name here; 'tmpfile' makes and opens the file in one step
  // CHECK-FIXES: {{^}}  char name[L_tmpnam];{{$}}
  // CHECK-FIXES-NEXT: {{^}}  FILE *f = tmpfile();{{$}}
  return f;
}
