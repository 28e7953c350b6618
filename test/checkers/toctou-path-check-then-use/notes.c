// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t

// Every warning comes with a note on each check it depends on; the message
// names the check closest before the use.

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int two_checks_one_use(const char *path) {
  struct stat st;
  if (access(path, W_OK) != 0)
    return -1;
  if (stat(path, &st) != 0 || st.st_size == 0)
    return -1;
  return open(path, O_WRONLY);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'open' writes to 'path' after 'stat' checked it at line [[@LINE-3]] (property st_size); another process can replace it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-6]]:7: note: 'access' checked 'path' here
  // CHECK-NOTES: :[[@LINE-5]]:7: note: 'stat' checked 'path' here
  // CHECK-MESSAGES: :[[@LINE-4]]:10: warning: 'open' writes to 'path' after 'stat' checked it at line [[@LINE-6]] (property st_size); another process can replace it or plant a symbolic link there in between
}

FILE *one_check_two_uses(const char *name, int append) {
  if (access(name, W_OK) != 0)
    return NULL;
  if (append)
    return fopen(name, "a");
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'fopen' creates or appends to 'name' after 'access' checked it at line [[@LINE-4]] (permission W_OK); another process can replace it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-5]]:7: note: 'access' checked 'name' here
  // CHECK-MESSAGES: :[[@LINE-3]]:12: warning: 'fopen' creates or appends to 'name' after 'access' checked it at line [[@LINE-6]] (permission W_OK); another process can replace it or plant a symbolic link there in between
  return fopen(name, "r+");
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'fopen' writes to 'name' after 'access' checked it at line [[@LINE-8]] (permission W_OK); another process can replace it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-NOTES: :[[@LINE-9]]:7: note: 'access' checked 'name' here
  // CHECK-MESSAGES: :[[@LINE-3]]:10: warning: 'fopen' writes to 'name' after 'access' checked it at line [[@LINE-10]] (permission W_OK); another process can replace it or plant a symbolic link there in between
}
