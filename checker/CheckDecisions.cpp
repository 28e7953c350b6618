//===--- CheckDecisions.cpp - Branches decided by a check's result --------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/CheckDecisions.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/Builtins.h"

namespace clang::tidy::toctou {

namespace {
/// The expression a block's terminator branches on, or null.
const Expr *terminatorCondition(const CFGBlock *Block) {
  return dyn_cast_or_null<Expr>(Block->getTerminatorCondition());
}

/// Adds to \p Out every local variable that \p S reads, looking into
/// sub-expressions.
void collectReadVariables(const Stmt *S,
                          llvm::SmallVectorImpl<const VarDecl *> &Out) {
  if (!S)
    return;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      Out.push_back(Var->getCanonicalDecl());
  for (const Stmt *Child : S->children())
    collectReadVariables(Child, Out);
}

bool isBuiltinExpect(const CallExpr *Call) {
  unsigned ID = Call->getBuiltinCallee();
  return ID == Builtin::BI__builtin_expect ||
         ID == Builtin::BI__builtin_expect_with_probability;
}

/// `std::filesystem::is_symlink(st)`, `exists(st)`: a predicate on the
/// file_status a check returned, which carries its result on.
bool isFileStatusPredicate(const CallExpr *Call) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->getIdentifier() || FD->getNumParams() == 0)
    return false;
  const auto *NS = dyn_cast<NamespaceDecl>(FD->getDeclContext());
  while (NS && NS->isInline())
    NS = dyn_cast<NamespaceDecl>(NS->getDeclContext());
  if (!NS || NS->getName() != "filesystem")
    return false;
  const CXXRecordDecl *Param =
      FD->getParamDecl(0)->getType().getNonReferenceType()->getAsCXXRecordDecl();
  if (!Param || !Param->getIdentifier() || Param->getName() != "file_status")
    return false;
  StringRef Name = FD->getName();
  return Name.starts_with("is_") || Name == "exists" || Name == "status_known";
}

/// True for expressions through which the value of a check's result flows
/// unchanged in meaning: parentheses, casts, negation, comparisons.
bool propagatesResult(const Stmt *Parent, const Stmt *Child) {
  if (isa<ParenExpr, ImplicitCastExpr, CStyleCastExpr, FullExpr>(Parent))
    return true;
  if (const auto *UO = dyn_cast<UnaryOperator>(Parent))
    return UO->getOpcode() == UO_LNot || UO->getOpcode() == UO_Minus ||
           UO->getOpcode() == UO_Plus;
  if (const auto *BO = dyn_cast<BinaryOperator>(Parent))
    return BO->isComparisonOp();
  if (const auto *Call = dyn_cast<CallExpr>(Parent)) {
    if (isBuiltinExpect(Call))
      return Call->getNumArgs() > 0 && Call->getArg(0) == Child;
    return isFileStatusPredicate(Call);
  }
  if (isa<MaterializeTemporaryExpr, CXXBindTemporaryExpr>(Parent))
    return true;
  return false;
}

/// The condition of the branch statement \p Branch when \p Child is it.
bool isConditionOf(const Stmt *Branch, const Stmt *Child) {
  if (const auto *If = dyn_cast<IfStmt>(Branch))
    return If->getCond() == Child;
  if (const auto *While = dyn_cast<WhileStmt>(Branch))
    return While->getCond() == Child;
  if (const auto *Do = dyn_cast<DoStmt>(Branch))
    return Do->getCond() == Child;
  if (const auto *For = dyn_cast<ForStmt>(Branch))
    return For->getCond() == Child;
  if (const auto *Switch = dyn_cast<SwitchStmt>(Branch))
    return Switch->getCond() == Child;
  if (const auto *Cond = dyn_cast<AbstractConditionalOperator>(Branch))
    return Cond->getCond() == Child;
  return false;
}
} // namespace

ResultDomain ResultDomain::zeroOnSuccess() {
  ResultDomain Domain;
  Domain.Values.push_back({0, CheckOutcome::Succeeded});
  Domain.Values.push_back({-1, CheckOutcome::Failed});
  return Domain;
}

DecisionFinder::DecisionFinder(const FunctionFlow &Flow) : Flow(Flow) {
  llvm::SmallVector<const VarDecl *, 8> Read;
  for (const CFGBlock *Block : Flow.cfg()) {
    const Expr *Condition = terminatorCondition(Block);
    if (!Condition)
      continue;
    Read.clear();
    collectReadVariables(Condition, Read);
    for (const VarDecl *Var : Read) {
      auto &Blocks = BranchesReading[Var];
      if (Blocks.empty() || Blocks.back() != Block)
        Blocks.push_back(Block);
    }
  }
}

void DecisionFinder::addDecisionsReading(
    const VarDecl *Var, const ResultCarrier &Carrier, FlowPoint After,
    llvm::SmallVectorImpl<Decision> &Out) const {
  auto It = BranchesReading.find(Var->getCanonicalDecl());
  if (It == BranchesReading.end())
    return;
  const FlowPointSet NoKills;
  for (const CFGBlock *Block : It->second) {
    // Only branches that run after the carrier got the result.
    if (!Flow.reaches(After, FlowPoint{Block, Block->size()}, NoKills))
      continue;
    Out.push_back(Decision{Block, terminatorCondition(Block), Carrier});
  }
}

const MemberExpr *fieldCopied(const VarDecl *Var, const VarDecl *Buffer) {
  if (!Var || !Var->isLocalVarDecl() || !Var->getInit())
    return nullptr;
  const auto *M = dyn_cast<MemberExpr>(Var->getInit()->IgnoreParenImpCasts());
  if (!M)
    return nullptr;
  const auto *Ref = dyn_cast<DeclRefExpr>(M->getBase()->IgnoreParenImpCasts());
  if (!Ref || Ref->getDecl()->getCanonicalDecl() != Buffer->getCanonicalDecl())
    return nullptr;
  return M;
}

llvm::SmallVector<Decision, 4>
DecisionFinder::decisionsOf(const CallExpr *Call, const ResultDomain &Domain,
                            const VarDecl *ResultBuffer) const {
  llvm::SmallVector<Decision, 4> Out;
  const FlowPoint CallPoint = Flow.pointOf(Call);
  if (!CallPoint.isValid())
    return Out;
  const ResultCarrier Direct{Call, nullptr, Domain};

  auto AddBranch = [&](const Stmt *Branch) {
    if (const CFGBlock *Block = Flow.blockEndedBy(Branch))
      Out.push_back(Decision{Block, terminatorCondition(Block), Direct});
  };
  // The carrier is now the variable \p Var, holding the value of \p Init.
  auto AddVariable = [&](const VarDecl *Var, const Expr *Init) {
    ResultCarrier Stored{Call, Var->getCanonicalDecl(), {}};
    for (const auto &[Value, Outcome] : Domain.Values) {
      std::optional<int64_t> StoredValue = valueUnder(Init, Direct, Value);
      if (!StoredValue) {
        Stored.Domain.Values.clear();
        break;
      }
      Stored.Domain.Values.push_back({*StoredValue, Outcome});
    }
    addDecisionsReading(Var, Stored, CallPoint, Out);
  };

  const ParentMap &Parents = Flow.parents();
  const Stmt *Child = Call;
  while (const Stmt *Parent = Parents.getParent(Child)) {
    if (propagatesResult(Parent, Child)) {
      Child = Parent;
      continue;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(Parent)) {
      if (BO->isLogicalOp()) {
        // `check() && ...`: the operator's own block branches on the LHS.
        if (BO->getLHS() == Child)
          AddBranch(BO);
        Child = Parent;
        continue;
      }
      if (BO->getOpcode() == BO_Assign && BO->getRHS() == Child) {
        if (const auto *Ref =
                dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
          if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
            AddVariable(Var, cast<Expr>(Child));
      }
      break;
    }
    if (isConditionOf(Parent, Child)) {
      AddBranch(Parent);
      break;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(Parent)) {
      for (const Decl *D : DS->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          if (Var->getInit() == Child)
            AddVariable(Var, cast<Expr>(Child));
      break;
    }
    break;
  }

  if (ResultBuffer) {
    const ResultCarrier Buffer{Call, ResultBuffer, {}, /*IsBuffer=*/true};
    addDecisionsReading(ResultBuffer, Buffer, CallPoint, Out);
    // A field copied into a local first: `mode_t m = st.st_mode; if
    // (S_ISDIR(m))`.
    for (const auto &Entry : BranchesReading)
      if (fieldCopied(Entry.first, ResultBuffer))
        addDecisionsReading(Entry.first, Buffer, CallPoint, Out);
  }
  return Out;
}

std::optional<int64_t> DecisionFinder::valueUnder(const Expr *E,
                                                  const ResultCarrier &Carrier,
                                                  int64_t CarrierValue) const {
  if (!E)
    return std::nullopt;
  E = E->IgnoreParens();
  if (const auto *Full = dyn_cast<FullExpr>(E))
    return valueUnder(Full->getSubExpr(), Carrier, CarrierValue);
  if (const auto *Cast = dyn_cast<CastExpr>(E)) {
    std::optional<int64_t> Sub =
        valueUnder(Cast->getSubExpr(), Carrier, CarrierValue);
    if (Sub && Cast->getType()->isBooleanType())
      return *Sub != 0;
    return Sub;
  }
  if (!Carrier.Var && E == Carrier.Call)
    return CarrierValue;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (Carrier.Var && Ref->getDecl()->getCanonicalDecl() == Carrier.Var)
      return CarrierValue;

  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    std::optional<int64_t> Sub =
        valueUnder(UO->getSubExpr(), Carrier, CarrierValue);
    if (!Sub)
      return std::nullopt;
    switch (UO->getOpcode()) {
    case UO_LNot:
      return *Sub == 0;
    case UO_Minus:
      return -*Sub;
    case UO_Plus:
      return *Sub;
    default:
      return std::nullopt;
    }
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    std::optional<int64_t> L = valueUnder(BO->getLHS(), Carrier, CarrierValue);
    std::optional<int64_t> R = valueUnder(BO->getRHS(), Carrier, CarrierValue);
    switch (BO->getOpcode()) {
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
    switch (BO->getOpcode()) {
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
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (isBuiltinExpect(Call) && Call->getNumArgs() > 0)
      return valueUnder(Call->getArg(0), Carrier, CarrierValue);
  if (const auto *Cond = dyn_cast<ConditionalOperator>(E)) {
    std::optional<int64_t> C =
        valueUnder(Cond->getCond(), Carrier, CarrierValue);
    if (!C)
      return std::nullopt;
    return valueUnder(*C ? Cond->getTrueExpr() : Cond->getFalseExpr(), Carrier,
                      CarrierValue);
  }

  if (!E->isValueDependent() && !E->HasSideEffects(Flow.context())) {
    Expr::EvalResult Result;
    if (E->EvaluateAsInt(Result, Flow.context()))
      return Result.Val.getInt().getSExtValue();
  }
  return std::nullopt;
}

CheckOutcome DecisionFinder::outcomeOfCase(const SwitchStmt &Switch,
                                           const CFGBlock &Block,
                                           unsigned Successor,
                                           const ResultCarrier &Carrier) const {
  if (Carrier.Domain.Values.empty() || Successor >= Block.succ_size())
    return CheckOutcome::Unknown;
  const CFGBlock *Target = *(Block.succ_begin() + Successor);
  if (!Target)
    return CheckOutcome::Unknown;
  // The values of every case label of the switch.
  llvm::SmallVector<int64_t, 4> Labels;
  for (const SwitchCase *C = Switch.getSwitchCaseList(); C;
       C = C->getNextSwitchCase())
    if (const auto *Case = dyn_cast<CaseStmt>(C)) {
      Expr::EvalResult R;
      if (Case->getRHS() ||
          !Case->getLHS()->EvaluateAsInt(R, Flow.context()))
        return CheckOutcome::Unknown;
      Labels.push_back(R.Val.getInt().getSExtValue());
    }
  std::optional<int64_t> Label;
  if (const auto *Case = dyn_cast_or_null<CaseStmt>(Target->getLabel())) {
    Expr::EvalResult R;
    if (!Case->getLHS()->EvaluateAsInt(R, Flow.context()))
      return CheckOutcome::Unknown;
    Label = R.Val.getInt().getSExtValue();
  } else if (!isa_and_nonnull<DefaultStmt>(Target->getLabel())) {
    return CheckOutcome::Unknown;
  }
  bool MaySucceed = false, MayFail = false;
  for (const auto &[Value, Outcome] : Carrier.Domain.Values) {
    std::optional<int64_t> Switched =
        valueUnder(Switch.getCond(), Carrier, Value);
    if (!Switched)
      return CheckOutcome::Unknown;
    const bool Taken = Label ? *Switched == *Label
                             : !llvm::is_contained(Labels, *Switched);
    if (!Taken)
      continue;
    MaySucceed |= Outcome == CheckOutcome::Succeeded;
    MayFail |= Outcome == CheckOutcome::Failed;
  }
  if (MaySucceed == MayFail)
    return CheckOutcome::Unknown;
  return MaySucceed ? CheckOutcome::Succeeded : CheckOutcome::Failed;
}

CheckOutcome DecisionFinder::outcomeWhen(const Expr *Condition, bool Truth,
                                         const ResultCarrier &Carrier) const {
  if (Carrier.Domain.Values.empty())
    return CheckOutcome::Unknown;
  bool MaySucceed = false, MayFail = false;
  for (const auto &[Value, Outcome] : Carrier.Domain.Values) {
    std::optional<int64_t> Result = valueUnder(Condition, Carrier, Value);
    if (Result && (*Result != 0) != Truth)
      continue; // This result of the check cannot take this branch.
    MaySucceed |= Outcome == CheckOutcome::Succeeded;
    MayFail |= Outcome == CheckOutcome::Failed;
  }
  if (MaySucceed == MayFail)
    return CheckOutcome::Unknown;
  return MaySucceed ? CheckOutcome::Succeeded : CheckOutcome::Failed;
}

namespace {
/// True if \p Block calls a function whose name says it reports a failed
/// assertion (`__assert_fail` behind `assert`, `g_assertion_message_expr`,
/// a test framework's `ck_assert_failed`...).
bool callsAssertionFailure(const CFGBlock &Block) {
  for (const CFGElement &Element : Block) {
    std::optional<CFGStmt> S = Element.getAs<CFGStmt>();
    const auto *Call = S ? dyn_cast<CallExpr>(S->getStmt()) : nullptr;
    const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
    if (FD && FD->getIdentifier() &&
        FD->getName().lower().find("assert") != std::string::npos)
      return true;
  }
  return false;
}
} // namespace

bool DecisionFinder::isAssertion(const CFGBlock &Branch,
                                 llvm::ArrayRef<unsigned> Leading) const {
  unsigned Index = 0;
  for (const CFGBlock::AdjacentBlock &Succ : Branch.succs()) {
    const unsigned This = Index++;
    const CFGBlock *Next = Succ.getReachableBlock();
    if (!Next || llvm::is_contained(Leading, This))
      continue;
    if (callsAssertionFailure(*Next))
      return true;
  }
  return false;
}

Dependence DecisionFinder::dependenceOf(llvm::ArrayRef<Decision> Decisions,
                                        FlowPoint Use,
                                        const CFGBlock *Check) const {
  Dependence Result;
  bool SeenSucceeded = false, SeenFailed = false;
  for (const Decision &D : Decisions) {
    llvm::SmallVector<unsigned, 2> Leading;
    if (!Flow.decides(D.Block, Use.Block, &Leading, Check))
      continue;
    if (isAssertion(*D.Block, Leading))
      continue;
    Result.Depends = true;
    Result.Conditions.push_back(D.Condition);
    Result.ViaBuffer |= D.Carrier.IsBuffer;
    // Two-way branches: successor 0 is taken when the condition is true. A
    // switch: each successor is a case label (or the default).
    const auto *Switch = dyn_cast_or_null<SwitchStmt>(D.Block->getTerminatorStmt());
    const bool TwoWay = !Switch && D.Block->succ_size() == 2;
    Result.Truths.push_back(
        TwoWay && Leading.size() == 1
            ? std::optional<bool>(Leading.front() == 0)
            : std::nullopt);
    std::optional<CheckOutcome> Here;
    for (unsigned I : Leading) {
      CheckOutcome O = TwoWay   ? outcomeWhen(D.Condition, I == 0, D.Carrier)
                       : Switch ? outcomeOfCase(*Switch, *D.Block, I, D.Carrier)
                                : CheckOutcome::Unknown;
      if (Here && *Here != O)
        O = CheckOutcome::Unknown;
      Here = O;
    }
    SeenSucceeded |= *Here == CheckOutcome::Succeeded;
    SeenFailed |= *Here == CheckOutcome::Failed;
  }
  if (SeenSucceeded != SeenFailed)
    Result.Outcome =
        SeenSucceeded ? CheckOutcome::Succeeded : CheckOutcome::Failed;
  return Result;
}

bool DecisionFinder::runsOnOtherSide(llvm::ArrayRef<Decision> Decisions,
                                     FlowPoint Use, FlowPoint Target) const {
  for (const Decision &D : Decisions) {
    llvm::SmallVector<unsigned, 2> Leading;
    if (!Flow.decides(D.Block, Use.Block, &Leading) ||
        isAssertion(*D.Block, Leading))
      continue;
    unsigned I = 0;
    for (const CFGBlock::AdjacentBlock &Succ : D.Block->succs()) {
      const unsigned Index = I++;
      const CFGBlock *Next = Succ.getReachableBlock();
      if (!Next || llvm::is_contained(Leading, Index))
        continue;
      if (Flow.blockReachesAvoiding(Next, Target.Block, D.Block))
        return true;
    }
  }
  return false;
}

} // namespace clang::tidy::toctou
