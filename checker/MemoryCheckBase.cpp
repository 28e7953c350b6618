//===--- MemoryCheckBase.cpp - Shared by the epoch and in-memory checks ---===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/MemoryCheckBase.h"
#include "checker/SqlWrappers.h"
#include "checker/SummaryStore.h"
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
  // Calls of the program's query functions count as the client calls they
  // make.
  Facts.SqlCalls += SqlWrappers::of(Ctx).wrappedCallsIn(Function);
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
  SqlWrappers::reset();
}

void MemoryCheckBase::onEndOfTranslationUnit() {
  // For the driver: the unit's query functions (once, whichever of the
  // checks ends the unit first).
  if (summaryExportEnabled())
    if (SqlWrappers *Wrappers = SqlWrappers::current())
      Wrappers->exportUnit(exportedSummaries());
}

void MemoryCheckBase::checkDefinition(const FunctionDecl &Function,
                                      ASTContext &Ctx) {
  // The query functions of the other units, as the last whole-program run
  // summarized them (the same directory the filesystem checks read).
  if (SqlWrappers &Wrappers = SqlWrappers::of(Ctx); !Wrappers.importTried()) {
    std::string Dir =
        optionOf("toctou-path-check-then-use", "SummaryDir", "");
    if (Dir.empty())
      Dir = defaultSummaryDir();
    std::string Error; // said by the filesystem checks
    Wrappers.importFrom(Dir.empty() ? nullptr
                                    : SummaryIndex::load(Dir, Error));
    // And those the user names.
    const std::string Named =
        optionOf("toctou-sql-read-then-write", "QueryFunctions", "");
    static bool Said = false;
    Error.clear();
    if (!Wrappers.declare(Named, Error) && !Said) {
      Said = true;
      configurationDiag("toctou-sql-read-then-write.QueryFunctions: "
                        "ignored %0")
          << Error;
    }
  }
  if (Last.Function != &Function || Last.Context != &Ctx) {
    Last.Function = &Function;
    Last.Context = &Ctx;
    Last.Analysis = std::make_unique<MemoryFunction>(&Function, Ctx);
  }
  checkFunction(*Last.Analysis);
}

} // namespace clang::tidy::toctou
