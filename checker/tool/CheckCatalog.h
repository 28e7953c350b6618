//===--- CheckCatalog.h - What the output formats say about each check -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The description of each check for the formats that carry one (SARIF
/// rules, code-quality reports): the rows of checker/Checks.def and the doc
/// pages of docs/checks/, which the build embeds. Checks of other modules
/// (when a user enables them) get a description that points at clang-tidy's
/// documentation.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_TOOL_CHECKCATALOG_H
#define TOCTOU_CHECKER_TOOL_CHECKCATALOG_H

#include "checker/RaceClass.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace toctou::driver {

struct CheckInfo {
  std::string Name;
  /// A name for people ("PathCheckThenUse"); empty for other modules.
  std::string DisplayName;
  /// "filesystem", "database", ...; empty for checks of other modules.
  std::string Family;
  /// "CWE-367"; empty when none applies.
  std::string CWE;
  std::string Summary;
  /// The check's doc page (Markdown), empty when there is none.
  std::string DocMarkdown;
  std::string HelpUri;
  /// The class of its findings when the check records none of its own;
  /// unset for checks of other modules.
  std::optional<clang::tidy::toctou::RaceClass> DefaultRace;
};

/// Every toctou check, in the order of Checks.def.
llvm::ArrayRef<CheckInfo> toctouChecks();

/// The description of \p Name: a toctou check's own, or a generic one.
CheckInfo describeCheck(llvm::StringRef Name);

/// Where toctou-tidy's documentation lives (configured at build time).
llvm::StringRef homepageUri();

} // namespace toctou::driver

#endif // TOCTOU_CHECKER_TOOL_CHECKCATALOG_H
