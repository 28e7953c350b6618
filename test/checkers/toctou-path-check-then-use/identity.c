// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t

// Which arguments name the same file: the same variable, global, member
// chain, literal, subscript or (dirfd, name); and which do not, once the
// storage was rewritten in between.

#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define LOCK_PATH "/tmp/spoold.lock"

struct job {
  char path[256];
  int fd;
};

const char *g_config = "/etc/spoold.conf";

int literal_twice(void) {
  if (access("/tmp/spoold.pid", F_OK) == 0)
    return -1;
  return open("/tmp/spoold.pid", O_WRONLY | O_CREAT, 0644);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or writes to '"/tmp/spoold.pid"' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: return open("/tmp/spoold.pid", O_WRONLY | O_CREAT | O_EXCL, 0644);
}

int macro_literal(void) {
  if (access(LOCK_PATH, F_OK) == 0)
    return -1;
  return open(LOCK_PATH, O_WRONLY | O_CREAT, 0644);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or writes to 'LOCK_PATH' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: return open(LOCK_PATH, O_WRONLY | O_CREAT | O_EXCL, 0644);
}

int different_literals(void) {
  if (access("/run/a", F_OK) == 0)
    return -1;
  return open("/run/b", O_WRONLY | O_CREAT, 0644);
}

FILE *global_path(void) {
  if (access(g_config, W_OK) != 0)
    return NULL;
  return fopen(g_config, "r+");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'fopen' writes to 'g_config' after 'access' checked it at line [[@LINE-3]] (permission W_OK); another process can replace it or plant a symbolic link there in between [toctou-path-check-then-use]
}

int member_chain(struct job *job) {
  if (access(job->path, F_OK) == 0)
    return -1;
  job->fd = open(job->path, O_WRONLY | O_CREAT, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'open' creates or writes to 'job->path' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: job->fd = open(job->path, O_WRONLY | O_CREAT | O_EXCL, 0600);
  return job->fd;
}

int member_of_another_job(struct job *a, struct job *b) {
  if (access(a->path, F_OK) == 0)
    return -1;
  return open(b->path, O_WRONLY | O_CREAT, 0600);
}

int member_chain_rewritten(struct job *job) {
  if (access(job->path, F_OK) == 0)
    return -1;
  snprintf(job->path, sizeof job->path, "/tmp/job.%d", job->fd);
  return open(job->path, O_WRONLY | O_CREAT, 0600);
}

int pointer_to_job_replaced(struct job *job, struct job *next) {
  if (access(job->path, F_OK) == 0)
    return -1;
  job = next;
  return open(job->path, O_WRONLY | O_CREAT, 0600);
}

int buffer_rebuilt(int id) {
  char path[64];
  snprintf(path, sizeof path, "/tmp/a.%d", id);
  if (access(path, F_OK) == 0)
    return -1;
  snprintf(path, sizeof path, "/tmp/b.%d", id);
  return open(path, O_WRONLY | O_CREAT, 0600);
}

int buffer_copied_into(const char *src) {
  char path[64];
  strcpy(path, src);
  if (access(path, F_OK) == 0)
    return -1;
  strcat(path, ".bak");
  return open(path, O_WRONLY | O_CREAT, 0600);
}

int buffer_written_by_memcpy(const char *src) {
  char path[64];
  strcpy(path, src);
  if (access(path, F_OK) == 0)
    return -1;
  memcpy(path, "/tmp/", 5);
  return open(path, O_WRONLY | O_CREAT, 0600);
}

int same_subscript(char *paths[], int i) {
  if (access(paths[i], F_OK) == 0)
    return -1;
  return open(paths[i], O_WRONLY | O_CREAT, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or writes to 'paths[i]' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: return open(paths[i], O_WRONLY | O_CREAT | O_EXCL, 0600);
}

int index_moved(char *paths[], int i) {
  if (access(paths[i], F_OK) == 0)
    return -1;
  ++i;
  return open(paths[i], O_WRONLY | O_CREAT, 0600);
}

int other_index(char *paths[], int i, int j) {
  if (access(paths[i], F_OK) == 0)
    return -1;
  return open(paths[j], O_WRONLY | O_CREAT, 0600);
}

int same_directory_and_name(int dir, const char *name) {
  if (faccessat(dir, name, F_OK, 0) == 0)
    return -1;
  return openat(dir, name, O_WRONLY | O_CREAT, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'openat' creates or writes to 'name' after 'faccessat' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: return openat(dir, name, O_WRONLY | O_CREAT | O_EXCL, 0600);
}

int another_directory(int dir, int other, const char *name) {
  if (faccessat(dir, name, F_OK, 0) == 0)
    return -1;
  return openat(other, name, O_WRONLY | O_CREAT, 0600);
}

int relative_name_at_cwd_vs_dir(int dir, const char *name) {
  // faccessat(dir, ...) and open(name): different files unless dir is the
  // working directory.
  if (faccessat(dir, name, F_OK, 0) == 0)
    return -1;
  return open(name, O_WRONLY | O_CREAT, 0600);
}

int absolute_literal_ignores_dir(int dir) {
  if (faccessat(dir, "/tmp/x.lock", F_OK, 0) == 0)
    return -1;
  return open("/tmp/x.lock", O_WRONLY | O_CREAT, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or writes to '"/tmp/x.lock"' after 'faccessat' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-FIXES: return open("/tmp/x.lock", O_WRONLY | O_CREAT | O_EXCL, 0600);
}

int directory_descriptor_reassigned(int dir, int next, const char *name) {
  if (faccessat(dir, name, F_OK, 0) == 0)
    return -1;
  dir = next;
  return openat(dir, name, O_WRONLY | O_CREAT, 0600);
}

int element_replaced_through_another_index(char *paths[], int i, int j,
                                            char *other) {
  // paths[j] may be paths[i].
  if (access(paths[i], F_OK) == 0)
    return -1;
  paths[j] = other;
  return open(paths[i], O_WRONLY | O_CREAT, 0600);
}
