//===--- OpenThenFstat.cpp - Open first, then judge the descriptor --------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "fixits/OpenThenFstat.h"
#include "fixits/Rewrites.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/Stmt.h"
#include "clang/Lex/Lexer.h"
#include <iterator>

namespace clang::tidy::toctou {

std::optional<llvm::SmallVector<FixItHint, 3>>
openFirstThenFstat(const CallExpr *Stat, const Expr *Buffer,
                   const CallExpr *Open, const ParentMap &Parents,
                   const ASTContext &Ctx) {
  if (!Stat || !Buffer || !Open)
    return std::nullopt;
  // The if whose condition holds the check.
  const Stmt *Child = Stat;
  const IfStmt *If = nullptr;
  while (const Stmt *Parent = Parents.getParent(Child)) {
    if (const auto *I = dyn_cast<IfStmt>(Parent)) {
      if (I->getCond() == Child)
        If = I;
      break;
    }
    if (!isa<Expr>(Parent))
      break;
    Child = Parent;
  }
  if (!If || If->getElse() || If->getInit() || If->getConditionVariable() ||
      !isa<ReturnStmt>(If->getThen()))
    return std::nullopt;
  const auto *Cond = dyn_cast<Expr>(If->getCond()->IgnoreParens());
  if (!Cond || isa<AbstractConditionalOperator>(Cond))
    return std::nullopt;
  // The declaration right after it, initialized by the open.
  const auto *Block = dyn_cast_or_null<CompoundStmt>(Parents.getParent(If));
  if (!Block)
    return std::nullopt;
  const DeclStmt *Decl = nullptr;
  for (auto It = Block->body_begin(); It != Block->body_end(); ++It)
    if (*It == If && std::next(It) != Block->body_end())
      Decl = dyn_cast<DeclStmt>(*std::next(It));
  const VarDecl *Fd =
      Decl && Decl->isSingleDecl() ? dyn_cast<VarDecl>(Decl->getSingleDecl())
                                   : nullptr;
  if (!Fd || !Fd->getInit() || !Fd->getIdentifier() ||
      Fd->getInit()->IgnoreParenImpCasts() != Open)
    return std::nullopt;
  std::optional<CharSourceRange> DeclRange = statementRange(Decl, Ctx);
  std::optional<std::string> BufferText = sourceText(Buffer, Ctx);
  std::optional<std::string> ReturnText;
  if (std::optional<CharSourceRange> R = statementRange(If->getThen(), Ctx))
    ReturnText = Lexer::getSourceText(*R, Ctx.getSourceManager(),
                                      Ctx.getLangOpts())
                     .str();
  if (!DeclRange || !BufferText || !ReturnText)
    return std::nullopt;
  const std::string DeclText =
      Lexer::getSourceText(*DeclRange, Ctx.getSourceManager(),
                           Ctx.getLangOpts())
          .str();
  const std::string Name = Fd->getName().str();
  const std::string Indent = indentationOf(If, Ctx);
  std::optional<FixItHint> Hoist =
      insertBeforeStatement(If, DeclText + "\n" + Indent, Ctx);
  std::optional<FixItHint> Guard = insertBefore(Cond, Name + " < 0 || ", Ctx);
  std::optional<FixItHint> Fstat =
      replaceWhole(Stat, "fstat(" + Name + ", " + *BufferText + ")", Ctx);
  std::optional<FixItHint> Close = replaceStatement(
      If->getThen(),
      "{\n" + Indent + "    if (" + Name + " >= 0)\n" + Indent + "      close(" +
          Name + ");\n" + Indent + "    " + *ReturnText + "\n" + Indent +
          "  }",
      Ctx);
  std::optional<FixItHint> Remove = removeStatement(Decl, Ctx);
  if (!Hoist || !Guard || !Fstat || !Close || !Remove)
    return std::nullopt;
  return llvm::SmallVector<FixItHint, 3>{*Hoist, *Guard, *Fstat, *Close,
                                         *Remove};
}

} // namespace clang::tidy::toctou
