//===--- AtomicLoadThenStoreCheck.cpp - toctou-atomic-load-then-store -----===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/AtomicLoadThenStoreCheck.h"
#include "checker/ValueUses.h"
#include "fixits/Rewrites.h"
#include "matchers/NameWords.h"
#include "matchers/SyncCalls.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringMap.h"

namespace clang::tidy::toctou {

namespace {

struct AtomicEvent {
  AtomicAccess A;
  FlowPoint Point;
  /// The local a load was saved in.
  const VarDecl *Saved = nullptr;
};

/// The declaration an atomic object names (a field or a variable).
const ValueDecl *declOf(const Expr *Object) {
  Object = stripImplicit(Object);
  if (const auto *Member = dyn_cast<MemberExpr>(Object))
    return Member->getMemberDecl();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Object))
    return Ref->getDecl();
  return nullptr;
}

/// `x.` or `p->` for calls on the atomic of \p A.
std::optional<std::string> prefixOf(const AtomicAccess &A,
                                    const ASTContext &Ctx) {
  std::optional<std::string> Object = sourceText(A.Object, Ctx);
  if (!Object)
    return std::nullopt;
  return *Object + (A.ThroughPointer ? "->" : ".");
}

/// True if the value of \p E is thrown away: an expression statement.
bool isDiscarded(const Expr *E, const ParentMap &PM) {
  const Stmt *Parent = PM.getParent(E);
  while (Parent && isa<ExprWithCleanups, ParenExpr>(Parent))
    Parent = PM.getParent(Parent);
  return Parent && isa<CompoundStmt>(Parent);
}

/// The arguments written at the call (default arguments left out).
unsigned writtenArgs(const CallExpr *Call) {
  unsigned N = 0;
  for (const Expr *Arg : Call->arguments())
    N += !isa<CXXDefaultArgExpr>(Arg);
  return N;
}

bool isOperand(const Expr *Operand, const AtomicEvent &Load) {
  return stripImplicit(Operand) == stripImplicit(Load.A.Call) ||
         Operand->IgnoreParenImpCasts() == Load.A.Call;
}

/// `x.store(x.load() + n)` → `x.fetch_add(n)` (and -, &, |, ^).
std::optional<FixItHint> fetchFix(const AtomicEvent &Store,
                                  const AtomicEvent &Load, const ParentMap &PM,
                                  const ASTContext &Ctx) {
  if (!Store.A.Value || !isDiscarded(Store.A.Call, PM))
    return std::nullopt;
  // store(v, order): left alone.
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Store.A.Call))
    if (writtenArgs(Call) != 1)
      return std::nullopt;
  const auto *Op =
      dyn_cast<BinaryOperator>(Store.A.Value->IgnoreParenImpCasts());
  if (!Op)
    return std::nullopt;
  const char *Fetch = nullptr;
  bool Commutes = true;
  switch (Op->getOpcode()) {
  case BO_Add:
    Fetch = "fetch_add";
    break;
  case BO_Sub:
    Fetch = "fetch_sub";
    Commutes = false;
    break;
  case BO_And:
    Fetch = "fetch_and";
    break;
  case BO_Or:
    Fetch = "fetch_or";
    break;
  case BO_Xor:
    Fetch = "fetch_xor";
    break;
  default:
    return std::nullopt;
  }
  const Expr *Other = nullptr;
  if (isOperand(Op->getLHS(), Load))
    Other = Op->getRHS();
  else if (Commutes && isOperand(Op->getRHS(), Load))
    Other = Op->getLHS();
  if (!Other || containsStmt(Other, Load.A.Call))
    return std::nullopt;
  QualType T = atomicValueType(Load.A.ThroughPointer
                                   ? Load.A.Object->getType()->getPointeeType()
                                   : Load.A.Object->getType());
  if (T.isNull())
    return std::nullopt;
  const bool Bitwise =
      Fetch != StringRef("fetch_add") && Fetch != StringRef("fetch_sub");
  if (!(T->isIntegerType() && !T->isBooleanType()) &&
      !(!Bitwise && T->isPointerType()))
    return std::nullopt;
  std::optional<std::string> Prefix = prefixOf(Store.A, Ctx);
  std::optional<std::string> Operand = sourceText(Other, Ctx);
  if (!Prefix || !Operand)
    return std::nullopt;
  return replaceWhole(Store.A.Call, *Prefix + Fetch + "(" + *Operand + ")",
                      Ctx);
}

/// `if (!f.load()) { ...; f.store(true); }` → `if (!f.exchange(true)) { ... }`
/// (and `if (f) { ...; f = false; }` → `if (f.exchange(false))`).
llvm::SmallVector<FixItHint, 2>
exchangeFix(const AtomicEvent &Store, const AtomicEvent &Load, const Expr *Cond,
            const ParentMap &PM, const ASTContext &Ctx) {
  const auto *If = dyn_cast_or_null<IfStmt>(PM.getParent(Cond));
  if (!If || If->getCond() != Cond || If->getInit() ||
      If->getConditionVariable() || !Store.A.Value)
    return {};
  const auto *Then = dyn_cast<CompoundStmt>(If->getThen());
  if (!Then || !isDiscarded(Store.A.Call, PM))
    return {};
  // The store is a statement of the then-block itself.
  const Stmt *StoreStmt = Store.A.Call;
  if (const Stmt *P = PM.getParent(StoreStmt); P && isa<ExprWithCleanups>(P))
    StoreStmt = P;
  if (PM.getParent(StoreStmt) != Then)
    return {};
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Store.A.Call))
    if (writtenArgs(Call) != 1)
      return {};
  const auto *Value =
      dyn_cast<CXXBoolLiteralExpr>(Store.A.Value->IgnoreParenImpCasts());
  if (!Value)
    return {};
  const Expr *C = Cond->IgnoreParenImpCasts();
  bool Negated = false;
  if (const auto *Not = dyn_cast<UnaryOperator>(C);
      Not && Not->getOpcode() == UO_LNot) {
    Negated = true;
    C = Not->getSubExpr()->IgnoreParenImpCasts();
  }
  if (C != Load.A.Call && stripImplicit(C) != Load.A.Call)
    return {};
  // `!f` guards a store of true; `f` a store of false.
  if (Negated != Value->getValue())
    return {};
  std::optional<std::string> Prefix = prefixOf(Load.A, Ctx);
  if (!Prefix)
    return {};
  std::optional<FixItHint> Exchange = replaceWhole(
      Load.A.Call,
      *Prefix + "exchange(" + (Value->getValue() ? "true" : "false") + ")",
      Ctx);
  std::optional<FixItHint> Remove = removeStatement(StoreStmt, Ctx);
  if (!Exchange || !Remove)
    return {};
  return {*Exchange, *Remove};
}

} // namespace

void AtomicLoadThenStoreCheck::checkFunction(MemoryFunction &F) {
  if (!F.facts().AtomicLoads || !F.facts().AtomicWrites)
    return;
  const FunctionFlow *Flow = F.flow();
  if (!Flow)
    return;
  ASTContext &Ctx = F.context();
  const SourceManager &SM = Ctx.getSourceManager();
  const ParentMap &PM = Flow->parents();

  std::vector<AtomicEvent> Events;
  llvm::StringMap<llvm::SmallVector<unsigned, 4>> ByKey;
  Flow->forEachStatement([&](const Stmt *S, FlowPoint P) {
    const auto *E = dyn_cast<Expr>(S);
    std::optional<AtomicAccess> A = E ? atomicAccessOf(E) : std::nullopt;
    if (!A)
      return;
    std::optional<std::string> Key = objectKey(A->Object, A->ThroughPointer);
    if (!Key)
      return;
    ByKey[*Key].push_back(Events.size());
    Events.push_back(
        {*A, P, A->Op == AtomicAccess::Load ? savedInto(E, PM) : nullptr});
  });

  // Epoch atomics are toctou-epoch-unchecked-commit's, when it runs.
  std::optional<NameWords> EpochNames;
  if (isEnabled("toctou-epoch-unchecked-commit"))
    EpochNames.emplace(optionOf("toctou-epoch-unchecked-commit", "EpochNames",
                                DefaultEpochNames));

  for (const auto &Entry : ByKey) {
    llvm::SmallVector<std::pair<FlowPoint, int>, 8> Marks;
    bool HasStore = false;
    for (unsigned I : Entry.second) {
      const AtomicAccess &A = Events[I].A;
      if (A.Op == AtomicAccess::Load)
        Marks.push_back({Events[I].Point, static_cast<int>(I)});
      else if (A.Op == AtomicAccess::Store)
        HasStore = true;
      else // an atomic read-modify-write in between: a fresh start
        Marks.push_back({Events[I].Point, -1});
    }
    if (!HasStore || Marks.empty())
      continue;
    const AtomicEvent &First = Events[Entry.second.front()];
    const ValueDecl *Decl = declOf(First.A.Object);
    if (EpochNames && Decl && Decl->getIdentifier() &&
        EpochNames->matches(Decl->getName()))
      continue;
    const NearestMarks Nearest(Marks, /*MaxPerPath=*/1);
    const LockFlow *Locks = F.locks();

    for (unsigned StoreIndex : Entry.second) {
      const AtomicEvent &Store = Events[StoreIndex];
      if (Store.A.Op != AtomicAccess::Store || !Store.A.Value)
        continue;
      for (unsigned LoadIndex :
           Nearest.find(Store.Point, [](unsigned) { return true; })) {
        const AtomicEvent &Load = Events[LoadIndex];
        const bool Direct = containsStmt(Store.A.Value, Load.A.Call);
        const bool ViaLocal =
            !Direct && Load.Saved && usesValueOf(Store.A.Value, Load.Saved);
        const Expr *Cond = nullptr;
        if (!Direct && !ViaLocal)
          Cond = decidingCondition(
              *Flow, Load.Point, Store.Point, [&](const Expr *C) {
                return containsStmt(C, Load.A.Call) ||
                       (Load.Saved && usesValueOf(C, Load.Saved));
              });
        if (!Direct && !ViaLocal && !Cond)
          continue;
        // One lock held from the load to the store: every writer that
        // takes it is serialized.
        bool Serialized = false;
        if (Locks && !Locks->empty()) {
          llvm::SmallVector<unsigned, 4> AtStore = Locks->heldAt(Store.Point);
          for (unsigned M : Locks->heldAt(Load.Point))
            if (llvm::is_contained(AtStore, M) &&
                !Locks->releaseBetween(M, Load.Point, Store.Point,
                                       FlowPointSet()))
              Serialized = true;
        }
        if (Serialized)
          continue;

        const std::string Name =
            Decl && Decl->getIdentifier()
                ? Decl->getName().str()
                : sourceText(Store.A.Object, Ctx).value_or("the atomic");
        const unsigned LoadLine =
            SM.getPresumedLineNumber(Load.A.Call->getBeginLoc());
        llvm::SmallVector<FixItHint, 2> Fix;
        if (Direct) {
          if (std::optional<FixItHint> H = fetchFix(Store, Load, PM, Ctx))
            Fix.push_back(*H);
        } else if (Cond) {
          Fix = exchangeFix(Store, Load, Cond, PM, Ctx);
        }
        {
          auto Diag =
              Cond ? diag(Store.A.Call->getBeginLoc(),
                          "store to '%0' decided by its load at line %1: "
                          "another thread can store in between, and both "
                          "threads act on the same value")
                   : diag(Store.A.Call->getBeginLoc(),
                          "store to '%0' of a value computed from its load at "
                          "line %1: another thread can store in between, and "
                          "its update is lost");
          Diag << Name << LoadLine << Store.A.Call->getSourceRange();
          for (const FixItHint &H : Fix)
            Diag << H;
        }
        diag(Load.A.Call->getBeginLoc(), "'%0' loaded here",
             DiagnosticIDs::Note)
            << Name;
        if (Fix.empty())
          diag(Store.A.Call->getBeginLoc(),
               "make the load and the store one atomic step: "
               "'compare_exchange_strong' in a loop, or a 'fetch_' operation",
               DiagnosticIDs::Note);
        break;
      }
    }
  }
}

} // namespace clang::tidy::toctou
