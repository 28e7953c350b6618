//===--- ApplyFixes.h - Rewrite files with the findings' fix-its -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// --fix and --fix-notes, as clang-tidy does them, but on the findings the
/// driver kept (after --diff-base and --baseline): the fix-its of all
/// translation units are merged per file (a header reached through two
/// paths, a symbolic link or a hard link, is one file), a fix-it that
/// overlaps one already taken is skipped whole, the code around the edits
/// is cleaned up and, when a format style is configured, reformatted. Each
/// file is then rewritten by SafeWrite's rewriteSource: only while it still
/// has the content the analysis read, and replaced whole or not at all.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_TOOL_APPLYFIXES_H
#define TOCTOU_CHECKER_TOOL_APPLYFIXES_H

#include "checker/tool/Findings.h"
#include "checker/tool/SafeWrite.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace toctou::driver {

/// What the analysis read of each file, by real path (realPathOf); nothing
/// for a file two units read with different content (it changed during the
/// run).
using AnalyzedContents = std::map<std::string, std::optional<ContentDigest>>;

struct FixSummary {
  /// Fix-its written to their files, and fix-its there were.
  unsigned Applied = 0;
  unsigned Proposed = 0;
  /// Messages about fix-its not applied and files not written.
  std::vector<std::string> Problems;
};

/// Applies the fix-it of each finding (with \p AnyFix, the one on a note when
/// the warning has none) and sets Finding::FixApplied on those that were
/// written; \p StyleOf names the clang-format style of a file ("none" to
/// leave formatting alone).
FixSummary applyFixes(std::vector<Finding> &Findings, bool AnyFix,
                      const AnalyzedContents &Analyzed,
                      llvm::function_ref<std::string(llvm::StringRef)> StyleOf);

} // namespace toctou::driver

#endif // TOCTOU_CHECKER_TOOL_APPLYFIXES_H
