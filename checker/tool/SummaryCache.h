//===--- SummaryCache.h - Whole-program summaries, kept between runs -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The driver's side of the whole-program summaries (checker/SummaryStore.h,
/// docs/summaries.md). Each unit the run analyzes exports the summaries of
/// the functions it defines and lists the functions it calls without a body;
/// the driver merges the exports into one index, which the workers read.
/// A unit that calls a function whose summary appeared or changed after it
/// was analyzed is analyzed again, until nothing changes (a chain of helpers
/// across N files settles in N rounds).
///
/// The directory keeps, per unit, what it exported, keyed by the tool's
/// identity, the unit's compile command and the digest of every file it
/// read. A later run starts from the entries whose files are unchanged, so
/// over an unchanged program nothing is analyzed twice; a run that names a
/// few files (an editor, a pre-commit hook) sees the summaries of the rest.
///
/// It also keeps what each unit reported (its results), with what they
/// depend on besides the unit's files: the options its file gets, and the
/// summary of every function of another file it calls. A unit whose files,
/// command, options and imported summaries are all unchanged is not
/// analyzed again: its results are read back.
///
/// Layout of the directory:
///   summaries.json       the merged index (SummaryStore.h's format)
///   units/<hash>.json    one entry per unit
///   results/<hash>.json  what the unit reported, and what that depends on
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_TOOL_SUMMARYCACHE_H
#define TOCTOU_CHECKER_TOOL_SUMMARYCACHE_H

#include "checker/SummaryStore.h"
#include "checker/tool/UnitRunner.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace toctou::driver {

/// What one unit told the whole program the last time it was analyzed.
struct UnitSummaryEntry {
  /// The unit's file, absolute.
  std::string File;
  /// The digest of its compile command (directory and arguments).
  std::string Command;
  /// Every file it read, with the digest of what it read.
  std::vector<ReadFile> Inputs;
  clang::tidy::toctou::UnitSummaries Summaries;
};

/// What one unit reported, as kept for a later run.
struct KeptResults {
  /// The unit's file, absolute.
  std::string File;
  /// The digest of what decides its results besides its files and its
  /// command: the options its file gets, and the flags of the run that
  /// change what a unit reports.
  std::string Key;
  /// The summary digest (summaryDigest) of each function the unit calls
  /// without a body, as the run that kept the results last saw it.
  std::map<std::string, std::string> Imports;
  /// Its results (ResultsIO.h) without its inputs and summaries, which
  /// the unit's entry holds.
  std::string Results;
  /// What it printed.
  std::string Output;
};

class SummaryCache {
public:
  /// The cache in \p Dir, made if it does not exist; with \p Dir empty, a
  /// private temporary directory that lives as long as the cache (the
  /// summaries then serve this run only). \p ToolId names the build of the
  /// tool: entries another build wrote are not read.
  static llvm::Expected<std::unique_ptr<SummaryCache>>
  open(llvm::StringRef Dir, std::string ToolId);
  ~SummaryCache();

  /// The directory the index is in (the checks' SummaryDir).
  llvm::StringRef dir() const { return Dir; }
  bool persistent() const { return !Temporary; }

  /// The stored entry of the unit \p File, changed since or not: a first
  /// guess at what it exports, for a run that analyzes it anyway (when it
  /// did not change, the run confirms it and nobody is analyzed twice).
  std::optional<UnitSummaryEntry> lastKnown(llvm::StringRef File);

  /// The stored entries of every unit not in \p Except that are still
  /// valid: the unit exists, its command is what \p CommandOf says now,
  /// and every file it read is unchanged.
  std::vector<UnitSummaryEntry>
  storedExcept(const std::set<std::string> &Except,
               llvm::function_ref<std::string(llvm::StringRef)> CommandOf);

  /// Records \p Entry (a unit just analyzed) for later runs.
  llvm::Error store(const UnitSummaryEntry &Entry);

  /// True if every file \p Entry read still has the digest it had.
  bool inputsUnchanged(const UnitSummaryEntry &Entry) {
    return unchanged(Entry);
  }

  /// The results kept for the unit \p File, if any (whether they still
  /// hold is the caller's to decide).
  std::optional<KeptResults> keptResults(llvm::StringRef File);

  /// Keeps \p Results for later runs.
  llvm::Error keep(const KeptResults &Results);

  /// Forgets the results kept for \p File (they no longer hold).
  void forgetResults(llvm::StringRef File);

  /// Writes \p Index where the checks read it.
  llvm::Error writeIndex(const clang::tidy::toctou::SummaryIndex &Index);

private:
  SummaryCache(std::string Dir, std::string ToolId, bool Temporary)
      : Dir(std::move(Dir)), ToolId(std::move(ToolId)), Temporary(Temporary) {}
  /// The JSON object in \p Path (at most \p MaxBytes, 16 levels deep),
  /// if it is of \p Format and this tool's build.
  std::optional<llvm::json::Value> readDocument(llvm::StringRef Path,
                                                uint64_t MaxBytes, int Format);
  std::optional<UnitSummaryEntry> readEntry(llvm::StringRef Path);
  /// Writes \p Text to \p Path unless the file holds it already.
  llvm::Error writeIfChanged(llvm::StringRef Path, llvm::StringRef Text);
  /// True if every input of \p Entry still has its digest.
  bool unchanged(const UnitSummaryEntry &Entry);

  std::string Dir;
  std::string ToolId;
  bool Temporary;
  /// Digests of files read so far in this run (shared by the entries).
  std::map<std::string, std::optional<ContentDigest>> Digests;
};

/// The digest of the compile commands of \p File, as hex.
std::string commandDigest(llvm::ArrayRef<std::string> Arguments,
                          llvm::StringRef Directory);

/// The index of \p Entries: for a function exported by several (a helper
/// defined in a header, or in two programs of one tree), the first one's.
clang::tidy::toctou::SummaryIndex
mergeSummaries(llvm::ArrayRef<const UnitSummaryEntry *> Entries);

/// A digest of what \p Index says of the function \p Usr (its path
/// summary and its query-function summary); "" when it says nothing.
std::string summaryDigest(const clang::tidy::toctou::SummaryIndex &Index,
                          llvm::StringRef Usr);

/// The USRs whose summaries differ between \p Before and \p After (added,
/// removed or changed).
std::set<std::string>
changedSummaries(const clang::tidy::toctou::SummaryIndex &Before,
                 const clang::tidy::toctou::SummaryIndex &After);

} // namespace toctou::driver

#endif // TOCTOU_CHECKER_TOOL_SUMMARYCACHE_H
