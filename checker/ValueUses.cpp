//===--- ValueUses.cpp - Where a value read goes, in one function ---------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/ValueUses.h"
#include "matchers/ResourceKey.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"

namespace clang::tidy::toctou {

namespace {

/// Climbs from \p E through what keeps its value as it is.
const Stmt *valueParent(const Stmt *E, const ParentMap &PM,
                        const Stmt **Child) {
  const Stmt *Current = E;
  const Stmt *Parent = PM.getParent(Current);
  while (Parent &&
         (isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
              CXXBindTemporaryExpr, ExprWithCleanups, CXXFunctionalCastExpr>(
              Parent) ||
          (isa<CXXConstructExpr>(Parent) &&
           cast<CXXConstructExpr>(Parent)->getNumArgs() == 1))) {
    Current = Parent;
    Parent = PM.getParent(Current);
  }
  *Child = Current;
  return Parent;
}

bool isLocal(const VarDecl *Var) {
  return Var && Var->isLocalVarDeclOrParm() && !Var->isStaticLocal();
}

} // namespace

const VarDecl *savedInto(const Expr *E, const ParentMap &PM) {
  const Stmt *Child = nullptr;
  const Stmt *Parent = valueParent(E, PM, &Child);
  if (!Parent)
    return nullptr;
  if (const auto *DS = dyn_cast<DeclStmt>(Parent)) {
    for (const Decl *D : DS->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        if (Var->getInit() == Child && isLocal(Var) &&
            !Var->getType()->isReferenceType())
          return Var;
    return nullptr;
  }
  if (const auto *Assign = dyn_cast<BinaryOperator>(Parent)) {
    if (Assign->getOpcode() != BO_Assign || Assign->getRHS() != Child)
      return nullptr;
    if (const auto *Ref =
            dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts()))
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
        return isLocal(Var) ? Var : nullptr;
  }
  return nullptr;
}

const VarDecl *carrierOf(const Expr *E, const ParentMap &PM) {
  const Stmt *Child = E;
  const Stmt *Parent = PM.getParent(Child);
  while (Parent) {
    if (const auto *DS = dyn_cast<DeclStmt>(Parent)) {
      for (const Decl *D : DS->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          if (Var->getInit() && containsStmt(Var->getInit(), E) &&
              isLocal(Var) && !Var->getType()->isReferenceType())
            return Var;
      return nullptr;
    }
    if (const auto *Assign = dyn_cast<BinaryOperator>(Parent)) {
      if (Assign->getOpcode() == BO_Assign && Assign->getRHS() == Child) {
        if (const auto *Ref =
                dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts()))
          if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
            return isLocal(Var) ? Var : nullptr;
        return nullptr;
      }
    }
    // `status = row[0].as<std::string>()` on an object of class type.
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Parent);
        Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
        Op->getArg(1) == Child) {
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(Op->getArg(0)->IgnoreParenImpCasts()))
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
          return isLocal(Var) ? Var : nullptr;
      return nullptr;
    }
    // Not out of the expression: a call's result, a condition, a statement.
    if (!isa<Expr>(Parent) || isa<LambdaExpr>(Parent))
      return nullptr;
    Child = Parent;
    Parent = PM.getParent(Child);
  }
  return nullptr;
}

bool containsStmt(const Stmt *S, const Stmt *Inner) {
  if (!S || !Inner)
    return false;
  if (S == Inner)
    return true;
  for (const Stmt *Child : S->children())
    if (containsStmt(Child, Inner))
      return true;
  return false;
}

namespace {
bool namesVar(const Stmt *S, const VarDecl *Var, unsigned Depth) {
  if (!S)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
    const auto *Named = dyn_cast<VarDecl>(Ref->getDecl());
    if (Named == Var)
      return true;
    // A local computed from Var: `auto next = seen + 1;`.
    if (Depth < 3 && isLocal(Named) && Named->getInit() &&
        !Named->getType()->isReferenceType() &&
        namesVar(Named->getInit(), Var, Depth + 1))
      return true;
    return false;
  }
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S))
    return namesVar(Lambda->getBody(), Var, Depth);
  for (const Stmt *Child : S->children())
    if (namesVar(Child, Var, Depth))
      return true;
  return false;
}
} // namespace

bool usesValueOf(const Stmt *S, const VarDecl *Var) {
  return Var && namesVar(S, Var, 0);
}

namespace {
/// True if \p E is \p Var's value as it is: \p Var, a copy of it, or
/// `std::move` of either.
bool isValueOf(const Expr *E, const VarDecl *Var, unsigned Depth) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    if (Construct->getNumArgs() == 1 &&
        Construct->getConstructor()->isCopyOrMoveConstructor())
      E = Construct->getArg(0)->IgnoreParenImpCasts();
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (FD && FD->isInStdNamespace() && FD->getIdentifier() &&
        FD->getName() == "move" && Call->getNumArgs() == 1)
      E = Call->getArg(0)->IgnoreParenImpCasts();
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *Named = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Named)
    return false;
  if (Named == Var)
    return true;
  return Depth < 3 && isLocal(Named) && Named->getInit() &&
         !Named->getType()->isReferenceType() &&
         isValueOf(Named->getInit(), Var, Depth + 1);
}

bool argumentPasses(const Expr *Arg, const VarDecl *Var) {
  Arg = Arg->IgnoreParenImpCasts();
  if (const auto *List = dyn_cast<InitListExpr>(Arg)) {
    for (const Expr *Element : List->inits())
      if (isValueOf(Element, Var, 0))
        return true;
    return false;
  }
  if (const auto *Temp = dyn_cast<CXXTemporaryObjectExpr>(Arg)) {
    for (const Expr *Element : Temp->arguments())
      if (isValueOf(Element, Var, 0))
        return true;
    return false;
  }
  return isValueOf(Arg, Var, 0);
}
} // namespace

bool passesValueOf(const Expr *Call, const VarDecl *Var) {
  if (!Call || !Var)
    return false;
  Call = Call->IgnoreParenImpCasts();
  if (const auto *C = dyn_cast<CallExpr>(Call)) {
    for (const Expr *Arg : C->arguments())
      if (argumentPasses(Arg, Var))
        return true;
    return false;
  }
  if (const auto *C = dyn_cast<CXXConstructExpr>(Call)) {
    for (const Expr *Arg : C->arguments())
      if (argumentPasses(Arg, Var))
        return true;
    return false;
  }
  return false;
}

std::pair<const Stmt *, const CompoundStmt *> statementOf(const Stmt *S,
                                                          const ParentMap &PM) {
  const Stmt *Current = S;
  while (Current) {
    const Stmt *Parent = PM.getParent(Current);
    if (!Parent)
      return {nullptr, nullptr};
    if (const auto *Compound = dyn_cast<CompoundStmt>(Parent))
      return {Current, Compound};
    // Not out of a condition or an initializer into the statement around.
    if (isa<IfStmt, WhileStmt, ForStmt, DoStmt, SwitchStmt, CXXForRangeStmt>(
            Parent) ||
        isa<LambdaExpr>(Parent))
      return {nullptr, nullptr};
    if (!isa<Expr, DeclStmt, ReturnStmt>(Parent))
      return {nullptr, nullptr};
    Current = Parent;
  }
  return {nullptr, nullptr};
}

std::optional<SharedState> sharedStateOf(const Expr *E) {
  if (!E)
    return std::nullopt;
  E = stripImplicit(E);
  // A subscript is its container.
  if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E))
    return sharedStateOf(Sub->getBase());
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    if (Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2)
      return sharedStateOf(Op->getArg(0));
  const ValueDecl *Decl = nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var || !Var->hasGlobalStorage())
      return std::nullopt;
    Decl = Var;
  } else if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (!Field)
      return std::nullopt;
    // The root of the chain: `this`, a global, or a pointer or a reference
    // (what it points to may be shared); not a local object.
    const Expr *Base = Member->getBase()->IgnoreParenImpCasts();
    bool Shared = Member->isArrow();
    while (!Shared) {
      if (isa<CXXThisExpr>(Base)) {
        Shared = true;
      } else if (const auto *Inner = dyn_cast<MemberExpr>(Base)) {
        Shared = Inner->isArrow();
        Base = Inner->getBase()->IgnoreParenImpCasts();
        continue;
      } else if (const auto *Ref = dyn_cast<DeclRefExpr>(Base)) {
        const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Shared = Var &&
                 (Var->hasGlobalStorage() || Var->getType()->isReferenceType());
      }
      break;
    }
    if (!Shared)
      return std::nullopt;
    Decl = Field;
  } else {
    return std::nullopt;
  }
  std::optional<std::string> Key = storageSignature(E, nullptr);
  if (!Key)
    return std::nullopt;
  return SharedState{std::move(*Key), Decl, E};
}

bool overlaps(llvm::StringRef A, llvm::StringRef B) {
  if (A.size() > B.size())
    std::swap(A, B);
  if (!B.starts_with(A))
    return false;
  return B.size() == A.size() || B[A.size()] == '.' || B[A.size()] == '-' ||
         B[A.size()] == '[';
}

const Expr *terminatorCondition(const CFGBlock *Block) {
  return dyn_cast_or_null<Expr>(Block->getTerminatorCondition(false));
}

namespace {

/// The condition of \p Block when it decides whether \p Target runs, is
/// reached from \p From, and \p Reads accepts it; null otherwise.
const Expr *conditionDeciding(const FunctionFlow &Flow, const CFGBlock *Block,
                              FlowPoint From, FlowPoint Target,
                              llvm::function_ref<bool(const Expr *)> Reads) {
  if (!Block->getTerminatorStmt())
    return nullptr;
  const Expr *Condition = terminatorCondition(Block);
  if (!Condition || !Reads(Condition))
    return nullptr;
  if (Block != From.Block &&
      !Flow.blockReachesAvoiding(From.Block, Block, nullptr))
    return nullptr;
  return Flow.decides(Block, Target.Block) ? Condition : nullptr;
}

} // namespace

const Expr *decidingCondition(
    const FunctionFlow &Flow, FlowPoint From, FlowPoint Target,
    llvm::function_ref<bool(const Expr *)> Reads,
    std::optional<llvm::ArrayRef<const CFGBlock *>> Among) {
  if (Among) {
    for (const CFGBlock *Block : *Among)
      if (const Expr *C = conditionDeciding(Flow, Block, From, Target, Reads))
        return C;
    return nullptr;
  }
  for (const CFGBlock *Block : Flow.cfg())
    if (const Expr *C = conditionDeciding(Flow, Block, From, Target, Reads))
      return C;
  return nullptr;
}

llvm::SmallVector<const Expr *, 4> decidingConditions(
    const FunctionFlow &Flow, FlowPoint From, FlowPoint Target,
    llvm::function_ref<bool(const Expr *)> Reads,
    llvm::ArrayRef<const CFGBlock *> Among) {
  llvm::SmallVector<const Expr *, 4> All;
  for (const CFGBlock *Block : Among)
    if (const Expr *C = conditionDeciding(Flow, Block, From, Target, Reads))
      All.push_back(C);
  return All;
}

const VarDecl *variableOf(const ValueDecl *D) {
  if (const auto *Binding = dyn_cast_or_null<BindingDecl>(D))
    return dyn_cast_or_null<VarDecl>(Binding->getDecomposedDecl());
  return dyn_cast_or_null<VarDecl>(D);
}

namespace {

/// What a statement names: variables, and the calls in it.
class ConditionNames : public RecursiveASTVisitor<ConditionNames> {
public:
  llvm::SmallVector<const VarDecl *, 4> Vars;
  llvm::SmallVector<const Stmt *, 2> Calls;
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const VarDecl *V = variableOf(Ref->getDecl()))
      if (!llvm::is_contained(Vars, V))
        Vars.push_back(V);
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    Calls.push_back(Call);
    return true;
  }
};

} // namespace

llvm::SmallVector<const VarDecl *, 4> variablesNamedIn(const Stmt *S) {
  ConditionNames Names;
  Names.TraverseStmt(const_cast<Stmt *>(S));
  return std::move(Names.Vars);
}

ConditionIndex::ConditionIndex(const FunctionFlow &Flow) {
  for (const CFGBlock *Block : Flow.cfg()) {
    if (!Block->getTerminatorStmt())
      continue;
    const Expr *Condition = terminatorCondition(Block);
    if (!Condition)
      continue;
    const unsigned Index = Blocks.size();
    Blocks.push_back(Block);
    ConditionNames Names;
    Names.TraverseStmt(const_cast<Expr *>(Condition));
    for (const VarDecl *V : Names.Vars)
      ByVar[V].push_back(Index);
    for (const Stmt *Call : Names.Calls)
      ByCall[Call].push_back(Index);
  }
}

llvm::SmallVector<const CFGBlock *, 4>
ConditionIndex::naming(const llvm::DenseSet<const VarDecl *> &Vars,
                       const Stmt *Call) const {
  llvm::SmallVector<unsigned, 8> Indexes;
  for (const VarDecl *V : Vars) {
    auto It = ByVar.find(V);
    if (It != ByVar.end())
      Indexes.append(It->second.begin(), It->second.end());
  }
  if (Call) {
    auto It = ByCall.find(Call);
    if (It != ByCall.end())
      Indexes.append(It->second.begin(), It->second.end());
  }
  llvm::sort(Indexes);
  Indexes.erase(std::unique(Indexes.begin(), Indexes.end()), Indexes.end());
  llvm::SmallVector<const CFGBlock *, 4> Result;
  for (unsigned I : Indexes)
    Result.push_back(Blocks[I]);
  return Result;
}

} // namespace clang::tidy::toctou
