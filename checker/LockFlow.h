//===--- LockFlow.h - Which locks are held where, in one function -*- C++
//-*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The locks of one function along its CFG: every place a mutex is locked or
/// unlocked (a guard's construction, `unlock()` and destruction at the end
/// of its scope; `m.lock()`; the POSIX calls), and the mutexes held on
/// every path into each point (a forward must-analysis: intersection where
/// paths join). Flow-sensitive, not path-sensitive: a lock taken on one arm
/// of an `if` is not held after it.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_LOCKFLOW_H
#define TOCTOU_CHECKER_LOCKFLOW_H

#include "checker/FunctionFlow.h"
#include "matchers/SyncCalls.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::toctou {

/// A lock or an unlock at one point of the CFG.
struct LockEvent {
  FlowPoint Point;
  LockStep::Kind Change = LockStep::Acquire;
  unsigned Mutex = 0;
  /// The statement that locks or unlocks (a call, a guard's declaration);
  /// null at the end of a guard's scope.
  const Stmt *Site = nullptr;
  /// The guard involved, if any.
  const VarDecl *Guard = nullptr;
  /// Where it happens, for messages: the call, or the end of the scope.
  SourceLocation Loc;
  /// ExternalLockStep::Tag.
  unsigned Tag = 0;
};

/// A lock step found by someone else: the database checks model an open
/// transaction on a connection as a lock held from BEGIN to COMMIT.
struct ExternalLockStep {
  FlowPoint Point;
  LockStep::Kind Change = LockStep::Acquire;
  std::string Key;
  const Expr *Shown = nullptr;
  const Stmt *Site = nullptr;
  SourceLocation Loc;
  /// Whatever the caller wants to find again on the event.
  unsigned Tag = 0;
};

class LockFlow {
public:
  /// The locks of the function: guards, lockable objects, POSIX calls.
  explicit LockFlow(const FunctionFlow &Flow);
  /// The given steps instead (in any order).
  LockFlow(const FunctionFlow &Flow, llvm::ArrayRef<ExternalLockStep> Steps);

  /// True if the function locks nothing.
  bool empty() const { return Events.empty(); }

  /// The mutexes held on every path into \p P (before its element runs).
  llvm::SmallVector<unsigned, 4> heldAt(FlowPoint P) const;

  /// A release of \p Mutex on some path from \p From to \p To that crosses
  /// no point of \p Kills (nor \p From again after the release: around a
  /// loop, that is a new instance of what happens at From), or null.
  const LockEvent *releaseBetween(unsigned Mutex, FlowPoint From, FlowPoint To,
                                  const FlowPointSet &Kills) const;

  /// The id of the mutex with key \p Key, if it is locked or unlocked here.
  std::optional<unsigned> idOfKey(llvm::StringRef Key) const {
    auto It = ByKey.find(Key);
    return It == ByKey.end() ? std::nullopt : std::optional(It->second);
  }

  /// The mutex as written at its first lock, for messages (`mu_`,
  /// `table->lock`).
  const Expr *mutexExpr(unsigned Mutex) const { return Mutexes[Mutex].First; }

  llvm::ArrayRef<LockEvent> events() const { return Events; }

private:
  using State = llvm::SmallVector<unsigned, 4>;
  unsigned idOf(const LockStep &Step);
  void addEvent(FlowPoint P, const LockStep &Step, const Stmt *Site,
                SourceLocation Loc, unsigned Tag = 0);
  void apply(const LockEvent &E, State &S) const;
  void solve();

  struct MutexInfo {
    std::string Key;
    const Expr *First = nullptr;
  };
  const FunctionFlow &Flow;
  std::vector<MutexInfo> Mutexes;
  llvm::StringMap<unsigned> ByKey;
  std::vector<LockEvent> Events;
  /// Events by block, in element order (indices into Events).
  llvm::DenseMap<const CFGBlock *, llvm::SmallVector<unsigned, 4>> ByBlock;
  /// The state at the entry of each block; nullopt for blocks no path
  /// reaches.
  std::vector<std::optional<State>> Entry;
};

} // namespace clang::tidy::toctou

#endif // TOCTOU_CHECKER_LOCKFLOW_H
