// RUN: %check_toctou_tidy --fix-notes %s toctou-epoch-unchecked-commit %t -- -- -std=c++17

// The October 2025 DynamoDB DNS outage, reduced: a slow enactor checked
// that its plan was newer than the applied one at the start and applied it
// much later; a cleanup deleted plans older than the newest generation it
// had read at the start, including the one just applied.

#include <atomic>
#include <cstdint>
#include <vector>

struct Plan {
  std::uint64_t Generation = 0;
  std::vector<int> Records;
};

class PlanStore {
public:
  std::uint64_t latestGeneration() const;
  std::vector<std::uint64_t> list() const;
  Plan get(std::uint64_t Id) const;
  void deletePlan(std::uint64_t Id);
};

class Dns {
public:
  void apply(const std::vector<int> &Changes);
};

std::vector<int> expand(const Plan &P);

class Enactor {
  std::atomic<std::uint64_t> AppliedGeneration{0};
  PlanStore Store;
  Dns Route;
  static constexpr std::uint64_t Keep = 10;

public:
  void enact(const Plan &P) {
    if (P.Generation <= AppliedGeneration.load())
      return;
    std::vector<int> Changes = expand(P);
    Route.apply(Changes);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'apply' commits a decision based on 'AppliedGeneration' read at line [[@LINE-4]], which may have changed since; re-check it immediately before the commit [toctou-epoch-unchecked-commit]
    // CHECK-MESSAGES: :[[@LINE-5]]:25: note: 'AppliedGeneration' read here
    AppliedGeneration.store(P.Generation);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the store to 'AppliedGeneration' commits a decision based on 'AppliedGeneration' read at line [[@LINE-7]], which may have changed since; re-check it immediately before the commit [toctou-epoch-unchecked-commit]
    // CHECK-MESSAGES: :[[@LINE-8]]:25: note: 'AppliedGeneration' read here
  }

  // The plan's own generation compared with a compare-exchange right
  // before applying: silent.
  void enactChecked(const Plan &P) {
    std::uint64_t Seen = AppliedGeneration.load();
    if (P.Generation <= Seen)
      return;
    std::vector<int> Changes = expand(P);
    if (!AppliedGeneration.compare_exchange_strong(Seen, P.Generation))
      return;
    Route.apply(Changes);
  }

  void cleanup() {
    const std::uint64_t Newest = Store.latestGeneration();
    for (std::uint64_t Id : Store.list()) {
      Plan Old = Store.get(Id);
      if (Old.Generation + Keep < Newest) {
        Store.deletePlan(Id);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'deletePlan' commits a decision based on 'latestGeneration()' read at line [[@LINE-5]], which may have changed since; re-check it immediately before the commit [toctou-epoch-unchecked-commit]
        // CHECK-MESSAGES: :[[@LINE-6]]:34: note: 'latestGeneration()' read here
        // CHECK-MESSAGES: :[[@LINE-3]]:9: note: re-check 'latestGeneration()' immediately before the commit
        // CHECK-FIXES: if (Store.latestGeneration() != Newest)
        // CHECK-FIXES-NEXT: return;
        // CHECK-FIXES-NEXT: Store.deletePlan(Id);
      }
    }
  }

  // Re-reading the newest generation immediately before each delete:
  // silent.
  void cleanupChecked() {
    const std::uint64_t Newest = Store.latestGeneration();
    for (std::uint64_t Id : Store.list()) {
      Plan Old = Store.get(Id);
      if (Old.Generation + Keep < Newest &&
          Store.latestGeneration() == Newest)
        Store.deletePlan(Id);
    }
  }
};
