//===--- Reporters.h - The output formats of toctou-tidy --------*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Each output format writes a RunReport: `text` for people, `sarif` for
/// code scanning, `github` for workflow annotations, `rdjson`/`rdjsonl` for
/// reviewdog, `codeclimate` for GitLab Code Quality, `gitlab-sast` for GitLab's
/// security reports. (The clang-tidy fixes
/// YAML, `export-fixes`, is written by clang-tidy's own exporter.) Paths are
/// relative to the report's source root wherever a format expects
/// repository-relative paths.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_TOOL_REPORTERS_H
#define TOCTOU_CHECKER_TOOL_REPORTERS_H

#include "checker/tool/Findings.h"
#include "llvm/Support/raw_ostream.h"

namespace toctou::driver {

/// clang-style diagnostics: `file:line:col: warning: message [check]`, the
/// source line with a caret, the notes, and each fix-it as a small diff.
/// A fix-it --fix wrote (Finding::FixApplied) is shown as done, the others
/// as proposed.
void writeText(llvm::raw_ostream &OS, const RunReport &Report,
               SourceCache &Sources, bool Color);

/// The translation units that could not be analyzed, each with its first
/// compiler errors (clang-style) or what the crashed analysis printed.
void writeFailures(llvm::raw_ostream &OS, const RunReport &Report,
                   SourceCache &Sources, bool Color);

/// SARIF 2.1.0, one run.
void writeSarif(llvm::raw_ostream &OS, const RunReport &Report,
                SourceCache &Sources);

/// GitHub workflow commands. GitHub shows at most \p Limit annotations per
/// step: the most important come first, then one line says how many more
/// there are.
void writeGithub(llvm::raw_ostream &OS, const RunReport &Report,
                 unsigned Limit);

/// A Markdown table of every finding, for $GITHUB_STEP_SUMMARY.
void writeMarkdownSummary(llvm::raw_ostream &OS, const RunReport &Report);

/// Reviewdog's diagnostic format: one document (rdjson) or one diagnostic
/// per line (rdjsonl).
void writeRdjson(llvm::raw_ostream &OS, const RunReport &Report,
                 SourceCache &Sources, bool OnePerLine);

/// GitLab Code Quality (Code Climate issues).
void writeCodeClimate(llvm::raw_ostream &OS, const RunReport &Report);

/// GitLab's security report of type SAST (schema 15), for the merge request
/// security widget and the vulnerability report.
void writeGitlabSast(llvm::raw_ostream &OS, const RunReport &Report);

} // namespace toctou::driver

#endif // TOCTOU_CHECKER_TOOL_REPORTERS_H
