//===--- BodyScan.h - One walk per function body for all checks -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Every check starts from the same question about a function: does its
/// body call anything the check knows? The filesystem checks ask it of every
/// function of the unit up front (a wrapper can be defined after its
/// callers), the in-memory and database checks of each function they look
/// at. Walking the statements is most of what that costs (SQLite's
/// amalgamation: 400,000 statements, about 7 ms a walk), so both families
/// share one walk per body, kept for the unit.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_BODYSCAN_H
#define TOCTOU_CHECKER_BODYSCAN_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <optional>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;

namespace tidy::toctou {

/// What a function body contains for the in-memory and database checks.
/// Lambdas in it are functions of their own (and are not counted here).
struct FunctionFacts {
  unsigned WeakPtrChecks = 0; ///< expired(), use_count()
  unsigned WeakPtrLocks = 0;  ///< lock()
  unsigned AtomicLoads = 0;
  unsigned AtomicWrites = 0; ///< store, exchange, compare-exchange, RMW
  unsigned LockSteps = 0;    ///< guards, lock()/unlock(), pthread calls
  unsigned Calls = 0;
  /// Client calls (libpq, libpqxx, SQLite, MySQL) that run or prepare SQL
  /// spelled out in the code: the database checks need some (SQL built at
  /// run time, as SQLite's own code does, tells them nothing).
  unsigned SqlCalls = 0;
  /// Client calls whatever their SQL (a query function of the program
  /// runs SQL it is given).
  unsigned ClientCalls = 0;
  /// Calls through a function pointer field (`ops->query(...)`: a driver
  /// table may make them query functions).
  unsigned FieldCalls = 0;
};

/// One function's body (and its constructor initializers), walked once.
struct BodyScan {
  FunctionFacts Facts;
  /// Calls of the filesystem table (matchers/PathCalls.h), constructor
  /// initializers included.
  unsigned PathCalls = 0;
  /// One of them makes a temporary name (mktemp, tmpnam, ...).
  bool TempNames = false;
  /// It sets the effective (or file-system) user or group ID apart from
  /// the real one (seteuid, setreuid, setresuid, setfsuid and the group
  /// calls): code that runs with more privilege than some of its callers.
  bool ChangesIds = false;
  /// The other functions it calls that have a body in this unit
  /// (canonical declarations).
  llvm::SmallVector<const FunctionDecl *, 4> Callees;
  /// The functions it calls that have no body here, are visible to other
  /// units and are not declared in a system header: the program's own
  /// functions defined elsewhere, whose summaries other units export
  /// (canonical declarations, each once).
  llvm::SmallVector<const FunctionDecl *, 2> External;
};

/// The scans of one translation unit.
class UnitScans {
public:
  /// The scans of \p Ctx's unit on this thread (a unit is analyzed on one
  /// thread from start to end). Starts afresh for a new context.
  static UnitScans &of(ASTContext &Ctx);
  /// Forgets the last unit: a new one may reuse its addresses.
  static void reset();

  /// The scan of the body of \p Function (a definition), walked the first
  /// time it is asked for. Lambdas inside are scanned as functions of
  /// their own.
  const BodyScan &scan(const FunctionDecl *Function);

  /// True if a body scanned so far makes a temporary name.
  bool anyTempNames() const { return AnyTempNames; }

  /// Every function with a body in the unit's own code (not in system
  /// headers; template instantiations and lambdas included), each scanned;
  /// walked once per unit.
  const std::vector<const FunctionDecl *> &definitions();

private:
  explicit UnitScans(ASTContext &Ctx) : Ctx(Ctx) {}
  ASTContext &Ctx;
  bool AnyTempNames = false;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<BodyScan>> Scans;
  std::optional<std::vector<const FunctionDecl *>> Definitions;
};

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_CHECKER_BODYSCAN_H
