//===--- ApplyFixes.h - Rewrite files with the findings' fix-its -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// --fix and --fix-notes, as clang-tidy does them, but on the findings the
/// driver kept (after --diff-base and --baseline): the fix-its of all
/// translation units are merged per file, a fix-it that overlaps one already
/// taken is skipped whole, the code around the edits is cleaned up and,
/// when a format style is configured, reformatted.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_TOOL_APPLYFIXES_H
#define TOCTOU_CHECKER_TOOL_APPLYFIXES_H

#include "checker/tool/Findings.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <string>
#include <vector>

namespace toctou::driver {

struct FixSummary {
  unsigned Applied = 0;
  unsigned Proposed = 0;
  /// Messages about fix-its not applied and files not written.
  std::vector<std::string> Problems;
};

/// Applies the fix-it of each finding (with \p AnyFix, the one on a note when
/// the warning has none); \p StyleOf names the clang-format style of a file
/// ("none" to leave formatting alone).
FixSummary applyFixes(const std::vector<Finding> &Findings, bool AnyFix,
                      llvm::function_ref<std::string(llvm::StringRef)> StyleOf);

} // namespace toctou::driver

#endif // TOCTOU_CHECKER_TOOL_APPLYFIXES_H
