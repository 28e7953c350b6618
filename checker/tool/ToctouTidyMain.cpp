//===--- ToctouTidyMain.cpp - The toctou-tidy command-line tool -----------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// toctou-tidy: clang-tidy's engine with the toctou module and every upstream
/// module built in. It takes clang-tidy's flags and `.clang-tidy` files, so it
/// can stand in wherever a clang-tidy binary is expected, with three
/// differences: the `toctou-*` checks are on by default, a missing or broken
/// compilation database is an error instead of a silent run without flags,
/// and the exit code tells findings from failures:
///
///   0  no findings
///   1  findings (or warnings treated as errors)
///   2  usage or configuration error
///   3  a translation unit could not be analyzed (compiler errors)
///
//===----------------------------------------------------------------------===//

#include "checker/tool/TidyLibrary.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"
#include "clang/Driver/Types.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/WithColor.h"

using namespace clang;
using namespace clang::tidy;
using namespace clang::tooling;
using namespace llvm;

namespace {

/// The exit codes, documented in --help and docs/toctou-tidy.md.
enum ExitCode : int {
  ExitClean = 0,
  ExitFindings = 1,
  ExitUsage = 2,
  ExitNotAnalyzed = 3,
};

/// Checks enabled when no configuration says otherwise.
constexpr StringLiteral DefaultChecks = "-*,toctou-*";

cl::OptionCategory ToctouCategory("toctou-tidy options");

cl::desc desc(StringRef Description) { return {Description.ltrim()}; }

const char Overview[] =
    R"(Finds time-of-check to time-of-use races in C and C++ and proposes the atomic
alternative as a fix-it. toctou-tidy is clang-tidy with the toctou checks built
in: it reads the same flags and .clang-tidy files, and the toctou-* checks are
enabled by default.
)";

cl::extrahelp MoreHelp(R"(
Compilation database:
  toctou-tidy needs the compiler flags of each file. Give the build directory
  that holds compile_commands.json with -p, or the flags after '--':
    toctou-tidy -p build src/main.c
    toctou-tidy src/main.c -- -Iinclude -DNDEBUG
  With -p and no files, every C/C++ file of the database is analyzed.

Configuration:
  As clang-tidy: a .clang-tidy file in the closest parent directory, or
  --config/--config-file, then --checks on top. The default check list is
  '-*,toctou-*'; any configured 'Checks' is appended to it.

Exit codes:
  0  no findings
  1  findings were reported (or warnings were treated as errors)
  2  usage or configuration error (bad flag, missing file or database)
  3  a translation unit could not be analyzed (it does not compile)

Documentation: docs/toctou-tidy.md and docs/checks/ in the source tree.
)");

cl::list<std::string> SourcePaths(cl::Positional,
                                  cl::desc("<source0> [... <sourceN>]"),
                                  cl::cat(ToctouCategory));

cl::opt<std::string> BuildPath("p", desc(R"(
Build directory containing compile_commands.json.
)"),
                               cl::value_desc("build-path"),
                               cl::cat(ToctouCategory));

cl::list<std::string> ExtraArgs("extra-arg", desc(R"(
Additional argument to append to the compiler
command line.
)"),
                                cl::cat(ToctouCategory));

cl::list<std::string> ExtraArgsBefore("extra-arg-before", desc(R"(
Additional argument to prepend to the compiler
command line.
)"),
                                      cl::cat(ToctouCategory));

cl::opt<std::string> Checks("checks", desc(R"(
Comma-separated list of globs with optional '-'
prefix, appended to the configured 'Checks'.
Default: '-*,toctou-*'.
)"),
                            cl::init(""), cl::cat(ToctouCategory));

cl::opt<std::string> WarningsAsErrors("warnings-as-errors", desc(R"(
Upgrades warnings to errors. Same format as
'--checks'.
)"),
                                      cl::init(""), cl::cat(ToctouCategory));

cl::opt<std::string> HeaderFilter("header-filter", desc(R"(
Regular expression matching the names of the
headers to output diagnostics from. Diagnostics
from the main file of each translation unit are
always displayed.
)"),
                                  cl::init(""), cl::cat(ToctouCategory));

cl::opt<std::string> ExcludeHeaderFilter("exclude-header-filter", desc(R"(
Regular expression matching the names of the
headers to exclude diagnostics from.
)"),
                                         cl::init(""), cl::cat(ToctouCategory));

cl::opt<bool> SystemHeaders("system-headers", desc(R"(
Display the errors from system headers.
)"),
                            cl::init(false), cl::cat(ToctouCategory));

cl::opt<std::string> LineFilter("line-filter", desc(R"(
List of files and line ranges to output
diagnostics from, as JSON:
  [{"name":"file1.cpp","lines":[[1,3],[5,7]]},
   {"name":"file2.h"}]
)"),
                                cl::init(""), cl::cat(ToctouCategory));

cl::opt<bool> Fix("fix", desc(R"(
Apply the fix-its attached to warnings.
)"),
                  cl::init(false), cl::cat(ToctouCategory));

cl::opt<bool> FixErrors("fix-errors", desc(R"(
Apply fix-its even if compilation errors were
found.
)"),
                        cl::init(false), cl::cat(ToctouCategory));

cl::opt<bool> FixNotes("fix-notes", desc(R"(
Also apply a fix-it found on a note when the
warning has none (the rewrites that need a
human's judgement). Implies --fix.
)"),
                       cl::init(false), cl::cat(ToctouCategory));

cl::opt<std::string> FormatStyle("format-style", desc(R"(
Style for formatting code around applied fixes:
'none' (default), 'file', 'llvm', 'google', ...
)"),
                                 cl::init("none"), cl::cat(ToctouCategory));

cl::opt<bool> ListChecks("list-checks", desc(R"(
List all enabled checks and exit. Use with
--checks=* to list all available checks.
)"),
                         cl::init(false), cl::cat(ToctouCategory));

cl::opt<bool> ExplainConfig("explain-config", desc(R"(
For each enabled check, tell where it is
enabled.
)"),
                            cl::init(false), cl::cat(ToctouCategory));

cl::opt<std::string> Config("config", desc(R"(
A configuration in YAML/JSON format, e.g.
  --config="{Checks: 'toctou-*',
             CheckOptions: {x: y}}"
When empty, the .clang-tidy file closest to
each source file is used.
)"),
                            cl::init(""), cl::cat(ToctouCategory));

cl::opt<std::string> ConfigFile("config-file", desc(R"(
Read the configuration from this file instead
of looking for .clang-tidy files.
)"),
                                cl::init(""), cl::cat(ToctouCategory));

cl::opt<bool> DumpConfig("dump-config", desc(R"(
Print the effective configuration in YAML and
exit.
)"),
                         cl::init(false), cl::cat(ToctouCategory));

cl::opt<bool> VerifyConfig("verify-config", desc(R"(
Check that every check and option named in the
configuration exists, without running checks.
)"),
                           cl::init(false), cl::cat(ToctouCategory));

cl::opt<bool> EnableCheckProfile("enable-check-profile", desc(R"(
Enable per-check timing profiles, and print a
report to stderr.
)"),
                                 cl::init(false), cl::cat(ToctouCategory));

cl::opt<std::string> StoreCheckProfile("store-check-profile", desc(R"(
Store the per-file profiles as JSON under this
prefix instead of printing them.
)"),
                                       cl::value_desc("prefix"),
                                       cl::cat(ToctouCategory));

cl::opt<std::string> ExportFixes("export-fixes", desc(R"(
YAML file to store suggested fixes in, for
clang-apply-replacements.
)"),
                                 cl::value_desc("filename"),
                                 cl::cat(ToctouCategory));

cl::opt<bool> Quiet("quiet", desc(R"(
Do not print statistics about suppressed
warnings.
)"),
                    cl::init(false), cl::cat(ToctouCategory));

cl::opt<std::string> VfsOverlay("vfsoverlay", desc(R"(
Overlay the virtual filesystem described by file
over the real file system.
)"),
                                cl::value_desc("filename"),
                                cl::cat(ToctouCategory));

cl::opt<bool> UseColor("use-color", desc(R"(
Use colors in diagnostics.
)"),
                       cl::init(false), cl::cat(ToctouCategory));

cl::opt<bool> AllowNoChecks("allow-no-checks", desc(R"(
Do not fail when the configuration enables no
checks.
)"),
                            cl::init(false), cl::cat(ToctouCategory));

cl::opt<bool>
    AllowEnablingAnalyzerAlphaCheckers("allow-enabling-analyzer-alpha-checkers",
                                       cl::init(false), cl::Hidden,
                                       cl::cat(ToctouCategory));

raw_ostream &error() { return WithColor::error(errs(), "toctou-tidy"); }

raw_ostream &warning() { return WithColor::warning(errs(), "toctou-tidy"); }

/// Builds the provider of per-file options, as clang-tidy does, with
/// toctou-tidy's default check list. Null (after a message) on error.
std::unique_ptr<ClangTidyOptionsProvider>
createOptionsProvider(IntrusiveRefCntPtr<vfs::FileSystem> FS) {
  ClangTidyGlobalOptions GlobalOptions;
  if (std::error_code EC = parseLineFilter(LineFilter, GlobalOptions)) {
    error() << "invalid --line-filter: " << EC.message() << "\n";
    return nullptr;
  }

  ClangTidyOptions DefaultOptions;
  DefaultOptions.Checks = DefaultChecks.str();
  DefaultOptions.WarningsAsErrors = "";
  DefaultOptions.HeaderFilterRegex = HeaderFilter;
  DefaultOptions.ExcludeHeaderFilterRegex = ExcludeHeaderFilter;
  DefaultOptions.SystemHeaders = SystemHeaders;
  DefaultOptions.FormatStyle = FormatStyle;
  DefaultOptions.User = sys::Process::GetEnv("USER");

  ClangTidyOptions OverrideOptions;
  if (Checks.getNumOccurrences() > 0)
    OverrideOptions.Checks = Checks;
  if (WarningsAsErrors.getNumOccurrences() > 0)
    OverrideOptions.WarningsAsErrors = WarningsAsErrors;
  if (HeaderFilter.getNumOccurrences() > 0)
    OverrideOptions.HeaderFilterRegex = HeaderFilter;
  if (ExcludeHeaderFilter.getNumOccurrences() > 0)
    OverrideOptions.ExcludeHeaderFilterRegex = ExcludeHeaderFilter;
  if (SystemHeaders.getNumOccurrences() > 0)
    OverrideOptions.SystemHeaders = SystemHeaders;
  if (FormatStyle.getNumOccurrences() > 0)
    OverrideOptions.FormatStyle = FormatStyle;
  if (UseColor.getNumOccurrences() > 0)
    OverrideOptions.UseColor = UseColor;

  auto LoadConfig =
      [&](StringRef Text,
          StringRef Source) -> std::unique_ptr<ClangTidyOptionsProvider> {
    ErrorOr<ClangTidyOptions> Parsed =
        parseConfiguration(MemoryBufferRef(Text, Source));
    if (!Parsed) {
      error() << "invalid configuration in " << Source << ": "
              << Parsed.getError().message() << "\n";
      return nullptr;
    }
    return std::make_unique<ConfigOptionsProvider>(
        std::move(GlobalOptions),
        ClangTidyOptions::getDefaults().merge(DefaultOptions, 0),
        std::move(*Parsed), std::move(OverrideOptions), std::move(FS));
  };

  if (ConfigFile.getNumOccurrences() > 0) {
    if (Config.getNumOccurrences() > 0) {
      error() << "--config-file and --config are mutually exclusive\n";
      return nullptr;
    }
    ErrorOr<std::unique_ptr<MemoryBuffer>> Text =
        MemoryBuffer::getFile(ConfigFile);
    if (std::error_code EC = Text.getError()) {
      error() << "cannot read config file '" << ConfigFile
              << "': " << EC.message() << "\n";
      return nullptr;
    }
    return LoadConfig((*Text)->getBuffer(), ConfigFile);
  }
  if (Config.getNumOccurrences() > 0)
    return LoadConfig(Config, "<command-line-config>");
  return std::make_unique<FileOptionsProvider>(
      std::move(GlobalOptions), std::move(DefaultOptions),
      std::move(OverrideOptions), std::move(FS));
}

IntrusiveRefCntPtr<vfs::OverlayFileSystem> createBaseFS() {
  IntrusiveRefCntPtr<vfs::OverlayFileSystem> BaseFS(
      new vfs::OverlayFileSystem(vfs::getRealFileSystem()));
  if (VfsOverlay.empty())
    return BaseFS;
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      BaseFS->getBufferForFile(VfsOverlay);
  if (!Buffer) {
    error() << "cannot read virtual filesystem overlay '" << VfsOverlay
            << "': " << Buffer.getError().message() << "\n";
    return nullptr;
  }
  IntrusiveRefCntPtr<vfs::FileSystem> Overlay = vfs::getVFSFromYAML(
      std::move(*Buffer), /*DiagHandler=*/nullptr, VfsOverlay);
  if (!Overlay) {
    error() << "invalid virtual filesystem overlay '" << VfsOverlay << "'\n";
    return nullptr;
  }
  BaseFS->pushOverlay(Overlay);
  return BaseFS;
}

SmallString<256> makeAbsolute(StringRef Input) {
  SmallString<256> Path(Input);
  if (!Input.empty())
    sys::fs::make_absolute(Path);
  return Path;
}

/// True for a file that clang can analyze as C, C++ or Objective-C (source
/// or header), judged by its extension.
bool isAnalyzableFile(StringRef Path) {
  StringRef Ext = sys::path::extension(Path);
  if (Ext.empty())
    return false;
  driver::types::ID Type =
      driver::types::lookupTypeForExtension(Ext.drop_front());
  return Type != driver::types::TY_INVALID &&
         driver::types::isAcceptedByClang(Type) &&
         Type != driver::types::TY_LLVM_IR && Type != driver::types::TY_LLVM_BC;
}

/// The compilation database to use, after a message on error. \p
/// FromCommandLine holds what followed '--', if anything.
std::unique_ptr<CompilationDatabase>
loadCompilations(std::unique_ptr<CompilationDatabase> FromCommandLine) {
  std::unique_ptr<CompilationDatabase> Compilations =
      std::move(FromCommandLine);
  std::string ErrorMessage;
  if (!Compilations && !BuildPath.empty()) {
    if (!sys::fs::is_directory(BuildPath)) {
      error() << "-p " << BuildPath << ": no such directory\n";
      return nullptr;
    }
    SmallString<256> JsonPath(BuildPath);
    sys::path::append(JsonPath, "compile_commands.json");
    if (sys::fs::exists(JsonPath)) {
      // Report what is wrong with the file rather than "not found".
      Compilations = JSONCompilationDatabase::loadFromFile(
          JsonPath, ErrorMessage, JSONCommandLineSyntax::AutoDetect);
      if (!Compilations) {
        error() << "cannot read '" << JsonPath
                << "': " << StringRef(ErrorMessage).trim() << "\n";
        return nullptr;
      }
    } else {
      Compilations =
          CompilationDatabase::autoDetectFromDirectory(BuildPath, ErrorMessage);
      if (!Compilations) {
        error() << "no compile_commands.json in '" << BuildPath
                << "' or its parent directories\n"
                << "  (configure with cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON,"
                   " or run 'bear -- make', to create one)\n";
        return nullptr;
      }
    }
  }
  if (!Compilations && !SourcePaths.empty()) {
    Compilations = CompilationDatabase::autoDetectFromSource(
        makeAbsolute(SourcePaths.front()), ErrorMessage);
    if (!Compilations) {
      warning() << "no compile_commands.json found in the directories above '"
                << SourcePaths.front()
                << "'; analyzing with default flags (pass -p BUILD_DIR, or the "
                   "compiler flags after '--')\n";
      Compilations = std::make_unique<FixedCompilationDatabase>(
          ".", std::vector<std::string>());
    }
  }
  if (!Compilations)
    return nullptr;
  auto Adjusted =
      std::make_unique<ArgumentsAdjustingCompilations>(std::move(Compilations));
  Adjusted->appendArgumentsAdjuster(getInsertArgumentAdjuster(
      ExtraArgsBefore, ArgumentInsertPosition::BEGIN));
  Adjusted->appendArgumentsAdjuster(
      getInsertArgumentAdjuster(ExtraArgs, ArgumentInsertPosition::END));
  return Adjusted;
}

void printStats(const ClangTidyStats &Stats) {
  if (!Stats.errorsIgnored())
    return;
  errs() << "Suppressed " << Stats.errorsIgnored() << " warnings (";
  StringRef Separator = "";
  auto Part = [&](unsigned Count, StringRef What) {
    if (!Count)
      return;
    errs() << Separator << Count << What;
    Separator = ", ";
  };
  Part(Stats.ErrorsIgnoredNonUserCode, " in non-user code");
  Part(Stats.ErrorsIgnoredLineFilter, " due to line filter");
  Part(Stats.ErrorsIgnoredNOLINT, " NOLINT");
  Part(Stats.ErrorsIgnoredCheckFilter, " with check filters");
  errs() << ").\n";
  if (Stats.ErrorsIgnoredNonUserCode)
    errs() << "Use --header-filter=.* to display errors from all non-system "
              "headers. Use --system-headers to display errors from system "
              "headers as well.\n";
}

bool verifyConfig(ClangTidyOptionsProvider &Provider, StringRef FileName) {
  const toctou::tidylib::KnownChecks Valid =
      toctou::tidylib::knownChecks(AllowEnablingAnalyzerAlphaCheckers);
  bool AnyInvalid = false;
  for (const auto &[Opts, Source] : Provider.getRawOptions(FileName)) {
    if (Opts.Checks) {
      GlobList Globs(*Opts.Checks);
      for (const auto &Item : Globs.getItems()) {
        if (Item.Text.starts_with("clang-diagnostic"))
          continue;
        if (llvm::none_of(Valid.Checks.keys(), [&](StringRef Name) {
              return Item.Regex.match(Name);
            })) {
          AnyInvalid = true;
          WithColor::warning(errs(), Source)
              << "check glob '" << Item.Text
              << "' doesn't match any known check [--verify-config]\n";
        }
      }
    }
    for (StringRef Key : Opts.CheckOptions.keys()) {
      if (Valid.Options.contains(Key))
        continue;
      AnyInvalid = true;
      WithColor::warning(errs(), Source)
          << "unknown check option '" << Key << "' [--verify-config]\n";
    }
  }
  return !AnyInvalid;
}

} // namespace

int main(int argc, const char **argv) {
  InitLLVM X(argc, argv);
  cl::HideUnrelatedOptions(ToctouCategory);
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "toctou-tidy " << TOCTOU_VERSION << " (LLVM "
       << TOCTOU_LLVM_VERSION_STRING << ")\n";
  });

  // Response files (@file), then the compiler flags after '--'.
  SmallVector<const char *, 64> Args(argv, argv + argc);
  BumpPtrAllocator Alloc;
  cl::ExpansionContext Expander(Alloc, cl::TokenizeGNUCommandLine);
  if (Error Err = Expander.expandResponseFiles(Args)) {
    error() << toString(std::move(Err)) << "\n";
    return ExitUsage;
  }
  int ArgCount = static_cast<int>(Args.size());
  std::string FixedError;
  std::unique_ptr<CompilationDatabase> FromCommandLine =
      FixedCompilationDatabase::loadFromCommandLine(ArgCount, Args.data(),
                                                    FixedError);
  if (!FixedError.empty()) {
    error() << FixedError << "\n";
    return ExitUsage;
  }
  if (!cl::ParseCommandLineOptions(ArgCount, Args.data(), Overview, &errs()))
    return ExitUsage;

  IntrusiveRefCntPtr<vfs::OverlayFileSystem> BaseFS = createBaseFS();
  if (!BaseFS)
    return ExitUsage;
  std::unique_ptr<ClangTidyOptionsProvider> OwningProvider =
      createOptionsProvider(BaseFS);
  if (!OwningProvider)
    return ExitUsage;
  ClangTidyOptionsProvider &Provider = *OwningProvider;

  const SmallString<256> FirstFile =
      makeAbsolute(SourcePaths.empty() ? StringRef("dummy")
                                       : StringRef(SourcePaths.front()));
  ClangTidyOptions Effective = Provider.getOptions(FirstFile);
  std::vector<std::string> EnabledChecks = toctou::tidylib::enabledChecks(
      Effective, AllowEnablingAnalyzerAlphaCheckers);

  if (ExplainConfig) {
    std::vector<ClangTidyOptionsProvider::OptionsSource> Raw =
        Provider.getRawOptions(FirstFile);
    for (const std::string &Check : EnabledChecks) {
      for (const auto &[Opts, Source] : llvm::reverse(Raw)) {
        if (Opts.Checks && GlobList(*Opts.Checks).contains(Check)) {
          outs() << "'" << Check << "' is enabled in the " << Source << ".\n";
          break;
        }
      }
    }
    return ExitClean;
  }
  if (ListChecks) {
    if (EnabledChecks.empty() && !AllowNoChecks) {
      error() << "no checks enabled\n";
      return ExitUsage;
    }
    outs() << "Enabled checks:";
    for (const std::string &Check : EnabledChecks)
      outs() << "\n    " << Check;
    outs() << "\n\n";
    return ExitClean;
  }
  if (DumpConfig) {
    Effective.CheckOptions = toctou::tidylib::effectiveCheckOptions(
        Effective, AllowEnablingAnalyzerAlphaCheckers);
    outs() << configurationAsText(
                  ClangTidyOptions::getDefaults().merge(Effective, 0))
           << "\n";
    return ExitClean;
  }
  if (VerifyConfig) {
    if (!verifyConfig(Provider, FirstFile))
      return ExitUsage;
    outs() << "No config errors detected.\n";
    return ExitClean;
  }
  if (EnabledChecks.empty()) {
    if (AllowNoChecks) {
      outs() << "No checks enabled.\n";
      return ExitClean;
    }
    error() << "no checks enabled (see --checks and the 'Checks' of "
               ".clang-tidy)\n";
    return ExitUsage;
  }

  std::unique_ptr<CompilationDatabase> Compilations =
      loadCompilations(std::move(FromCommandLine));
  if (!Compilations) {
    if (BuildPath.empty() && SourcePaths.empty())
      error() << "no input files; name the files to analyze, or give -p "
                 "BUILD_DIR to analyze every file of its "
                 "compile_commands.json\n";
    return ExitUsage;
  }

  // The files: those named, or every file of the database.
  std::vector<std::string> Files;
  if (SourcePaths.empty()) {
    for (const std::string &File : Compilations->getAllFiles())
      if (isAnalyzableFile(File))
        Files.push_back(File);
    if (Files.empty()) {
      error() << "the compilation database in '" << BuildPath
              << "' lists no C or C++ files\n";
      return ExitUsage;
    }
  } else {
    for (const std::string &File : SourcePaths) {
      if (!sys::fs::exists(File)) {
        error() << "no such file: '" << File << "'\n";
        return ExitUsage;
      }
      if (!isAnalyzableFile(File)) {
        warning() << "skipping '" << File
                  << "': not a C, C++ or Objective-C file\n";
        continue;
      }
      Files.push_back(File);
    }
    if (Files.empty()) {
      error() << "no C or C++ files to analyze\n";
      return ExitUsage;
    }
  }

  InitializeAllTargetInfos();
  InitializeAllTargetMCs();
  InitializeAllAsmParsers();

  std::unique_ptr<ClangTidyContext> OwningContext =
      toctou::tidylib::makeContext(std::move(OwningProvider),
                                   AllowEnablingAnalyzerAlphaCheckers);
  ClangTidyContext &Context = *OwningContext;
  const SmallString<256> ProfilePrefix = makeAbsolute(StoreCheckProfile);
  std::vector<ClangTidyError> Errors =
      toctou::tidylib::run(Context, *Compilations, Files, BaseFS, FixNotes,
                           EnableCheckProfile, ProfilePrefix, Quiet);

  // A compiler error (not a warning promoted by --warnings-as-errors) means
  // the translation unit was not analyzed as written.
  const bool CompilerErrors = llvm::any_of(Errors, [](const ClangTidyError &E) {
    return E.DiagLevel == ClangTidyError::Error && !E.IsWarningAsError;
  });
  const bool Findings = llvm::any_of(Errors, [](const ClangTidyError &E) {
    return E.DiagLevel == ClangTidyError::Warning || E.IsWarningAsError;
  });

  const FixBehaviour Behaviour = FixNotes             ? FB_FixNotes
                                 : (Fix || FixErrors) ? FB_Fix
                                                      : FB_NoFix;
  const bool DisableFixes = CompilerErrors && !FixErrors;
  unsigned WarningsAsErrorsCount = 0;
  handleErrors(Errors, Context, DisableFixes ? FB_NoFix : Behaviour,
               WarningsAsErrorsCount, BaseFS);

  if (!ExportFixes.empty() && !Errors.empty()) {
    std::error_code EC;
    raw_fd_ostream OS(ExportFixes, EC, sys::fs::OF_None);
    if (EC) {
      error() << "cannot write '" << ExportFixes << "': " << EC.message()
              << "\n";
      return ExitUsage;
    }
    exportReplacements(makeAbsolute(Files.front()).str(), Errors, OS);
  }

  if (!Quiet) {
    printStats(Context.getStats());
    if (DisableFixes && Behaviour != FB_NoFix)
      errs() << "Found compiler errors, but --fix-errors was not specified.\n"
                "Fixes have NOT been applied.\n\n";
    if (WarningsAsErrorsCount)
      errs() << WarningsAsErrorsCount << " warning"
             << (WarningsAsErrorsCount == 1 ? "" : "s") << " treated as error"
             << (WarningsAsErrorsCount == 1 ? "" : "s") << "\n";
  }

  if (CompilerErrors) {
    error() << "some files could not be analyzed: they do not compile with "
               "the flags of the compilation database\n";
    return ExitNotAnalyzed;
  }
  if (Findings || WarningsAsErrorsCount)
    return ExitFindings;
  return ExitClean;
}
