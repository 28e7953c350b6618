//===--- SqlEvents.h - The SQL one function sends, in CFG order -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The database checks' view of a function: every client call whose SQL is
/// known (directly, or through a statement prepared by name or into a
/// handle), classified, with its connection; the transactions along the CFG
/// (BEGIN ... COMMIT in SQL, `mysql_autocommit(conn, 0)`, a libpqxx
/// transaction object from construction to commit(), abort() or the end of
/// its scope) as a LockFlow whose "mutexes" are connections; and which
/// variables hold values read from each result.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_SQLEVENTS_H
#define TOCTOU_CHECKER_SQLEVENTS_H

#include "checker/FunctionFlow.h"
#include "checker/LockFlow.h"
#include "matchers/SqlCalls.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <memory>
#include <optional>
#include <vector>

namespace clang::tidy::toctou {

struct SqlEvent {
  SqlCall Call;
  FlowPoint Point;
  /// The connection the statement runs on (for libpqxx, the connection the
  /// transaction object was made on, when known).
  std::string Conn;
  sql::Classification Sql;
  /// The connection as written (for a stepped SQLite statement, the one it
  /// was prepared on).
  const Expr *ConnExpr = nullptr;
  /// The string literal the SQL is, when it is exactly one (fix-its).
  const StringLiteral *Literal = nullptr;
  /// The printf-style format literal the SQL is made from, when a query
  /// function of the program fills it (Literal is then null), and for each
  /// byte of the SQL the offset of the last format byte it comes from.
  const StringLiteral *FormatLiteral = nullptr;
  std::vector<unsigned> FormatEnds;
  /// For such a format, the parameter each argument after it fills ($N as
  /// N; 0 for a width or a letter of a name).
  std::vector<unsigned> FormatParams;
  /// The variable the result goes to (PGresult *, pqxx::result, the
  /// sqlite3_stmt * stepped, a MYSQL_RES *).
  const VarDecl *Result = nullptr;
  /// True when libpqxx runs it on a `nontransaction`.
  bool Autocommit = false;

  /// The first statement of the SQL that is not a transaction statement.
  const sql::Statement *main() const;
};

/// The transaction "lock" of a connection, in LockFlow.
std::string transactionKey(llvm::StringRef Conn);

/// Where a value can flow in a body: from each variable to those a
/// declaration, an assignment or a call fills from it, each with the
/// expression the value comes from.
using TaintGraph = llvm::DenseMap<
    const VarDecl *,
    llvm::SmallVector<std::pair<const VarDecl *, const Expr *>, 2>>;

class SqlFunction {
public:
  SqlFunction(const FunctionFlow &Flow, const Stmt *Body, ASTContext &Ctx);

  bool empty() const { return Events.empty(); }
  const std::vector<SqlEvent> &events() const { return Events; }
  /// Calls whose SQL is spelled out in PostgreSQL's dialect (libpq,
  /// libpqxx) but does not parse: the query would fail at run time, and
  /// the checks cannot read it. Not kept for SQLite and MySQL text, where
  /// a failure may be the normalization's, not the program's.
  const std::vector<SqlEvent> &unparsed() const { return Unparsed; }
  /// The transactions: held from BEGIN to COMMIT or ROLLBACK; the Tag of an
  /// acquire is the sql::Isolation it starts at.
  const LockFlow &transactions() const { return *Txns; }
  /// True if the transaction of \p Conn is open on every path into \p P.
  bool inTransaction(llvm::StringRef Conn, FlowPoint P) const;
  /// The isolation level of the transaction open at \p P (the nearest BEGIN
  /// or SET TRANSACTION before it), Default when not told.
  sql::Isolation isolationAt(llvm::StringRef Conn, FlowPoint P) const;
  /// The variables that hold values read from \p Result (itself included).
  const llvm::DenseSet<const VarDecl *> &taintOf(const VarDecl *Result) const;
  /// The same, following only the flows whose source expression \p Keep
  /// accepts (not cached).
  llvm::DenseSet<const VarDecl *>
  taintWhere(const VarDecl *Result,
             llvm::function_ref<bool(const Expr *)> Keep) const;

private:
  const Stmt *Body;
  std::vector<SqlEvent> Events;
  std::vector<SqlEvent> Unparsed;
  std::vector<ExternalLockStep> Steps;
  std::unique_ptr<LockFlow> Txns;
  mutable llvm::DenseMap<const VarDecl *, llvm::DenseSet<const VarDecl *>>
      Taint;
  /// Where a value can flow in the body: from each variable to those a
  /// declaration, an assignment or a call fills from it. Built once, on the
  /// first taintOf: each taint is then a walk of this graph, not of the
  /// body (a function of 2,000 queries walked its body 2,000 times).
  mutable std::optional<TaintGraph> FlowsInto;
  const TaintGraph &taintGraph() const;
};

/// The variables \p S names.
bool mentionsAny(const Stmt *S, const llvm::DenseSet<const VarDecl *> &Vars);

} // namespace clang::tidy::toctou

#endif // TOCTOU_CHECKER_SQLEVENTS_H
