//===--- ChangedRows.h - Act only if a guarded write changed a row -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A write that repeats the check its read made (`UPDATE jobs SET state =
/// 'running' WHERE id = $1 AND state = 'pending'`) is a defense only when
/// what follows runs only if it changed a row: another client that won the
/// race leaves it changing nothing. The rewrite keeps the count right after
/// the write (before its result is released), and leaves the rest of the
/// loop round (or of the function) before the first statement that works
/// with the rows when it is zero, running first the releases that the rest
/// would have run:
///
///   PGresult *claim = PQexecParams(...);
///   const int changed = atoi(PQcmdTuples(claim)) != 0;
///   PQclear(claim);
///   if (!changed) {
///     PQclear(candidates);   (when the rest releases it)
///     continue;
///   }
///   process(...);
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_FIXITS_CHANGEDROWS_H
#define TOCTOU_FIXITS_CHANGEDROWS_H

#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

namespace clang {
class ASTContext;
class CallExpr;
class Expr;
class Stmt;

namespace tidy::toctou {

/// How the code leaves when the write changed no row.
enum class LeaveBy { Continue, Return };

/// Where and how.
struct ChangedRowsGuard {
  /// The statement of the write.
  const Stmt *Write = nullptr;
  /// The count of rows the write changed (`atoi(PQcmdTuples(claim))`).
  std::string Count;
  /// The first statement, of the write's block, that works with the rows.
  const Stmt *Before = nullptr;
  /// The statements from there on that release what queries left, copied
  /// before leaving.
  llvm::SmallVector<const Stmt *, 2> CleanUps;
  LeaveBy Leave = LeaveBy::Continue;
  /// A name for the count, unused in the function (when kept).
  std::string Name;
  /// When the write's result is not kept, a type and an unused name to
  /// keep it in (Count names it): `pqxx::result written = ` goes before
  /// the statement. If the statement releases it too (`PQclear(PQexecParams
  /// (...));`: the write's call and the release), it becomes `PGresult
  /// *written = PQexecParams(...);`, the count kept, then
  /// `PQclear(written);`.
  std::string KeptType, Kept;
  const Expr *Released = nullptr;
  const CallExpr *Release = nullptr;
};

/// The edits; empty when a statement is not plainly in the file (a macro)
/// or a release spans lines.
llvm::SmallVector<FixItHint, 3> leaveIfNoRowChanged(const ChangedRowsGuard &G,
                                                     const ASTContext &Ctx);

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_FIXITS_CHANGEDROWS_H
