//===--- MemoryCheckBase.h - Shared by the epoch and in-memory checks -*- C++
//-*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The checks about state in memory (epochs, fields under a mutex, weak
/// pointers, atomics) and in databases run on every function definition
/// outside system headers. A cheap walk of the body first tells what it
/// contains; the CFG and the lock analysis are built only when a check needs
/// them, once per function for all the checks (the checks of one function
/// run one after another, whether the MatchFinder or toctou-tidy's own walk
/// hands it to them, so the last function is kept, per thread).
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_MEMORYCHECKBASE_H
#define TOCTOU_CHECKER_MEMORYCHECKBASE_H

#include "checker/FunctionFlow.h"
#include "checker/LockFlow.h"
#include "checker/SqlEvents.h"
#include "checker/BodyScan.h"
#include "checker/DefinitionCheck.h"
#include <memory>

namespace clang::tidy::toctou {

/// One function, analyzed as far as some check asked.
class MemoryFunction {
public:
  MemoryFunction(const FunctionDecl *Function, ASTContext &Ctx);

  const FunctionDecl *function() const { return Function; }
  ASTContext &context() const { return Ctx; }
  const FunctionFacts &facts() const { return Facts; }
  /// The CFG, built on first use; null if Clang cannot build one.
  const FunctionFlow *flow();
  /// The locks along the CFG, built on first use (needs flow()).
  const LockFlow *locks();
  /// The SQL the function sends, built on first use (needs flow()).
  const SqlFunction *sql();

private:
  const FunctionDecl *Function;
  ASTContext &Ctx;
  FunctionFacts Facts;
  bool FlowTried = false;
  std::unique_ptr<FunctionFlow> Flow;
  std::unique_ptr<LockFlow> Locks;
  std::unique_ptr<SqlFunction> Sql;
};

class MemoryCheckBase : public DefinitionCheck {
public:
  MemoryCheckBase(StringRef Name, ClangTidyContext *Context)
      : DefinitionCheck(Name, Context), TidyContext(Context) {}
  void checkDefinition(const FunctionDecl &Function, ASTContext &Ctx) final;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override;
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;

protected:
  /// Analyzes one function (a definition of user code, not a template).
  virtual void checkFunction(MemoryFunction &F) = 0;
  /// True for the checks that only make sense in C++.
  virtual bool needsCPlusPlus() const { return true; }
  /// True if the check \p Name runs too (on this file).
  bool isEnabled(StringRef Name) const {
    return TidyContext->isCheckEnabled(Name);
  }
  /// The option \p Option of another check, or \p Default.
  std::string optionOf(StringRef Check, StringRef Option,
                       StringRef Default) const;

private:
  ClangTidyContext *TidyContext;
};

/// The default EpochNames of toctou-epoch-unchecked-commit (shared with
/// toctou-atomic-load-then-store, which leaves epoch atomics to it).
extern const char DefaultEpochNames[];
extern const char DefaultCommitNames[];

} // namespace clang::tidy::toctou

#endif // TOCTOU_CHECKER_MEMORYCHECKBASE_H
