//===--- Rewrites.h - Small source rewrites for fix-its ---------*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The building blocks of the fix-its that are not about open flags: rename
/// a called function, replace an argument, insert arguments, drop the `if`
/// around a statement, remove a statement. Each returns nothing when the
/// text to rewrite is not plainly in the file (inside a macro, across
/// files), so a fix-it is never half applied.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_FIXITS_REWRITES_H
#define TOCTOU_FIXITS_REWRITES_H

#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace clang {
class ASTContext;
class SourceManager;
class CallExpr;
class Expr;
class IfStmt;
class ParentMap;
class Stmt;
class VarDecl;

namespace tidy::toctou {

/// The text of \p E as written, when it is plainly in the file.
std::optional<std::string> sourceText(const Expr *E, const ASTContext &Ctx);

/// `chown(...)` → `lchown(...)`.
std::optional<FixItHint> renameCallee(const CallExpr *Call,
                                      llvm::StringRef NewName,
                                      const ASTContext &Ctx);

/// Replaces the argument \p Arg by \p Text.
std::optional<FixItHint> replaceExpr(const Expr *Arg, llvm::StringRef Text,
                                     const ASTContext &Ctx);

/// Inserts \p Text before, or after, the expression \p E.
std::optional<FixItHint> insertBefore(const Expr *E, llvm::StringRef Text,
                                      const ASTContext &Ctx);
std::optional<FixItHint> insertAfter(const Expr *E, llvm::StringRef Text,
                                     const ASTContext &Ctx);

/// Removes `if (condition)` in front of the then-branch of \p If (which has
/// no else), keeping the branch.
std::optional<FixItHint> dropIfKeepThen(const IfStmt *If,
                                        const ASTContext &Ctx);

/// Removes the expression statement \p S with its semicolon and the rest of
/// its line when nothing else is on it.
std::optional<FixItHint> removeStatement(const Stmt *S, const ASTContext &Ctx);

/// The characters of the statement \p S through its semicolon, when plainly
/// in the file.
std::optional<CharSourceRange> statementRange(const Stmt *S,
                                              const ASTContext &Ctx);

/// Replaces the statement \p S (through its semicolon) by \p Text.
std::optional<FixItHint> replaceStatement(const Stmt *S, llvm::StringRef Text,
                                          const ASTContext &Ctx);

/// Inserts \p Text before the statement \p S.
std::optional<FixItHint> insertBeforeStatement(const Stmt *S,
                                               llvm::StringRef Text,
                                               const ASTContext &Ctx);

/// The blanks that start the line of \p S.
std::string indentationOf(const Stmt *S, const ASTContext &Ctx);

/// Rewrites the whole of \p E as \p Text.
std::optional<FixItHint> replaceWhole(const Expr *E, llvm::StringRef Text,
                                      const ASTContext &Ctx);

/// The text of \p S as the file has it, its macros not expanded
/// (`S_ISREG(st.st_mode)`), for telling what a condition names.
llvm::StringRef writtenText(const Stmt *S, const ASTContext &Ctx);

/// A name for a new local in the function whose body holds \p S: \p Wanted,
/// or \p Wanted with a number, so that it appears nowhere in the body's
/// text (and so cannot clash with or shadow a name it uses).
std::string unusedName(llvm::StringRef Wanted, const Stmt *S,
                       const ParentMap &Parents, const ASTContext &Ctx);

/// True if the local \p Var can be named at \p At: declared in a block
/// that holds \p At (or not a local: a parameter, a global).
bool isVisibleAt(const VarDecl *Var, const Stmt *At, const ParentMap &Parents);

/// True if the value of \p Call is not used: a statement of its own, a
/// cast to void, or the body (not the condition) of an `if` or a loop.
bool isResultDiscarded(const Expr *Call, const ParentMap &Parents);

/// Two findings on one call (a name from tmpnam, checked for existence,
/// then opened: toctou-temp-name-then-open and toctou-path-check-then-use)
/// propose the same edit. clang-tidy --fix would make it twice (`| O_EXCL |
/// O_EXCL`), so the edit goes with the first finding only: true, and the
/// edits are noted, when some of \p Fixes is new in this translation unit;
/// false when every edit was proposed before (the caller drops them).
bool claimFixes(llvm::ArrayRef<FixItHint> Fixes, const SourceManager &SM);

/// Forgets the edits claimed so far: at the start of a translation unit.
void resetClaimedFixes();

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_FIXITS_REWRITES_H
