//===--- ResultsIO.h - Diagnostics of one translation unit as JSON -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// toctou-tidy analyzes the translation units of a project in worker
/// processes (so that `-j N` runs in parallel and a crash on one file does
/// not end the run; Workers.h). A worker hands the results of each unit to
/// the driver as one JSON document: the clang-tidy diagnostics with their notes, ranges
/// and fix-its, and the counts of suppressed diagnostics.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_TOOL_RESULTSIO_H
#define TOCTOU_CHECKER_TOOL_RESULTSIO_H

#include "checker/SummaryStore.h"
#include "checker/tool/UnitRunner.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace toctou::driver {

/// What one translation unit produced.
struct UnitResults {
  std::vector<clang::tidy::ClangTidyError> Errors;
  /// For each of Errors, the RaceClass id its check recorded with it
  /// ("clobber"...), or "" when it recorded none.
  std::vector<std::string> RaceClasses;
  /// The files the fix-its edit, as the unit read them (filesEditedBy).
  std::vector<ReadFile> Read;
  clang::tidy::ClangTidyStats Stats;
  /// For the whole-program summaries (SummaryCache.h): every file the unit
  /// read, with its digest, and what it exports and imports.
  std::vector<ReadFile> Inputs;
  clang::tidy::toctou::UnitSummaries Summaries;
};

/// \p Results as a JSON document.
std::string writeUnitResults(const UnitResults &Results);

/// Reads what writeUnitResults wrote; an error names what is malformed.
llvm::Expected<UnitResults> readUnitResults(llvm::StringRef Text);

} // namespace toctou::driver

#endif // TOCTOU_CHECKER_TOOL_RESULTSIO_H
