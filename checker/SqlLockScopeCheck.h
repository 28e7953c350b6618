//===--- SqlLockScopeCheck.h - toctou-sql-lock-scope -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_SQLLOCKSCOPECHECK_H
#define TOCTOU_CHECKER_SQLLOCKSCOPECHECK_H

#include "checker/MemoryCheckBase.h"

namespace clang::tidy::toctou {

/// Finds PostgreSQL session-level advisory locks used where their scope is
/// wrong: taken inside a transaction (they outlive COMMIT and ROLLBACK),
/// released before the write they protect, or not released on some path.
///
/// For the user-facing documentation see:
/// docs/checks/toctou-sql-lock-scope.md
class SqlLockScopeCheck : public MemoryCheckBase {
public:
  using MemoryCheckBase::MemoryCheckBase;

protected:
  void checkFunction(MemoryFunction &F) override;
  bool needsCPlusPlus() const override { return false; }
};

} // namespace clang::tidy::toctou

#endif // TOCTOU_CHECKER_SQLLOCKSCOPECHECK_H
