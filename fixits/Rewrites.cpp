//===--- Rewrites.cpp - Small source rewrites for fix-its -----------------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "fixits/Rewrites.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/Twine.h"
#include "clang/Lex/Lexer.h"
#include <set>
#include <tuple>
#include <vector>

namespace clang::tidy::toctou {

namespace {
CharSourceRange fileRange(SourceRange R, const ASTContext &Ctx) {
  return Lexer::makeFileCharRange(CharSourceRange::getTokenRange(R),
                                  Ctx.getSourceManager(), Ctx.getLangOpts());
}
} // namespace

std::optional<std::string> sourceText(const Expr *E, const ASTContext &Ctx) {
  CharSourceRange Range = fileRange(E->getSourceRange(), Ctx);
  if (Range.isInvalid())
    return std::nullopt;
  return Lexer::getSourceText(Range, Ctx.getSourceManager(), Ctx.getLangOpts())
      .str();
}

std::optional<FixItHint> renameCallee(const CallExpr *Call,
                                      llvm::StringRef NewName,
                                      const ASTContext &Ctx) {
  const auto *Callee =
      dyn_cast<DeclRefExpr>(Call->getCallee()->IgnoreParenImpCasts());
  if (!Callee || Callee->hasQualifier())
    return std::nullopt;
  CharSourceRange Name = fileRange(SourceRange(Callee->getLocation()), Ctx);
  if (Name.isInvalid())
    return std::nullopt;
  return FixItHint::CreateReplacement(Name, NewName);
}

std::optional<FixItHint> replaceExpr(const Expr *Arg, llvm::StringRef Text,
                                     const ASTContext &Ctx) {
  return replaceWhole(Arg, Text, Ctx);
}

std::optional<FixItHint> replaceWhole(const Expr *E, llvm::StringRef Text,
                                      const ASTContext &Ctx) {
  CharSourceRange Range = fileRange(E->getSourceRange(), Ctx);
  if (Range.isInvalid())
    return std::nullopt;
  return FixItHint::CreateReplacement(Range, Text);
}

std::optional<FixItHint> insertBefore(const Expr *E, llvm::StringRef Text,
                                      const ASTContext &Ctx) {
  CharSourceRange Range = fileRange(E->getSourceRange(), Ctx);
  if (Range.isInvalid())
    return std::nullopt;
  return FixItHint::CreateInsertion(Range.getBegin(), Text);
}

std::optional<FixItHint> insertAfter(const Expr *E, llvm::StringRef Text,
                                     const ASTContext &Ctx) {
  CharSourceRange Range = fileRange(E->getSourceRange(), Ctx);
  if (Range.isInvalid())
    return std::nullopt;
  return FixItHint::CreateInsertion(Range.getEnd(), Text);
}

std::optional<FixItHint> dropIfKeepThen(const IfStmt *If,
                                        const ASTContext &Ctx) {
  if (If->getElse() || If->getInit() || If->getConditionVariable() ||
      If->isConstexpr())
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Begin = If->getBeginLoc();
  SourceLocation ThenBegin = If->getThen()->getBeginLoc();
  if (Begin.isMacroID() || ThenBegin.isMacroID() ||
      SM.getFileID(Begin) != SM.getFileID(ThenBegin))
    return std::nullopt;
  return FixItHint::CreateRemoval(CharSourceRange::getCharRange(Begin, ThenBegin));
}

std::optional<CharSourceRange> statementRange(const Stmt *S,
                                              const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LangOpts = Ctx.getLangOpts();
  CharSourceRange Range = fileRange(S->getSourceRange(), Ctx);
  if (Range.isInvalid())
    return std::nullopt;
  // A declaration's range ends with its semicolon; an expression's and a
  // return's do not.
  StringRef Text = Lexer::getSourceText(Range, SM, LangOpts);
  if (Text.ends_with(";"))
    return Range;
  std::optional<Token> Semi =
      Lexer::findNextToken(S->getEndLoc(), SM, LangOpts);
  if (!Semi || !Semi->is(tok::semi) || Semi->getLocation().isMacroID())
    return std::nullopt;
  return CharSourceRange::getCharRange(Range.getBegin(), Semi->getEndLoc());
}

std::optional<FixItHint> replaceStatement(const Stmt *S, llvm::StringRef Text,
                                          const ASTContext &Ctx) {
  std::optional<CharSourceRange> Range = statementRange(S, Ctx);
  if (!Range)
    return std::nullopt;
  return FixItHint::CreateReplacement(*Range, Text);
}

std::optional<FixItHint> insertBeforeStatement(const Stmt *S,
                                               llvm::StringRef Text,
                                               const ASTContext &Ctx) {
  CharSourceRange Range = fileRange(S->getSourceRange(), Ctx);
  if (Range.isInvalid())
    return std::nullopt;
  return FixItHint::CreateInsertion(Range.getBegin(), Text);
}

std::string indentationOf(const Stmt *S, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = SM.getExpansionLoc(S->getBeginLoc());
  bool Invalid = false;
  StringRef Buffer = SM.getBufferData(SM.getFileID(Loc), &Invalid);
  if (Invalid)
    return "";
  unsigned Offset = SM.getFileOffset(Loc);
  unsigned Start = Offset;
  while (Start > 0 && Buffer[Start - 1] != '\n')
    --Start;
  unsigned End = Start;
  while (End < Offset && (Buffer[End] == ' ' || Buffer[End] == '\t'))
    ++End;
  return Buffer.slice(Start, End).str();
}

std::optional<FixItHint> removeStatement(const Stmt *S, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  std::optional<CharSourceRange> Range = statementRange(S, Ctx);
  if (!Range)
    return std::nullopt;
  SourceLocation End = Range->getEnd();
  // And the line, when the statement is alone on it.
  bool Invalid = false;
  StringRef Buffer = SM.getBufferData(SM.getFileID(End), &Invalid);
  if (Invalid)
    return std::nullopt;
  unsigned BeginOffset = SM.getFileOffset(Range->getBegin());
  unsigned EndOffset = SM.getFileOffset(End);
  unsigned LineStart = BeginOffset;
  while (LineStart > 0 && (Buffer[LineStart - 1] == ' ' ||
                           Buffer[LineStart - 1] == '\t'))
    --LineStart;
  unsigned LineEnd = EndOffset;
  while (LineEnd < Buffer.size() &&
         (Buffer[LineEnd] == ' ' || Buffer[LineEnd] == '\t'))
    ++LineEnd;
  if (LineStart > 0 && Buffer[LineStart - 1] == '\n' &&
      LineEnd < Buffer.size() && Buffer[LineEnd] == '\n') {
    // The line break before the line, and its text. (Removing the text and
    // the break after it instead would end between two whitespace runs,
    // which clang's fix-it merging "fixes" by eating one more character.)
    SourceLocation FileStart = SM.getLocForStartOfFile(SM.getFileID(End));
    return FixItHint::CreateRemoval(CharSourceRange::getCharRange(
        FileStart.getLocWithOffset(LineStart - 1),
        FileStart.getLocWithOffset(LineEnd)));
  }
  return FixItHint::CreateRemoval(*Range);
}

namespace {
/// The edits proposed in this translation unit: file, offset, length and
/// text (the units of a worker are analyzed one after the other, on one
/// thread).
thread_local std::set<std::tuple<unsigned, unsigned, unsigned, std::string>>
    Claimed;
} // namespace

llvm::StringRef writtenText(const Stmt *S, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  return Lexer::getSourceText(
      CharSourceRange::getTokenRange(
          SM.getExpansionRange(S->getSourceRange()).getAsRange()),
      SM, Ctx.getLangOpts());
}

std::string unusedName(llvm::StringRef Wanted, const Stmt *S,
                       const ParentMap &Parents, const ASTContext &Ctx) {
  const Stmt *Body = S;
  while (const Stmt *Parent = Parents.getParent(Body))
    Body = Parent;
  const llvm::StringRef Text = writtenText(Body, Ctx);
  std::string Name = Wanted.str();
  for (unsigned I = 2; Text.contains(Name); ++I)
    Name = (Wanted + llvm::Twine(I)).str();
  return Name;
}

bool isVisibleAt(const VarDecl *Var, const Stmt *At, const ParentMap &Parents) {
  if (!Var)
    return false;
  if (!Var->isLocalVarDecl())
    return true;
  const VarDecl *Canonical = Var->getCanonicalDecl();
  for (const Stmt *S = At; S; S = Parents.getParent(S)) {
    const auto *Block = dyn_cast<CompoundStmt>(S);
    if (!Block)
      continue;
    for (const Stmt *Child : Block->body())
      if (const auto *DS = dyn_cast<DeclStmt>(Child))
        for (const Decl *D : DS->decls())
          if (D->getCanonicalDecl() == Canonical)
            return true;
  }
  return false;
}

bool isResultDiscarded(const Expr *Call, const ParentMap &Parents) {
  const Stmt *Child = Call;
  while (const Stmt *Parent = Parents.getParent(Child)) {
    if (isa<ParenExpr, ExprWithCleanups, ImplicitCastExpr>(Parent)) {
      Child = Parent;
      continue;
    }
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(Parent))
      return Cast->getType()->isVoidType();
    if (isa<CompoundStmt, LabelStmt, SwitchCase, AttributedStmt>(Parent))
      return true;
    if (const auto *If = dyn_cast<IfStmt>(Parent))
      return If->getCond() != Child;
    if (const auto *While = dyn_cast<WhileStmt>(Parent))
      return While->getCond() != Child;
    if (const auto *Do = dyn_cast<DoStmt>(Parent))
      return Do->getCond() != Child;
    if (const auto *For = dyn_cast<ForStmt>(Parent))
      return For->getCond() != Child;
    return false;
  }
  return true;
}

bool claimFixes(llvm::ArrayRef<FixItHint> Fixes, const SourceManager &SM) {
  std::vector<std::tuple<unsigned, unsigned, unsigned, std::string>> Keys;
  for (const FixItHint &F : Fixes) {
    if (F.RemoveRange.isInvalid())
      return true; // not an edit of a file: keep it
    const SourceLocation Begin = SM.getFileLoc(F.RemoveRange.getBegin());
    const SourceLocation End = SM.getFileLoc(F.RemoveRange.getEnd());
    auto [File, Offset] = SM.getDecomposedLoc(Begin);
    auto [EndFile, EndOffset] = SM.getDecomposedLoc(End);
    Keys.emplace_back(File.getHashValue(), Offset,
                      EndFile == File && EndOffset >= Offset
                          ? EndOffset - Offset
                          : 0,
                      F.CodeToInsert);
  }
  bool AnyNew = false;
  for (const auto &Key : Keys)
    AnyNew |= !Claimed.count(Key);
  if (AnyNew)
    Claimed.insert(Keys.begin(), Keys.end());
  return AnyNew;
}

void resetClaimedFixes() { Claimed.clear(); }

} // namespace clang::tidy::toctou
