//===--- SummaryStore.h - Function summaries across units -------*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The summaries of functions (PathEvents.h: what a function does to its
/// path parameter) as they travel between translation units: written by the
/// unit that defines a function, keyed by its USR, and read by every unit
/// that calls it without a body. toctou-tidy's driver gathers them into an
/// index file (docs/summaries.md); the checks read that index, in the
/// driver's workers and in clang-tidy with the plugin
/// (`toctou-path-check-then-use.SummaryDir`).
///
/// The index is plain data, keyed by USR and self-describing, so that a
/// result cache, shards of a run and a language server can share it.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_SUMMARYSTORE_H
#define TOCTOU_CHECKER_SUMMARYSTORE_H

#include "checker/PathEvents.h"
#include "matchers/SqlCalls.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace clang {
class Decl;
namespace tidy::toctou {

/// The format of a stored summary; an index of another format is not read.
inline constexpr int SummaryFormat = 6;

/// The name of the index file in a summary directory.
inline constexpr llvm::StringLiteral SummaryIndexFile = "summaries.json";

/// The summary of one function as it is stored: WrapperSummary without the
/// pointers into an AST.
struct StoredSummary {
  /// The function's name, for messages.
  std::string Name;
  /// Row.Name is empty here; the reader points it at Name.
  WrapperSummary Summary;
};

llvm::json::Value toJSON(const StoredSummary &S);
bool fromJSON(const llvm::json::Value &V, StoredSummary &S, llvm::json::Path P);

/// A query function of the program (SqlWrappers.h) as it is stored.
struct StoredSqlWrapper {
  /// The function's name, for messages.
  std::string Name;
  SqlWrapper Wrapper;
};

llvm::json::Value toJSON(const StoredSqlWrapper &S);
bool fromJSON(const llvm::json::Value &V, StoredSqlWrapper &S,
              llvm::json::Path P);

/// The summaries of a whole program, by USR.
class SummaryIndex {
public:
  /// What functions do to their path parameters.
  llvm::StringMap<StoredSummary> Functions;
  /// The functions that run the SQL they are given.
  llvm::StringMap<StoredSqlWrapper> SqlFunctions;

  const StoredSummary *find(llvm::StringRef Usr) const;
  const StoredSqlWrapper *findSql(llvm::StringRef Usr) const;
  /// The index as the file holds it (sorted by USR: the same summaries
  /// always make the same bytes).
  std::string toText() const;
  static llvm::Expected<SummaryIndex> parse(llvm::StringRef Text);

  /// The index in \p Dir (its SummaryIndexFile), read once per process
  /// while the file keeps its size and time. Null, with \p Error set, when
  /// it cannot be read; null and no error when there is no such file.
  static std::shared_ptr<const SummaryIndex> load(llvm::StringRef Dir,
                                                  std::string &Error);
};

/// The USR of \p D, or "" (a declaration without one).
std::string usrOf(const Decl *D);

/// Where the driver of this process keeps the summaries the checks read,
/// when their own SummaryDir option is empty ("" for none).
void setDefaultSummaryDir(llvm::StringRef Dir);
const std::string &defaultSummaryDir();

/// A function of a unit that calls functions without a body here: what a
/// summary of one of them can change in it.
struct Importer {
  /// The USRs of the functions it calls without a body; twice for one it
  /// calls more than once (a query function called twice can make a read
  /// and a write).
  std::vector<std::string> Calls;
  /// Those of Calls it passes one of its own parameters to, with the
  /// position of each such argument: when the summary of the callee says
  /// its path is there, the function is a helper too, and what it exports
  /// or its callers see can change.
  std::vector<std::pair<std::string, unsigned>> Passes;
  /// Its other calls that check or use a path or run SQL: library calls,
  /// and calls to functions of the unit that reach one.
  unsigned LocalCalls = 0;
};

/// True if a unit with \p Who can report or export otherwise now that the
/// summaries of \p Changed have changed: one of Who's calls changed its
/// summary, and Who passes a parameter of its own where the callee's path
/// is (before or after the change), or makes two recognized calls with
/// it. \p PathsOf gives the path (or SQL) positions a callee's summaries
/// (old and new) name; none when it has no summary. A function called
/// twice counts twice only where \p IsQueryFunction says it runs SQL.
bool affectedBy(
    const Importer &Who, const std::set<std::string> &Changed,
    llvm::function_ref<llvm::SmallVector<unsigned, 2>(llvm::StringRef)>
        PathsOf,
    llvm::function_ref<bool(llvm::StringRef)> IsQueryFunction);

/// What the unit analyzed last exported and imported, when the driver
/// asked for it (setSummaryExport): the summaries of the functions it
/// defines with external linkage, and its functions that call functions
/// without a body (whose summaries could change what it reports).
struct UnitSummaries {
  std::vector<std::pair<std::string, StoredSummary>> Exports;
  std::vector<std::pair<std::string, StoredSqlWrapper>> SqlExports;
  std::vector<Importer> Importers;
};

llvm::json::Value toJSON(const Importer &I);
bool fromJSON(const llvm::json::Value &V, Importer &I, llvm::json::Path P);

/// Adds \p U to \p O as "exports" and "sqlExports" (by USR) and
/// "importers"; reads them back. USRs that are not UTF-8 are left out.
void addToJSON(const UnitSummaries &U, llvm::json::Object &O);
bool fromJSON(const llvm::json::Object &O, UnitSummaries &U,
              llvm::json::Path P);
void setSummaryExport(bool Enabled);
bool summaryExportEnabled();
UnitSummaries &exportedSummaries();

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_CHECKER_SUMMARYSTORE_H
