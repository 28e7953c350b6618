//===--- LockFlow.cpp - Which locks are held where, in one function -------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/LockFlow.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::toctou {

LockFlow::LockFlow(const FunctionFlow &Flow) : Flow(Flow) {
  const CFG &Graph = Flow.cfg();
  // The mutexes each guard manages, from its declaration.
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<LockStep, 2>> Guards;
  Flow.forEachStatement([&](const Stmt *S, FlowPoint) {
    const auto *DS = dyn_cast<DeclStmt>(S);
    if (!DS)
      return;
    for (const Decl *D : DS->decls()) {
      const auto *Var = dyn_cast<VarDecl>(D);
      llvm::SmallVector<LockStep, 2> Locks, Managed;
      if (Var && guardConstruction(Var, Locks, Managed))
        Guards[Var] = Managed;
    }
  });

  for (const CFGBlock *Block : Graph) {
    unsigned Index = 0;
    for (const CFGElement &Element : *Block) {
      const FlowPoint P{Block, Index++};
      if (std::optional<CFGAutomaticObjDtor> Dtor =
              Element.getAs<CFGAutomaticObjDtor>()) {
        auto It = Guards.find(Dtor->getVarDecl());
        if (It == Guards.end())
          continue;
        const Stmt *Trigger = Dtor->getTriggerStmt();
        SourceLocation Loc;
        if (Trigger)
          Loc = isa<CompoundStmt>(Trigger) ? Trigger->getEndLoc()
                                           : Trigger->getBeginLoc();
        for (LockStep Step : It->second) {
          Step.Change = LockStep::Release;
          addEvent(P, Step, nullptr, Loc);
        }
        continue;
      }
      std::optional<CFGStmt> CS = Element.getAs<CFGStmt>();
      if (!CS)
        continue;
      const Stmt *S = CS->getStmt();
      if (const auto *DS = dyn_cast<DeclStmt>(S)) {
        for (const Decl *D : DS->decls()) {
          const auto *Var = dyn_cast<VarDecl>(D);
          llvm::SmallVector<LockStep, 2> Locks, Managed;
          if (Var && guardConstruction(Var, Locks, Managed))
            for (const LockStep &Step : Locks)
              addEvent(P, Step, DS, Var->getLocation());
        }
        continue;
      }
      const auto *Call = dyn_cast<CallExpr>(S);
      if (!Call)
        continue;
      if (std::optional<std::pair<const VarDecl *, bool>> GuardCall =
              guardMemberCall(Call)) {
        auto It = Guards.find(GuardCall->first);
        if (It == Guards.end())
          continue;
        for (LockStep Step : It->second) {
          Step.Change =
              GuardCall->second ? LockStep::Acquire : LockStep::Release;
          addEvent(P, Step, Call, Call->getBeginLoc());
        }
        continue;
      }
      llvm::SmallVector<LockStep, 2> Steps;
      lockStepsOfCall(Call, Steps);
      for (const LockStep &Step : Steps)
        addEvent(P, Step, Call, Call->getBeginLoc());
    }
  }
  if (!Events.empty())
    solve();
}

LockFlow::LockFlow(const FunctionFlow &Flow,
                   llvm::ArrayRef<ExternalLockStep> Steps)
    : Flow(Flow) {
  llvm::SmallVector<const ExternalLockStep *, 8> Sorted;
  for (const ExternalLockStep &S : Steps)
    Sorted.push_back(&S);
  // Events of a block must be in element order.
  llvm::sort(Sorted, [&](const ExternalLockStep *A, const ExternalLockStep *B) {
    if (A->Point.Block != B->Point.Block)
      return A->Point.Block->getBlockID() < B->Point.Block->getBlockID();
    if (A->Point.Index != B->Point.Index)
      return A->Point.Index < B->Point.Index;
    return A < B; // the given order at one point
  });
  for (const ExternalLockStep *S : Sorted) {
    LockStep Step;
    Step.Change = S->Change;
    Step.Key = S->Key;
    Step.Mutex = S->Shown;
    addEvent(S->Point, Step, S->Site, S->Loc, S->Tag);
  }
  if (!Events.empty())
    solve();
}

unsigned LockFlow::idOf(const LockStep &Step) {
  auto [It, Inserted] = ByKey.try_emplace(Step.Key, Mutexes.size());
  if (Inserted) {
    const Expr *Shown =
        Step.Mutex ? Step.Mutex->IgnoreParenImpCasts() : nullptr;
    if (const auto *AddrOf = dyn_cast_or_null<UnaryOperator>(Shown))
      if (AddrOf->getOpcode() == UO_AddrOf)
        Shown = AddrOf->getSubExpr()->IgnoreParenImpCasts();
    Mutexes.push_back({Step.Key, Shown});
  }
  return It->second;
}

void LockFlow::addEvent(FlowPoint P, const LockStep &Step, const Stmt *Site,
                        SourceLocation Loc, unsigned Tag) {
  LockEvent E;
  E.Point = P;
  E.Change = Step.Change;
  E.Mutex = idOf(Step);
  E.Site = Site;
  E.Guard = Step.Guard;
  E.Loc = Loc;
  E.Tag = Tag;
  ByBlock[P.Block].push_back(Events.size());
  Events.push_back(E);
}

void LockFlow::apply(const LockEvent &E, State &S) const {
  auto It = llvm::lower_bound(S, E.Mutex);
  const bool Present = It != S.end() && *It == E.Mutex;
  if (E.Change == LockStep::Acquire && !Present)
    S.insert(It, E.Mutex);
  else if (E.Change == LockStep::Release && Present)
    S.erase(It);
}

void LockFlow::solve() {
  const CFG &Graph = Flow.cfg();
  Entry.assign(Graph.getNumBlockIDs(), std::nullopt);
  Entry[Graph.getEntry().getBlockID()] = State{};
  // Forward, in reverse post-order, until nothing changes; the lattice is
  // finite (sets of the function's mutexes) and the meet only shrinks sets.
  PostOrderCFGView Order(&Graph);
  bool Changed = true;
  unsigned Rounds = 0;
  while (Changed && Rounds++ < 64) {
    Changed = false;
    for (const CFGBlock *Block : Order) {
      if (!Block)
        continue;
      std::optional<State> In;
      if (Block == &Graph.getEntry()) {
        In = State{};
      } else {
        for (const CFGBlock::AdjacentBlock &Pred : Block->preds()) {
          const CFGBlock *P = Pred.getReachableBlock();
          if (!P || !Entry[P->getBlockID()])
            continue;
          State Out = *Entry[P->getBlockID()];
          auto Own = ByBlock.find(P);
          if (Own != ByBlock.end())
            for (unsigned I : Own->second)
              apply(Events[I], Out);
          if (!In) {
            In = std::move(Out);
          } else {
            State Meet;
            std::set_intersection(In->begin(), In->end(), Out.begin(),
                                  Out.end(), std::back_inserter(Meet));
            In = std::move(Meet);
          }
        }
      }
      if (In && Entry[Block->getBlockID()] != In) {
        Entry[Block->getBlockID()] = std::move(In);
        Changed = true;
      }
    }
  }
}

llvm::SmallVector<unsigned, 4> LockFlow::heldAt(FlowPoint P) const {
  if (Events.empty() || !P.isValid() || !Entry[P.Block->getBlockID()])
    return {};
  State S = *Entry[P.Block->getBlockID()];
  auto Own = ByBlock.find(P.Block);
  if (Own != ByBlock.end())
    for (unsigned I : Own->second)
      if (Events[I].Point.Index < P.Index)
        apply(Events[I], S);
  return S;
}

const LockEvent *LockFlow::releaseBetween(unsigned Mutex, FlowPoint From,
                                          FlowPoint To,
                                          const FlowPointSet &Kills) const {
  const LockEvent *Best = nullptr;
  // A path that comes back to From (a loop) is about a new read there.
  FlowPointSet After = Kills;
  After.insert(From);
  for (const LockEvent &E : Events) {
    if (E.Mutex != Mutex || E.Change != LockStep::Release)
      continue;
    if (!Flow.reaches(From, E.Point, Kills) ||
        !Flow.reaches(E.Point, To, After))
      continue;
    // The first one in the source, for the message.
    if (!Best || E.Loc < Best->Loc)
      Best = &E;
  }
  return Best;
}

} // namespace clang::tidy::toctou
