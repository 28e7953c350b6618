//===--- PathCheckThenUseCheck.h - toctou-path-check-then-use ---*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_PATHCHECKTHENUSECHECK_H
#define TOCTOU_CHECKER_PATHCHECKTHENUSECHECK_H

#include "checker/PathEvents.h"
#include "checker/DefinitionCheck.h"
#include "matchers/OpenFlags.h"
#include <memory>

namespace clang::tidy::toctou {

/// The per-translation-unit state the filesystem checks share: the macros
/// of the open flags and the summaries of wrapper functions.
class FilesystemCheckBase : public DefinitionCheck {
public:
  FilesystemCheckBase(StringRef Name, ClangTidyContext *Context);
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void onStartOfTranslationUnit() override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

protected:
  /// The CFG and events of \p Function if it calls at least two recognized
  /// functions (directly or through wrappers), else nothing.
  struct FunctionEvents {
    std::unique_ptr<FunctionFlow> Flow;
    std::vector<PathEvent> Events;
  };
  std::optional<FunctionEvents> eventsOf(const FunctionDecl &Function,
                                         ASTContext &Ctx);

  const OpenFlagsReader &flags() const { return *Flags; }
  WrapperSummaries &wrappers(ASTContext &Ctx);

  /// The directory of the stored summaries of the whole program
  /// (SummaryStore.h): the SummaryDir option, else what the driver set.
  std::string summaryDir() const;

private:
  Preprocessor *PP = nullptr;
  std::unique_ptr<OpenFlagsReader> Flags;
  const std::string SummaryDir;
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
  PathCheckThenUseCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void checkDefinition(const FunctionDecl &Function, ASTContext &Ctx) override;
  void onEndOfTranslationUnit() override;

private:
  /// True if findings of \p Class are reported with these options.
  bool reports(RaceClass Class) const;
  /// Option ReportRedundantChecks: also report the pairs of class
  /// redundant-check (off by default).
  const bool ReportRedundant;
  /// Option ReportTimestamps: also report times set by name (class
  /// timestamps, off by default).
  const bool ReportTimestamps;
  /// Option PrivilegedCode: "auto" (the unit changes user or group IDs),
  /// "true" or "false".
  const std::string PrivilegedCode;
};

} // namespace clang::tidy::toctou

#endif // TOCTOU_CHECKER_PATHCHECKTHENUSECHECK_H
