//===--- ChangeFilter.h - Changed lines and accepted findings ---*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The two ways CI narrows a report down to what a pull request is about:
/// --diff-base keeps the findings whose line, or the line of one of their
/// notes (the check site), changed since a git revision; --baseline drops
/// the findings recorded as accepted by --write-baseline, matched by
/// fingerprint so that lines moving elsewhere do not matter.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_TOOL_CHANGEFILTER_H
#define TOCTOU_CHECKER_TOOL_CHANGEFILTER_H

#include "checker/tool/Findings.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"
#include <string>
#include <utility>
#include <vector>

namespace toctou::driver {

/// Lines added or modified since a revision, per file. Each file is
/// compared in its own repository: the one of the working directory against
/// the revision, a submodule against the commit the revision records for it
/// (a nested repository that is no submodule: against the revision if it
/// has one, else every line counts as changed, with a note).
class ChangedLines {
public:
  /// Runs git in \p WorkDir: `git diff -U0 REV` of the working tree
  /// (committed, staged and unstaged changes), and every untracked file as
  /// wholly changed. The error says what git said. Other repositories are
  /// read when a file of theirs is first asked about.
  static llvm::Expected<ChangedLines> fromGit(llvm::StringRef Revision,
                                              llvm::StringRef WorkDir);

  /// Parses a unified diff whose paths are relative to \p TopLevel.
  void addDiff(llvm::StringRef Diff, llvm::StringRef TopLevel);
  void addWholeFile(llvm::StringRef Path);

  /// Reads the repository of \p File the first time it meets one of its
  /// files.
  bool contains(llvm::StringRef File, unsigned Line);
  size_t fileCount() const { return Ranges.size(); }
  /// What the reader should know about how files were compared (a nested
  /// repository without the revision).
  const std::vector<std::string> &notes() const { return Notes; }

private:
  /// Adds the changes of the working tree at \p TopLevel since \p Base.
  llvm::Error readDiff(llvm::StringRef TopLevel, llvm::StringRef Base);
  /// Reads the changes of the repository at \p Top, once.
  void loadRepository(const std::string &Top);
  /// The top of the repository that holds \p Dir ("" outside any).
  const std::string &topOf(const std::string &Dir);

  /// Keyed by the file's real path; inclusive line ranges, 0..0 = all.
  llvm::StringMap<std::vector<std::pair<unsigned, unsigned>>> Ranges;
  std::string Revision;
  std::string MainTop;
  llvm::StringSet<> Loaded;
  /// Repositories whose every file counts as changed.
  llvm::StringSet<> AllChanged;
  llvm::StringMap<std::string> Tops;
  std::vector<std::string> Notes;
};

/// True if the line of \p F or of one of its notes lies in \p Changed.
bool touchesChanges(const Finding &F, ChangedLines &Changed);

/// Removes the findings whose line and notes' lines all lie outside \p
/// Changed; returns how many were removed.
unsigned keepChanged(std::vector<Finding> &Findings, ChangedLines &Changed);

/// One accepted finding.
struct BaselineEntry {
  std::string Fingerprint;
  std::string Check;
  std::string File;
  unsigned Line = 0;
  std::string Message;
};

/// Reads a baseline file (a regular file of bounded size, BoundedInput.h).
llvm::Expected<std::vector<BaselineEntry>> readBaseline(llvm::StringRef Path);
/// Parses the text of a baseline; \p Path names it in errors.
llvm::Expected<std::vector<BaselineEntry>> parseBaseline(llvm::StringRef Text,
                                                         llvm::StringRef Path);

llvm::Error writeBaseline(llvm::StringRef Path,
                          const std::vector<Finding> &Findings,
                          llvm::StringRef SourceRoot);

/// Removes the findings that \p Baseline accepts and returns the entries
/// that matched none, among those whose file \p Analyzed says was looked at.
/// Copies of one finding (the same Identity) are counted: a baseline that
/// accepts two lets two go, and a third is reported wherever it stands. The
/// copies kept for the report are those \p ReportFirst prefers (the ones on
/// changed lines, with --diff-base), then the last in file order.
std::vector<BaselineEntry>
applyBaseline(std::vector<Finding> &Findings,
              const std::vector<BaselineEntry> &Baseline,
              const llvm::StringSet<> &Analyzed, unsigned &Removed,
              llvm::function_ref<bool(const Finding &)> ReportFirst);

} // namespace toctou::driver

#endif // TOCTOU_CHECKER_TOOL_CHANGEFILTER_H
