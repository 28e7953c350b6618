//===--- WhileOpen.cpp - Change a created file while it is open -----------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "fixits/WhileOpen.h"
#include "fixits/Rewrites.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"

namespace clang::tidy::toctou {

namespace {

/// The statement of \p S that is a direct child of a compound statement,
/// and that compound statement. An `if`/`while` whose condition holds \p S
/// counts as the statement.
std::pair<const Stmt *, const CompoundStmt *>
enclosingStatement(const Stmt *S, const ParentMap &Parents) {
  const Stmt *Current = S;
  while (const Stmt *Parent = Parents.getParent(Current)) {
    if (const auto *Compound = dyn_cast<CompoundStmt>(Parent))
      return {Current, Compound};
    if (!isa<Expr, IfStmt, ReturnStmt, DeclStmt>(Parent))
      return {nullptr, nullptr};
    // Not out of an if's branch: only its condition.
    if (const auto *If = dyn_cast<IfStmt>(Parent))
      if (If->getCond() != Current)
        return {nullptr, nullptr};
    Current = Parent;
  }
  return {nullptr, nullptr};
}

/// True if \p S can leave the block it is in other than by its end. A
/// `break` or `continue` of a loop (or a `break` of a switch) inside \p S
/// stays inside it.
struct LeavesBlock : RecursiveASTVisitor<LeavesBlock> {
  bool Found = false;
  /// Loops, and loops or switches, entered below \p S.
  unsigned Loops = 0, Breakables = 0;

  bool VisitReturnStmt(ReturnStmt *) { return !(Found = true); }
  bool VisitGotoStmt(GotoStmt *) { return !(Found = true); }
  bool VisitIndirectGotoStmt(IndirectGotoStmt *) { return !(Found = true); }
  bool VisitCXXThrowExpr(CXXThrowExpr *) { return !(Found = true); }
  bool VisitBreakStmt(BreakStmt *) { return !(Found |= Breakables == 0); }
  bool VisitContinueStmt(ContinueStmt *) { return !(Found |= Loops == 0); }
  bool VisitCallExpr(CallExpr *Call) {
    if (const FunctionDecl *FD = Call->getDirectCallee())
      Found |= FD->isNoReturn();
    return !Found;
  }
  bool TraverseWhileStmt(WhileStmt *S) {
    return inside(true, [&] { return Base::TraverseWhileStmt(S); });
  }
  bool TraverseDoStmt(DoStmt *S) {
    return inside(true, [&] { return Base::TraverseDoStmt(S); });
  }
  bool TraverseForStmt(ForStmt *S) {
    return inside(true, [&] { return Base::TraverseForStmt(S); });
  }
  bool TraverseSwitchStmt(SwitchStmt *S) {
    return inside(false, [&] { return Base::TraverseSwitchStmt(S); });
  }

private:
  using Base = RecursiveASTVisitor<LeavesBlock>;
  template <typename Walk> bool inside(bool Loop, Walk W) {
    Loops += Loop;
    ++Breakables;
    const bool Continue = W();
    Loops -= Loop;
    --Breakables;
    return Continue;
  }
};

/// True if the function never changes the variable \p V (no assignment,
/// increment, or address taken) after its declaration.
struct Changes : RecursiveASTVisitor<Changes> {
  const ValueDecl *V;
  bool Found = false;
  explicit Changes(const ValueDecl *V) : V(V) {}
  bool names(const Expr *E) const {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return Ref && Ref->getDecl() == V;
  }
  bool VisitBinaryOperator(BinaryOperator *B) {
    Found |= B->isAssignmentOp() && names(B->getLHS());
    return !Found;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    Found |= (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf) &&
             names(U->getSubExpr());
    return !Found;
  }
};

/// True if \p Arg means at the close what it means at the change:
/// a constant, or made of variables (and constants) the function never
/// changes.
bool stableArgument(const Expr *Arg, const Stmt *Body, const ASTContext &Ctx) {
  if (Arg->isValueDependent())
    return false;
  Expr::EvalResult Constant;
  if (Arg->EvaluateAsInt(Constant, Ctx))
    return true;
  bool Stable = true;
  struct Refs : RecursiveASTVisitor<Refs> {
    llvm::SmallVector<const ValueDecl *, 2> Vars;
    bool Calls = false;
    bool VisitDeclRefExpr(DeclRefExpr *R) {
      if (isa<VarDecl>(R->getDecl()))
        Vars.push_back(R->getDecl());
      return true;
    }
    bool VisitCallExpr(CallExpr *) { return !(Calls = true); }
  } Named;
  Named.TraverseStmt(const_cast<Expr *>(Arg));
  if (Named.Calls)
    return false;
  for (const ValueDecl *V : Named.Vars) {
    const auto *Var = cast<VarDecl>(V);
    if (!Var->isLocalVarDeclOrParm() || Var->isStaticLocal())
      return false;
    Changes Finder(V);
    Finder.TraverseStmt(const_cast<Stmt *>(Body));
    Stable &= !Finder.Found;
  }
  return Stable;
}

} // namespace

llvm::SmallVector<FixItHint, 2>
changeBeforeClose(const CallExpr *ByName, const CallExpr *Close,
                  const ByDescriptor &Form, llvm::StringRef Descriptor,
                  const ParentMap &Parents, const ASTContext &Ctx) {
  if (!ByName || !Close || Form.Function.empty() ||
      ByName->getBeginLoc().isMacroID() || Close->getBeginLoc().isMacroID())
    return {};
  // The change is a statement of its own: removing it changes nothing else.
  const auto [Change, Block] = enclosingStatement(ByName, Parents);
  if (Change != ByName || !Block)
    return {};
  const auto [CloseStmt, CloseBlock] = enclosingStatement(Close, Parents);
  if (!CloseStmt || CloseBlock != Block)
    return {};
  // The close comes first, and whatever runs between them runs to its end.
  bool SeenClose = false;
  for (const Stmt *Child : Block->body()) {
    if (Child == Change)
      break;
    if (Child == CloseStmt) {
      SeenClose = true;
      continue;
    }
    if (!SeenClose)
      continue;
    LeavesBlock Leaves;
    Leaves.TraverseStmt(const_cast<Stmt *>(Child));
    if (Leaves.Found)
      return {};
  }
  if (!SeenClose)
    return {};
  // (`if (fclose(f)) return -1;` closes first: the change goes before the
  // `if`.) The function's body, where the arguments' variables live.
  const Stmt *Body = Parents.getParent(Block);
  while (Body && Parents.getParent(Body))
    Body = Parents.getParent(Body);
  if (!Body)
    Body = Block;
  for (const Expr *Arg : Form.Rest)
    if (!stableArgument(Arg, Body, Ctx))
      return {};
  const std::optional<std::string> Call =
      descriptorCallText(Form, Descriptor, Ctx);
  if (!Call)
    return {};
  const std::string Indent = indentationOf(CloseStmt, Ctx);
  std::optional<FixItHint> Insert = insertBeforeStatement(
      CloseStmt, *Call + ";\n" + Indent, Ctx);
  std::optional<FixItHint> Remove = removeStatement(Change, Ctx);
  if (!Insert || !Remove)
    return {};
  return {*Insert, *Remove};
}

} // namespace clang::tidy::toctou
