//===--- PathCheckThenUseCheck.h - toctou-path-check-then-use ---*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Declares the check that finds a filesystem call acting on a path after
/// another call checked the same path, when the use depends on the check.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_PATHCHECKTHENUSECHECK_H
#define TOCTOU_CHECKER_PATHCHECKTHENUSECHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::toctou {

/// Finds `access`/`stat`/`lstat` on a path followed by `open`/`fopen`/`creat`
/// on the same path, in a branch that depends on the check. Offers
/// `O_EXCL` / `"x"` as a fix-it when the check found the file absent and the
/// use creates it.
///
/// For the user-facing documentation see:
/// docs/checks/toctou-path-check-then-use.md
class PathCheckThenUseCheck : public ClangTidyCheck {
public:
  PathCheckThenUseCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  Preprocessor *PP = nullptr;
};

} // namespace clang::tidy::toctou

#endif // TOCTOU_CHECKER_PATHCHECKTHENUSECHECK_H
