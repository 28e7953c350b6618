//===--- UnitRunner.h - Runs the checks on translation units ----*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// What clang::tidy::runClangTidy does, with one difference: when every
/// check enabled for a file is a toctou check (checker/DefinitionCheck.h),
/// the file is analyzed without clang-tidy's MatchFinder. The checks get the
/// function definitions from forEachDefinition() instead of from a matcher,
/// which spares a traversal that matches every node of the unit (on SQLite's
/// amalgamation that traversal alone cost more than the checks; see
/// bench/README.md). Any other check enabled (an upstream clang-tidy check,
/// a clang-analyzer check), modules, or --enable-check-profile: the file
/// goes through clang-tidy's own consumer, exactly as under clang-tidy.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_TOOL_UNITRUNNER_H
#define TOCTOU_CHECKER_TOOL_UNITRUNNER_H

#include "checker/tool/SafeWrite.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <string>
#include <vector>

namespace toctou::driver {

/// Runs the checks \p Context enables on \p Files and returns what they
/// reported; the arguments mean what they mean to clang::tidy::runClangTidy.
std::vector<clang::tidy::ClangTidyError>
runChecks(clang::tidy::ClangTidyContext &Context,
          const clang::tooling::CompilationDatabase &Compilations,
          llvm::ArrayRef<std::string> Files,
          llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> BaseFS,
          bool ApplyAnyFix, bool EnableProfile, llvm::StringRef ProfilePrefix);

/// The RaceClass id each of \p Errors was recorded with by its check during
/// the last runChecks, or "" (see checker/RaceClass.h).
std::vector<std::string>
raceClassesOf(llvm::ArrayRef<clang::tidy::ClangTidyError> Errors);

/// A file a fix-it edits, by real path, and what it held when the unit was
/// analyzed (the fix-it's offsets are into that content).
struct ReadFile {
  std::string RealPath;
  ContentDigest Digest;
};

/// The files the fix-its of \p Errors (on warnings and notes) edit, as the
/// last runChecks read them. A file the analysis did not read itself is left
/// out; --fix then leaves it alone.
std::vector<ReadFile>
filesEditedBy(llvm::ArrayRef<clang::tidy::ClangTidyError> Errors);

/// Every file the last runChecks read (absolute paths, with the digests of
/// what it read; none that two units of it read with different content).
std::vector<ReadFile> filesReadByUnits();

} // namespace toctou::driver

#endif // TOCTOU_CHECKER_TOOL_UNITRUNNER_H
