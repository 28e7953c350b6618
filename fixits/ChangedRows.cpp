//===--- ChangedRows.cpp - Act only if a guarded write changed a row -------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "fixits/ChangedRows.h"
#include "fixits/Rewrites.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::toctou {

llvm::SmallVector<FixItHint, 3> leaveIfNoRowChanged(const ChangedRowsGuard &G,
                                                     const ASTContext &Ctx) {
  std::optional<CharSourceRange> Write = statementRange(G.Write, Ctx);
  if (!Write || !G.Before)
    return {};
  const std::string Indent = indentationOf(G.Before, Ctx);
  const std::string Exit = G.Leave == LeaveBy::Continue ? "continue;" : "return;";
  std::string Leave;
  for (const Stmt *S : G.CleanUps) {
    std::optional<CharSourceRange> R = statementRange(S, Ctx);
    if (!R)
      return {};
    bool Invalid = false;
    llvm::StringRef Written = Lexer::getSourceText(
        *R, Ctx.getSourceManager(), Ctx.getLangOpts(), &Invalid);
    if (Invalid || Written.empty() || Written.contains('\n'))
      return {};
    Leave += "\n" + Indent + "  " + Written.str();
  }
  Leave = G.CleanUps.empty() ? "\n" + Indent + "  " + Exit
                             : " {" + Leave + "\n" + Indent + "  " + Exit +
                                   "\n" + Indent + "}";
  llvm::SmallVector<FixItHint, 3> Out;
  if (!G.Kept.empty() && !G.Release) {
    std::optional<FixItHint> Keep =
        insertBeforeStatement(G.Write, G.KeptType + G.Kept + " = ", Ctx);
    if (!Keep)
      return {};
    Out.push_back(*Keep);
  }
  // Without a name: the rows' work follows the write, ask there. With
  // one: keep the count (a release may come between) and ask before the
  // rows' work.
  const std::string WriteIndent = indentationOf(G.Write, Ctx);
  const std::string KeepCount =
      "const int " + G.Name + " = " + G.Count + " != 0;";
  if (G.Release && G.Released && !G.Kept.empty() && !G.Name.empty()) {
    // `PQclear(` → `PGresult *written = `; `)` → the count and the release.
    const SourceManager &SM = Ctx.getSourceManager();
    const LangOptions &LO = Ctx.getLangOpts();
    const SourceLocation Open = G.Release->getBeginLoc();
    const SourceLocation CallBegin = G.Released->getBeginLoc();
    const SourceLocation CallEnd =
        Lexer::getLocForEndOfToken(G.Released->getEndLoc(), 0, SM, LO);
    const SourceLocation Close =
        Lexer::getLocForEndOfToken(G.Release->getRParenLoc(), 0, SM, LO);
    if (Open.isMacroID() || CallBegin.isMacroID() || CallEnd.isInvalid() ||
        Close.isInvalid() || CallEnd.isMacroID() || Close.isMacroID())
      return {};
    const llvm::StringRef Releaser = Lexer::getSourceText(
        CharSourceRange::getTokenRange(G.Release->getCallee()->getSourceRange()),
        SM, LO);
    Out.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getCharRange(Open, CallBegin),
        G.KeptType + G.Kept + " = "));
    Out.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getCharRange(CallEnd, Close),
        ";\n" + WriteIndent + KeepCount + "\n" + WriteIndent +
            Releaser.str() + "(" + G.Kept + ")"));
  } else if (G.Release) {
    return {};
  } else if (!G.Name.empty()) {
    Out.push_back(FixItHint::CreateInsertion(Write->getEnd(),
                                             "\n" + WriteIndent + KeepCount));
  }
  std::optional<FixItHint> Ask =
      G.Name.empty()
          ? FixItHint::CreateInsertion(Write->getEnd(),
                                       "\n" + Indent + "if (" + G.Count +
                                           " == 0)" + Leave)
          : insertBeforeStatement(G.Before,
                                  "if (!" + G.Name + ")" + Leave + "\n" +
                                      Indent,
                                  Ctx);
  if (!Ask)
    return {};
  Out.push_back(*Ask);
  return Out;
}

} // namespace clang::tidy::toctou
