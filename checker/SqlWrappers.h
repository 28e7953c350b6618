//===--- SqlWrappers.h - The program's own query functions ------*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Access layers: functions of the program that run the SQL they are given
/// through a client call (`db_select(fmt, ...)` formatting into a buffer
/// with `vsnprintf` then calling `PQexec`, `db_execute(sql)`, a C++ method
/// running a query on its member connection), or that run one transaction
/// statement (`db_begin()`). A call of such a function is read by the
/// database checks like the client call inside it, with the caller's SQL.
///
/// Found bottom-up over the unit's call graph with a stack of their own
/// (a chain of wrappers costs no native stack; a cycle makes none of its
/// members a wrapper), and, for functions defined in other units, read
/// from the whole-program summaries (SummaryStore.h) where they were
/// exported.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_SQLWRAPPERS_H
#define TOCTOU_CHECKER_SQLWRAPPERS_H

#include "matchers/SqlCalls.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include <memory>
#include <optional>

namespace clang {
class ASTContext;
class CallExpr;
class Expr;
class FieldDecl;
class FunctionDecl;

namespace tidy::toctou {

class SummaryIndex;
struct UnitSummaries;

/// The key of a connection (or statement handle) that is a global variable
/// or a member of `this`: the same in every function and every unit that
/// names it ("shared:NAME"); none for other expressions.
std::optional<std::string> sharedConnectionKey(const Expr *E);

/// The function pointer field \p Call calls through (`ops->query(...)`,
/// `(*db.v.query)(...)`), if it does.
const FieldDecl *calledField(const CallExpr *Call);

class SqlWrappers {
public:
  /// The wrappers of \p Ctx's unit on this thread. Starts afresh for a new
  /// context.
  static SqlWrappers &of(ASTContext &Ctx);
  /// Forgets the last unit.
  static void reset();
  /// The wrappers of the unit this thread analyzes, if any.
  static SqlWrappers *current();

  /// Reads the other units' wrappers from \p Index; once per unit (later
  /// calls do nothing).
  void importFrom(std::shared_ptr<const SummaryIndex> Index);
  bool importTried() const { return ImportTried; }

  /// Query functions the user names (the QueryFunctions option), for those
  /// whose body toctou-tidy cannot see: entries separated by `;`, each
  /// `[sqlite:|mysql:]NAME(ROLE, ...)` with one role per parameter (`sql`
  /// or `format` once, `conn` at most once, `_` for any other, `...`), or
  /// `[sqlite:|mysql:]NAME=STATEMENT` for a function that runs one
  /// transaction statement. NAME is the function's name or qualified name.
  /// False, with \p Error saying why for each, when entries cannot be
  /// read (the others are kept).
  bool declare(llvm::StringRef Spec, std::string &Error);

  /// What a call of \p FD sends, if it is a wrapper: computed from its body
  /// here, or read from the summaries when it has none here.
  const SqlWrapper *wrapperOf(const FunctionDecl *FD);
  /// True if a call of \p FD runs SQL whatever it is handed (a wrapper,
  /// not one that only calls the function its caller passes).
  bool runsSql(const FunctionDecl *FD);
  /// What \p Call sends: a call of a wrapper, or a call through a function
  /// pointer field (`db->ops->query(db, sql)`) that the program sets to
  /// query functions of one shape (a driver table: struct initializers and
  /// assignments of functions to the field, here or in other units).
  const SqlWrapper *wrapperAt(const CallExpr *Call);
  /// The lookup sqlCallOf() takes (valid as long as this object).
  SqlWrapperLookup lookup() const { return Lookup; }

  /// The calls of wrappers in \p Function's body (not its lambdas') whose
  /// SQL the code spells out, or 0 when the unit knows no wrapper.
  unsigned wrappedCallsIn(const FunctionDecl *Function);

  /// For the driver: the unit's wrappers visible to other units.
  void exportUnit(UnitSummaries &Out);

private:
  explicit SqlWrappers(ASTContext &Ctx) : Ctx(Ctx), Lookup{this} {}
  /// True if the unit defines a wrapper or the summaries hold one.
  bool any();
  /// The wrapper \p FD is, as known now (no computation: a function being
  /// summarized is none).
  const SqlWrapper *known(const FunctionDecl *FD);
  const SqlWrapper *imported(const FunctionDecl *FD);
  void summarizeBottomUp(const FunctionDecl *Root);
  std::optional<SqlWrapper> summarize(const FunctionDecl *Definition);

  ASTContext &Ctx;
  struct LookupFn {
    SqlWrappers *Self;
    const SqlWrapper *operator()(const CallExpr *Call) const {
      return Self->wrapperAt(Call);
    }
  } Lookup;
  /// The driver tables of the unit: each function pointer field set to
  /// query functions, with their shape (none when they disagree).
  void buildFieldTable();
  /// Builds the driver tables, once, before any summary.
  void prepare();
  const SqlWrapper *fieldWrapper(const FieldDecl *Field);
  bool FieldsBuilt = false;
  bool Prepared = false;
  llvm::DenseMap<const FieldDecl *, std::optional<SqlWrapper>> Fields;
  llvm::DenseMap<const FieldDecl *, const SqlWrapper *> ImportedFields;
  std::shared_ptr<const SummaryIndex> Index;
  bool ImportTried = false;
  bool Exported = false;
  std::optional<bool> Any;
  /// By canonical declaration: the functions with a body here.
  llvm::DenseMap<const FunctionDecl *, std::optional<SqlWrapper>> Local;
  llvm::DenseMap<const FunctionDecl *, const SqlWrapper *> Imported;
  llvm::StringMap<SqlWrapper> Declared;
};

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_CHECKER_SQLWRAPPERS_H
