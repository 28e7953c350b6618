// RUN: %check_toctou_tidy %s toctou-epoch-unchecked-commit %t -- -- -std=c++17

// Nothing here is reported: each function is a guard or a shape the check
// must leave alone.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <pthread.h>
#include <vector>

void work();
void log(std::uint64_t);
void publish(std::uint64_t);
void commitAll();

struct Plan {
  std::uint64_t Generation = 0;
};

class Quiet {
  // Constants cannot change (leveldb's kMaxSequenceNumber, a const
  // sequence_ member).
  static const std::uint64_t kMaxSequence = 1ull << 56;
  const std::uint64_t Sequence;
  std::atomic<std::uint64_t> Epoch{0};
  std::uint64_t Generation = 0;
  std::uint64_t General = 0;   // "general" is not the word "gen"
  std::uint64_t Terminal = 0;  // "terminal" is not the word "term"
  std::mutex Mu;
  pthread_mutex_t PMu = PTHREAD_MUTEX_INITIALIZER;
  std::vector<int> Items;

public:
  explicit Quiet(std::uint64_t S) : Sequence(S) {}

  void constants() {
    std::uint64_t Last = kMaxSequence;
    std::uint64_t Mine = Sequence;
    work();
    commitAll();
    (void)Last;
    (void)Mine;
  }

  void notEpochs() {
    std::uint64_t A = General, B = Terminal;
    work();
    commitAll();
    (void)A;
    (void)B;
  }

  // The plan's own generation is data, not shared state.
  void planData(const Plan &P) {
    std::uint64_t G = P.Generation;
    work();
    commitAll();
    (void)G;
  }

  // Read as part of the commit itself.
  void inCommit() { publish(Epoch.load()); }

  // Read, but neither saved nor deciding anything.
  void logged() {
    log(Epoch.load());
    work();
    commitAll();
  }

  // Commits on a local object, standard free functions.
  void local() {
    std::uint64_t Seen = Epoch.load();
    std::vector<int> Mine{1, 2, 3};
    Mine.erase(Mine.begin());
    std::remove(Mine.begin(), Mine.end(), static_cast<int>(Seen));
  }

  // Under one std::mutex from the read to the commit.
  void held() {
    std::lock_guard<std::mutex> Lock(Mu);
    std::uint64_t Seen = Generation;
    work();
    commitAll();
    (void)Seen;
  }

  // Under one pthread mutex from the read to the commit.
  void heldPosix() {
    pthread_mutex_lock(&PMu);
    std::uint64_t Seen = Generation;
    work();
    commitAll();
    pthread_mutex_unlock(&PMu);
    (void)Seen;
  }

  // A compare-exchange decides the commit.
  void cas() {
    std::uint64_t Seen = Epoch.load();
    work();
    if (Epoch.compare_exchange_strong(Seen, Seen + 1))
      commitAll();
  }

  // Re-checked immediately before the commit, in a loop.
  void loop() {
    const std::uint64_t Seen = Epoch.load();
    for (int I = 0; I < 3; ++I) {
      work();
      if (Epoch.load() != Seen)
        return;
      Items.erase(Items.begin());
    }
  }
};
