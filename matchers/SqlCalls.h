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
#include "llvm/ADT/STLFunctionalExtras.h"
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class CXXRecordDecl;
class Expr;
class FunctionDecl;
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

/// A function of the program that runs SQL through a client call, as
/// access layers do (`db_select(fmt, ...)`, `db_execute(sql)`,
/// `db_begin()`): what a call of it sends, so that the database checks read
/// the call like the client call inside (checker/SqlWrappers.h finds them).
struct SqlWrapper {
  /// The client library at the bottom.
  SqlApi Api = SqlApi::LibPQ;
  /// The position of the parameter the SQL comes from, or -1 when the
  /// function always runs FixedSql.
  int SqlArg = -1;
  /// The SQL parameter is a printf-style format that the function fills
  /// with its other arguments (`vsnprintf(buf, n, fmt, ap)`): each
  /// conversion is a parameter of the query.
  bool Format = false;
  /// What it runs when it takes no SQL: one transaction statement
  /// (`BEGIN`, `COMMIT`, `ROLLBACK`).
  std::string FixedSql;
  /// The position of the connection parameter, or -1 when the connection
  /// is the function's own (Conn).
  int ConnArg = -1;
  /// The connection it runs on when it is not a parameter: "shared:NAME"
  /// for a global or a member, "program:" for one it makes or looks up
  /// itself (one access layer, one connection).
  std::string Conn;
  /// Its value carries the client call's result (the rows of a SELECT).
  bool ReturnsResult = false;
  /// The client call at the bottom, and where it is (`PQexec in db.c:12`),
  /// for messages.
  std::string Innermost;
  /// A function that runs no SQL of its own but calls the function its
  /// caller passes at this position (`txn_retry(db_begin)`, retrying on a
  /// lost connection): a call of it is a call of that function, when that
  /// one runs one transaction statement. -1 otherwise (SqlArg, FixedSql
  /// and the connection are then unused).
  int CallsArg = -1;

  bool operator==(const SqlWrapper &O) const {
    return Api == O.Api && SqlArg == O.SqlArg && Format == O.Format &&
           FixedSql == O.FixedSql && ConnArg == O.ConnArg && Conn == O.Conn &&
           ReturnsResult == O.ReturnsResult && Innermost == O.Innermost &&
           CallsArg == O.CallsArg;
  }
  bool operator!=(const SqlWrapper &O) const { return !(*this == O); }
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
  /// The program's function the call goes through, when it is not the
  /// client library's (Role is then Execute; Sql is the argument the SQL
  /// or its format comes from, null for FixedSql; Connection the argument
  /// at ConnArg, or null).
  const SqlWrapper *Through = nullptr;
};

/// The client call \p Call is, if any.
std::optional<SqlCall> sqlCallOf(const CallExpr *Call);

/// True if \p Name is a C function of a client library the checks know
/// (PQexec, sqlite3_step, mysql_query...), whatever its declaration.
bool isSqlClientFunctionName(llvm::StringRef Name);

/// The query function of the program \p Call calls (directly, or through
/// a function pointer), if it is one.
using SqlWrapperLookup =
    llvm::function_ref<const SqlWrapper *(const CallExpr *Call)>;

/// The client call \p Call is, directly or through a function of the
/// program that \p Wrappers knows.
std::optional<SqlCall> sqlCallOf(const CallExpr *Call,
                                 SqlWrapperLookup Wrappers);

/// The SQL of a printf-style format: each conversion, with the quotes
/// around it if it is quoted ('%s'), becomes a parameter ($1, $2...); one
/// inside a name (a table prefix) a letter of it. Null if a conversion
/// cannot be read. \p Ends receives, for each byte of the SQL, the offset
/// in the format of the last byte it was made from (a fix-it inserting
/// after an SQL byte inserts after that one). \p Params receives, for each
/// argument the format consumes in order (a `*` width or precision
/// included), the parameter it becomes ($N as N), or 0 (a width, a letter
/// of a name).
std::optional<std::string> sqlOfFormat(llvm::StringRef Format,
                                       std::vector<unsigned> *Ends = nullptr,
                                       std::vector<unsigned> *Params = nullptr);

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
