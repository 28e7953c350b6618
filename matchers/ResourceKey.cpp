//===--- ResourceKey.cpp - Which resource an argument names ---------------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "matchers/ResourceKey.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"

namespace clang::tidy::toctou {

namespace {
/// The local variable or parameter that \p E names, looking through parens
/// and implicit conversions (array decay, lvalue-to-rvalue, added const).
const VarDecl *namedLocalVariable(const Expr *E) {
  if (!E)
    return nullptr;
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  if (!Ref)
    return nullptr;
  const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
  if (!Var || !Var->hasLocalStorage())
    return nullptr;
  return Var->getCanonicalDecl();
}

/// True if an argument bound to a parameter of type \p ParamType may have
/// what it points to, or itself, modified by the callee.
bool parameterMayWrite(QualType ParamType) {
  if (const auto *Ref = ParamType->getAs<ReferenceType>())
    return !Ref->getPointeeType().isConstQualified();
  if (const auto *Ptr = ParamType->getAs<PointerType>())
    return !Ptr->getPointeeType().isConstQualified();
  return false;
}

const FunctionProtoType *calleeProto(const CallExpr *Call) {
  if (const FunctionDecl *FD = Call->getDirectCallee())
    return FD->getType()->getAs<FunctionProtoType>();
  QualType CalleeType = Call->getCallee()->getType();
  if (const auto *Ptr = CalleeType->getAs<PointerType>())
    CalleeType = Ptr->getPointeeType();
  return CalleeType->getAs<FunctionProtoType>();
}

void collectFromCall(const CallExpr *Call,
                     llvm::SmallVectorImpl<const VarDecl *> &Out) {
  const FunctionProtoType *Proto = calleeProto(Call);
  unsigned FirstArg = 0;
  // A member operator call carries the object as argument 0.
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (const auto *Method =
            dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee())) {
      if (!Method->isConst() && Op->getNumArgs() > 0)
        if (const VarDecl *Var = namedLocalVariable(Op->getArg(0)))
          Out.push_back(Var);
      FirstArg = 1;
    }
  }
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (Method && !Method->isConst())
      if (const VarDecl *Var =
              namedLocalVariable(Member->getImplicitObjectArgument()))
        Out.push_back(Var);
  }
  if (!Proto)
    return;
  for (unsigned I = FirstArg, E = Call->getNumArgs(); I < E; ++I) {
    unsigned ParamIndex = I - FirstArg;
    // Variadic arguments (printf's) are read, not written.
    if (ParamIndex >= Proto->getNumParams())
      break;
    if (!parameterMayWrite(Proto->getParamType(ParamIndex)))
      continue;
    if (const VarDecl *Var = namedLocalVariable(Call->getArg(I)))
      Out.push_back(Var);
  }
}
} // namespace

std::optional<ResourceKey> ResourceKey::fromArgument(const Expr *Arg) {
  const VarDecl *Var = namedLocalVariable(Arg);
  if (!Var)
    return std::nullopt;
  return ResourceKey(Var);
}

void collectOverwrittenVariables(const Stmt *S,
                                 llvm::SmallVectorImpl<const VarDecl *> &Out) {
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->isAssignmentOp())
      if (const VarDecl *Var = namedLocalVariable(BO->getLHS()))
        Out.push_back(Var);
    return;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
    if (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf)
      if (const VarDecl *Var = namedLocalVariable(UO->getSubExpr()))
        Out.push_back(Var);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        Out.push_back(Var->getCanonicalDecl());
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    collectFromCall(Call, Out);
    return;
  }
}

} // namespace clang::tidy::toctou
