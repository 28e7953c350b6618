// RUN: %check_toctou_tidy %s toctou-atomic-load-then-store %t -- -- -std=c++17

#include <atomic>
#include <cstdint>
#include <mutex>

void startWorkers();
long compute(long);

struct Service {
  std::atomic<bool> Started{false};
  std::atomic<long> Hits{0};
  std::atomic<unsigned> Flags{0};
  std::atomic<int *> Cursor{nullptr};
  std::atomic<long> Peak{0};
  std::mutex Mu;

  // The once-flag: two threads can both see false. (The expectations come
  // first: the fix-it removes the store's line.)
  void start() {
    // CHECK-MESSAGES: :[[@LINE+6]]:7: warning: store to 'Started' decided by its load at line [[@LINE+4]]: another thread can store in between, and both threads act on the same value [toctou-atomic-load-then-store]
    // CHECK-MESSAGES: :[[@LINE+3]]:10: note: 'Started' loaded here
    // CHECK-FIXES: if (!Started.exchange(true)) {
    // CHECK-FIXES-NEXT: startWorkers();
    if (!Started.load()) {
      startWorkers();
      Started.store(true);
      // CHECK-FIXES-NOT: Started.store(true);
    }
  }

  // The same through the operators.
  void startImplicit() {
    // CHECK-MESSAGES: :[[@LINE+6]]:7: warning: store to 'Started' decided by its load at line [[@LINE+4]]: another thread can store in between, and both threads act on the same value [toctou-atomic-load-then-store]
    // CHECK-MESSAGES: :[[@LINE+3]]:10: note: 'Started' loaded here
    // CHECK-FIXES: if (!Started.exchange(true)) {
    // CHECK-FIXES-NEXT: startWorkers();
    if (!Started) {
      startWorkers();
      Started = true;
      // CHECK-FIXES-NOT: Started = true;
    }
  }

  void stop() {
    // CHECK-MESSAGES: :[[@LINE+4]]:7: warning: store to 'Started' decided by its load at line [[@LINE+3]]
    // CHECK-MESSAGES: :[[@LINE+2]]:9: note: 'Started' loaded here
    // CHECK-FIXES: if (Started.exchange(false)) {
    if (Started.load()) {
      Started.store(false);
      // CHECK-FIXES-NOT: Started.store(false);
    }
  }

  // Read-modify-write by hand.
  void hit(long N) {
    Hits.store(Hits.load() + N);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: store to 'Hits' of a value computed from its load at line [[@LINE-1]]: another thread can store in between, and its update is lost [toctou-atomic-load-then-store]
    // CHECK-MESSAGES: :[[@LINE-2]]:16: note: 'Hits' loaded here
    // CHECK-FIXES: Hits.fetch_add(N);
  }
  void miss() {
    Hits = Hits - 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: store to 'Hits' of a value computed from its load at line [[@LINE-1]]
    // CHECK-MESSAGES: :[[@LINE-2]]:12: note: 'Hits' loaded here
    // CHECK-FIXES: Hits.fetch_sub(1);
  }
  void setFlag(unsigned Bit) {
    Flags.store(Bit | Flags.load());
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: store to 'Flags' of a value computed from its load at line [[@LINE-1]]
    // CHECK-MESSAGES: :[[@LINE-2]]:23: note: 'Flags' loaded here
    // CHECK-FIXES: Flags.fetch_or(Bit);
  }
  void advance() {
    Cursor.store(Cursor.load() + 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: store to 'Cursor' of a value computed from its load at line [[@LINE-1]]
    // CHECK-MESSAGES: :[[@LINE-2]]:18: note: 'Cursor' loaded here
    // CHECK-FIXES: Cursor.fetch_add(1);
  }

  // Through a local, with work in between: no simple rewrite.
  void recompute() {
    long Seen = Hits.load();
    long Next = compute(Seen);
    Hits.store(Next);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: store to 'Hits' of a value computed from its load at line [[@LINE-3]]
    // CHECK-MESSAGES: :[[@LINE-4]]:17: note: 'Hits' loaded here
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: make the load and the store one atomic step: 'compare_exchange_strong' in a loop, or a 'fetch_' operation
  }

  // A maximum: decided by the loaded value.
  void record(long V) {
    if (V > Peak.load())
      Peak.store(V);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: store to 'Peak' decided by its load at line [[@LINE-2]]
    // CHECK-MESSAGES: :[[@LINE-3]]:13: note: 'Peak' loaded here
    // CHECK-MESSAGES: :[[@LINE-3]]:7: note: make the load and the store one atomic step
  }

  // Through a pointer.
  static void bump(std::atomic<long> *Counter) {
    Counter->store(Counter->load() + 2);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: store to 'Counter' of a value computed from its load at line [[@LINE-1]]
    // CHECK-MESSAGES: :[[@LINE-2]]:20: note: 'Counter' loaded here
    // CHECK-FIXES: Counter->fetch_add(2);
  }
};

// Not reported.
struct Fine {
  std::atomic<bool> Started{false};
  std::atomic<long> Hits{0};
  std::atomic<long> Other{0};
  std::mutex Mu;

  void once() {
    if (!Started.exchange(true))
      startWorkers();
  }
  void add(long N) { Hits.fetch_add(N); Hits += N; ++Hits; }
  void cas(long N) {
    long Seen = Hits.load();
    while (!Hits.compare_exchange_weak(Seen, Seen + N)) {
    }
  }
  // A store that does not depend on the load.
  void reset() {
    long Old = Hits.load();
    (void)Old;
    Hits.store(0);
  }
  // Another atomic.
  void copy() { Other.store(Hits.load()); }
  // Under one lock from load to store (every writer takes it).
  void locked(long N) {
    std::lock_guard<std::mutex> Lock(Mu);
    Hits.store(Hits.load() + N);
  }
  // An atomic read-modify-write between the load and the store starts over.
  void exchanged() {
    long Seen = Hits.load();
    Hits.exchange(Seen);
    Hits.store(Seen + 1);
  }
};
