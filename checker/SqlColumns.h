//===--- SqlColumns.h - Which columns of a result a value comes from -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Which columns of a SELECT's result a value of the program comes from:
/// `PQgetvalue(res, i, 2)`, `sqlite3_column_int(st, 0)`, `row["status"]`,
/// `row[1]` of a MYSQL_ROW, through the locals computed from them. A write
/// that repeats the read's WHERE re-checks what the WHERE filtered on, not
/// the value of another column the code decided on.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_SQLCOLUMNS_H
#define TOCTOU_CHECKER_SQLCOLUMNS_H

#include "checker/FunctionFlow.h"
#include "matchers/SqlStatement.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include <optional>

namespace clang {
class Expr;
class VarDecl;

namespace tidy::toctou {

/// What each local of a function is assigned (its initializer included),
/// found in one walk; a null entry: it is also filled some other way
/// (through a pointer a callee may write, a compound assignment).
using LocalSources =
    llvm::DenseMap<const VarDecl *, llvm::SmallVector<const Expr *, 2>>;
LocalSources localSourcesOf(const FunctionFlow &Flow);

/// The columns of one read's result that values come from.
class ResultColumns {
public:
  /// \p Taint: the locals that hold values read from the result (the
  /// result variable among them); \p Read: the SELECT; \p Sources: the
  /// function's localSourcesOf.
  ResultColumns(const LocalSources &Sources,
                const llvm::DenseSet<const VarDecl *> &Taint,
                const sql::Statement &Read)
      : Taint(Taint), Read(Read), Sources(Sources) {}

  /// True if the type of \p V holds a whole result or row (a PGresult *, a
  /// pqxx::result or pqxx::row, a sqlite3_stmt *, a MYSQL_RES * or
  /// MYSQL_ROW): naming it hands on every column.
  static bool holdsRows(const VarDecl *V);

  /// Adds to \p Out the columns \p E's value comes from. False when that
  /// cannot be told (the whole result handed on, a local filled through a
  /// pointer, a column by a computed index, `SELECT *`). Counting rows
  /// (`PQntuples`, `sqlite3_step`) reads no column.
  bool columnsOf(const Expr *E, llvm::StringSet<> &Out) const;

private:
  bool columnsOf(const Expr *E, llvm::StringSet<> &Out, unsigned Depth,
                 llvm::DenseSet<const VarDecl *> &Seen) const;
  /// The column \p Index (a position or a name) names, or null.
  std::optional<std::string> column(const Expr *Index) const;

  const llvm::DenseSet<const VarDecl *> &Taint;
  const sql::Statement &Read;
  const LocalSources &Sources;
};

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_CHECKER_SQLCOLUMNS_H
