// RUN: %check_toctou_tidy %s toctou-lock-released-before-update %t -- -- -std=c++17

// A decision made under a lock that was released and taken again before
// the update: reported when the update can lose or contradict what another
// thread did in between; not when the update, done entirely under the lock
// taken again, starts from the current state (an increment) or only resets
// it (an invalidation, as right done twice).

#include <map>
#include <mutex>
#include <string>
#include <vector>

std::string load(const std::string &Key);
void work();

class Pool {
  std::mutex Mu;
  long Active = 0;
  long Waiting = 0;
  bool Valid = false;
  bool Started = false;
  std::map<std::string, std::string> Cache;
  std::vector<int> Queue;

public:
  // Not reported: the count is incremented under the lock taken again.
  void join() {
    std::unique_lock<std::mutex> L(Mu);
    bool Full = Active >= 8;
    L.unlock();
    if (Full) {
      work();
      L.lock();
      ++Active;
    }
  }

  // Not reported: a compound assignment under the lock taken again.
  void wait() {
    std::unique_lock<std::mutex> L(Mu);
    bool Idle = Waiting == 0;
    L.unlock();
    if (!Idle) {
      std::lock_guard<std::mutex> Again(Mu);
      Waiting += 2;
    }
  }

  // Not reported: the cache is invalidated under the lock taken again.
  void invalidate(const std::string &Key) {
    std::unique_lock<std::mutex> L(Mu);
    bool Present = Cache.count(Key) != 0;
    L.unlock();
    if (Present) {
      std::lock_guard<std::mutex> Again(Mu);
      Cache.clear();
      Valid = false;
    }
  }

  // Reported: a flag set on a stale decision; two threads both start.
  void start() {
    std::unique_lock<std::mutex> L(Mu);
    bool Running = Started;
    L.unlock();
    if (!Running) {
      work();
      L.lock();
      Started = true;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'Started' is updated on a decision made at line [[@LINE-6]] while 'Mu' was held, but 'Mu' is released at line [[@LINE-5]] in between; another thread may have changed it [toctou-lock-released-before-update]
    }
  }

  // Reported: the stale value itself is written back.
  void grow() {
    long Seen;
    {
      std::lock_guard<std::mutex> L(Mu);
      Seen = Active;
    }
    std::lock_guard<std::mutex> Again(Mu);
    Active = Seen + 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Active' is updated from a value read at line [[@LINE-4]] while 'Mu' was held, but 'Mu' is released at line [[@LINE-3]] in between; another thread may have changed it [toctou-lock-released-before-update]
  }

  // Reported: a reset with no lock at all after the release.
  void drop() {
    Mu.lock();
    bool Big = Cache.size() > 100;
    Mu.unlock();
    if (Big)
      Cache.clear();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'Cache' is updated on a decision made at line [[@LINE-4]] while 'Mu' was held, but 'Mu' is released at line [[@LINE-3]] in between; another thread may have changed it [toctou-lock-released-before-update]
  }

  // Not reported: the loop takes the lock again and reads afresh before
  // each update; no release lies between a read and the update it decides.
  void pump() {
    std::unique_lock<std::mutex> L(Mu);
    bool More = !Queue.empty();
    while (More) {
      Queue.pop_back();
      L.unlock();
      work();
      L.lock();
      More = !Queue.empty();
    }
  }
};
