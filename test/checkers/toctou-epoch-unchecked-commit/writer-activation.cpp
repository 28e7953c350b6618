// RUN: %check_toctou_tidy --fix-notes %s toctou-epoch-unchecked-commit %t -- -- -std=c++17

// The writer/activation protocol of the design review (SUPERTRACK J):
// activation takes the exclusive lock and increments control_epoch; a
// writer reads the epoch under the shared lock, decides, and commits. The
// protocol is sound only if the writer holds the shared lock from the read
// to the commit, or re-checks the epoch immediately before committing.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <shared_mutex>
#include <string>

struct Manifest {
  std::string Hash;
};
struct Record {
  std::string Key;
};
struct Decision {
  bool Allowed = false;
};

Decision evaluate(const Manifest &M, const Record &R);
bool commitRecord(const Decision &D, const Record &R);
bool commitRecordAt(const Decision &D, const Record &R, std::uint64_t Epoch);
void audit(const Record &R);

class ControlPlane {
  std::shared_mutex ControlMu;
  std::uint64_t ControlEpoch = 0;
  Manifest Current;

public:
  // Activation: exclusive lock, new manifest, epoch incremented.
  void activate(Manifest Next) {
    std::unique_lock<std::shared_mutex> Lock(ControlMu);
    Current = std::move(Next);
    ++ControlEpoch;
  }

  // The correct writer: the shared lock is held from the read to the commit.
  bool writeHeld(const Record &R) {
    std::shared_lock<std::shared_mutex> Lock(ControlMu);
    const std::uint64_t Seen = ControlEpoch;
    (void)Seen;
    Decision D = evaluate(Current, R);
    return commitRecord(D, R);
  }

  // Released before the commit: activation can slip in between.
  bool writeReleased(const Record &R) {
    std::shared_lock<std::shared_mutex> Lock(ControlMu);
    const std::uint64_t Seen = ControlEpoch;
    (void)Seen;
    Decision D = evaluate(Current, R);
    Lock.unlock();
    audit(R);
    return commitRecord(D, R);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'commitRecord' commits a decision based on 'ControlEpoch' read at line [[@LINE-6]] under 'ControlMu', but 'ControlMu' is released at line [[@LINE-3]] before the commit; the epoch may have changed [toctou-epoch-unchecked-commit]
    // CHECK-MESSAGES: :[[@LINE-7]]:32: note: 'ControlEpoch' read here
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: 'ControlMu' released here; let the guard keep it locked until the commit is done
    // CHECK-FIXES: bool writeReleased(const Record &R) {
    // CHECK-FIXES: Decision D = evaluate(Current, R);
    // CHECK-FIXES-NEXT: audit(R);
  }

  // Released at the end of a scope that ends too early.
  bool writeScoped(const Record &R) {
    std::uint64_t Seen;
    Decision D;
    {
      std::shared_lock<std::shared_mutex> Lock(ControlMu);
      Seen = ControlEpoch;
      D = evaluate(Current, R);
    }
    audit(R);
    return commitRecord(D, R);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'commitRecord' commits a decision based on 'ControlEpoch' read at line [[@LINE-5]] under 'ControlMu', but 'ControlMu' is released at line [[@LINE-3]] before the commit; the epoch may have changed [toctou-epoch-unchecked-commit]
    // CHECK-MESSAGES: :[[@LINE-6]]:14: note: 'ControlEpoch' read here
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: 'ControlMu' released here, at the end of the guard's scope; extend the scope to cover the commit
    // CHECK-MESSAGES: :[[@LINE-4]]:12: note: re-check 'ControlEpoch' immediately before the commit
    // CHECK-FIXES: if (ControlEpoch != Seen)
    // CHECK-FIXES-NEXT: return false;
    // CHECK-FIXES-NEXT: return commitRecord(D, R);
  }

  // The saved epoch passed to the commit, which checks it: silent.
  bool writeConditional(const Record &R) {
    std::uint64_t Seen;
    Decision D;
    {
      std::shared_lock<std::shared_mutex> Lock(ControlMu);
      Seen = ControlEpoch;
      D = evaluate(Current, R);
    }
    return commitRecordAt(D, R, Seen);
  }
};

// The same protocol with an atomic epoch and no lock: the pre-commit
// predicate (epoch read at start == epoch now, else abort) is the closure.
class LockFreePlane {
  std::atomic<std::uint64_t> Epoch{0};
  Manifest Current;

public:
  bool writeUnchecked(const Record &R) {
    const std::uint64_t Seen = Epoch.load();
    Decision D = evaluate(Current, R);
    return commitRecord(D, R);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'commitRecord' commits a decision based on 'Epoch' read at line [[@LINE-3]], which may have changed since; re-check it immediately before the commit [toctou-epoch-unchecked-commit]
    // CHECK-MESSAGES: :[[@LINE-4]]:32: note: 'Epoch' read here
    // CHECK-MESSAGES: :[[@LINE-3]]:12: note: re-check 'Epoch' immediately before the commit
    // CHECK-FIXES: if (Epoch.load() != Seen)
    // CHECK-FIXES-NEXT: return false;
    // CHECK-FIXES-NEXT: return commitRecord(D, R);
  }

  // The pre-commit predicate, immediately before the commit: silent.
  bool writeChecked(const Record &R) {
    const std::uint64_t Seen = Epoch.load();
    Decision D = evaluate(Current, R);
    if (Epoch.load() != Seen)
      return false;
    return commitRecord(D, R);
  }
  bool writeCheckedSaved(const Record &R) {
    const std::uint64_t Seen = Epoch.load();
    Decision D = evaluate(Current, R);
    const std::uint64_t Now = Epoch;
    if (Now != Seen)
      return false;
    return commitRecord(D, R);
  }

  // Re-checked, but too early: the evaluation runs after the check.
  bool writeCheckedEarly(const Record &R) {
    const std::uint64_t Seen = Epoch.load();
    if (Epoch.load() != Seen)
      return false;
    Decision D = evaluate(Current, R);
    return commitRecord(D, R);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'commitRecord' runs after 'Epoch' was re-checked at line [[@LINE-4]], but 'evaluate' runs in between; re-check it immediately before the commit [toctou-epoch-unchecked-commit]
    // CHECK-MESSAGES: :[[@LINE-5]]:9: note: 'Epoch' re-checked here
    // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'evaluate' runs after the re-check
    // CHECK-MESSAGES: :[[@LINE-4]]:12: note: re-check 'Epoch' immediately before the commit
    // CHECK-FIXES: Decision D = evaluate(Current, R);
    // CHECK-FIXES-NEXT: if (Epoch.load() != Seen)
    // CHECK-FIXES-NEXT: return false;
    // CHECK-FIXES-NEXT: return commitRecord(D, R);
  }

  // Activation by compare-exchange from the value read: silent.
  void activateCas(Manifest Next) {
    std::uint64_t Seen = Epoch.load();
    Current = std::move(Next);
    Epoch.compare_exchange_strong(Seen, Seen + 1);
  }

  // Activation by a plain store of the value read plus one: another
  // activation in between is lost.
  void activateStore(Manifest Next) {
    std::uint64_t Seen = Epoch.load();
    Current = std::move(Next);
    Epoch.store(Seen + 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the store to 'Epoch' commits a decision based on 'Epoch' read at line [[@LINE-3]], which may have changed since; re-check it immediately before the commit [toctou-epoch-unchecked-commit]
    // CHECK-MESSAGES: :[[@LINE-4]]:26: note: 'Epoch' read here
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: store only if 'Epoch' still holds the value read at line [[@LINE-5]] (and handle the failure)
    // CHECK-FIXES: Epoch.compare_exchange_strong(Seen, Seen + 1);
  }
};
