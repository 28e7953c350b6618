//===--- MemoryCheckBase.cpp - Shared by the epoch and in-memory checks ---===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/MemoryCheckBase.h"
#include "clang/AST/ASTContext.h"

namespace clang::tidy::toctou {

namespace {

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
  Facts = UnitScans::of(Ctx).scan(Function).Facts;
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
  UnitScans::reset();
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
