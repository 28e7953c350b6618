//===--- TempNameThenOpenCheck.h - toctou-temp-name-then-open ---*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_TEMPNAMETHENOPENCHECK_H
#define TOCTOU_CHECKER_TEMPNAMETHENOPENCHECK_H

#include "checker/PathCheckThenUseCheck.h"

namespace clang::tidy::toctou {

/// Finds a temporary file name made by `mktemp`, `tmpnam`, `tmpnam_r` or
/// `tempnam` and then opened or created by name without `O_EXCL` (CWE-377):
/// another process can create the file, or a link by that name, first.
/// Offers `O_EXCL` / `"x"` on the warning, and `mkstemp()` / `tmpfile()` on
/// a note.
///
/// For the user-facing documentation see:
/// docs/checks/toctou-temp-name-then-open.md
class TempNameThenOpenCheck : public FilesystemCheckBase {
public:
  using FilesystemCheckBase::FilesystemCheckBase;
  void checkDefinition(const FunctionDecl &Function, ASTContext &Ctx) override;
};

} // namespace clang::tidy::toctou

#endif // TOCTOU_CHECKER_TEMPNAMETHENOPENCHECK_H
