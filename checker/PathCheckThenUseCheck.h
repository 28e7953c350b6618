//===--- PathCheckThenUseCheck.h - toctou-path-check-then-use ---*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_PATHCHECKTHENUSECHECK_H
#define TOCTOU_CHECKER_PATHCHECKTHENUSECHECK_H

#include "checker/PathEvents.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "matchers/OpenFlags.h"
#include <memory>

namespace clang::tidy::toctou {

/// The per-translation-unit state the filesystem checks share: the macros
/// of the open flags and the summaries of wrapper functions.
class FilesystemCheckBase : public ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void onStartOfTranslationUnit() override;

protected:
  /// The function matched (a definition outside system headers that calls
  /// something recognized), or null; and its CFG and events.
  struct FunctionEvents {
    std::unique_ptr<FunctionFlow> Flow;
    std::vector<PathEvent> Events;
  };
  std::optional<FunctionEvents>
  eventsOf(const ast_matchers::MatchFinder::MatchResult &Result);
  void registerFunctionMatcher(ast_matchers::MatchFinder *Finder);

  const OpenFlagsReader &flags() const { return *Flags; }
  WrapperSummaries &wrappers(ASTContext &Ctx);

private:
  Preprocessor *PP = nullptr;
  std::unique_ptr<OpenFlagsReader> Flags;
};

/// Finds a path checked (`access`, `stat`, `std::filesystem::exists`, ...)
/// and then acted on by name (`open`, `fopen`, `chmod`, `unlink`, `rename`,
/// `std::ofstream`, ...) in a branch that depends on the check, and offers
/// the atomic alternative as a fix-it.
///
/// For the user-facing documentation see:
/// docs/checks/toctou-path-check-then-use.md
class PathCheckThenUseCheck : public FilesystemCheckBase {
public:
  using FilesystemCheckBase::FilesystemCheckBase;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override {
    registerFunctionMatcher(Finder);
  }
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
};

} // namespace clang::tidy::toctou

#endif // TOCTOU_CHECKER_PATHCHECKTHENUSECHECK_H
