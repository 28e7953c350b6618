//===--- SqlCalls.h - The calls of database client libraries -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Which calls of libpq, libpqxx 6, SQLite and the MySQL/MariaDB C API send
/// SQL, on which connection, and what they do to the transaction; and the
/// SQL text of an argument when the program spells it out (string literals,
/// macros, constant arrays and pointers, constexpr string_views, std::string
/// built from literals). Nothing here knows about order.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_MATCHERS_SQLCALLS_H
#define TOCTOU_MATCHERS_SQLCALLS_H

#include "matchers/SqlStatement.h"
#include "clang/Basic/SourceLocation.h"
#include <optional>
#include <string>

namespace clang {
class ASTContext;
class CallExpr;
class CXXRecordDecl;
class Expr;
class StringLiteral;
class VarDecl;

namespace tidy::toctou {

enum class SqlApi { LibPQ, LibPQXX, SQLite, MySQL };

/// What a client call does.
enum class SqlRole {
  Execute,      ///< runs the SQL it is given (PQexec, tx.exec, mysql_query)
  Prepare,      ///< prepares SQL under a name or into a handle
  ExecPrepared, ///< runs what was prepared (PQexecPrepared, sqlite3_step)
  Commit,       ///< tx.commit(), mysql_commit()
  Rollback,     ///< tx.abort(), mysql_rollback()
  Autocommit,   ///< mysql_autocommit(conn, mode)
  Result,       ///< mysql_store_result(conn), PQgetResult(conn): the rows
                ///< of the last query
};

struct SqlCall {
  SqlApi Api = SqlApi::LibPQ;
  SqlRole Role = SqlRole::Execute;
  const CallExpr *Call = nullptr;
  /// The connection (PGconn *, sqlite3 *, MYSQL *) or the libpqxx
  /// transaction object the statement runs on.
  const Expr *Connection = nullptr;
  /// The SQL argument, when the call has one.
  const Expr *Sql = nullptr;
  /// The statement name (PQprepare/PQexecPrepared, exec_prepared), or the
  /// statement handle (sqlite3_prepare's out-parameter, sqlite3_step's
  /// argument, a MYSQL_STMT *).
  const Expr *Name = nullptr;
  /// mysql_autocommit's mode argument.
  const Expr *Mode = nullptr;
};

/// The client call \p Call is, if any.
std::optional<SqlCall> sqlCallOf(const CallExpr *Call);

/// The SQL dialect of \p Api.
sql::Dialect dialectOf(SqlApi Api);

/// The SQL text of \p E, when the program spells it out; \p Literal
/// receives the string literal it comes from when it is exactly one and
/// written at the call (for fix-its that edit it; not through a named
/// constant, which other calls may share). SQL that the function formats
/// into a local buffer once (`snprintf(q, sizeof q, "... WHERE id = %d",
/// id)`, `asprintf(&q, ...)`, `q = sqlite3_mprintf(...)`) is the format
/// with each conversion (a quoted `'%s'` with its quotes) read as a
/// parameter, `$1`, `$2`..., or where it is part of a name (`FROM
/// %sitems`, a table prefix) as a letter of the name; \p Formatted is
/// then set: such text is the program's SQL only up to what the
/// conversions insert, and a parser's refusal says nothing of the query.
std::optional<std::string> sqlTextOf(const Expr *E, const ASTContext &Ctx,
                                     const StringLiteral **Literal = nullptr,
                                     bool *Formatted = nullptr);

/// A libpqxx transaction type: the isolation level it runs at, or
/// nothing for `nontransaction` (autocommit); \p IsTransaction is false for
/// other types.
sql::Isolation pqxxIsolation(const CXXRecordDecl *RD, bool &IsTransaction,
                             bool &Autocommit);

/// The location of byte \p Offset of the literal \p Literal.
SourceLocation literalByteLocation(const StringLiteral *Literal,
                                   unsigned Offset, const ASTContext &Ctx);

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_MATCHERS_SQLCALLS_H
