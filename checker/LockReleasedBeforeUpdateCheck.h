//===--- LockReleasedBeforeUpdateCheck.h - toctou-lock-released-before-update
//-*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_LOCKRELEASEDBEFOREUPDATECHECK_H
#define TOCTOU_CHECKER_LOCKRELEASEDBEFOREUPDATECHECK_H

#include "checker/MemoryCheckBase.h"

namespace clang::tidy::toctou {

/// Finds shared state (a field, a global) read while a mutex is held and
/// written, after the mutex was released, from a value or a branch that
/// comes from that read: the state may have changed in between.
///
/// For the user-facing documentation see:
/// docs/checks/toctou-lock-released-before-update.md
class LockReleasedBeforeUpdateCheck : public MemoryCheckBase {
public:
  using MemoryCheckBase::MemoryCheckBase;

protected:
  void checkFunction(MemoryFunction &F) override;
  bool needsCPlusPlus() const override { return false; }
};

} // namespace clang::tidy::toctou

#endif // TOCTOU_CHECKER_LOCKRELEASEDBEFOREUPDATECHECK_H
