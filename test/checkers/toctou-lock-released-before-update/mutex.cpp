// RUN: %check_toctou_tidy %s toctou-lock-released-before-update %t -- -- -std=c++17

#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

std::string load(const std::string &Key);

class Cache {
  std::mutex Mu;
  std::map<std::string, std::string> Entries;
  long Count = 0;
  std::vector<int> Queue;

public:
  // The decision is made under the lock, the insert after it was dropped:
  // two threads can both miss, both load, and the second insert wins.
  void fill(const std::string &Key) {
    std::unique_lock<std::mutex> Lock(Mu);
    bool Missing = Entries.count(Key) == 0;
    Lock.unlock();
    if (Missing) {
      std::string Value = load(Key);
      Lock.lock();
      Entries[Key] = Value;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'Entries' is updated on a decision made at line [[@LINE-6]] while 'Mu' was held, but 'Mu' is released at line [[@LINE-5]] in between; another thread may have changed it [toctou-lock-released-before-update]
      // CHECK-MESSAGES: :[[@LINE-7]]:20: note: 'Entries' read here under 'Mu'
      // CHECK-MESSAGES: :[[@LINE-7]]:5: note: 'Mu' released here; re-check 'Entries' after locking it again, or keep it locked through the update
    }
  }

  // A count read in one critical section and written in another.
  void bump() {
    long Seen;
    {
      std::lock_guard<std::mutex> Lock(Mu);
      Seen = Count;
    }
    std::lock_guard<std::mutex> Again(Mu);
    Count = Seen + 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Count' is updated from a value read at line [[@LINE-4]] while 'Mu' was held, but 'Mu' is released at line [[@LINE-3]] in between; another thread may have changed it [toctou-lock-released-before-update]
    // CHECK-MESSAGES: :[[@LINE-5]]:14: note: 'Count' read here under 'Mu'
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: 'Mu' released here, at the end of the guard's scope; re-check 'Count' after locking it again, or keep it locked through the update
  }

  // Written with no lock at all after the release.
  void drain() {
    Mu.lock();
    bool Empty = Queue.empty();
    Mu.unlock();
    if (!Empty)
      Queue.pop_back();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'Queue' is updated on a decision made at line [[@LINE-4]] while 'Mu' was held, but 'Mu' is released at line [[@LINE-3]] in between; another thread may have changed it [toctou-lock-released-before-update]
    // CHECK-MESSAGES: :[[@LINE-5]]:18: note: 'Queue' read here under 'Mu'
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: 'Mu' released here; re-check 'Queue' after locking it again, or keep it locked through the update
  }

  // Not reported: one critical section.
  void fillLocked(const std::string &Key) {
    std::lock_guard<std::mutex> Lock(Mu);
    if (Entries.count(Key) == 0)
      Entries[Key] = load(Key);
  }
  // Not reported: checked again after locking again (double-checked).
  void fillRechecked(const std::string &Key) {
    std::unique_lock<std::mutex> Lock(Mu);
    bool Missing = Entries.count(Key) == 0;
    Lock.unlock();
    if (!Missing)
      return;
    std::string Value = load(Key);
    Lock.lock();
    if (Entries.count(Key) == 0)
      Entries[Key] = Value;
  }
  // Not reported: the write does not depend on the read.
  void reset() {
    long Seen;
    {
      std::lock_guard<std::mutex> Lock(Mu);
      Seen = Count;
    }
    (void)Seen;
    std::lock_guard<std::mutex> Again(Mu);
    Count = 0;
  }
  // Not reported: the read was not under a lock (a plain data race is
  // another tool's business).
  void unlocked() {
    long Seen = Count;
    std::lock_guard<std::mutex> Lock(Mu);
    Count = Seen + 1;
  }
  // Not reported: an increment reads and writes in one expression.
  void increment() {
    std::lock_guard<std::mutex> Lock(Mu);
    ++Count;
  }
};

// A reader/writer lock: read under the shared lock, written under the
// exclusive one.
class Config {
  mutable std::shared_mutex Mu;
  int Version = 0;

public:
  void upgrade() {
    int Seen;
    {
      std::shared_lock<std::shared_mutex> Read(Mu);
      Seen = Version;
    }
    std::unique_lock<std::shared_mutex> Write(Mu);
    Version = Seen + 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Version' is updated from a value read at line [[@LINE-4]] while 'Mu' was held, but 'Mu' is released at line [[@LINE-3]] in between; another thread may have changed it [toctou-lock-released-before-update]
    // CHECK-MESSAGES: :[[@LINE-5]]:14: note: 'Version' read here under 'Mu'
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: 'Mu' released here, at the end of the guard's scope
  }
};
