// RUN: %check_toctou_tidy --fix-notes %s toctou-epoch-unchecked-commit %t -- -- -std=c++17

// The seeds' shapes written the way people write them: the writer as a
// method that passes the epoch to the evaluation, an atomic epoch reached
// through a reference or a pointer, and the enactor's fix, a check that
// decides the apply with nothing slow in between.

#include <atomic>
#include <cstdint>

struct Manifest {
  int Version = 0;
};
struct Decision {
  bool Allowed = false;
};

Decision evaluate(const Manifest &M, std::uint64_t Epoch);
bool commit(const Decision &D);
bool commitAt(const Decision &D, std::uint64_t Epoch);
struct Stamped {
  Decision D;
  std::uint64_t Epoch;
};
bool commitStamped(const Stamped &S);

class Writer {
  std::atomic<std::uint64_t> control_epoch{0};
  Manifest manifest_;

public:
  // The epoch goes into the evaluation; the decision computed from it is
  // committed unconditionally: reported.
  bool write() {
    std::uint64_t e = control_epoch.load();
    auto d = evaluate(manifest_, e);
    return commit(d);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'commit' commits a decision based on 'control_epoch' read at line [[@LINE-3]], which may have changed since; re-check it immediately before the commit [toctou-epoch-unchecked-commit]
    // CHECK-MESSAGES: :[[@LINE-4]]:23: note: 'control_epoch' read here
    // CHECK-MESSAGES: :[[@LINE-3]]:12: note: re-check 'control_epoch' immediately before the commit
    // CHECK-FIXES: {{^}}    if (control_epoch.load() != e){{$}}
    // CHECK-FIXES-NEXT: {{^}}      return false;{{$}}
    // CHECK-FIXES-NEXT: {{^}}    return commit(d);{{$}}
  }

  // The epoch value itself goes to the commit, which can compare it: a
  // conditional commit, silent. So does an unchanged copy, or the value in
  // a braced argument.
  bool writeAt() {
    std::uint64_t e = control_epoch.load();
    auto d = evaluate(manifest_, e);
    return commitAt(d, e);
  }
  bool writeAtCopy() {
    const std::uint64_t e = control_epoch.load();
    const std::uint64_t expected = e;
    auto d = evaluate(manifest_, e);
    return commitAt(d, expected);
  }
  bool writeStamped() {
    std::uint64_t e = control_epoch.load();
    auto d = evaluate(manifest_, e);
    return commitStamped({d, e});
  }
  // A value computed from the epoch is not the epoch: reported.
  bool writeAtNext() {
    std::uint64_t e = control_epoch.load();
    auto d = evaluate(manifest_, e);
    return commitAt(d, e + 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'commitAt' commits a decision based on 'control_epoch' read at line [[@LINE-3]], which may have changed since; re-check it immediately before the commit [toctou-epoch-unchecked-commit]
    // CHECK-MESSAGES: :[[@LINE-4]]:23: note: 'control_epoch' read here
    // CHECK-MESSAGES: :[[@LINE-3]]:12: note: re-check 'control_epoch' immediately before the commit
    // CHECK-FIXES: {{^}}    if (control_epoch.load() != e){{$}}
    // CHECK-FIXES-NEXT: {{^}}      return false;{{$}}
    // CHECK-FIXES-NEXT: {{^}}    return commitAt(d, e + 1);{{$}}
  }
};

// An atomic epoch of an object reached through a reference or a pointer is
// shared by construction: an epoch read like the object's own.
struct ControlPlane {
  std::atomic<std::uint64_t> control_epoch{0};
  std::atomic<std::uint64_t> generation{0};
};

bool writeThroughReference(ControlPlane &cp, const Manifest &m) {
  std::uint64_t e = cp.control_epoch.load();
  auto d = evaluate(m, e);
  return commit(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'commit' commits a decision based on 'control_epoch' read at line [[@LINE-3]], which may have changed since; re-check it immediately before the commit [toctou-epoch-unchecked-commit]
  // CHECK-MESSAGES: :[[@LINE-4]]:21: note: 'control_epoch' read here
  // CHECK-MESSAGES: :[[@LINE-3]]:10: note: re-check 'control_epoch' immediately before the commit
  // CHECK-FIXES: {{^}}  if (cp.control_epoch.load() != e){{$}}
  // CHECK-FIXES-NEXT: {{^}}    return false;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  return commit(d);{{$}}
}

bool writeThroughPointer(ControlPlane *p, const Manifest &m) {
  std::uint64_t e = p->generation.load();
  auto d = evaluate(m, e);
  return commit(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'commit' commits a decision based on 'generation' read at line [[@LINE-3]], which may have changed since; re-check it immediately before the commit [toctou-epoch-unchecked-commit]
  // CHECK-MESSAGES: :[[@LINE-4]]:21: note: 'generation' read here
  // CHECK-MESSAGES: :[[@LINE-3]]:10: note: re-check 'generation' immediately before the commit
  // CHECK-FIXES: {{^}}  if (p->generation.load() != e){{$}}
  // CHECK-FIXES-NEXT: {{^}}    return false;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  return commit(d);{{$}}
}

// The plan's generation is its own data (a plain field of a parameter): no
// epoch read.
struct Plan {
  std::uint64_t generation = 0;
};
void applyPlanData(const Plan &plan, ControlPlane &cp);
void copyPlan(const Plan &plan, ControlPlane &cp) {
  std::uint64_t g = plan.generation;
  Decision d = evaluate(Manifest{}, g);
  commit(d);
}

// The enactor's fix: the newest generation is read where it decides the
// apply, with nothing slow in between: that read is the re-check. Silent,
// whether the value is compared at once or saved first.
struct State {
  std::atomic<std::uint64_t> latest_generation{0};
  void apply(std::uint64_t g);
};
std::uint64_t expensiveExpand(std::uint64_t g);

void enact(State &s, const Plan &plan) {
  std::uint64_t plan_gen = plan.generation;
  if (plan_gen + 2 < s.latest_generation.load())
    return;
  s.apply(plan_gen);
}

void enactSaved(State &s, const Plan &plan) {
  const std::uint64_t newest = s.latest_generation.load();
  if (plan.generation + 2 < newest)
    return;
  s.apply(plan.generation);
}

// Slow work between the deciding read and the apply: reported.
void enactSlow(State &s, const Plan &plan) {
  if (plan.generation + 2 < s.latest_generation.load())
    return;
  std::uint64_t g = expensiveExpand(plan.generation);
  s.apply(g);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'apply' commits a decision based on 'latest_generation' read at line [[@LINE-4]], which may have changed since; re-check it immediately before the commit [toctou-epoch-unchecked-commit]
  // CHECK-MESSAGES: :[[@LINE-5]]:29: note: 'latest_generation' read here
}
