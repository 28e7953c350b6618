//===--- EpochUncheckedCommitCheck.cpp - toctou-epoch-unchecked-commit ----===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/EpochUncheckedCommitCheck.h"
#include "checker/SqlDescribe.h"
#include "checker/ValueUses.h"
#include "fixits/Rewrites.h"
#include "matchers/SyncCalls.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/StringMap.h"

namespace clang::tidy::toctou {

namespace {

bool annotated(const Decl *D, llvm::StringRef Annotation) {
  if (!D)
    return false;
  for (const auto *A : D->specific_attrs<AnnotateAttr>())
    if (A->getAnnotation() == Annotation)
      return true;
  return false;
}

/// A read of an epoch: a load, a plain read, a getter call; or a re-check
/// (a read compared with a saved earlier read, a compare-exchange with it).
struct EpochRead {
  std::string Key;
  /// The epoch's name, for messages (`control_epoch_`).
  std::string Name;
  const Expr *E = nullptr;
  FlowPoint Point;
  /// The local the value went to.
  const VarDecl *Carrier = nullptr;
  /// For a re-check: the local holding the earlier read it compares with.
  const VarDecl *Against = nullptr;
  bool IsCompareExchange = false;
  /// A SELECT of an epoch column: the SQL event, and the column.
  const SqlEvent *Sql = nullptr;
};

/// Something that acts on a decision.
struct Commit {
  const Expr *E = nullptr;
  FlowPoint Point;
  /// For messages: "'publish'" or "the store to 'epoch_'".
  std::string Shown;
  /// The epoch it stores to, when it is a store to an epoch.
  std::string StoresTo;
  /// An explicit std::atomic store on the epoch (for the compare-exchange
  /// fix-it).
  const CXXMemberCallExpr *AtomicStore = nullptr;
  /// An INSERT, UPDATE or DELETE.
  const SqlEvent *Sql = nullptr;
};

const ValueDecl *declOfObject(const Expr *Object) {
  Object = stripImplicit(Object);
  if (const auto *Member = dyn_cast<MemberExpr>(Object))
    return Member->getMemberDecl();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Object))
    return Ref->getDecl();
  return nullptr;
}

/// True if \p Object is a local object (not shared with anyone): a local
/// variable or parameter of class type held by value, or a member of one.
bool isLocalObject(const Expr *Object) {
  Object = stripImplicit(Object);
  while (const auto *Member = dyn_cast<MemberExpr>(Object)) {
    if (Member->isArrow())
      return false;
    Object = stripImplicit(Member->getBase());
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(Object);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->isLocalVarDeclOrParm() && !Var->isStaticLocal() &&
         !Var->getType()->isReferenceType() && !Var->getType()->isPointerType();
}

/// True if the member chain \p E starts at `this` or at a variable of
/// static storage: the object's own state, not a parameter's (a plan passed
/// in carries its generation as data).
bool isOwnState(const Expr *E) {
  E = stripImplicit(E);
  while (const auto *Member = dyn_cast<MemberExpr>(E))
    E = stripImplicit(Member->getBase());
  if (isa<CXXThisExpr>(E))
    return true;
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->hasGlobalStorage();
}

/// True if the member chain \p E starts at `this`.
bool isThisRooted(const Expr *E) {
  E = stripImplicit(E);
  while (const auto *Member = dyn_cast<MemberExpr>(E))
    E = stripImplicit(Member->getBase());
  return isa<CXXThisExpr>(E);
}

bool isScalarValue(QualType T) {
  T = T.getNonReferenceType();
  return T->isIntegralOrEnumerationType();
}

/// True if the value of the lvalue \p E is read (an lvalue-to-rvalue
/// conversion right above it).
bool valueIsRead(const Expr *E, const ParentMap &PM) {
  const Stmt *Parent = PM.getParent(E);
  while (Parent && isa<ParenExpr>(Parent))
    Parent = PM.getParent(Parent);
  const auto *Cast = dyn_cast_or_null<ImplicitCastExpr>(Parent);
  return Cast && Cast->getCastKind() == CK_LValueToRValue;
}

/// The written argument count of \p Call.
unsigned writtenArgs(const CallExpr *Call) {
  unsigned N = 0;
  for (const Expr *Arg : Call->arguments())
    N += !isa<CXXDefaultArgExpr>(Arg);
  return N;
}

/// The local variable \p E names, if it does (up to implicit conversions).
const VarDecl *localNamed(const Expr *E) {
  const auto *Ref =
      dyn_cast_or_null<DeclRefExpr>(E ? stripImplicit(E) : nullptr);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->isLocalVarDeclOrParm() ? Var : nullptr;
}

/// `return;`, `return false;`, `return nullptr;` or `return {};` for the
/// function \p F.
std::string returnFor(const FunctionDecl *F) {
  QualType T = F->getReturnType();
  if (T->isVoidType())
    return "return;";
  if (T->isBooleanType())
    return "return false;";
  if (T->isPointerType())
    return "return nullptr;";
  return "return {};";
}

bool isCheapCall(const CallExpr *Call) {
  if (isa<CXXOperatorCallExpr>(Call))
    return true;
  if (Call->getBuiltinCallee())
    return true;
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD)
    return false;
  if (FD->isConstexpr())
    return true;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(FD))
    if (Method->isConst())
      return true;
  if (FD->isInStdNamespace() && FD->getIdentifier() &&
      (FD->getName() == "move" || FD->getName() == "forward"))
    return true;
  if (atomicAccessOf(Call))
    return true;
  if (guardMemberCall(Call))
    return true;
  llvm::SmallVector<LockStep, 1> Steps;
  lockStepsOfCall(Call, Steps);
  return !Steps.empty();
}

/// True if \p Body refers to a declaration \p Accepts (lambdas excluded).
class DeclFinder : public RecursiveASTVisitor<DeclFinder> {
public:
  explicit DeclFinder(llvm::function_ref<bool(const Decl *)> Accepts)
      : Accepts(Accepts) {}
  bool Found = false;
  bool VisitMemberExpr(MemberExpr *M) {
    Found |= Accepts(M->getMemberDecl());
    return !Found;
  }
  bool VisitDeclRefExpr(DeclRefExpr *R) {
    Found |= Accepts(R->getDecl());
    return !Found;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }

private:
  llvm::function_ref<bool(const Decl *)> Accepts;
};

bool NamesAny(const Stmt *Body,
              llvm::function_ref<bool(const Decl *)> Accepts) {
  DeclFinder Finder(Accepts);
  Finder.TraverseStmt(const_cast<Stmt *>(Body));
  return Finder.Found;
}

} // namespace

EpochUncheckedCommitCheck::EpochUncheckedCommitCheck(StringRef Name,
                                                     ClangTidyContext *Context)
    : MemoryCheckBase(Name, Context),
      EpochNamesText(Options.get("EpochNames", DefaultEpochNames)),
      CommitNamesText(Options.get("CommitNames", DefaultCommitNames)),
      EpochNames(EpochNamesText), CommitNames(CommitNamesText) {}

void EpochUncheckedCommitCheck::onStartOfTranslationUnit() {
  MemoryCheckBase::onStartOfTranslationUnit();
  UnitHasAnnotations.reset();
}

bool EpochUncheckedCommitCheck::unitHasAnnotations(ASTContext &Ctx) {
  if (!UnitHasAnnotations) {
    // Once per unit: the unit's own variables, functions and fields (C
    // declares what it annotates at file scope).
    bool Any = false;
    const SourceManager &SM = Ctx.getSourceManager();
    for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
      if (Any)
        break;
      if (SM.isInSystemHeader(D->getLocation()))
        continue;
      Any |= D->hasAttr<AnnotateAttr>();
      if (const auto *RD = dyn_cast<RecordDecl>(D))
        for (const FieldDecl *Field : RD->fields())
          Any |= Field->hasAttr<AnnotateAttr>();
    }
    UnitHasAnnotations = Any;
  }
  return *UnitHasAnnotations;
}

void EpochUncheckedCommitCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "EpochNames", EpochNamesText);
  Options.store(Opts, "CommitNames", CommitNamesText);
}

void EpochUncheckedCommitCheck::checkFunction(MemoryFunction &F) {
  if (!F.facts().Calls && !F.facts().AtomicWrites)
    return;
  const FunctionFlow *Flow = nullptr;
  ASTContext &Ctx = F.context();
  const SourceManager &SM = Ctx.getSourceManager();

  auto IsEpochDecl = [&](const Decl *D) {
    const auto *ND = dyn_cast_or_null<NamedDecl>(D);
    if (!ND)
      return false;
    // A constant cannot change between a read and a commit
    // (`kMaxSequenceNumber`, `SequenceNumber const sequence_`).
    if (const auto *VD = dyn_cast<ValueDecl>(ND))
      if (!isa<FunctionDecl>(VD) &&
          VD->getType().getNonReferenceType().isConstQualified())
        return false;
    return annotated(ND, "toctou::epoch") ||
           (ND->getIdentifier() && EpochNames.matches(ND->getName()));
  };

  // A plain (not atomic) variable is an epoch only where it is evidently
  // shared: annotated, a member of a C++ object, or in a function that
  // takes a lock. (Single-threaded C code names options `version` and
  // signals `term_signal`.)
  auto Evidently = [&](const Expr *E, const Decl *D) {
    return annotated(D, "toctou::epoch") || isThisRooted(E) ||
           F.facts().LockSteps > 0;
  };

  // In C, without locks or SQL nothing can be an epoch (no std::atomic, no
  // members of `this`, and plain variables need evident sharing): no walk.
  if (!Ctx.getLangOpts().CPlusPlus && !F.facts().LockSteps &&
      !F.facts().SqlCalls && !unitHasAnnotations(Ctx))
    return;
  // A cheap look first: the CFG only for functions that name an epoch or
  // send SQL (which may read an epoch column).
  if (!F.facts().SqlCalls && !NamesAny(F.function()->getBody(), IsEpochDecl))
    return;
  Flow = F.flow();
  if (!Flow)
    return;
  const ParentMap &PM = Flow->parents();

  std::vector<EpochRead> Reads;
  std::vector<Commit> Commits;
  llvm::SmallVector<const BinaryOperator *, 8> Comparisons;

  Flow->forEachStatement([&](const Stmt *S, FlowPoint P) {
    const auto *E = dyn_cast<Expr>(S);
    if (!E)
      return;
    if (const auto *B = dyn_cast<BinaryOperator>(E)) {
      if (B->isComparisonOp())
        Comparisons.push_back(B);
      // A store to a plain epoch: `epoch_ = seen + 1`, `++generation_`.
      if (B->isAssignmentOp())
        if (std::optional<SharedState> State = sharedStateOf(B->getLHS()))
          if (IsEpochDecl(State->Decl) &&
              isScalarValue(B->getLHS()->getType()) &&
              Evidently(B->getLHS(), State->Decl))
            Commits.push_back(
                {B, P,
                 "the store to '" +
                     sourceText(B->getLHS(), Ctx).value_or("epoch") + "'",
                 State->Key, nullptr});
      return;
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      if (U->isIncrementDecrementOp())
        if (std::optional<SharedState> State = sharedStateOf(U->getSubExpr()))
          if (IsEpochDecl(State->Decl) && isScalarValue(U->getType()) &&
              Evidently(U->getSubExpr(), State->Decl))
            Commits.push_back(
                {U, P,
                 "the store to '" +
                     sourceText(U->getSubExpr(), Ctx).value_or("epoch") + "'",
                 State->Key, nullptr});
      return;
    }
    if (std::optional<AtomicAccess> A = atomicAccessOf(E)) {
      const ValueDecl *D = declOfObject(A->Object);
      if (!IsEpochDecl(D))
        return;
      std::optional<std::string> Key = objectKey(A->Object, A->ThroughPointer);
      if (!Key)
        return;
      const std::string Name = D->getName().str();
      switch (A->Op) {
      case AtomicAccess::Load:
        Reads.push_back({*Key, Name, E, P, carrierOf(E, PM), nullptr, false});
        return;
      case AtomicAccess::CompareExchange:
        Reads.push_back(
            {*Key, Name, E, P, nullptr, localNamed(A->Expected), true});
        return;
      default:
        Commits.push_back({E, P, "the store to '" + Name + "'", *Key,
                           A->Op == AtomicAccess::Store && A->Explicit
                               ? dyn_cast<CXXMemberCallExpr>(E)
                               : nullptr});
        return;
      }
    }
    if (isa<MemberExpr, DeclRefExpr>(E)) {
      if (!isScalarValue(E->getType()) || !valueIsRead(E, PM))
        return;
      std::optional<SharedState> State = sharedStateOf(E);
      if (!State || !IsEpochDecl(State->Decl) ||
          !(isOwnState(E) || annotated(State->Decl, "toctou::epoch")) ||
          !Evidently(E, State->Decl))
        return;
      Reads.push_back({State->Key, State->Decl->getName().str(), E, P,
                       carrierOf(E, PM), nullptr, false});
      return;
    }
    const auto *Call = dyn_cast<CallExpr>(E);
    if (!Call || isa<CXXOperatorCallExpr>(Call))
      return;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || !Callee->getIdentifier())
      return;
    const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
    const Expr *Object = Member ? Member->getImplicitObjectArgument() : nullptr;
    // An epoch getter: `current_generation()`, `store_.latest_version()`.
    if (writtenArgs(Call) == 0 && isScalarValue(Call->getType()) &&
        IsEpochDecl(Callee)) {
      if (Object && isLocalObject(Object))
        return;
      // A free function (posix2_version()) only where locks show sharing.
      if (!Object && !annotated(Callee, "toctou::epoch") &&
          !F.facts().LockSteps)
        return;
      std::string Key = "call:" + Callee->getQualifiedNameAsString();
      if (Object) {
        std::optional<std::string> ObjectKey =
            objectKey(Object, Object->getType()->isPointerType());
        if (!ObjectKey)
          return;
        Key += "@" + *ObjectKey;
      }
      Reads.push_back({Key, Callee->getName().str() + "()", E, P,
                       carrierOf(E, PM), nullptr, false});
      return;
    }
    // A commit: by name or annotation; not on a local object, not a
    // standard free function (std::remove on a local vector).
    if (!annotated(Callee, "toctou::commit")) {
      if (!CommitNames.matches(Callee->getName()))
        return;
      if (Object && isLocalObject(Object))
        return;
      if (!Member && Callee->isInStdNamespace())
        return;
      llvm::SmallVector<LockStep, 1> Steps;
      lockStepsOfCall(Call, Steps);
      if (!Steps.empty() || weakPtrCallOf(Call))
        return;
    }
    Commits.push_back(
        {Call, P, "'" + Callee->getName().str() + "'", "", nullptr});
  });
  // SQL: a SELECT of an epoch column is a read (its value is in the first
  // integer local computed from the result); INSERT, UPDATE and DELETE are
  // commits.
  const SqlFunction *Sql = F.facts().SqlCalls ? F.sql() : nullptr;
  if (Sql)
    for (const SqlEvent &E : Sql->events()) {
      const sql::Statement *S = E.main();
      if (!S)
        continue;
      if (S->StatementKind == sql::Kind::Select) {
        for (const std::string &Column : S->SelectColumns) {
          if (!EpochNames.matches(Column))
            continue;
          const VarDecl *Carrier = nullptr;
          for (const VarDecl *V : Sql->taintOf(E.Result))
            if (V != E.Result && isScalarValue(V->getType()) &&
                (!Carrier || V->getLocation() < Carrier->getLocation()))
              Carrier = V;
          Reads.push_back({"sql:" + E.Conn + ":" + Column, Column, E.Call.Call,
                           E.Point, Carrier, nullptr, false, &E});
          break;
        }
      } else if (S->StatementKind != sql::Kind::Other) {
        Commits.push_back(
            {E.Call.Call, E.Point, "'" + describe(*S) + "'", "", nullptr, &E});
      }
    }
  if (Reads.empty() || Commits.empty())
    return;

  // Re-checks: a read compared with a local that holds an earlier read of
  // the same epoch (`epoch_.load() != seen`, `now != seen`).
  llvm::StringMap<llvm::SmallVector<const VarDecl *, 2>> CarriersByKey;
  // (Only locals that hold the epoch itself, not a value computed from it.)
  auto HoldsEpoch = [&](const EpochRead &R) -> const VarDecl * {
    if (R.Sql)
      return R.Carrier;
    const VarDecl *Direct = savedInto(R.E, PM);
    return Direct && Direct == R.Carrier ? Direct : nullptr;
  };
  for (const EpochRead &R : Reads)
    if (const VarDecl *V = HoldsEpoch(R))
      CarriersByKey[R.Key].push_back(V);
  for (const BinaryOperator *Cmp : Comparisons) {
    for (EpochRead &R : Reads) {
      if (R.Against || R.IsCompareExchange)
        continue;
      const Expr *Sides[2] = {Cmp->getLHS(), Cmp->getRHS()};
      for (int Side = 0; Side < 2 && !R.Against; ++Side) {
        const Expr *Mine = Sides[Side], *Other = Sides[1 - Side];
        if (!containsStmt(Mine, R.E) &&
            !(R.Carrier && usesValueOf(Mine, R.Carrier)))
          continue;
        for (const VarDecl *Saved : CarriersByKey.lookup(R.Key))
          if (Saved != R.Carrier && usesValueOf(Other, Saved)) {
            R.Against = Saved;
            break;
          }
      }
    }
  }

  const LockFlow *Locks = F.locks();
  llvm::StringMap<llvm::SmallVector<unsigned, 4>> ReadsByKey;
  for (unsigned I = 0; I < Reads.size(); ++I)
    ReadsByKey[Reads[I].Key].push_back(I);

  // Epochs in the order of their first read: the output must not depend on
  // hashing.
  llvm::SmallVector<
      const llvm::StringMapEntry<llvm::SmallVector<unsigned, 4>> *, 4>
      Keys;
  for (const auto &Entry : ReadsByKey)
    Keys.push_back(&Entry);
  llvm::sort(Keys, [](const auto *A, const auto *B) {
    return A->second.front() < B->second.front();
  });

  for (const Commit &C : Commits) {
    for (const auto *EntryPtr : Keys) {
      const auto &Entry = *EntryPtr;
      llvm::SmallVector<std::pair<FlowPoint, int>, 8> Marks;
      for (unsigned I : Entry.second)
        Marks.push_back({Reads[I].Point, static_cast<int>(I)});
      const NearestMarks Nearest(Marks, /*MaxPerPath=*/1);
      const EpochRead *Stale = nullptr;
      const EpochRead *Recheck = nullptr; // a re-check made too early
      const CallExpr *SlowCall = nullptr;
      const LockEvent *Release = nullptr;
      unsigned ReleasedMutex = 0;
      for (unsigned ReadIndex :
           Nearest.find(C.Point, [](unsigned) { return true; })) {
        const EpochRead &R = Reads[ReadIndex];
        if (containsStmt(C.E, R.E))
          continue; // read as part of the commit itself
        auto HeldThroughout = [&](FlowPoint From) {
          if (!Locks || Locks->empty())
            return false;
          llvm::SmallVector<unsigned, 4> AtCommit = Locks->heldAt(C.Point);
          for (unsigned M : Locks->heldAt(From))
            if (llvm::is_contained(AtCommit, M) &&
                !Locks->releaseBetween(M, From, C.Point, FlowPointSet()))
              return true;
          return false;
        };
        // The first call on the way from the read \p R, which decides the
        // commit by \p Cond, to the commit that is not cheap (not an
        // operator, a const member, an atomic or lock operation): the work
        // done after the check.
        auto SlowCallAfter = [&](const EpochRead &R,
                                 const Expr *Cond) -> const CallExpr * {
          const CallExpr *Slow = nullptr;
          llvm::BitVector Forward(Flow->cfg().getNumBlockIDs());
          llvm::SmallVector<const CFGBlock *, 16> Work{R.Point.Block};
          Forward.set(R.Point.Block->getBlockID());
          while (!Work.empty() && Work.size() < 256) {
            const CFGBlock *B = Work.pop_back_val();
            if (B == C.Point.Block && B != R.Point.Block)
              continue;
            for (const CFGBlock::AdjacentBlock &Succ : B->succs())
              if (const CFGBlock *N = Succ.getReachableBlock())
                if (!Forward.test(N->getBlockID())) {
                  Forward.set(N->getBlockID());
                  Work.push_back(N);
                }
          }
          Flow->forEachStatement([&](const Stmt *S, FlowPoint P) {
            if (Slow || !Forward.test(P.Block->getBlockID()))
              return;
            const auto *Call = dyn_cast<CallExpr>(S);
            if (!Call || isCheapCall(Call) || containsStmt(C.E, Call) ||
                containsStmt(Cond, Call))
              return;
            if (P.Block == R.Point.Block && P.Index <= R.Point.Index &&
                P.Block != C.Point.Block)
              return;
            if (!Flow->reaches(R.Point, P, FlowPointSet()) ||
                !Flow->reaches(P, C.Point, FlowPointSet()))
              return;
            Slow = Call;
          });
          return Slow;
        };
        if (R.Against) {
          // A re-check: it must decide the commit, with nothing slow after.
          const Expr *Cond =
              decidingCondition(*Flow, R.Point, C.Point, [&](const Expr *Cn) {
                return containsStmt(Cn, R.E) ||
                       (R.Carrier && usesValueOf(Cn, R.Carrier));
              });
          if (!Cond)
            continue;
          if (HeldThroughout(R.Point))
            continue;
          const CallExpr *Slow = SlowCallAfter(R, Cond);
          if (!Slow)
            continue;
          Recheck = &R;
          SlowCall = Slow;
          break;
        }
        if (R.IsCompareExchange)
          continue; // a compare-exchange on its own: a guard
        // A plain read: does the commit depend on it?
        const Expr *Cond =
            decidingCondition(*Flow, R.Point, C.Point, [&](const Expr *Cn) {
              return containsStmt(Cn, R.E) ||
                     (R.Carrier && usesValueOf(Cn, R.Carrier));
            });
        const bool Pinned = R.Carrier != nullptr;
        if (!Cond && !Pinned)
          continue;
        // A read that decides the commit with nothing slow between them is
        // the re-check itself, whether or not an earlier read exists
        // (`if (plan_gen + 2 < latest_generation.load()) return;
        // apply(plan_gen);`).
        if (Cond && !R.Sql && !SlowCallAfter(R, Cond))
          continue;
        // A write that sets the column the read took for an epoch to a
        // value of its own, neither advanced from it (`version = version +
        // 1`) nor computed from what was read, keeps no version there: the
        // column is data (an SNMP `version`, a format's), and the read
        // only chose what to write.
        if (C.Sql && R.Sql) {
          const sql::Statement *W = C.Sql->main();
          auto Same = [&](const std::string &Col) {
            return llvm::StringRef(Col).equals_insensitive(R.Name);
          };
          if (W &&
              (llvm::any_of(W->SetColumns, Same) ||
               llvm::any_of(W->InsertColumns, Same)) &&
              !llvm::any_of(W->RelativeColumns, Same) &&
              llvm::none_of(C.Sql->Call.Call->arguments(), [&](const Expr *A) {
                return A != C.Sql->Call.Connection &&
                       mentionsAny(A, Sql->taintOf(R.Sql->Result));
              }))
            continue;
        }
        // The saved epoch passed to the commit: a conditional commit. For
        // SQL, a write whose WHERE compares the epoch column.
        if (C.Sql) {
          const sql::Statement *W = C.Sql->main();
          if (W && llvm::any_of(W->WhereColumns, [&](const std::string &Col) {
                return EpochNames.matches(Col);
              }))
            continue;
        } else if (C.StoresTo.empty() && R.Carrier &&
                   passesValueOf(C.E, HoldsEpoch(R))) {
          // Only the value read itself makes the commit conditional: one
          // computed from it (`commit(evaluate(m, seen))`) is a decision.
          continue;
        }
        // An SQL read that locked the row, in the transaction of the write.
        if (R.Sql && C.Sql && R.Sql->Conn == C.Sql->Conn) {
          const sql::Statement *RS = R.Sql->main();
          const bool Locked = RS && (RS->Lock == sql::RowLock::Share ||
                                     RS->Lock == sql::RowLock::Update ||
                                     RS->Lock == sql::RowLock::NoKeyUpdate);
          std::optional<unsigned> Txn =
              Sql->transactions().idOfKey(transactionKey(R.Sql->Conn));
          if (Locked && Txn && Sql->inTransaction(R.Sql->Conn, R.Point) &&
              Sql->inTransaction(C.Sql->Conn, C.Point) &&
              !Sql->transactions().releaseBetween(*Txn, R.Point, C.Point,
                                                  FlowPointSet()))
            continue;
        }
        if (HeldThroughout(R.Point))
          continue;
        Stale = &R;
        if (Locks && !Locks->empty())
          for (unsigned M : Locks->heldAt(R.Point))
            if (const LockEvent *E = Locks->releaseBetween(M, R.Point, C.Point,
                                                           FlowPointSet())) {
              Release = E;
              ReleasedMutex = M;
              break;
            }
        break;
      }
      if (!Stale && !Recheck)
        continue;

      const EpochRead &R = Stale ? *Stale : *Recheck;
      const unsigned ReadLine = SM.getPresumedLineNumber(R.E->getBeginLoc());
      const std::string MutexName =
          Release ? sourceText(Locks->mutexExpr(ReleasedMutex), Ctx)
                        .value_or("the lock")
                  : "";
      if (Recheck) {
        diag(C.E->getBeginLoc(),
             "%0 runs after '%1' was re-checked at line %2, but '%3' runs in "
             "between; re-check it immediately before the commit")
            << C.Shown << R.Name << ReadLine
            << sourceText(SlowCall->getCallee(), Ctx).value_or("a call")
            << C.E->getSourceRange();
      } else if (Release) {
        diag(C.E->getBeginLoc(),
             "%0 commits a decision based on '%1' read at line %2 under "
             "'%3', but '%3' is released at line %4 before the commit; the "
             "epoch may have changed")
            << C.Shown << R.Name << ReadLine << MutexName
            << SM.getPresumedLineNumber(Release->Loc) << C.E->getSourceRange();
      } else {
        diag(C.E->getBeginLoc(),
             "%0 commits a decision based on '%1' read at line %2, which may "
             "have changed since; re-check it immediately before the commit")
            << C.Shown << R.Name << ReadLine << C.E->getSourceRange();
      }
      diag(R.E->getBeginLoc(),
           Recheck ? "'%0' re-checked here" : "'%0' read here",
           DiagnosticIDs::Note)
          << R.Name;
      if (Recheck)
        diag(SlowCall->getBeginLoc(), "'%0' runs after the re-check",
             DiagnosticIDs::Note)
            << sourceText(SlowCall->getCallee(), Ctx).value_or("this call");

      // One rewrite, on a note: keep the lock to the commit; else
      // compare-exchange the epoch; else re-check before the commit.
      const auto [CommitStmt, CommitBlock] = statementOf(C.E, PM);
      bool Offered = false;
      if (Release && Release->Site && isa<CallExpr>(Release->Site)) {
        const auto [UnlockStmt, UnlockBlock] = statementOf(Release->Site, PM);
        std::optional<CharSourceRange> UnlockRange =
            UnlockStmt ? statementRange(UnlockStmt, Ctx) : std::nullopt;
        std::optional<CharSourceRange> CommitRange =
            CommitStmt ? statementRange(CommitStmt, Ctx) : std::nullopt;
        std::optional<FixItHint> Remove =
            UnlockStmt ? removeStatement(UnlockStmt, Ctx) : std::nullopt;
        if (Remove && CommitStmt && isa<ReturnStmt>(CommitStmt) &&
            Release->Guard && UnlockBlock == CommitBlock) {
          // `return commit(...)`: the guard unlocks after the return value
          // is computed; dropping the early unlock is enough.
          diag(Release->Loc,
               "'%0' released here; let the guard keep it locked until the "
               "commit is done",
               DiagnosticIDs::Note)
              << MutexName << *Remove;
          Offered = true;
        } else if (UnlockRange && CommitRange && Remove &&
                   UnlockBlock == CommitBlock && !isa<ReturnStmt>(CommitStmt) &&
                   UnlockStmt->getBeginLoc() < CommitStmt->getBeginLoc()) {
          const std::string UnlockText =
              Lexer::getSourceText(*UnlockRange, SM, Ctx.getLangOpts()).str();
          diag(Release->Loc,
               "'%0' released here; keep it locked until the commit is done",
               DiagnosticIDs::Note)
              << MutexName << *Remove
              << FixItHint::CreateInsertion(
                     CommitRange->getEnd(),
                     "\n" + indentationOf(CommitStmt, Ctx) + UnlockText);
          Offered = true;
        }
      }
      if (Release && !Offered)
        diag(Release->Loc,
             Release->Site ? "'%0' released here"
                           : "'%0' released here, at the end of the guard's "
                             "scope; extend the scope to cover the commit",
             DiagnosticIDs::Note)
            << MutexName;
      const VarDecl *StaleValue = Stale ? HoldsEpoch(*Stale) : nullptr;
      if (!Offered && C.AtomicStore && StaleValue &&
          !StaleValue->getType().isConstQualified() &&
          writtenArgs(C.AtomicStore) == 1) {
        const auto *Member = dyn_cast<MemberExpr>(
            C.AtomicStore->getCallee()->IgnoreParenImpCasts());
        const Expr *Arg = C.AtomicStore->getArg(0);
        if (Member && !Member->getMemberLoc().isMacroID() &&
            !Arg->getBeginLoc().isMacroID()) {
          diag(C.E->getBeginLoc(),
               "store only if '%0' still holds the value read at line %1 (and "
               "handle the failure)",
               DiagnosticIDs::Note)
              << R.Name << ReadLine
              << FixItHint::CreateReplacement(
                     CharSourceRange::getTokenRange(Member->getMemberLoc()),
                     "compare_exchange_strong")
              << FixItHint::CreateInsertion(Arg->getBeginLoc(),
                                            StaleValue->getName().str() + ", ");
          Offered = true;
        }
      }
      if (!Offered && C.Sql && R.Sql && Stale) {
        // Make the write conditional on the epoch read: with libpqxx's
        // variadic exec_params the saved value can go along as well.
        const sql::Statement *W = C.Sql->main();
        const std::string Param =
            W ? "$" + std::to_string(W->MaxParam + 1) : std::string();
        const auto *Call = dyn_cast<CXXMemberCallExpr>(C.Sql->Call.Call);
        const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
        const bool Variadic = Method && Method->getIdentifier() &&
                              Method->getName().starts_with("exec_params");
        // The epoch as the write sees it: its own column, or the table the
        // read read it from.
        std::optional<std::string> Current;
        const sql::Statement *RS = R.Sql->main();
        if (W && RS && RS->TablesRead.size() == 1) {
          if (llvm::is_contained(W->TablesWritten, RS->TablesRead[0])) {
            Current = R.Name;
          } else {
            std::string Sub =
                "(SELECT " + R.Name + " FROM " + RS->TablesRead[0];
            bool Known = true;
            for (size_t I = 0; I < RS->WhereConjuncts.size(); ++I) {
              Known &= !hasParameter(RS->WhereConjuncts[I]);
              Sub += (I ? " AND " : " WHERE ") + RS->WhereConjuncts[I];
            }
            if (Known)
              Current = Sub + ")";
          }
        }
        std::optional<FixItHint> Where;
        if (Current && W->WhereEnd && C.Sql->Literal && StaleValue &&
            Variadic && W->WhereEnd <= C.Sql->Literal->getLength()) {
          SourceLocation Last =
              literalByteLocation(C.Sql->Literal, W->WhereEnd - 1, Ctx);
          bool Invalid = false;
          const char *Char = SM.getCharacterData(Last, &Invalid);
          if (!Invalid && !Last.isMacroID() &&
              *Char == C.Sql->Literal->getString()[W->WhereEnd - 1])
            Where = FixItHint::CreateInsertion(
                Last.getLocWithOffset(1), " AND " + *Current + " = " + Param);
        }
        if (Where && Call->getRParenLoc().isFileID()) {
          diag(C.E->getBeginLoc(),
               "make the write conditional on the epoch read at line %0",
               DiagnosticIDs::Note)
              << ReadLine << *Where
              << FixItHint::CreateInsertion(Call->getRParenLoc(),
                                            ", " + StaleValue->getName().str());
        } else if (W && W->StatementKind == sql::Kind::Update) {
          diag(C.E->getBeginLoc(),
               "make the write conditional on the epoch read at line %0: add "
               "'AND %1 = %2' to its WHERE and pass the value read",
               DiagnosticIDs::Note)
              << ReadLine << Current.value_or(R.Name) << Param;
        }
        Offered = true;
      }
      const VarDecl *Saved = Stale ? StaleValue : Recheck->Against;
      std::optional<std::string> EpochText = sourceText(R.E, Ctx);
      if (!Offered && Saved && Saved->getIdentifier() && CommitStmt &&
          EpochText && C.StoresTo.empty() && !R.IsCompareExchange && !R.Sql) {
        const std::string Indent = indentationOf(CommitStmt, Ctx);
        if (std::optional<FixItHint> Insert = insertBeforeStatement(
                CommitStmt,
                "if (" + *EpochText + " != " + Saved->getName().str() + ")\n" +
                    Indent + "  " + returnFor(F.function()) + "\n" + Indent,
                Ctx))
          diag(C.E->getBeginLoc(),
               "re-check '%0' immediately before the commit",
               DiagnosticIDs::Note)
              << R.Name << *Insert;
      }
      break; // one finding per commit
    }
  }
}

} // namespace clang::tidy::toctou
