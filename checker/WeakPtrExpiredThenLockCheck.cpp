//===--- WeakPtrExpiredThenLockCheck.cpp - toctou-weak-ptr-expired-then-lock
//===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/WeakPtrExpiredThenLockCheck.h"
#include "checker/ValueUses.h"
#include "fixits/Rewrites.h"
#include "matchers/ResourceKey.h"
#include "matchers/SyncCalls.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::toctou {

namespace {

struct WeakEvent {
  WeakPtrCall Call;
  FlowPoint Point;
  /// The local the result went to, if any.
  const VarDecl *Saved = nullptr;
};

/// The value of \p E when the check behind \p Ev returned \p V, if the
/// expression tells: a small evaluator for `!w.expired()`,
/// `w.use_count() > 0`, `ok && !expired`.
std::optional<int64_t> valueWhen(const Expr *E, const WeakEvent &Ev, int64_t V,
                                 const ASTContext &Ctx) {
  E = E->IgnoreParenImpCasts();
  if (E == Ev.Call.Call)
    return V;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (Ev.Saved && Ref->getDecl() == Ev.Saved)
      return V;
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() == UO_LNot)
      if (std::optional<int64_t> Sub = valueWhen(U->getSubExpr(), Ev, V, Ctx))
        return *Sub == 0;
    return std::nullopt;
  }
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    std::optional<int64_t> L = valueWhen(B->getLHS(), Ev, V, Ctx);
    std::optional<int64_t> R = valueWhen(B->getRHS(), Ev, V, Ctx);
    switch (B->getOpcode()) {
    case BO_LAnd:
      if ((L && *L == 0) || (R && *R == 0))
        return 0;
      if (L && R)
        return 1;
      return std::nullopt;
    case BO_LOr:
      if ((L && *L != 0) || (R && *R != 0))
        return 1;
      if (L && R)
        return 0;
      return std::nullopt;
    default:
      break;
    }
    if (!L || !R)
      return std::nullopt;
    switch (B->getOpcode()) {
    case BO_EQ:
      return *L == *R;
    case BO_NE:
      return *L != *R;
    case BO_LT:
      return *L < *R;
    case BO_GT:
      return *L > *R;
    case BO_LE:
      return *L <= *R;
    case BO_GE:
      return *L >= *R;
    default:
      return std::nullopt;
    }
  }
  if (!E->isValueDependent()) {
    Expr::EvalResult R;
    if (E->EvaluateAsInt(R, Ctx))
      return R.Val.getInt().getExtValue();
  }
  return std::nullopt;
}

/// Whether \p Cond being \p Truth means the check saw the object alive
/// (true), expired (false), or cannot be told.
std::optional<bool> aliveWhen(const Expr *Cond, bool Truth, const WeakEvent &Ev,
                              const ASTContext &Ctx) {
  // expired() returns 0 or 1 (0: alive); use_count() 0, 1 or more.
  const bool Expired = Ev.Call.Op == WeakPtrCall::Expired;
  const int64_t Values[] = {0, 1, 2};
  bool SomeAlive = false, SomeDead = false;
  for (int64_t V : llvm::ArrayRef(Values).take_front(Expired ? 2 : 3)) {
    std::optional<int64_t> R = valueWhen(Cond, Ev, V, Ctx);
    if (R && (*R != 0) != Truth)
      continue; // this result does not take this branch
    const bool Alive = Expired ? V == 0 : V > 0;
    (Alive ? SomeAlive : SomeDead) = true;
  }
  if (SomeAlive == SomeDead)
    return std::nullopt;
  return SomeAlive;
}

/// True if the code tests what \p Lock returned: `if (auto p = w.lock())`,
/// `if (w.lock())`, or a variable holding it appears in a condition.
bool resultTested(const WeakEvent &Lock, const FunctionFlow &Flow) {
  const VarDecl *Saved = Lock.Saved;
  for (const CFGBlock *Block : Flow.cfg()) {
    const Expr *Cond = terminatorCondition(Block);
    if (!Cond)
      continue;
    if (containsStmt(Cond, Lock.Call.Call) ||
        (Saved && usesValueOf(Cond, Saved)))
      return true;
  }
  return false;
}

/// Every name the function declares or refers to.
class NamesIn : public RecursiveASTVisitor<NamesIn> {
public:
  llvm::StringSet<> Names;
  bool VisitNamedDecl(NamedDecl *D) {
    if (D->getIdentifier())
      Names.insert(D->getName());
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (Ref->getDecl()->getIdentifier())
      Names.insert(Ref->getDecl()->getName());
    return true;
  }
};

std::string freshName(const FunctionDecl *F) {
  NamesIn Walk;
  Walk.TraverseDecl(const_cast<FunctionDecl *>(F));
  std::string Name = "locked";
  for (unsigned I = 2; Walk.Names.contains(Name); ++I)
    Name = "locked" + std::to_string(I);
  return Name;
}

/// `w.` or `p->` of the call \p Call, as written.
std::optional<std::string> objectPrefix(const CallExpr *Call,
                                        const ASTContext &Ctx) {
  const auto *Member =
      dyn_cast<MemberExpr>(Call->getCallee()->IgnoreParenImpCasts());
  if (!Member || Member->getBase()->getBeginLoc().isMacroID() ||
      Call->getEndLoc().isMacroID())
    return std::nullopt;
  std::optional<std::string> Base = sourceText(Member->getBase(), Ctx);
  if (!Base || Base->empty())
    return std::nullopt;
  return *Base + (Member->isArrow() ? "->" : ".");
}

/// The condition `!w.expired()`, `w.use_count()`, `w.use_count() > 0`,
/// `w.use_count() != 0` or `w.use_count() >= 1`, exactly: what the fix-it
/// can turn into `auto p = w.lock()`.
bool isPlainAliveTest(const Expr *Cond, const WeakEvent &Check) {
  Cond = Cond->IgnoreParenImpCasts();
  auto IsCall = [&](const Expr *E) {
    return E->IgnoreParenImpCasts() == Check.Call.Call;
  };
  if (Check.Call.Op == WeakPtrCall::Expired) {
    const auto *Not = dyn_cast<UnaryOperator>(Cond);
    return Not && Not->getOpcode() == UO_LNot && IsCall(Not->getSubExpr());
  }
  if (IsCall(Cond))
    return true;
  const auto *B = dyn_cast<BinaryOperator>(Cond);
  if (!B || !IsCall(B->getLHS()))
    return false;
  const auto *Lit =
      dyn_cast<IntegerLiteral>(B->getRHS()->IgnoreParenImpCasts());
  if (!Lit)
    return false;
  const uint64_t K = Lit->getValue().getZExtValue();
  return ((B->getOpcode() == BO_GT || B->getOpcode() == BO_NE) && K == 0) ||
         (B->getOpcode() == BO_GE && K == 1);
}

} // namespace

void WeakPtrExpiredThenLockCheck::checkFunction(MemoryFunction &F) {
  if (!F.facts().WeakPtrChecks || !F.facts().WeakPtrLocks)
    return;
  const FunctionFlow *Flow = F.flow();
  if (!Flow)
    return;
  ASTContext &Ctx = F.context();
  const ParentMap &PM = Flow->parents();

  std::vector<WeakEvent> Events;
  llvm::StringMap<llvm::SmallVector<unsigned, 4>> ByKey;
  llvm::StringMap<llvm::SmallVector<FlowPoint, 2>> Kills;
  Flow->forEachStatement([&](const Stmt *S, FlowPoint P) {
    if (const auto *E = dyn_cast<Expr>(S)) {
      if (std::optional<WeakPtrCall> Call = weakPtrCallOf(E)) {
        std::optional<std::string> Key =
            objectKey(Call->Object, Call->ThroughPointer);
        if (!Key)
          return;
        ByKey[*Key].push_back(Events.size());
        Events.push_back({*Call, P, savedInto(E, PM)});
        return;
      }
    }
    llvm::SmallVector<std::string, 2> Written;
    collectWrittenStorage(S, Written);
    for (const std::string &W : Written) {
      Kills[W].push_back(P);
      Kills["*" + W].push_back(P);
    }
  });

  for (const auto &Entry : ByKey) {
    llvm::SmallVector<std::pair<FlowPoint, int>, 8> Marks;
    bool HasCheck = false, HasLock = false;
    for (unsigned I : Entry.second) {
      if (Events[I].Call.Op == WeakPtrCall::Lock) {
        HasLock = true;
      } else {
        HasCheck = true;
        Marks.push_back({Events[I].Point, static_cast<int>(I)});
      }
    }
    if (!HasCheck || !HasLock)
      continue;
    for (FlowPoint Kill : Kills.lookup(Entry.first()))
      Marks.push_back({Kill, -1});
    const NearestMarks Nearest(Marks, /*MaxPerPath=*/1);

    // One warning per deciding condition: the first lock it decides.
    llvm::DenseSet<const Expr *> Reported;
    for (unsigned LockIndex : Entry.second) {
      const WeakEvent &Lock = Events[LockIndex];
      if (Lock.Call.Op != WeakPtrCall::Lock || resultTested(Lock, *Flow))
        continue;
      for (unsigned CheckIndex :
           Nearest.find(Lock.Point, [](unsigned) { return true; })) {
        const WeakEvent &Check = Events[CheckIndex];
        const Expr *Cond = nullptr;
        bool TrueSide = false;
        for (const CFGBlock *Block : Flow->cfg()) {
          const Expr *C = terminatorCondition(Block);
          if (!C || !(containsStmt(C, Check.Call.Call) ||
                      (Check.Saved && usesValueOf(C, Check.Saved))))
            continue;
          llvm::SmallVector<unsigned, 2> Leading;
          if (!Flow->decides(Block, Lock.Point.Block, &Leading))
            continue;
          bool AllAlive = Block->succ_size() == 2;
          for (unsigned I : Leading)
            AllAlive &= aliveWhen(C, I == 0, Check, Ctx).value_or(false);
          if (!AllAlive)
            continue;
          Cond = C;
          TrueSide = Leading.size() == 1 && Leading[0] == 0;
          break;
        }
        if (!Cond)
          continue;
        if (!Reported.insert(Cond).second)
          break;

        const std::string CheckName =
            Check.Call.Op == WeakPtrCall::Expired ? "expired()" : "use_count()";
        {
          const std::string LockText =
              sourceText(Lock.Call.Call, Ctx).value_or("lock()");
          auto Diag =
              diag(
                  Lock.Call.Call->getBeginLoc(),
                  "'%0' may return an empty pointer: '%1' at line %2 found the "
                  "object alive, but its last owner can release it in between; "
                  "lock once and test the result")
              << LockText << CheckName
              << Ctx.getSourceManager().getPresumedLineNumber(
                     Check.Call.Call->getBeginLoc())
              << Lock.Call.Call->getSourceRange();

          // The fix-it: `if (auto locked = w.lock())` for the plain shape.
          const auto *If = dyn_cast_or_null<IfStmt>(PM.getParent(Cond));
          std::optional<std::string> Prefix =
              objectPrefix(Check.Call.Call, Ctx);
          if (If && If->getCond() == Cond && TrueSide && !If->getInit() &&
              !If->getConditionVariable() && isPlainAliveTest(Cond, Check) &&
              Prefix && !Cond->getBeginLoc().isMacroID() &&
              containsStmt(If->getThen(), Lock.Call.Call)) {
            const std::string Name = freshName(F.function());
            Diag << FixItHint::CreateReplacement(Cond->getSourceRange(),
                                                 "auto " + Name + " = " +
                                                     *Prefix + "lock()");
            for (unsigned Other : Entry.second) {
              const WeakEvent &L = Events[Other];
              if (L.Call.Op == WeakPtrCall::Lock &&
                  containsStmt(If->getThen(), L.Call.Call) &&
                  !L.Call.Call->getBeginLoc().isMacroID())
                Diag << FixItHint::CreateReplacement(
                    L.Call.Call->getSourceRange(), Name);
            }
          }
        }
        diag(Check.Call.Call->getBeginLoc(), "'%0' checked here",
             DiagnosticIDs::Note)
            << sourceText(Check.Call.Call, Ctx).value_or(CheckName);
        break;
      }
    }
  }
}

} // namespace clang::tidy::toctou
