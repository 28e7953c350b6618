//===--- ValueUses.h - Where a value read goes, in one function -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The questions the in-memory and epoch checks ask about a value once it
/// is read: which local variable it is saved in, whether a later statement
/// uses it (directly or through locals computed from it), which branches it
/// decides; and what "shared state" is: fields and variables with static
/// storage, keyed by their storage signature (a subscript is its container).
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_VALUEUSES_H
#define TOCTOU_CHECKER_VALUEUSES_H

#include "checker/FunctionFlow.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace clang {
class CompoundStmt;
class Expr;
class ValueDecl;
class VarDecl;

namespace tidy::toctou {

/// The local variable that \p E's value is saved in: \p E is (up to
/// implicit conversions and parentheses) its initializer or the right side
/// of an assignment to it. Null otherwise.
const VarDecl *savedInto(const Expr *E, const ParentMap &PM);

/// The local variable whose value is computed from \p E: the variable
/// whose initializer contains \p E (`bool has = cache_.count(k) > 0;`), or
/// the local assigned an expression containing it. Null otherwise.
const VarDecl *carrierOf(const Expr *E, const ParentMap &PM);

/// The variable \p D is: itself, or for a structured binding (`auto [a, b]
/// = ...`) the object it is a part of. Null for anything else.
const VarDecl *variableOf(const ValueDecl *D);

/// True if \p S is \p Inner or contains it.
bool containsStmt(const Stmt *S, const Stmt *Inner);

/// True if \p S names \p Var, or names a local variable whose value was
/// computed from \p Var (its initializer names it; up to three steps).
bool usesValueOf(const Stmt *S, const VarDecl *Var);

/// True if the call or construction \p Call is given \p Var's value
/// itself as an argument: \p Var, an unchanged copy of it (a local
/// initialized with just \p Var), or either as an element of a braced
/// argument (`commit_at(d, seen)`, `apply({d, seen})`). Not a value
/// computed from it (`commit(evaluate(m, seen))`).
bool passesValueOf(const Expr *Call, const VarDecl *Var);

/// The statement of \p S that is a direct child of a compound statement,
/// and that compound statement; {null, null} if there is none (a
/// condition, an initializer of a global).
std::pair<const Stmt *, const CompoundStmt *> statementOf(const Stmt *S,
                                                          const ParentMap &PM);

/// A shared object: a field, or a variable of static storage duration.
struct SharedState {
  std::string Key;
  const ValueDecl *Decl = nullptr;
  /// The expression as written, for messages.
  const Expr *Written = nullptr;
};

/// The shared state the lvalue \p E designates, if any: `count_`,
/// `this->table_`, `s->count`, `g_config`, `cache_[k]` (the container
/// `cache_`). Locals, parameters and their members are not shared state,
/// except through a pointer or a reference (`s->count`).
std::optional<SharedState> sharedStateOf(const Expr *E);

/// True if state \p A and state \p B overlap: one is the other or a part
/// of it (`stats_` and `stats_.hits`).
bool overlaps(llvm::StringRef A, llvm::StringRef B);

/// The condition that the terminator of \p Block branches on, or null.
const Expr *terminatorCondition(const CFGBlock *Block);

/// The variables \p S names (each once, in order of appearance).
llvm::SmallVector<const VarDecl *, 4> variablesNamedIn(const Stmt *S);

/// The branch conditions of a function, indexed by what they name, so that
/// "which conditions read these variables or this call" costs what the
/// answer costs, not a walk of every condition (a function of thousands of
/// queries asks it once per read and write).
class ConditionIndex {
public:
  explicit ConditionIndex(const FunctionFlow &Flow);
  /// The conditions that name one of \p Vars or contain \p Call, as
  /// candidates for decidingCondition, in the order of the CFG.
  llvm::SmallVector<const CFGBlock *, 4>
  naming(const llvm::DenseSet<const VarDecl *> &Vars,
         const Stmt *Call) const;

private:
  /// Blocks with a condition, in the order of the CFG.
  std::vector<const CFGBlock *> Blocks;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<unsigned, 2>> ByVar;
  llvm::DenseMap<const Stmt *, llvm::SmallVector<unsigned, 1>> ByCall;
};

/// The branch condition (of a block that \p From reaches) that decides
/// whether \p Target runs and that \p Reads accepts; null if none. With
/// \p Among, only the conditions of those blocks are considered.
const Expr *decidingCondition(
    const FunctionFlow &Flow, FlowPoint From, FlowPoint Target,
    llvm::function_ref<bool(const Expr *)> Reads,
    std::optional<llvm::ArrayRef<const CFGBlock *>> Among = std::nullopt);

/// Every condition decidingCondition considers that decides whether
/// \p Target runs, in the order of the CFG.
llvm::SmallVector<const Expr *, 4> decidingConditions(
    const FunctionFlow &Flow, FlowPoint From, FlowPoint Target,
    llvm::function_ref<bool(const Expr *)> Reads,
    llvm::ArrayRef<const CFGBlock *> Among);

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_CHECKER_VALUEUSES_H
