//===--- LockReleasedBeforeUpdateCheck.cpp - toctou-lock-released-before-update
//===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/LockReleasedBeforeUpdateCheck.h"
#include "checker/ValueUses.h"
#include "fixits/Rewrites.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringMap.h"
#include <functional>

namespace clang::tidy::toctou {

namespace {

/// One access to shared state.
struct Access {
  SharedState State;
  /// The read (the lvalue), or the writing expression (an assignment, an
  /// increment, a mutating call).
  const Expr *E = nullptr;
  FlowPoint Point;
  bool IsWrite = false;
  /// For reads: the local the value went to.
  const VarDecl *Carrier = nullptr;
};

bool isMutatingMethod(const CXXMethodDecl *Method) {
  return Method && !Method->isConst() && !Method->isStatic();
}

/// What the use of the state lvalue \p Lvalue does with it: the writing
/// expression when it writes (assigned, incremented, a non-const member
/// function called on it, an element of it assigned), null when it reads.
/// \p Ambiguous is set when it is neither plainly (its address taken,
/// passed by non-const reference).
const Expr *writerOf(const Expr *Lvalue, const ParentMap &PM, bool &Ambiguous) {
  const Stmt *Child = Lvalue;
  const Stmt *Parent = PM.getParent(Child);
  while (Parent && isa<ParenExpr, ImplicitCastExpr>(Parent)) {
    const auto *Cast = dyn_cast<ImplicitCastExpr>(Parent);
    if (Cast && Cast->getCastKind() == CK_LValueToRValue)
      return nullptr; // its value is read
    Child = Parent;
    Parent = PM.getParent(Child);
  }
  if (!Parent)
    return nullptr;
  if (const auto *B = dyn_cast<BinaryOperator>(Parent)) {
    if (B->isAssignmentOp() && B->getLHS() == Child)
      return B;
    return nullptr;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(Parent)) {
    if (U->isIncrementDecrementOp())
      return U;
    if (U->getOpcode() == UO_AddrOf)
      Ambiguous = true;
    return nullptr;
  }
  // An element: what is done with the element decides.
  if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(Parent))
    return Sub->getBase() == Child ? writerOf(Sub, PM, Ambiguous) : nullptr;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Parent)) {
    if (Op->getNumArgs() == 0 || Op->getArg(0) != Child)
      return nullptr;
    if (Op->getOperator() == OO_Subscript) {
      // std::map's operator[] inserts: a write whatever is done with it.
      const auto *Method =
          dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
      const CXXRecordDecl *RD = Method ? Method->getParent() : nullptr;
      if (isStdClass(RD, {"map", "unordered_map"}))
        return Op;
      return writerOf(Op, PM, Ambiguous);
    }
    const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
    return isMutatingMethod(Method) ? Op : nullptr;
  }
  if (const auto *Member = dyn_cast<MemberExpr>(Parent)) {
    if (const auto *Call =
            dyn_cast_or_null<CXXMemberCallExpr>(PM.getParent(Member)))
      if (Call->getCallee() == Member)
        return isMutatingMethod(Call->getMethodDecl()) ? Call : nullptr;
    return nullptr;
  }
  if (isa<CallExpr>(Parent) && !Lvalue->getType().isConstQualified() &&
      Lvalue->getType()->isRecordType())
    Ambiguous = true;
  return nullptr;
}

/// True if \p E is part of a longer chain that is state itself
/// (`stats_` in `stats_.hits`).
bool isInnerLink(const Expr *E, const ParentMap &PM) {
  const Stmt *Parent = PM.getParent(E);
  while (Parent && isa<ParenExpr, ImplicitCastExpr>(Parent) &&
         !(isa<ImplicitCastExpr>(Parent) &&
           cast<ImplicitCastExpr>(Parent)->getCastKind() == CK_LValueToRValue))
    Parent = PM.getParent(Parent);
  const auto *Member = dyn_cast_or_null<MemberExpr>(Parent);
  return Member && isa<FieldDecl>(Member->getMemberDecl());
}

/// True if \p Write reads the state it writes, in one expression: `++n`,
/// `n += k`, `n = n * 2` (through the state's own name in its value). Under
/// the lock, such an update starts from the current value: nothing another
/// thread wrote in between is lost.
bool isInPlaceUpdate(const Expr *Write, const SharedState &State) {
  if (const auto *U = dyn_cast<UnaryOperator>(Write))
    return U->isIncrementDecrementOp();
  if (isa<CompoundAssignOperator>(Write))
    return true;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Write)) {
    const OverloadedOperatorKind K = Op->getOperator();
    return K == OO_PlusPlus || K == OO_MinusMinus || K == OO_PlusEqual ||
           K == OO_MinusEqual || K == OO_StarEqual || K == OO_SlashEqual ||
           K == OO_PipeEqual || K == OO_AmpEqual || K == OO_CaretEqual;
  }
  if (const auto *B = dyn_cast<BinaryOperator>(Write)) {
    if (B->getOpcode() != BO_Assign)
      return false;
    bool ReadsItself = false;
    std::function<void(const Stmt *)> Visit = [&](const Stmt *S) {
      if (!S || ReadsItself)
        return;
      if (const auto *E = dyn_cast<Expr>(S))
        if (std::optional<SharedState> Read = sharedStateOf(E))
          if (Read->Key == State.Key) {
            ReadsItself = true;
            return;
          }
      for (const Stmt *Child : S->children())
        Visit(Child);
    };
    Visit(B->getRHS());
    return ReadsItself;
  }
  return false;
}

/// True if \p Write resets the state (stores 0, false or null, clears,
/// erases, resets): an invalidation. Done again after another thread did
/// it, or after another thread refilled the state, it costs work, not
/// correctness.
bool isReset(const Expr *Write, const ASTContext &Ctx) {
  if (const auto *B = dyn_cast<BinaryOperator>(Write)) {
    if (B->getOpcode() != BO_Assign)
      return false;
    const Expr *Value = B->getRHS()->IgnoreParenImpCasts();
    if (isa<CXXNullPtrLiteralExpr, GNUNullExpr>(Value))
      return true;
    bool Result = false;
    if (!Value->isValueDependent() &&
        Value->EvaluateAsBooleanCondition(Result, Ctx))
      return !Result;
    return false;
  }
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Write)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!Method || !Method->getIdentifier())
      return false;
    StringRef Name = Method->getName();
    return Name == "clear" || Name == "erase" || Name == "reset";
  }
  return false;
}

std::string nameOf(const Expr *E, const ASTContext &Ctx) {
  return sourceText(E, Ctx).value_or("the state");
}

} // namespace

void LockReleasedBeforeUpdateCheck::checkFunction(MemoryFunction &F) {
  if (!F.facts().LockSteps)
    return;
  const FunctionFlow *Flow = F.flow();
  const LockFlow *Locks = F.locks();
  if (!Flow || !Locks || Locks->empty())
    return;
  ASTContext &Ctx = F.context();
  const SourceManager &SM = Ctx.getSourceManager();
  const ParentMap &PM = Flow->parents();

  std::vector<Access> Accesses;
  Flow->forEachStatement([&](const Stmt *S, FlowPoint P) {
    if (!isa<MemberExpr, DeclRefExpr>(S))
      return;
    const auto *E = cast<Expr>(S);
    if (isInnerLink(E, PM))
      return;
    std::optional<SharedState> State = sharedStateOf(E);
    if (!State)
      return;
    // Lock objects themselves are not the state they protect.
    if (isStdClassType(E->getType(),
                       {"mutex", "shared_mutex", "recursive_mutex",
                        "timed_mutex", "shared_timed_mutex"}) ||
        E->getType().getAsString().find("pthread_") != std::string::npos)
      return;
    bool Ambiguous = false;
    const Expr *Writer = writerOf(E, PM, Ambiguous);
    if (Ambiguous)
      return;
    Access A;
    A.State = std::move(*State);
    if (Writer) {
      A.E = Writer;
      A.IsWrite = true;
      A.Point = Flow->pointOf(Writer);
      if (!A.Point.isValid())
        return;
    } else {
      A.E = E;
      A.Point = P;
      A.Carrier = carrierOf(E, PM);
    }
    Accesses.push_back(std::move(A));
  });

  // Reads made under a lock, by state.
  llvm::StringMap<llvm::SmallVector<unsigned, 4>> Reads;
  for (unsigned I = 0; I < Accesses.size(); ++I)
    if (!Accesses[I].IsWrite)
      Reads[Accesses[I].State.Key].push_back(I);

  llvm::DenseSet<const Expr *> Reported;
  for (const Access &Write : Accesses) {
    if (!Write.IsWrite || Reported.contains(Write.E))
      continue;
    // The reads of this state or of a part of it, nearest first.
    llvm::SmallVector<std::pair<FlowPoint, int>, 8> Marks;
    for (const auto &Entry : Reads)
      if (overlaps(Entry.first(), Write.State.Key))
        for (unsigned I : Entry.second)
          Marks.push_back({Accesses[I].Point, static_cast<int>(I)});
    if (Marks.empty())
      continue;
    const NearestMarks Nearest(Marks, /*MaxPerPath=*/1);
    for (unsigned ReadIndex :
         Nearest.find(Write.Point, [](unsigned) { return true; })) {
      const Access &Read = Accesses[ReadIndex];
      if (containsStmt(Write.E, Read.E))
        continue; // read and written in one expression: no window
      // The other reads of the state: a path through one of them carries a
      // fresh read to the write (a loop that reads again after locking
      // again), not this one.
      FlowPointSet OtherReads;
      for (const auto &[Point, Index] : Marks)
        if (static_cast<unsigned>(Index) != ReadIndex &&
            !containsStmt(Write.E, Accesses[Index].E))
          OtherReads.insert(Point);
      llvm::SmallVector<unsigned, 4> Held = Locks->heldAt(Read.Point);
      const LockEvent *Release = nullptr;
      unsigned Mutex = 0;
      for (unsigned M : Held)
        if (const LockEvent *R = Locks->releaseBetween(
                M, Read.Point, Write.Point, OtherReads)) {
          Release = R;
          Mutex = M;
          break;
        }
      if (!Release)
        continue;
      // The write depends on the read: its value, or a branch.
      const bool Data = Read.Carrier && usesValueOf(Write.E, Read.Carrier);
      const Expr *Cond =
          Data ? nullptr
               : decidingCondition(
                     *Flow, Read.Point, Write.Point, [&](const Expr *C) {
                       return containsStmt(C, Read.E) ||
                              (Read.Carrier && usesValueOf(C, Read.Carrier));
                     });
      if (!Data && !Cond)
        continue;
      // Decided on a stale read, but done entirely under the lock taken
      // again: an in-place update starts from the current value, and a
      // reset is as right done twice.
      if (!Data && llvm::is_contained(Locks->heldAt(Write.Point), Mutex) &&
          (isInPlaceUpdate(Write.E, Write.State) || isReset(Write.E, Ctx)))
        continue;
      Reported.insert(Write.E);
      const std::string State = nameOf(Read.State.Written, Ctx);
      const std::string MutexName = nameOf(Locks->mutexExpr(Mutex), Ctx);
      const unsigned ReadLine = SM.getPresumedLineNumber(Read.E->getBeginLoc());
      const unsigned ReleaseLine = SM.getPresumedLineNumber(Release->Loc);
      diag(Write.E->getBeginLoc(),
           Data ? "'%0' is updated from a value read at line %1 while '%2' "
                  "was held, but '%2' is released at line %3 in between; "
                  "another thread may have changed it"
                : "'%0' is updated on a decision made at line %1 while '%2' "
                  "was held, but '%2' is released at line %3 in between; "
                  "another thread may have changed it")
          << State << ReadLine << MutexName << ReleaseLine
          << Write.E->getSourceRange();
      diag(Read.E->getBeginLoc(), "'%0' read here under '%1'",
           DiagnosticIDs::Note)
          << State << MutexName;
      diag(Release->Loc,
           Release->Site ? "'%0' released here; re-check '%1' after locking "
                           "it again, or keep it locked through the update"
                         : "'%0' released here, at the end of the guard's "
                           "scope; re-check '%1' after locking it again, or "
                           "keep it locked through the update",
           DiagnosticIDs::Note)
          << MutexName << State;
      break;
    }
  }
}

} // namespace clang::tidy::toctou
