//===--- SqlDescribe.cpp - SQL for messages and suggestions ---------------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/SqlDescribe.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Regex.h"

namespace clang::tidy::toctou {

std::string describe(const sql::Statement &S) {
  auto First = [](const std::vector<std::string> &V) {
    return V.empty() ? std::string("?") : V.front();
  };
  switch (S.StatementKind) {
  case sql::Kind::Select:
    if (S.TablesRead.empty()) {
      for (const sql::AdvisoryLock &L : S.AdvisoryLocks)
        return L.Function;
      return "SELECT";
    }
    return "SELECT ... FROM " + First(S.TablesRead);
  case sql::Kind::Insert:
    return "INSERT INTO " + First(S.TablesWritten);
  case sql::Kind::Update:
    return "UPDATE " + First(S.TablesWritten);
  case sql::Kind::Delete:
    return "DELETE FROM " + First(S.TablesWritten);
  default:
    return sql::kindName(S.StatementKind).upper();
  }
}

static std::string squeeze(llvm::StringRef S) {
  std::string Out;
  bool Blank = false;
  for (char C : S) {
    if (llvm::isSpace(C)) {
      Blank = true;
      continue;
    }
    if (Blank && !Out.empty())
      Out += ' ';
    Blank = false;
    Out += llvm::toLower(C);
  }
  return Out;
}

bool sameSql(llvm::StringRef A, llvm::StringRef B) {
  return squeeze(A) == squeeze(B);
}

bool isKeyLookup(llvm::StringRef Conjunct) {
  // `col = $1`, `col = ?`, `col = :name`: a row picked by a value the
  // program passes.
  static const llvm::Regex ByParameter(
      "^\\(*[A-Za-z_\"][A-Za-z0-9_.\"]*[[:space:]]*=[[:space:]]*"
      "(\\$[0-9]+|\\?[0-9]*|[:@$][A-Za-z_][A-Za-z0-9_]*)\\)*$");
  // `id = 7`, `user_id = 42`: a row picked by its number.
  static const llvm::Regex ByNumber(
      "^\\(*([A-Za-z0-9_.\"]*[._\"])?[iI][dD]\"?[[:space:]]*=[[:space:]]*"
      "[0-9]+\\)*$");
  llvm::StringRef C = Conjunct.trim();
  return ByParameter.match(C) || ByNumber.match(C);
}

bool hasParameter(llvm::StringRef Fragment) {
  static const llvm::Regex Param("(\\$[0-9]|\\?|[:@][A-Za-z_])");
  // Strings may hold these characters; parameters are outside them.
  std::string Outside;
  bool InString = false;
  for (char C : Fragment) {
    if (C == '\'')
      InString = !InString;
    else if (!InString)
      Outside += C;
  }
  return Param.match(Outside);
}

std::string rowCountCall(SqlApi Api) {
  switch (Api) {
  case SqlApi::LibPQ:
    return "PQcmdTuples";
  case SqlApi::LibPQXX:
    return "pqxx::result::affected_rows";
  case SqlApi::SQLite:
    return "sqlite3_changes";
  case SqlApi::MySQL:
    return "mysql_affected_rows";
  }
  return "the affected-row count";
}

std::optional<std::string> claimStatement(const sql::Statement &Read,
                                          const sql::Statement &Write) {
  if (Write.TablesWritten.size() != 1 || Read.TablesRead.size() != 1 ||
      Write.TablesWritten[0] != Read.TablesRead[0] || Write.SetText.empty())
    return std::nullopt;
  // The key the UPDATE picks its row by.
  std::string Key;
  for (const std::string &C : Write.WhereConjuncts)
    if (isKeyLookup(C)) {
      Key = llvm::StringRef(C).split('=').first.trim(" \t(").str();
      break;
    }
  if (Key.empty())
    return std::nullopt;
  std::string Where;
  for (const std::string &C : Read.WhereConjuncts) {
    if (hasParameter(C))
      return std::nullopt;
    Where += Where.empty() ? C : " AND " + C;
  }
  const std::string &T = Write.TablesWritten[0];
  std::string Sub = "SELECT " + Key + " FROM " + T;
  if (!Where.empty())
    Sub += " WHERE " + Where;
  llvm::StringRef Tail = llvm::StringRef(Read.TailText).trim();
  if (!Tail.empty() && !hasParameter(Tail) &&
      !Tail.contains_insensitive("FOR "))
    Sub += " " + Tail.str();
  return "UPDATE " + T + " SET " + Write.SetText + " WHERE " + Key + " IN (" +
         Sub + " FOR UPDATE SKIP LOCKED) RETURNING " + Key;
}

} // namespace clang::tidy::toctou
