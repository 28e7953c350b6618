// RUN: %check_toctou_tidy --fix-notes %s toctou-epoch-unchecked-commit %t

// The writer/activation protocol in C, with a POSIX reader/writer lock.

#include <pthread.h>
#include <stdint.h>

static pthread_rwlock_t control_lock = PTHREAD_RWLOCK_INITIALIZER;
static uint64_t control_epoch;

int evaluate_record(const char *key);
int commit_record(const char *key, int decision);

void activate(void) {
  pthread_rwlock_wrlock(&control_lock);
  control_epoch++;
  pthread_rwlock_unlock(&control_lock);
}

int write_held(const char *key) {
  pthread_rwlock_rdlock(&control_lock);
  uint64_t seen = control_epoch;
  int decision = evaluate_record(key);
  int rc = commit_record(key, decision);
  pthread_rwlock_unlock(&control_lock);
  (void)seen;
  return rc;
}

int write_released(const char *key) {
  pthread_rwlock_rdlock(&control_lock);
  uint64_t seen = control_epoch;
  int decision = evaluate_record(key);
  pthread_rwlock_unlock(&control_lock);
  int rc = commit_record(key, decision);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'commit_record' commits a decision based on 'control_epoch' read at line [[@LINE-4]] under 'control_lock', but 'control_lock' is released at line [[@LINE-2]] before the commit; the epoch may have changed [toctou-epoch-unchecked-commit]
  // CHECK-MESSAGES: :[[@LINE-5]]:19: note: 'control_epoch' read here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: 'control_lock' released here; keep it locked until the commit is done
  // CHECK-FIXES: int decision = evaluate_record(key);
  // CHECK-FIXES-NEXT: int rc = commit_record(key, decision);
  // CHECK-FIXES-NEXT: pthread_rwlock_unlock(&control_lock);
  (void)seen;
  return rc;
}

// Decided by the epoch under the lock, committed after releasing it.
int write_if_current(const char *key, uint64_t expected) {
  pthread_rwlock_rdlock(&control_lock);
  int current = control_epoch == expected;
  pthread_rwlock_unlock(&control_lock);
  if (!current)
    return -1;
  int decision = evaluate_record(key);
  return commit_record(key, decision);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'commit_record' commits a decision based on 'control_epoch' read at line [[@LINE-6]] under 'control_lock', but 'control_lock' is released at line [[@LINE-5]] before the commit; the epoch may have changed [toctou-epoch-unchecked-commit]
  // CHECK-MESSAGES: :[[@LINE-7]]:17: note: 'control_epoch' read here
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: 'control_lock' released here
}

// Not reported: a single-threaded program's option named like an epoch (no
// lock anywhere in the function, not annotated); coreutils' timeout has a
// `term_signal`, sort a `key->version`.
static int term_signal = 15;
void save_signal(int);
void set_default_signal(int sig) {
  if (term_signal == 15)
    save_signal(sig);
  term_signal = sig;
}
