//===--- SqlStatement.h - What a SQL text does, by PostgreSQL's parser -*- C++
//-*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The database checks read the SQL a program sends with PostgreSQL's own
/// parser (libpg_query): for each statement, its kind, the tables it reads
/// and writes, the columns and conjuncts of its WHERE, its row-locking
/// clause, RETURNING and ON CONFLICT, the advisory-lock functions it calls,
/// and what it does to the transaction (BEGIN, COMMIT, isolation level).
///
/// SQLite and MySQL text is normalized first into the PostgreSQL forms the
/// parser accepts: `?`, `?N`, `:name`, `@name` and `$name` parameters become
/// `$N`; `INSERT OR IGNORE/REPLACE`, `INSERT IGNORE`, `REPLACE INTO` and `ON
/// DUPLICATE KEY UPDATE` become a plain INSERT marked as handling conflicts;
/// `BEGIN IMMEDIATE/EXCLUSIVE/DEFERRED` a BEGIN with that mode; MySQL's
/// back-quoted names double-quoted, `LOCK IN SHARE MODE` `FOR SHARE`.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_MATCHERS_SQLSTATEMENT_H
#define TOCTOU_MATCHERS_SQLSTATEMENT_H

#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang::tidy::toctou::sql {

enum class Dialect { PostgreSQL, SQLite, MySQL };

enum class Kind {
  Select,
  Insert,
  Update,
  Delete,
  Begin,
  Commit,
  Rollback,
  SetTransaction,
  Savepoint,
  Other
};

enum class Isolation {
  Default,
  ReadUncommitted,
  ReadCommitted,
  RepeatableRead,
  Serializable
};

enum class RowLock { None, KeyShare, Share, NoKeyUpdate, Update };

/// SQLite's BEGIN modes.
enum class BeginMode { None, Deferred, Immediate, Exclusive };

/// A call of one of PostgreSQL's advisory-lock functions.
struct AdvisoryLock {
  std::string Function;
  bool Transaction = false; ///< pg_advisory_xact_lock...: released at COMMIT
  bool Shared = false;
  bool Try = false;
  bool Unlock = false; ///< pg_advisory_unlock, pg_advisory_unlock_all
  /// Offset of the function name in the text the statement came from.
  unsigned Offset = 0;
};

struct Statement {
  Kind StatementKind = Kind::Other;
  std::vector<std::string> TablesRead;
  std::vector<std::string> TablesWritten;
  /// Every column the WHERE clause names.
  std::vector<std::string> WhereColumns;
  /// SELECT: the columns its target list names.
  std::vector<std::string> SelectColumns;
  /// SELECT: the columns whose rows its WHERE shares out among workers by
  /// a modulus and a share given at run time (`mod(id, $1) = $2`,
  /// `id % 4 = $1`).
  std::vector<std::string> PartitionColumns;
  /// The top-level AND conjuncts of the WHERE clause, as written.
  std::vector<std::string> WhereConjuncts;
  RowLock Lock = RowLock::None;
  bool SkipLocked = false;
  bool NoWait = false;
  bool Returning = false;
  /// INSERT ... ON CONFLICT, INSERT OR IGNORE/REPLACE, INSERT IGNORE,
  /// REPLACE INTO, ON DUPLICATE KEY UPDATE.
  bool HandlesConflict = false;
  /// UPDATE: the columns it sets, and those set relative to themselves
  /// (`balance = balance - $1`).
  std::vector<std::string> SetColumns;
  std::vector<std::string> RelativeColumns;
  /// INSERT: the columns it names.
  std::vector<std::string> InsertColumns;
  std::vector<AdvisoryLock> AdvisoryLocks;
  Isolation Level = Isolation::Default;
  BeginMode Mode = BeginMode::None;
  /// The highest $N.
  unsigned MaxParam = 0;
  /// A SELECT that `FOR UPDATE` may be added to: no GROUP BY, DISTINCT,
  /// HAVING, set operation, aggregate, and no locking clause yet.
  bool Lockable = false;
  /// Offsets in the classified text: the end of the WHERE clause (0 if none)
  /// and of the statement's last token.
  unsigned WhereEnd = 0;
  /// UPDATE: the text of the SET list; SELECT: the text after the WHERE
  /// clause (ORDER BY, LIMIT...), when any.
  std::string SetText;
  std::string TailText;
  /// [Begin, End) of the statement in the classified text.
  unsigned Begin = 0, End = 0;
};

struct Classification {
  std::vector<Statement> Statements;
  /// Empty when the text parsed.
  std::string Error;
  unsigned ErrorOffset = 0;
  /// The text the parser saw (after normalization).
  std::string Normalized;

  bool ok() const { return Error.empty(); }
};

/// Rewrites SQLite or MySQL text into forms PostgreSQL's parser accepts;
/// PostgreSQL text is returned unchanged. \p Flags receives what the
/// rewriting removed (conflict handling, BEGIN mode) per statement start.
std::string normalize(llvm::StringRef Text, Dialect D);

/// Parses and classifies \p Text.
Classification classify(llvm::StringRef Text, Dialect D);

llvm::StringRef kindName(Kind K);
llvm::StringRef isolationName(Isolation I);
llvm::StringRef rowLockName(RowLock L);

} // namespace clang::tidy::toctou::sql

#endif // TOCTOU_MATCHERS_SQLSTATEMENT_H
