//===--- DefinitionCheck.h - Checks that look at one function at a time -*- C++
//-*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Every toctou check looks at the function definitions of user code (not
/// in system headers), one at a time, and at nothing else of the unit.
///
/// Under clang-tidy (the plugin) a check reaches them through one matcher,
/// `functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))`; that
/// makes the MatchFinder traverse and match every node of the unit, which on
/// SQLite's amalgamation costs more than all of the checks' own work. The
/// standalone toctou-tidy runs only toctou checks most of the time, so its
/// driver skips the MatchFinder: `forEachDefinition` finds the same
/// definitions by walking declarations (and, in C++, the bodies for lambdas
/// and local classes), and hands them to `checkDefinition` directly
/// (checker/tool/UnitRunner.cpp). The check tests run every check both ways
/// and require the same diagnostics.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_DEFINITIONCHECK_H
#define TOCTOU_CHECKER_DEFINITIONCHECK_H

#include "checker/RaceClass.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace clang::tidy::toctou {

class DefinitionCheck : public ClangTidyCheck {
public:
  DefinitionCheck(StringRef Name, ClangTidyContext *Context);
  ~DefinitionCheck() override;

  void registerMatchers(ast_matchers::MatchFinder *Finder) final;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) final;

  /// Analyzes \p Function: a definition outside system headers, not a
  /// template pattern, valid, with a body (see analyzable()).
  virtual void checkDefinition(const FunctionDecl &Function,
                               ASTContext &Ctx) = 0;

  /// \p Check as a DefinitionCheck if it is one (a toctou check), else null.
  /// LLVM is built without RTTI: the checks alive on this thread say who
  /// they are.
  static DefinitionCheck *of(ClangTidyCheck *Check);

protected:
  /// A warning of class \p Class (what losing the race changes): the
  /// class is recorded with it for the driver's output formats
  /// (checker/RaceClass.h).
  DiagnosticBuilder diagRace(SourceLocation Loc, StringRef Message,
                             RaceClass Class, const SourceManager &SM);
};

/// True for a function the checks analyze: templates are analyzed in their
/// instantiations, where calls resolve; declarations Clang found invalid are
/// not analyzed at all.
bool analyzable(const FunctionDecl &Function);

/// Calls \p Visit on every function definition of \p Ctx's unit that is
/// outside system headers and analyzable(): what the matcher of
/// DefinitionCheck matches in a MatchFinder traversal (which visits template
/// instantiations and implicit code), lambdas' call operators and members
/// of local classes included. Each definition is visited once, before the
/// lambdas and local classes inside it.
void forEachDefinition(ASTContext &Ctx,
                       llvm::function_ref<void(const FunctionDecl &)> Visit);

} // namespace clang::tidy::toctou

#endif // TOCTOU_CHECKER_DEFINITIONCHECK_H
