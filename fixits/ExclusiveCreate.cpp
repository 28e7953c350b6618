//===--- ExclusiveCreate.cpp - Create-only-if-absent rewrites -------------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "fixits/ExclusiveCreate.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include <algorithm>

namespace clang::tidy::toctou {

namespace {
/// The characters of \p E in the main text of a file, or an invalid range
/// when \p E is spelled inside a macro definition or across files.
CharSourceRange fileRangeOf(const Expr *E, const SourceManager &SM,
                            const LangOptions &LangOpts) {
  return Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E->getSourceRange()), SM, LangOpts);
}

/// True if appending `| X` after \p E would change how \p E is grouped.
bool needsParensBeforeBitOr(const Expr *E) {
  E = E->IgnoreImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    return BO->getOpcode() > BO_Or; // &&, ||, assignments, comma.
  return isa<AbstractConditionalOperator>(E);
}
} // namespace

llvm::SmallVector<FixItHint, 2> appendOpenFlag(const Expr *Flags,
                                               llvm::StringRef Flag,
                                               const SourceManager &SM,
                                               const LangOptions &LangOpts) {
  llvm::SmallVector<FixItHint, 2> Fixes;
  CharSourceRange Range = fileRangeOf(Flags, SM, LangOpts);
  if (Range.isInvalid())
    return Fixes;
  const std::string Suffix = (" | " + Flag).str();
  if (needsParensBeforeBitOr(Flags)) {
    Fixes.push_back(FixItHint::CreateInsertion(Range.getBegin(), "("));
    Fixes.push_back(FixItHint::CreateInsertion(Range.getEnd(), ")" + Suffix));
    return Fixes;
  }
  Fixes.push_back(FixItHint::CreateInsertion(Range.getEnd(), Suffix));
  return Fixes;
}

std::optional<FixItHint> appendFopenModeChar(const Expr *Mode, char ModeChar,
                                             const SourceManager &SM,
                                             const LangOptions &LangOpts) {
  const auto *Literal = dyn_cast<StringLiteral>(Mode->IgnoreParenImpCasts());
  if (!Literal || !Literal->isOrdinary() || Literal->getNumConcatenated() != 1)
    return std::nullopt;
  CharSourceRange Range = fileRangeOf(Literal, SM, LangOpts);
  if (Range.isInvalid())
    return std::nullopt;
  // Rewrite only a literal whose spelling is exactly its value in quotes.
  const std::string Expected = ("\"" + Literal->getString() + "\"").str();
  if (Lexer::getSourceText(Range, SM, LangOpts) != Expected)
    return std::nullopt;
  // The mode characters end at a comma (`,ccs=UTF-8`).
  const llvm::StringRef Value = Literal->getString();
  const size_t End = std::min(Value.find(','), Value.size());
  if (Value.take_front(End).contains(ModeChar))
    return std::nullopt;
  const std::string Replacement = ("\"" + Value.take_front(End) +
                                   llvm::StringRef(&ModeChar, 1) +
                                   Value.drop_front(End) + "\"")
                                      .str();
  return FixItHint::CreateReplacement(Range, Replacement);
}

llvm::SmallVector<FixItHint, 2>
creatToExclusiveOpen(const CallExpr *Creat, const SourceManager &SM,
                     const LangOptions &LangOpts) {
  llvm::SmallVector<FixItHint, 2> Fixes;
  if (Creat->getNumArgs() != 2)
    return Fixes;
  const auto *Callee =
      dyn_cast<DeclRefExpr>(Creat->getCallee()->IgnoreParenImpCasts());
  if (!Callee)
    return Fixes;
  CharSourceRange Name = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(Callee->getLocation()), SM, LangOpts);
  CharSourceRange Mode = fileRangeOf(Creat->getArg(1), SM, LangOpts);
  if (Name.isInvalid() || Mode.isInvalid())
    return Fixes;
  Fixes.push_back(FixItHint::CreateReplacement(Name, "open"));
  Fixes.push_back(FixItHint::CreateInsertion(Mode.getBegin(),
                                             "O_WRONLY | O_CREAT | O_EXCL, "));
  return Fixes;
}

} // namespace clang::tidy::toctou
