//===--- MemoryCheckBase.cpp - Shared by the epoch and in-memory checks ---===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/MemoryCheckBase.h"
#include "matchers/SqlCalls.h"
#include "matchers/SyncCalls.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::toctou {

namespace {

class FactsWalker : public RecursiveASTVisitor<FactsWalker> {
public:
  explicit FactsWalker(FunctionFacts &Facts) : Facts(Facts) {}

  bool VisitCallExpr(CallExpr *Call) {
    ++Facts.Calls;
    if (std::optional<WeakPtrCall> W = weakPtrCallOf(Call)) {
      if (W->Op == WeakPtrCall::Lock)
        ++Facts.WeakPtrLocks;
      else
        ++Facts.WeakPtrChecks;
      return true;
    }
    if (std::optional<AtomicAccess> A = atomicAccessOf(Call)) {
      if (A->Op == AtomicAccess::Load)
        ++Facts.AtomicLoads;
      else
        ++Facts.AtomicWrites;
      return true;
    }
    if (sqlCallOf(Call))
      ++Facts.SqlCalls;
    if (guardMemberCall(Call)) {
      ++Facts.LockSteps;
      return true;
    }
    llvm::SmallVector<LockStep, 2> Steps;
    lockStepsOfCall(Call, Steps);
    Facts.LockSteps += Steps.size();
    return true;
  }

  bool VisitVarDecl(VarDecl *Var) {
    llvm::SmallVector<LockStep, 2> Locks, Managed;
    if (guardConstruction(Var, Locks, Managed))
      ++Facts.LockSteps;
    return true;
  }

  // Lambdas are functions of their own, analyzed when matched.
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }

private:
  FunctionFacts &Facts;
};

/// The function being analyzed on this thread, shared by the four checks.
struct LastFunction {
  const FunctionDecl *Function = nullptr;
  ASTContext *Context = nullptr;
  std::unique_ptr<MemoryFunction> Analysis;
};
thread_local LastFunction Last;

} // namespace

MemoryFunction::MemoryFunction(const FunctionDecl *Function, ASTContext &Ctx)
    : Function(Function), Ctx(Ctx) {
  FactsWalker(Facts).TraverseStmt(Function->getBody());
}

const FunctionFlow *MemoryFunction::flow() {
  if (!FlowTried) {
    FlowTried = true;
    Flow = FunctionFlow::build(Function, Function->getBody(), Ctx);
  }
  return Flow.get();
}

const LockFlow *MemoryFunction::locks() {
  if (!Locks && flow())
    Locks = std::make_unique<LockFlow>(*Flow);
  return Locks.get();
}

const char DefaultEpochNames[] =
    "epoch;generation;gen;version;revision;term;fence;fencing_token;sequence";
const char DefaultCommitNames[] =
    "commit;apply;activate;publish;install;enact;delete;remove;erase;gc;"
    "cleanup;flush;write;save;store;swap;replace";

std::string MemoryCheckBase::optionOf(StringRef Check, StringRef Option,
                                      StringRef Default) const {
  const ClangTidyOptions::OptionMap &Map = TidyContext->getOptions().CheckOptions;
  auto It = Map.find((Check + "." + Option).str());
  return It == Map.end() ? Default.str() : It->second.Value;
}

const SqlFunction *MemoryFunction::sql() {
  if (!Sql && flow())
    Sql = std::make_unique<SqlFunction>(*Flow, Function->getBody(), Ctx);
  return Sql.get();
}

void MemoryCheckBase::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("function"),
      this);
}

bool MemoryCheckBase::isLanguageVersionSupported(
    const LangOptions &LangOpts) const {
  return !needsCPlusPlus() || LangOpts.CPlusPlus;
}

void MemoryCheckBase::onStartOfTranslationUnit() {
  // A new unit may reuse the addresses of the last one's context and decls.
  Last = LastFunction();
}

void MemoryCheckBase::check(const MatchFinder::MatchResult &Result) {
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  // Templates are analyzed in their instantiations, where calls resolve.
  if (!Function || Function->isDependentContext() ||
      Function->isInvalidDecl() || !Function->getBody())
    return;
  if (Last.Function != Function || Last.Context != Result.Context) {
    Last.Function = Function;
    Last.Context = Result.Context;
    Last.Analysis = std::make_unique<MemoryFunction>(Function, *Result.Context);
  }
  checkFunction(*Last.Analysis);
}

} // namespace clang::tidy::toctou
