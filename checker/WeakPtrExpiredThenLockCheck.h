//===--- WeakPtrExpiredThenLockCheck.h - toctou-weak-ptr-expired-then-lock -*-
//C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_WEAKPTREXPIREDTHENLOCKCHECK_H
#define TOCTOU_CHECKER_WEAKPTREXPIREDTHENLOCKCHECK_H

#include "checker/MemoryCheckBase.h"

namespace clang::tidy::toctou {

/// Finds `w.expired()` (or `w.use_count()`) deciding a later `w.lock()`
/// whose result is used without a test: the last owner may release the
/// object in between, and lock() then returns an empty pointer.
///
/// For the user-facing documentation see:
/// docs/checks/toctou-weak-ptr-expired-then-lock.md
class WeakPtrExpiredThenLockCheck : public MemoryCheckBase {
public:
  using MemoryCheckBase::MemoryCheckBase;

protected:
  void checkFunction(MemoryFunction &F) override;
};

} // namespace clang::tidy::toctou

#endif // TOCTOU_CHECKER_WEAKPTREXPIREDTHENLOCKCHECK_H
