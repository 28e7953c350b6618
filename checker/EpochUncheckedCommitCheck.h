//===--- EpochUncheckedCommitCheck.h - toctou-epoch-unchecked-commit -*- C++
//-*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_EPOCHUNCHECKEDCOMMITCHECK_H
#define TOCTOU_CHECKER_EPOCHUNCHECKEDCOMMITCHECK_H

#include "checker/MemoryCheckBase.h"
#include "matchers/NameWords.h"
#include <optional>

namespace clang::tidy::toctou {

/// Finds an epoch (generation, version, term, fencing token...) read, work
/// done, and a commit that depends on the read made without re-checking the
/// epoch, or after the lock that protected the read was released.
///
/// For the user-facing documentation see:
/// docs/checks/toctou-epoch-unchecked-commit.md
class EpochUncheckedCommitCheck : public MemoryCheckBase {
public:
  EpochUncheckedCommitCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;

protected:
  void checkFunction(MemoryFunction &F) override;
  bool needsCPlusPlus() const override { return false; }

private:
  const std::string EpochNamesText;
  const std::string CommitNamesText;
  const NameWords EpochNames;
  const NameWords CommitNames;
  /// True if the unit declares something `[[clang::annotate]]`d (C code can
  /// then have epochs without locks); computed when first needed.
  bool unitHasAnnotations(ASTContext &Ctx);
  std::optional<bool> UnitHasAnnotations;
};

} // namespace clang::tidy::toctou

#endif // TOCTOU_CHECKER_EPOCHUNCHECKEDCOMMITCHECK_H
