//===--- CheckDecisions.h - Branches decided by a check's result -*- C++
//-*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A use depends on a check when the check's result decides whether the use
/// runs: the use sits in a branch of a condition on the result, or after an
/// early exit on it, or after a loop that waits on it. This file finds the
/// CFG branches whose condition reads the result of a check call (directly,
/// through a variable that stores it, or through the buffer it filled), and
/// tells, for a later point, whether a branch decides it and what the check
/// reported on the way there.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_CHECKDECISIONS_H
#define TOCTOU_CHECKER_CHECKDECISIONS_H

#include "checker/FunctionFlow.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>

namespace clang {
class CallExpr;
class SwitchStmt;
class MemberExpr;
class Expr;
class VarDecl;

namespace tidy::toctou {

/// What the check reported, as far as a branch tells.
enum class CheckOutcome { Unknown, Succeeded, Failed };

/// The values a check call can return, each with what it means. For the
/// POSIX calls here: 0 is success, -1 is failure.
struct ResultDomain {
  llvm::SmallVector<std::pair<int64_t, CheckOutcome>, 2> Values;

  /// `int access(...)`, `int stat(...)`: 0 on success, -1 on failure.
  static ResultDomain zeroOnSuccess();
};

/// Something that carries a check's result into a condition: the call
/// itself, a variable assigned from it, or a buffer the call filled in.
struct ResultCarrier {
  const CallExpr *Call = nullptr;
  /// Null when the carrier is the call expression itself.
  const VarDecl *Var = nullptr;
  /// The values the carrier can hold; empty when they cannot be told apart
  /// (a stat buffer).
  ResultDomain Domain;
  /// True when the carrier is the buffer the call filled.
  bool IsBuffer = false;
};

/// A branch whose condition reads a carrier.
struct Decision {
  const CFGBlock *Block = nullptr;
  const Expr *Condition = nullptr;
  ResultCarrier Carrier;
};

/// The verdict on one use.
struct Dependence {
  bool Depends = false;
  CheckOutcome Outcome = CheckOutcome::Unknown;
  /// The conditions of the deciding branches.
  llvm::SmallVector<const Expr *, 2> Conditions;
  /// For each of Conditions, its value on the way to the use, when it is a
  /// two-way branch taken one way only.
  llvm::SmallVector<std::optional<bool>, 2> Truths;
  /// True if one of them reads the buffer the check filled (`st.st_uid`).
  bool ViaBuffer = false;
};

/// The field of \p Buffer that the local \p Var was initialized with
/// (`mode_t m = st.st_mode;` gives `st.st_mode`), or null.
const MemberExpr *fieldCopied(const VarDecl *Var, const VarDecl *Buffer);

/// Finds decisions in one function. Build once per function.
class DecisionFinder {
public:
  explicit DecisionFinder(const FunctionFlow &Flow);

  /// The branches decided by the result of \p Call, whose possible results
  /// are \p Domain; \p ResultBuffer is the variable the call fills (the
  /// `struct stat`), or null.
  llvm::SmallVector<Decision, 4> decisionsOf(const CallExpr *Call,
                                             const ResultDomain &Domain,
                                             const VarDecl *ResultBuffer) const;

  /// Whether one of \p Decisions decides that \p Use runs, and what the check
  /// reported on the branches that lead to it. With \p Check (the block of
  /// the check), only branches that lead to \p Use without running the
  /// check again count (FunctionFlow::decides).
  Dependence dependenceOf(llvm::ArrayRef<Decision> Decisions, FlowPoint Use,
                          const CFGBlock *Check = nullptr) const;

  /// True if \p Target can run after one of \p Decisions that decides
  /// whether \p Use runs took a branch that does not lead to \p Use
  /// (without coming back to that branch): what the code does on the other
  /// side of the check.
  bool runsOnOtherSide(llvm::ArrayRef<Decision> Decisions, FlowPoint Use,
                       FlowPoint Target) const;

  /// The value of \p E when the carrier holds \p CarrierValue, if it can be
  /// told.
  std::optional<int64_t> evaluate(const Expr *E, const ResultCarrier &Carrier,
                                  int64_t CarrierValue) const {
    return valueUnder(E, Carrier, CarrierValue);
  }

  /// What \p Condition being \p Truth tells about the check behind
  /// \p Carrier.
  CheckOutcome outcomeWhen(const Expr *Condition, bool Truth,
                           const ResultCarrier &Carrier) const;

private:
  /// True if the successors of \p Branch that do not lead to the use (all
  /// but \p Leading) report a failed assertion: `assert(stat(p, &st) == 0)`
  /// states what the code takes for granted (and is gone with NDEBUG); it
  /// decides nothing.
  bool isAssertion(const CFGBlock &Branch,
                   llvm::ArrayRef<unsigned> Leading) const;
  /// What the check reported on the way into successor \p Successor of
  /// \p Block, which \p Switch ends: its case label or the default.
  CheckOutcome outcomeOfCase(const SwitchStmt &Switch, const CFGBlock &Block,
                             unsigned Successor,
                             const ResultCarrier &Carrier) const;
  void addDecisionsReading(const VarDecl *Var, const ResultCarrier &Carrier,
                           FlowPoint After,
                           llvm::SmallVectorImpl<Decision> &Out) const;
  std::optional<int64_t> valueUnder(const Expr *E, const ResultCarrier &Carrier,
                                    int64_t CarrierValue) const;

  const FunctionFlow &Flow;
  /// Variable → blocks whose branch condition reads it.
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<const CFGBlock *, 2>>
      BranchesReading;
};

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_CHECKER_CHECKDECISIONS_H
