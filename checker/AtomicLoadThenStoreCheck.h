//===--- AtomicLoadThenStoreCheck.h - toctou-atomic-load-then-store -*- C++
//-*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_ATOMICLOADTHENSTORECHECK_H
#define TOCTOU_CHECKER_ATOMICLOADTHENSTORECHECK_H

#include "checker/MemoryCheckBase.h"

namespace clang::tidy::toctou {

/// Finds a load of a std::atomic whose value computes or decides a later
/// store to the same atomic: two threads can load the same value, and one
/// store overwrites the other. Offers `exchange` and `fetch_add` (and the
/// other fetch operations) where the shape allows.
///
/// For the user-facing documentation see:
/// docs/checks/toctou-atomic-load-then-store.md
class AtomicLoadThenStoreCheck : public MemoryCheckBase {
public:
  using MemoryCheckBase::MemoryCheckBase;

protected:
  void checkFunction(MemoryFunction &F) override;
};

} // namespace clang::tidy::toctou

#endif // TOCTOU_CHECKER_ATOMICLOADTHENSTORECHECK_H
