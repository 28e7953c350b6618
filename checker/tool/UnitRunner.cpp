//===--- UnitRunner.cpp - Runs the checks on translation units ------------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/tool/UnitRunner.h"
#include "checker/DefinitionCheck.h"
#include "checker/RaceClass.h"
#include "checker/SummaryStore.h"
#include "checker/tool/TidyLibrary.h"
#include "clang-tidy/GlobList.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/PrettyStackTrace.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <optional>
#include <set>

using namespace clang;
using namespace clang::tidy;
using namespace clang::tooling;

namespace toctou::driver {

namespace {

using clang::tidy::toctou::DefinitionCheck;

/// What the last runChecks read: each file by the name the units knew it
/// (as fix-its name it), with the content's digest; nothing for a name two
/// units read with different content.
std::map<std::string, std::optional<ContentDigest>> &filesRead() {
  static std::map<std::string, std::optional<ContentDigest>> Files;
  return Files;
}

/// The same files by absolute path (the FileManager's real path name).
std::map<std::string, std::optional<ContentDigest>> &filesReadAbsolute() {
  static std::map<std::string, std::optional<ContentDigest>> Files;
  return Files;
}

/// Notes the digest of every file \p SM holds.
void recordFilesRead(const SourceManager &SM) {
  for (auto It = SM.fileinfo_begin(), End = SM.fileinfo_end(); It != End;
       ++It) {
    std::optional<llvm::MemoryBufferRef> Buffer =
        It->second->getBufferIfLoaded();
    if (!Buffer)
      continue;
    const ContentDigest Digest = ContentDigest::of(Buffer->getBuffer());
    auto [At, Inserted] =
        filesRead().try_emplace(It->first.getName().str(), Digest);
    if (!Inserted && At->second != Digest)
      At->second.reset();
    std::string Absolute = It->first.getFileEntry().tryGetRealPathName().str();
    if (Absolute.empty()) {
      SmallString<256> Path(It->first.getName());
      if (!SM.getFileManager().makeAbsolutePath(Path))
        continue;
      Absolute = Path.str().str();
    }
    auto [AbsAt, AbsInserted] =
        filesReadAbsolute().try_emplace(std::move(Absolute), Digest);
    if (!AbsInserted && AbsAt->second != Digest)
      AbsAt->second.reset();
  }
}

/// Names the function being analyzed in a crash report.
class AnalyzingFunction : public llvm::PrettyStackTraceEntry {
public:
  AnalyzingFunction(const FunctionDecl &Function, const ASTContext &Ctx)
      : Function(Function), Ctx(Ctx) {}
  void print(raw_ostream &OS) const override {
    OS << "toctou checks on function '" << Function.getNameAsString()
       << "' at ";
    Function.getLocation().print(OS, Ctx.getSourceManager());
    OS << "\n";
  }

private:
  const FunctionDecl &Function;
  const ASTContext &Ctx;
};

/// Hands every function definition of the unit to every check.
class DefinitionsConsumer : public ASTConsumer {
public:
  DefinitionsConsumer(std::vector<std::unique_ptr<ClangTidyCheck>> Checks,
                      std::vector<DefinitionCheck *> Definitions)
      : Checks(std::move(Checks)), Definitions(std::move(Definitions)) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    for (const auto &Check : Checks)
      Check->onStartOfTranslationUnit();
    clang::tidy::toctou::forEachDefinition(
        Ctx, [&](const FunctionDecl &Function) {
          AnalyzingFunction Entry(Function, Ctx);
          for (DefinitionCheck *Check : Definitions)
            Check->checkDefinition(Function, Ctx);
        });
    for (const auto &Check : Checks)
      Check->onEndOfTranslationUnit();
  }

private:
  std::vector<std::unique_ptr<ClangTidyCheck>> Checks;
  std::vector<DefinitionCheck *> Definitions;
};

class ConsumerFactory {
public:
  ConsumerFactory(ClangTidyContext &Context,
                  IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> OverlayFS)
      : Context(Context), Upstream(Context, std::move(OverlayFS)),
        Factories(tidylib::allCheckFactories()) {}

  std::unique_ptr<ASTConsumer> create(CompilerInstance &Compiler,
                                      StringRef File) {
    // The context's per-file state, as clang-tidy sets it.
    SourceManager &SM = Compiler.getSourceManager();
    Context.setSourceManager(&SM);
    Context.setCurrentFile(File);
    Context.setASTContext(&Compiler.getASTContext());
    if (auto WorkingDir = SM.getFileManager()
                              .getVirtualFileSystem()
                              .getCurrentWorkingDirectory())
      Context.setCurrentBuildDirectory(*WorkingDir);

    if (Context.getLangOpts().Modules || enablesOtherChecks())
      return Upstream.createASTConsumer(Compiler, File);
    std::vector<std::unique_ptr<ClangTidyCheck>> Checks =
        Factories->createChecksForLanguage(&Context);
    std::vector<DefinitionCheck *> Definitions;
    for (const auto &Check : Checks) {
      DefinitionCheck *Definition = DefinitionCheck::of(Check.get());
      if (!Definition)
        return Upstream.createASTConsumer(Compiler, File);
      Definitions.push_back(Definition);
    }
    Preprocessor *PP = &Compiler.getPreprocessor();
    for (const auto &Check : Checks)
      Check->registerPPCallbacks(SM, PP, PP);
    return std::make_unique<DefinitionsConsumer>(std::move(Checks),
                                                 std::move(Definitions));
  }

private:
  /// True if a check that is not toctou's runs on the current file
  /// (clang-analyzer checks have no factory: ask by name).
  bool enablesOtherChecks() {
    for (const std::string &Name : Upstream.getCheckNames())
      if (!StringRef(Name).starts_with("toctou-"))
        return true;
    return false;
  }

  ClangTidyContext &Context;
  ClangTidyASTConsumerFactory Upstream;
  std::unique_ptr<ClangTidyCheckFactories> Factories;
};

class ActionFactory : public FrontendActionFactory {
public:
  ActionFactory(ClangTidyContext &Context,
                IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> BaseFS)
      : Consumers(Context, std::move(BaseFS)) {}

  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<Action>(Consumers);
  }

  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                     DiagnosticConsumer *DiagConsumer) override {
    // Like clang-tidy: code under analysis sees __clang_analyzer__.
    Invocation->getPreprocessorOpts().SetUpStaticAnalyzer = true;
    return FrontendActionFactory::runInvocation(
        std::move(Invocation), Files, std::move(PCHContainerOps), DiagConsumer);
  }

private:
  class Action : public ASTFrontendAction {
  public:
    explicit Action(ConsumerFactory &Consumers) : Consumers(Consumers) {}
    std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &Compiler,
                                                   StringRef File) override {
      return Consumers.create(Compiler, File);
    }
    void EndSourceFileAction() override {
      if (getCompilerInstance().hasSourceManager())
        recordFilesRead(getCompilerInstance().getSourceManager());
      ASTFrontendAction::EndSourceFileAction();
    }

  private:
    ConsumerFactory &Consumers;
  };

  ConsumerFactory Consumers;
};

/// True if every check \p Options enables is a toctou check. Then no
/// compiler warning is ever reported (they are the clang-diagnostic-*
/// checks), and Clang need not work them out: `-w` spares it, among others,
/// the CFG of every function that -Wreturn-type and -Wuninitialized build
/// (about 5% of parsing SQLite's amalgamation; bench/README.md). Errors are
/// still reported.
bool onlyToctouChecks(const ClangTidyOptions &Options) {
  if (!Options.Checks)
    return false;
  GlobList Globs(*Options.Checks);
  return llvm::all_of(Globs.getItems(), [](const auto &Item) {
    return !Item.IsPositive || Item.Text.starts_with("toctou-");
  });
}

} // namespace

std::vector<ClangTidyError>
runChecks(ClangTidyContext &Context, const CompilationDatabase &Compilations,
          ArrayRef<std::string> Files,
          IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> BaseFS,
          bool ApplyAnyFix, bool EnableProfile, StringRef ProfilePrefix) {
  // What the checks record with their diagnostics is this run's alone.
  clang::tidy::toctou::clearRaceClasses();
  filesRead().clear();
  filesReadAbsolute().clear();
  clang::tidy::toctou::exportedSummaries() = {};
  // Profiles are per matcher: only clang-tidy's own consumer makes them.
  if (EnableProfile)
    return tidylib::run(Context, Compilations, Files, std::move(BaseFS),
                        ApplyAnyFix, EnableProfile, ProfilePrefix,
                        /*Quiet=*/true);

  ClangTool Tool(Compilations, Files,
                 std::make_shared<PCHContainerOperations>(), BaseFS);
  // The configuration's ExtraArgsBefore / ExtraArgs, per file.
  Tool.appendArgumentsAdjuster(
      [&Context](const CommandLineArguments &Args, StringRef Filename) {
        ClangTidyOptions Options = Context.getOptionsForFile(Filename);
        CommandLineArguments Adjusted = Args;
        if (Options.ExtraArgsBefore) {
          auto At = Adjusted.begin();
          if (At != Adjusted.end() && !StringRef(*At).starts_with("-"))
            ++At; // after the compiler's name
          Adjusted.insert(At, Options.ExtraArgsBefore->begin(),
                          Options.ExtraArgsBefore->end());
        }
        if (Options.ExtraArgs)
          Adjusted.insert(Adjusted.end(), Options.ExtraArgs->begin(),
                          Options.ExtraArgs->end());
        if (onlyToctouChecks(Options)) {
          // Early: the command may end in "-- FILE" (a header's borrowed
          // command does), and -w holds wherever it stands.
          auto At = Adjusted.begin();
          if (At != Adjusted.end() && !StringRef(*At).starts_with("-"))
            ++At;
          Adjusted.insert(At, "-w");
        }
        return Adjusted;
      });
  Tool.appendArgumentsAdjuster(getStripPluginsAdjuster());
  Context.setEnableProfiling(false);

  ClangTidyDiagnosticConsumer DiagConsumer(Context, nullptr,
                                           /*RemoveIncompatibleErrors=*/true,
                                           ApplyAnyFix);
  std::unique_ptr<DiagnosticsEngine> Engine =
      tidylib::attachDiagnostics(Context, DiagConsumer);
  Tool.setDiagnosticConsumer(&DiagConsumer);
  ActionFactory Factory(Context, std::move(BaseFS));
  Tool.run(&Factory);
  return DiagConsumer.take();
}

std::vector<std::string> raceClassesOf(ArrayRef<ClangTidyError> Errors) {
  std::vector<std::string> Classes;
  for (const ClangTidyError &E : Errors) {
    std::optional<clang::tidy::toctou::RaceClass> Class =
        clang::tidy::toctou::raceClassAt(E.DiagnosticName, E.Message.FilePath,
                                         E.Message.FileOffset);
    Classes.push_back(Class ? clang::tidy::toctou::infoOf(*Class).Id.str()
                            : std::string());
  }
  return Classes;
}

std::vector<ReadFile> filesEditedBy(ArrayRef<ClangTidyError> Errors) {
  std::vector<ReadFile> Files;
  std::set<std::string> Seen;
  auto Add = [&](const ClangTidyError &E,
                 const tooling::DiagnosticMessage &M) {
    for (const auto &Entry : M.Fix)
      for (const tooling::Replacement &R : Entry.getValue()) {
        const std::string File = R.getFilePath().str();
        if (!Seen.insert(File).second)
          continue;
        auto Read = filesRead().find(File);
        if (Read == filesRead().end() || !Read->second)
          continue;
        // The name is as the unit knew it: relative to its directory.
        SmallString<256> Path(File);
        if (!llvm::sys::path::is_absolute(Path))
          llvm::sys::fs::make_absolute(E.BuildDirectory, Path);
        std::string Real = realPathOf(Path);
        if (!Real.empty())
          Files.push_back({std::move(Real), *Read->second});
      }
  };
  for (const ClangTidyError &E : Errors) {
    Add(E, E.Message);
    for (const tooling::DiagnosticMessage &Note : E.Notes)
      Add(E, Note);
  }
  return Files;
}

std::vector<ReadFile> filesReadByUnits() {
  std::vector<ReadFile> Files;
  for (const auto &[Path, Digest] : filesReadAbsolute())
    if (Digest)
      Files.push_back({Path, *Digest});
  return Files;
}

} // namespace toctou::driver
