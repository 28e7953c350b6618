//===--- SqlReadThenWriteCheck.h - toctou-sql-read-then-write -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_SQLREADTHENWRITECHECK_H
#define TOCTOU_CHECKER_SQLREADTHENWRITECHECK_H

#include "checker/MemoryCheckBase.h"

namespace clang::tidy::toctou {

/// Finds a SELECT of a table and then a write of it (UPDATE, DELETE,
/// INSERT), or an advisory lock keyed by what was read, that depends on the
/// SELECT and is not atomic with it: not in one transaction, or in one whose
/// isolation allows the anomaly while the SELECT took no row lock.
///
/// For the user-facing documentation see:
/// docs/checks/toctou-sql-read-then-write.md
class SqlReadThenWriteCheck : public MemoryCheckBase {
public:
  using MemoryCheckBase::MemoryCheckBase;
  /// QueryFunctions (read by every database check, SqlWrappers.h).
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override {
    Options.store(Opts, "QueryFunctions", Options.get("QueryFunctions", ""));
  }

protected:
  void checkFunction(MemoryFunction &F) override;
  bool needsCPlusPlus() const override { return false; }
};

} // namespace clang::tidy::toctou

#endif // TOCTOU_CHECKER_SQLREADTHENWRITECHECK_H
