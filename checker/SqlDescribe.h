//===--- SqlDescribe.h - SQL for messages and suggestions -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_SQLDESCRIBE_H
#define TOCTOU_CHECKER_SQLDESCRIBE_H

#include "matchers/SqlCalls.h"
#include <optional>
#include <string>

namespace clang::tidy::toctou {

/// "SELECT ... FROM jobs", "UPDATE jobs", "INSERT INTO seats",
/// "pg_try_advisory_lock": a statement, short, for messages.
std::string describe(const sql::Statement &S);

/// True if two SQL fragments are the same up to blanks and case.
bool sameSql(llvm::StringRef A, llvm::StringRef B);

/// True for `column = $1` or `column = ?`: a conjunct that selects a row
/// by key rather than checking its state.
bool isKeyLookup(llvm::StringRef Conjunct);

/// True if the fragment holds a parameter ($1, ?, :name).
bool hasParameter(llvm::StringRef Fragment);

/// How a program asks how many rows a write changed, in \p Api.
std::string rowCountCall(SqlApi Api);

/// The single-statement claim for a SELECT of candidates and an UPDATE of
/// one of them by key: `UPDATE t SET ... WHERE key IN (SELECT key FROM t
/// WHERE <checked predicate> ... FOR UPDATE SKIP LOCKED) RETURNING key`.
std::optional<std::string> claimStatement(const sql::Statement &Read,
                                          const sql::Statement &Write);

} // namespace clang::tidy::toctou

#endif // TOCTOU_CHECKER_SQLDESCRIBE_H
