//===--- Findings.h - What a run found, independent of output format -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The driver turns clang-tidy's diagnostics into Findings: positions as
/// lines and columns, notes, the fix-it on the warning and on notes, and a
/// fingerprint that identifies the finding across unrelated edits (lines
/// inserted above it, other findings added or fixed). Every output format,
/// the baseline and the diff filter work on Findings.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_TOOL_FINDINGS_H
#define TOCTOU_CHECKER_TOOL_FINDINGS_H

#include "checker/RaceClass.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace toctou::driver {

/// The text of source files, read once, with line lookups.
class SourceCache {
public:
  /// The whole file, or nothing when it cannot be read.
  std::optional<llvm::StringRef> contents(llvm::StringRef File);
  /// 1-based line and byte column of \p Offset; {0, 0} when unknown.
  std::pair<unsigned, unsigned> position(llvm::StringRef File,
                                         unsigned Offset);
  /// Line \p Line (1-based) without its end of line; empty when unknown.
  llvm::StringRef line(llvm::StringRef File, unsigned Line);
  /// The offset where line \p Line starts, if the file has that line.
  std::optional<unsigned> lineStart(llvm::StringRef File, unsigned Line);

private:
  struct Entry {
    std::unique_ptr<llvm::MemoryBuffer> Buffer;
    std::vector<unsigned> LineStarts;
  };
  const Entry *load(llvm::StringRef File);
  llvm::StringMap<std::optional<Entry>> Files;
};

/// One replacement of a fix-it.
struct TextEdit {
  std::string File;
  unsigned Offset = 0;
  unsigned Length = 0;
  std::string Text;
};

/// A position in a file. Lines and columns are 1-based; columns count
/// bytes; the end column is one past the last character. Line 0 means the
/// diagnostic has no location.
struct Place {
  std::string File;
  unsigned Offset = 0;
  unsigned Line = 0, Column = 0;
  unsigned EndLine = 0, EndColumn = 0;
};

struct FindingNote {
  std::string Message;
  Place Where;
  std::vector<TextEdit> Fix;
};

struct Finding {
  std::string Check;
  /// A warning promoted by --warnings-as-errors (or a compiler error).
  bool IsError = false;
  std::string Message;
  Place Where;
  std::vector<FindingNote> Notes;
  /// The fix-it on the warning itself: what --fix applies.
  std::vector<TextEdit> Fix;
  /// Stable across unrelated edits; see assignFingerprints.
  std::string Fingerprint;
  /// The same without the rank among identical findings: the findings
  /// that share it are copies of one another (the baseline counts them).
  std::string Identity;
  /// Index of the clang-tidy diagnostic it came from, in the driver's list.
  size_t Origin = 0;
  /// What losing the race changes, as the check decided it (its severity
  /// in every format comes from here); unset for other modules' checks and
  /// compiler diagnostics.
  std::optional<clang::tidy::toctou::RaceClass> Race;
  /// Set by --fix once the fix-it (anyFix() with --fix-notes) is written to
  /// its files.
  bool FixApplied = false;

  /// The fix-it that --fix-notes would apply: the warning's own, or that of
  /// its only note with one.
  const std::vector<TextEdit> *anyFix() const;
};

/// True for a compiler error (as opposed to a check's finding, or a warning
/// promoted to an error).
bool isCompilerError(const clang::tidy::ClangTidyError &E);

/// Makes every path in \p E absolute: clang-tidy reports them relative to
/// the directory of the compile command (E.BuildDirectory) when the command
/// names its file that way.
void makePathsAbsolute(clang::tidy::ClangTidyError &E);

Finding toFinding(const clang::tidy::ClangTidyError &E, SourceCache &Sources);

/// Orders findings by file, line, column, check and message.
void sortFindings(std::vector<Finding> &Findings);

/// Sets each finding's fingerprint: a hash of the check, the file (relative
/// to \p SourceRoot), the message with line numbers taken out, and the text
/// of the lines of the finding and its notes (whitespace-trimmed), plus the
/// rank among findings that share all of these. Inserting or deleting lines
/// elsewhere does not change it; editing the flagged lines does.
void assignFingerprints(std::vector<Finding> &Findings, SourceCache &Sources,
                        llvm::StringRef SourceRoot);

/// \p File relative to \p SourceRoot when it is inside it ('/' separated),
/// otherwise unchanged.
std::string displayPath(llvm::StringRef File, llvm::StringRef SourceRoot);

/// Where and why a translation unit could not be analyzed.
struct UnitFailure {
  std::string File;
  /// "does not compile", "crashed (Segmentation fault)", ...
  std::string Reason;
  /// The compiler errors, in order (empty after a crash).
  std::vector<Finding> Errors;
  /// What the analysis printed before it crashed, when it did.
  std::string Output;
};

/// Everything one run produced, in a stable order.
struct RunReport {
  std::vector<std::string> Files;
  std::vector<Finding> Findings;
  std::vector<UnitFailure> Failures;
  std::string SourceRoot;
  /// Findings left out by --diff-base and --baseline.
  unsigned OutsideDiff = 0;
  unsigned Baselined = 0;
  /// Files analyzed again because a helper they call in another file got
  /// its summary after their first analysis (SummaryCache.h).
  unsigned Reanalyzed = 0;
  /// Files whose results were read back from the last run: nothing they
  /// depend on changed since (SummaryCache.h).
  unsigned Reused = 0;
  /// When the analysis started and ended (seconds since the epoch, UTC),
  /// for the formats that record the scan's time.
  int64_t StartedAt = 0;
  int64_t FinishedAt = 0;
};

} // namespace toctou::driver

#endif // TOCTOU_CHECKER_TOOL_FINDINGS_H
