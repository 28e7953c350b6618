// RUN: %check_toctou_tidy %s toctou-lock-released-before-update %t

#include <pthread.h>

struct pool {
  pthread_mutex_t lock;
  int free_slots;
  int slots[16];
};

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static int table_size;

int grow(void);

int take_slot(struct pool *p) {
  pthread_mutex_lock(&p->lock);
  int n = p->free_slots;
  pthread_mutex_unlock(&p->lock);
  if (n == 0)
    return -1;
  pthread_mutex_lock(&p->lock);
  p->free_slots = n - 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'p->free_slots' is updated from a value read at line [[@LINE-6]] while 'p->lock' was held, but 'p->lock' is released at line [[@LINE-5]] in between; another thread may have changed it [toctou-lock-released-before-update]
  // CHECK-MESSAGES: :[[@LINE-7]]:11: note: 'p->free_slots' read here under 'p->lock'
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: 'p->lock' released here; re-check 'p->free_slots' after locking it again, or keep it locked through the update
  pthread_mutex_unlock(&p->lock);
  return n - 1;
}

void resize(void) {
  pthread_mutex_lock(&table_lock);
  int size = table_size;
  pthread_mutex_unlock(&table_lock);
  int extra = grow();
  table_size = size + extra;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'table_size' is updated from a value read at line [[@LINE-4]] while 'table_lock' was held, but 'table_lock' is released at line [[@LINE-3]] in between; another thread may have changed it [toctou-lock-released-before-update]
  // CHECK-MESSAGES: :[[@LINE-5]]:14: note: 'table_size' read here under 'table_lock'
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: 'table_lock' released here
}

// Not reported: one critical section; a local struct.
int take_locked(struct pool *p) {
  pthread_mutex_lock(&p->lock);
  int n = p->free_slots;
  if (n > 0)
    p->free_slots = n - 1;
  pthread_mutex_unlock(&p->lock);
  struct pool local;
  local.free_slots = n;
  return local.free_slots;
}
