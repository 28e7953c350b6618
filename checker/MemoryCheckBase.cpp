//===--- MemoryCheckBase.cpp - Shared by the epoch and in-memory checks ---===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/MemoryCheckBase.h"
#include "matchers/SqlCalls.h"
#include "matchers/SyncCalls.h"
#include "clang/AST/ASTContext.h"

namespace clang::tidy::toctou {

namespace {

/// What one body holds. A plain walk over the statements (no
/// RecursiveASTVisitor: this runs on every function of every unit, and is
/// most of what the in-memory and database checks cost on code without
/// any of it).
class FactsWalker {
public:
  FactsWalker(FunctionFacts &Facts, const ASTContext &Ctx)
      : Facts(Facts), Ctx(Ctx), CPlusPlus(Ctx.getLangOpts().CPlusPlus) {}

  void walk(const Stmt *Body) {
    llvm::SmallVector<const Stmt *, 64> Work;
    if (Body)
      Work.push_back(Body);
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (const auto *Call = dyn_cast<CallExpr>(S))
        visitCall(Call);
      else if (const auto *DS = dyn_cast<DeclStmt>(S))
        visitDecls(DS); // (its children are the initializers)
      else if (isa<LambdaExpr>(S))
        continue; // a function of its own, analyzed when matched
      for (const Stmt *Child : S->children())
        if (Child)
          Work.push_back(Child);
    }
  }

private:
  void visitCall(const CallExpr *Call) {
    ++Facts.Calls;
    if (CPlusPlus) {
      if (std::optional<WeakPtrCall> W = weakPtrCallOf(Call)) {
        if (W->Op == WeakPtrCall::Lock)
          ++Facts.WeakPtrLocks;
        else
          ++Facts.WeakPtrChecks;
        return;
      }
      if (std::optional<AtomicAccess> A = atomicAccessOf(Call)) {
        if (A->Op == AtomicAccess::Load)
          ++Facts.AtomicLoads;
        else
          ++Facts.AtomicWrites;
        return;
      }
      if (guardMemberCall(Call)) {
        ++Facts.LockSteps;
        return;
      }
    }
    if (std::optional<SqlCall> Sql = sqlCallOf(Call))
      if (Sql->Sql && sqlTextOf(Sql->Sql, Ctx))
        ++Facts.SqlCalls;
    llvm::SmallVector<LockStep, 2> Steps;
    lockStepsOfCall(Call, Steps);
    Facts.LockSteps += Steps.size();
  }

  void visitDecls(const DeclStmt *DS) {
    for (const Decl *D : DS->decls()) {
      const auto *Var = dyn_cast<VarDecl>(D);
      if (!Var)
        continue;
      llvm::SmallVector<LockStep, 2> Locks, Managed;
      if (CPlusPlus && guardConstruction(Var, Locks, Managed))
        ++Facts.LockSteps;
    }
  }

  FunctionFacts &Facts;
  const ASTContext &Ctx;
  const bool CPlusPlus;
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
  FactsWalker(Facts, Ctx).walk(Function->getBody());
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
  const ClangTidyOptions::OptionMap &Map =
      TidyContext->getOptions().CheckOptions;
  auto It = Map.find((Check + "." + Option).str());
  return It == Map.end() ? Default.str() : It->second.Value;
}

const SqlFunction *MemoryFunction::sql() {
  if (!Sql && flow())
    Sql = std::make_unique<SqlFunction>(*Flow, Function->getBody(), Ctx);
  return Sql.get();
}

bool MemoryCheckBase::isLanguageVersionSupported(
    const LangOptions &LangOpts) const {
  return !needsCPlusPlus() || LangOpts.CPlusPlus;
}

void MemoryCheckBase::onStartOfTranslationUnit() {
  // A new unit may reuse the addresses of the last one's context and decls.
  Last = LastFunction();
}

void MemoryCheckBase::checkDefinition(const FunctionDecl &Function,
                                      ASTContext &Ctx) {
  if (Last.Function != &Function || Last.Context != &Ctx) {
    Last.Function = &Function;
    Last.Context = &Ctx;
    Last.Analysis = std::make_unique<MemoryFunction>(&Function, Ctx);
  }
  checkFunction(*Last.Analysis);
}

} // namespace clang::tidy::toctou
