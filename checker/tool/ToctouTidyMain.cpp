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

#include "checker/tool/ApplyFixes.h"
#include "checker/tool/BoundedInput.h"
#include "checker/tool/BuildCommit.h"
#include "checker/tool/SafeWrite.h"
#include "checker/tool/CheckCatalog.h"
#include "checker/tool/ChangeFilter.h"
#include "checker/tool/Findings.h"
#include "checker/tool/Reporters.h"
#include "checker/tool/ResultsIO.h"
#include "checker/tool/SummaryCache.h"
#include "checker/tool/TidyLibrary.h"
#include "checker/tool/UnitOrder.h"
#include "checker/tool/UnitRunner.h"
#include "checker/tool/Workers.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"
#include "clang/Driver/Options.h"
#include "clang/Driver/Types.h"
#include "llvm/Option/ArgList.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/PrettyStackTrace.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/xxhash.h"
#include "matchers/PathCalls.h"
#include "matchers/SqlCalls.h"

#include <cerrno>
#include <csignal>
#include <ctime>
#include <cstring>
#include <deque>
#include <map>
#include <set>
#include <sys/wait.h>
#include <tuple>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

using namespace clang;
using namespace clang::tidy;
using namespace ::toctou::driver;
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
constexpr llvm::StringLiteral DefaultChecks = "-*,toctou-*";

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
  Without either, it looks in build/, out/, _build/ and cmake-build-*/ of the
  current directory, then in the directories above the first file (or above
  the current directory). With no files named, every C/C++ file of the
  database is analyzed, in parallel (-j).

Output:
  --format=FORMAT[:FILE] (repeatable, or comma-separated) chooses what is
  written, to FILE, to --output, or to standard output:
    text          clang-style diagnostics with the source line, notes and
                  each fix-it as a diff (the default)
    sarif         SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, ...)
    github        GitHub Actions workflow commands (annotations), and a
                  Markdown table in $GITHUB_STEP_SUMMARY when it is set
    rdjson        reviewdog's diagnostic format, fix-its as suggestions;
    rdjsonl       the same, one diagnostic per line
    codeclimate   GitLab Code Quality report
    gitlab-sast   GitLab security report (SAST), for the security widget
    export-fixes  clang-tidy's fixes YAML (clang-apply-replacements)
  For example, in CI:
    toctou-tidy -p build --format=github --format=sarif:toctou.sarif

Changed code only, accepted findings:
  --diff-base=REV        only findings whose line or check site changed
                         since the git revision REV
  --write-baseline=FILE  record the current findings as accepted
  --baseline=FILE        do not report the findings recorded in FILE (matched
                         by fingerprint, so moved lines still match)

Configuration:
  As clang-tidy: a .clang-tidy file in the closest parent directory, or
  --config/--config-file, then --checks on top. The default check list is
  '-*,toctou-*'; any configured 'Checks' is appended to it.

Exit codes:
  0  no findings
  1  findings were reported (or warnings were treated as errors)
  2  usage or configuration error (bad flag, missing file or database),
     or a report that could not be written
  3  a translation unit could not be analyzed (it does not compile, or the
     analysis crashed); the others are still analyzed and reported

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
Print only the findings: no statistics about
suppressed warnings, no summary, no progress.
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

cl::opt<unsigned> Jobs("j", desc(R"(
Number of translation units analyzed at once.
Default: the number of cores.
)"),
                       cl::init(0), cl::value_desc("N"), cl::Prefix,
                       cl::cat(ToctouCategory));

cl::list<std::string> Formats("format", desc(R"(
Output format, optionally with the file to write
it to: text, sarif, github, rdjson, rdjsonl,
codeclimate, gitlab-sast, export-fixes (see
below). Repeat or
separate with commas for several.
)"),
                              cl::value_desc("format[:file]"),
                              cl::CommaSeparated, cl::cat(ToctouCategory));

cl::opt<std::string> Output("output", desc(R"(
Write the chosen format to this file instead of
standard output.
)"),
                            cl::value_desc("file"), cl::cat(ToctouCategory));
cl::alias OutputShort("o", cl::desc("Alias for --output"),
                      cl::aliasopt(Output), cl::cat(ToctouCategory));

cl::opt<std::string> DiffBase("diff-base", desc(R"(
Report only the findings whose line, or the line
of the check it pairs with, changed since this git
revision (committed, staged or not, and untracked
files).
)"),
                              cl::value_desc("rev"), cl::cat(ToctouCategory));

cl::opt<std::string> BaselinePath("baseline", desc(R"(
Do not report the findings recorded in this file
by --write-baseline. Entries that no longer match
a finding are listed, so the file can be updated.
)"),
                                  cl::value_desc("file"),
                                  cl::cat(ToctouCategory));

cl::opt<std::string> WriteBaselinePath("write-baseline", desc(R"(
Record every finding of this run in this file, as
accepted, and exit 0 (3 if a file could not be
analyzed).
)"),
                                       cl::value_desc("file"),
                                       cl::cat(ToctouCategory));

cl::opt<std::string> SourceRoot("source-root", desc(R"(
Directory that the paths of sarif, github,
rdjson and codeclimate output are relative to.
Default: the top of the git work tree, or the
current directory outside one.
)"),
                                cl::value_desc("dir"), cl::cat(ToctouCategory));

enum class ProgressMode { Auto, Always, Never };
cl::opt<ProgressMode> Progress(
    "progress", desc(R"(
Show progress on standard error: auto (for more
than one file: a line redrawn on a terminal, a
plain line every 10 seconds in a log), always (on a
terminal redrawn, elsewhere a line per file done),
never. TERM=dumb gets plain lines.
)"),
    cl::values(clEnumValN(ProgressMode::Auto, "auto", ""),
               clEnumValN(ProgressMode::Always, "always", ""),
               clEnumValN(ProgressMode::Never, "never", "")),
    cl::init(ProgressMode::Auto), cl::cat(ToctouCategory));

/// The heartbeat's interval, in seconds (tests make it short).
cl::opt<double> ProgressInterval(
    "progress-interval",
    desc("Seconds between plain progress lines (default 10)"),
    cl::init(10.0), cl::Hidden, cl::cat(ToctouCategory));

cl::opt<unsigned> GithubLimit("github-annotation-limit", desc(R"(
Annotations of each level printed by
--format=github before the rest are summed up.
)"),
                              cl::init(10), cl::Hidden,
                              cl::cat(ToctouCategory));

cl::opt<std::string> SummariesDir("summaries", desc(R"(
Directory that keeps the summaries of the
program's functions between runs, so that a check
in one file and a use through a helper in another
are paired (docs/summaries.md). Default:
.toctou-tidy/ in the build directory of -p (or the
one found); 'none' keeps them for this run only;
'off' analyzes each file alone.
)"),
                                  cl::value_desc("dir"),
                                  cl::cat(ToctouCategory));

cl::opt<std::string> InternalWorker("internal-worker", cl::Hidden,
                                    cl::cat(ToctouCategory));

// Set by the driver for its workers: where the summary index is.
cl::opt<std::string> InternalSummaryIndex("internal-summary-index", cl::Hidden,
                                          cl::cat(ToctouCategory));

cl::opt<bool> ReuseResults("reuse-results", desc(R"(
Read back the results of a file the last run
analyzed when nothing they depend on changed since:
its files, compile command and options, and the
summaries of the helpers it calls (kept with the
summaries; docs/summaries.md). Default: on;
--reuse-results=false analyzes every file.
)"),
                           cl::init(true), cl::cat(ToctouCategory));

// For tests only: prints the waves of a first run (UnitOrder.h).
cl::opt<bool> TestingPrintWaves("testing-print-waves", cl::Hidden,
                                cl::cat(ToctouCategory));

// For tests only: see setPauseBeforeWrite in SafeWrite.h.
cl::opt<std::string> TestingPauseBeforeWrite("testing-pause-before-write",
                                             cl::Hidden,
                                             cl::cat(ToctouCategory));

/// Set in a worker process, which leaves messages about the set-up to the
/// driver that started it.
bool IsWorker = false;

raw_ostream &error() { return WithColor::error(errs(), "toctou-tidy"); }

raw_ostream &warning() {
  if (IsWorker)
    return nulls();
  return WithColor::warning(errs(), "toctou-tidy");
}

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
    // The YAML parser recurses once per level of flow-style nesting.
    if (bracketDepth(Text) > MaxInputNesting) {
      error() << "invalid configuration in " << Source << ": nested more than "
              << MaxInputNesting << " levels deep\n";
      return nullptr;
    }
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
    Expected<std::unique_ptr<MemoryBuffer>> Text =
        readBoundedFile(ConfigFile, MaxConfigBytes);
    if (!Text) {
      error() << "cannot read config file '" << ConfigFile
              << "': " << toString(Text.takeError()) << "\n";
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
         Type != driver::types::TY_LLVM_IR && Type != driver::types::TY_LLVM_BC &&
         Type != driver::types::TY_Asm && Type != driver::types::TY_PP_Asm;
}

/// True for assembler sources (`.s`, `.S`), which compile databases list
/// next to C files and which have nothing to analyze.
bool isAssemblerFile(StringRef Path) {
  StringRef Ext = sys::path::extension(Path);
  if (Ext.empty())
    return false;
  driver::types::ID Type =
      driver::types::lookupTypeForExtension(Ext.drop_front());
  return Type == driver::types::TY_Asm || Type == driver::types::TY_PP_Asm;
}

/// The build directories toctou-tidy looks in, below the current directory,
/// when neither -p nor '--' says where the flags are.
std::vector<std::string> conventionalBuildDirs() {
  std::vector<std::string> Dirs{"build", "out", "_build"};
  std::vector<std::string> CMakeDirs;
  std::error_code EC;
  for (sys::fs::directory_iterator It(".", EC), End; It != End && !EC;
       It.increment(EC)) {
    StringRef Name = sys::path::filename(It->path());
    if (Name.starts_with("cmake-build-"))
      CMakeDirs.push_back(Name.str());
  }
  llvm::sort(CMakeDirs);
  Dirs.insert(Dirs.end(), CMakeDirs.begin(), CMakeDirs.end());
  return Dirs;
}

/// A directory holding the compile_commands.json to use when neither -p
/// nor '--' was given: in a conventional build directory, or else above
/// \p Start. Empty when there is none.
std::string discoverBuildPath(StringRef Start) {
  for (const std::string &Dir : conventionalBuildDirs()) {
    SmallString<256> Json(Dir);
    sys::path::append(Json, "compile_commands.json");
    if (sys::fs::exists(Json))
      return std::string(makeAbsolute(Dir));
  }
  for (StringRef Dir = Start; !Dir.empty(); Dir = sys::path::parent_path(Dir)) {
    SmallString<256> Json(Dir);
    sys::path::append(Json, "compile_commands.json");
    if (sys::fs::exists(Json))
      return Dir.str();
  }
  return {};
}

/// True if \p Compiler is a cross compiler: its name starts with a target
/// triple (`i686-w64-mingw32-gcc`) of another architecture or system than
/// the one toctou-tidy runs on (`x86_64-linux-gnu-gcc` is native).
bool isCrossCompiler(StringRef Compiler) {
  StringRef Name = sys::path::filename(Compiler);
  size_t Dash = Name.rfind('-');
  if (Dash == StringRef::npos)
    return false;
  StringRef Driver = Name.substr(Dash + 1);
  StringRef Prefix = Name.substr(0, Dash);
  // gcc-12, clang-19: a version, not a triple; look at what precedes it.
  if (!Driver.empty() && llvm::isDigit(Driver.front())) {
    Dash = Prefix.rfind('-');
    if (Dash == StringRef::npos)
      return false;
    Prefix = Prefix.substr(0, Dash);
  }
  if (Prefix.count('-') < 1)
    return false;
  const llvm::Triple Target(llvm::Triple::normalize(Prefix));
  const llvm::Triple Host(llvm::Triple::normalize(sys::getDefaultTargetTriple()));
  if (Target.getArch() == llvm::Triple::UnknownArch)
    return false;
  return Target.getArch() != Host.getArch() || Target.getOS() != Host.getOS();
}

/// A compilation database that gives each file one compile command: the
/// first for the machine toctou-tidy runs on. Builds that compile one
/// source several times (one per flavour, each in its own directory; or
/// also for Windows with a cross compiler, as Debian's gzip does) list it
/// once per command; Clang's tools then parse it once per command with one
/// FileManager, whose cache keeps a header named relative to the first
/// command's directory (`-include include/autoconf.h`) and reads the other
/// directory's header with the first one's size: clang-tidy itself crashes
/// on it. One command per file is also what clangd does, and what a
/// finding needs: the same source analyzed again would report the same
/// races.
class OneCommandPerFile : public CompilationDatabase {
public:
  explicit OneCommandPerFile(std::unique_ptr<CompilationDatabase> Inner)
      : Inner(std::move(Inner)) {}

  std::vector<CompileCommand> getCompileCommands(StringRef File) const override {
    std::vector<CompileCommand> Commands = Inner->getCompileCommands(File);
    if (Commands.size() > 1) {
      auto Native = llvm::find_if(Commands, [](const CompileCommand &C) {
        return C.CommandLine.empty() || !isCrossCompiler(C.CommandLine[0]);
      });
      CompileCommand Chosen =
          std::move(Native != Commands.end() ? *Native : Commands.front());
      Commands.clear();
      Commands.push_back(std::move(Chosen));
    }
    return Commands;
  }
  std::vector<std::string> getAllFiles() const override {
    return Inner->getAllFiles();
  }
  std::vector<CompileCommand> getAllCompileCommands() const override {
    std::vector<CompileCommand> All;
    for (const std::string &File : getAllFiles())
      for (CompileCommand &C : getCompileCommands(File))
        All.push_back(std::move(C));
    return All;
  }

private:
  std::unique_ptr<CompilationDatabase> Inner;
};

/// The compiler arguments dropped because Clang does not know them, for one
/// note at the end of the file list (see dropUnknownArguments).
std::set<std::string> &droppedArguments() {
  static std::set<std::string> Dropped;
  return Dropped;
}

/// An adjuster that drops the arguments Clang's driver does not know:
/// GCC-only flags in a database that a GCC build wrote
/// (`-fno-guess-branch-probability`, `-malign-data=abi`), for which Clang
/// refuses the whole command ("unknown argument"). clangd does the same.
/// Commands for clang-cl are left alone.
ArgumentsAdjuster dropUnknownArguments() {
  return [](const CommandLineArguments &Args, StringRef) {
    if (Args.size() < 2 || StringRef(Args[0]).ends_with_insensitive("cl") ||
        StringRef(Args[0]).ends_with_insensitive("cl.exe") ||
        llvm::is_contained(Args, "--driver-mode=cl"))
      return Args;
    std::vector<const char *> Pointers;
    for (size_t I = 1; I < Args.size(); ++I)
      Pointers.push_back(Args[I].c_str());
    unsigned MissingIndex = 0, MissingCount = 0;
    const llvm::opt::InputArgList Parsed =
        clang::driver::getDriverOptTable().ParseArgs(
            Pointers, MissingIndex, MissingCount,
            llvm::opt::Visibility(clang::driver::options::ClangOption));
    std::set<unsigned> Unknown;
    for (const llvm::opt::Arg *A :
         Parsed.filtered(clang::driver::options::OPT_UNKNOWN))
      Unknown.insert(A->getIndex() + 1);
    if (Unknown.empty())
      return Args;
    CommandLineArguments Kept;
    for (size_t I = 0; I < Args.size(); ++I) {
      if (Unknown.count(I)) {
        droppedArguments().insert(Args[I]);
        continue;
      }
      Kept.push_back(Args[I]);
    }
    return Kept;
  };
}

/// The compilation database to use, after a message on error. \p
/// FromCommandLine holds what followed '--', if anything.
std::unique_ptr<CompilationDatabase>
loadCompilations(std::unique_ptr<CompilationDatabase> FromCommandLine) {
  std::unique_ptr<CompilationDatabase> Compilations =
      std::move(FromCommandLine);
  std::string ErrorMessage;
  if (!Compilations && BuildPath.empty()) {
    SmallString<256> Start =
        SourcePaths.empty() ? makeAbsolute(".")
                            : makeAbsolute(SourcePaths.front());
    if (!SourcePaths.empty())
      sys::path::remove_filename(Start);
    sys::path::remove_dots(Start, /*remove_dot_dot=*/true);
    std::string Found = discoverBuildPath(Start);
    if (!Found.empty()) {
      BuildPath = Found;
    } else if (SourcePaths.empty()) {
      error() << "no compilation database found: looked for "
                 "compile_commands.json in build/, out/, _build/ and "
                 "cmake-build-*/ here, and in '"
              << Start << "' and its parent directories\n"
              << "  (give -p BUILD_DIR, or name the files to analyze; "
                 "configure with cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON, "
                 "or run 'bear -- make', to create a database)\n";
      return nullptr;
    }
  }
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
      // As clang-tidy's own loader does: headers and files missing from the
      // database borrow the flags of the closest entry.
      Compilations = inferTargetAndDriverMode(inferMissingCompileCommands(
          expandResponseFiles(std::move(Compilations),
                              vfs::getRealFileSystem())));
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
    // No compile_commands.json anywhere; compile_flags.txt, perhaps.
    Compilations = CompilationDatabase::autoDetectFromSource(
        makeAbsolute(SourcePaths.front()), ErrorMessage);
    if (!Compilations) {
      warning() << "no compile_commands.json found in build/, out/, _build/ "
                   "or cmake-build-*/, nor in the directories above '"
                << SourcePaths.front()
                << "'; analyzing with default flags (pass -p BUILD_DIR, or "
                   "the compiler flags after '--')\n";
      Compilations = std::make_unique<FixedCompilationDatabase>(
          ".", std::vector<std::string>());
    }
  }
  if (!Compilations)
    return nullptr;
  auto Adjusted = std::make_unique<ArgumentsAdjustingCompilations>(
      std::make_unique<OneCommandPerFile>(std::move(Compilations)));
  Adjusted->appendArgumentsAdjuster(dropUnknownArguments());
  // clang prints "N warnings generated." after each unit when it shows
  // carets; toctou-tidy prints its own summary.
  Adjusted->appendArgumentsAdjuster(getInsertArgumentAdjuster(
      "-fno-caret-diagnostics", ArgumentInsertPosition::END));
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
  const ::toctou::tidylib::KnownChecks Valid =
      ::toctou::tidylib::knownChecks(AllowEnablingAnalyzerAlphaCheckers);
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


enum class OutputKind {
  Text,
  Sarif,
  Github,
  Rdjson,
  Rdjsonl,
  CodeClimate,
  GitlabSast,
  ExportFixes
};

/// One requested output: a format and where it goes (empty: stdout).
struct OutputSpec {
  OutputKind Kind;
  std::string Path;
};

std::optional<OutputKind> parseOutputKind(StringRef Name) {
  return llvm::StringSwitch<std::optional<OutputKind>>(Name)
      .Case("text", OutputKind::Text)
      .Case("sarif", OutputKind::Sarif)
      .Case("github", OutputKind::Github)
      .Case("rdjson", OutputKind::Rdjson)
      .Case("rdjsonl", OutputKind::Rdjsonl)
      .Case("codeclimate", OutputKind::CodeClimate)
      .Case("gitlab-sast", OutputKind::GitlabSast)
      .Case("export-fixes", OutputKind::ExportFixes)
      .Default(std::nullopt);
}

/// Parses --format, --output and --export-fixes. An output that names one of
/// \p Inputs, or that cannot be created, is refused before the analysis; the
/// outputs are written at the end, each replaced whole (writeFileAtomically).
bool parseOutputs(std::vector<OutputSpec> &Outputs,
                  ArrayRef<std::string> Inputs) {
  for (const std::string &Value : Formats) {
    auto [Name, Path] = StringRef(Value).split(':');
    std::optional<OutputKind> Kind = parseOutputKind(Name);
    if (!Kind) {
      error() << "unknown --format '" << Name
              << "' (expected text, sarif, github, rdjson, rdjsonl, "
                 "codeclimate, gitlab-sast or export-fixes)\n";
      return false;
    }
    Outputs.push_back({*Kind, Path.str()});
  }
  if (!ExportFixes.empty())
    Outputs.push_back({OutputKind::ExportFixes, ExportFixes});
  if (Outputs.empty() ||
      llvm::all_of(Outputs, [](const OutputSpec &O) { return !O.Path.empty(); }))
    if (Formats.empty())
      Outputs.insert(Outputs.begin(), {OutputKind::Text, ""});
  unsigned ToDefault = 0;
  for (OutputSpec &O : Outputs)
    if (O.Path.empty()) {
      O.Path = Output;
      ++ToDefault;
    }
  if (ToDefault > 1) {
    error() << "several formats would be written to "
            << (Output.empty() ? "standard output" : "'" + Output + "'")
            << "; give each a file of its own with --format=FORMAT:FILE\n";
    return false;
  }
  std::map<sys::fs::UniqueID, std::string> InputIDs;
  for (const std::string &Input : Inputs) {
    sys::fs::UniqueID ID;
    if (!sys::fs::getUniqueID(Input, ID))
      InputIDs.emplace(ID, Input);
  }
  StringSet<> Paths;
  for (OutputSpec &O : Outputs) {
    if (O.Path.empty() || O.Path == "-") {
      O.Path.clear();
      continue;
    }
    if (!Paths.insert(O.Path).second) {
      error() << "two outputs are written to '" << O.Path << "'\n";
      return false;
    }
    sys::fs::UniqueID ID;
    if (!sys::fs::getUniqueID(O.Path, ID) && InputIDs.count(ID)) {
      error() << "the output '" << O.Path << "' is the input '"
              << InputIDs[ID] << "'; it would be overwritten by the report\n";
      return false;
    }
    if (sys::fs::is_directory(O.Path)) {
      error() << "cannot write '" << O.Path << "': Is a directory\n";
      return false;
    }
    SmallString<256> Dir(sys::path::parent_path(makeAbsolute(O.Path)));
    if (!sys::fs::is_directory(Dir)) {
      error() << "cannot write '" << O.Path
              << "': No such file or directory\n";
      return false;
    }
  }
  return true;
}

/// Colour for text written to \p Out: as --use-color says, or when it goes to
/// a terminal that takes colours.
bool textColor(const OutputSpec &Out) {
  if (UseColor.getNumOccurrences())
    return UseColor;
  return Out.Path.empty() && sys::Process::StandardOutHasColors();
}

/// The directory machine-readable output is relative to; empty after a
/// message when --source-root does not exist.
std::string sourceRoot() {
  SmallString<256> Root;
  if (!SourceRoot.empty()) {
    if (!sys::fs::is_directory(SourceRoot)) {
      error() << "--source-root " << SourceRoot << ": no such directory\n";
      return {};
    }
    Root = makeAbsolute(SourceRoot);
  } else {
    // The top of the git work tree: what CI systems resolve paths against.
    Root = makeAbsolute(".");
    for (StringRef Dir = Root; !Dir.empty(); Dir = sys::path::parent_path(Dir)) {
      SmallString<256> Git(Dir);
      sys::path::append(Git, ".git");
      if (sys::fs::exists(Git)) {
        Root = Dir;
        break;
      }
    }
  }
  sys::path::remove_dots(Root, /*remove_dot_dot=*/true);
  return std::string(Root);
}

/// The clang-format style for code around fixes in \p File.
std::string formatStyleOf(ClangTidyOptionsProvider &Provider, StringRef File) {
  return Provider.getOptions(File).FormatStyle.value_or("none");
}

void printSummary(const RunReport &Report) {
  const size_t N = Report.Findings.size();
  if (!N && Report.Failures.empty() && !Report.OutsideDiff &&
      !Report.Baselined && Report.Files.size() < 2)
    return;
  const size_t Analyzed = Report.Files.size() - Report.Failures.size();
  errs() << "toctou-tidy: " << N << " finding" << (N == 1 ? "" : "s") << ", "
         << Analyzed << " file" << (Analyzed == 1 ? "" : "s") << " analyzed";
  if (Report.Reused || Report.Reanalyzed) {
    errs() << " (";
    if (Report.Reused)
      errs() << Report.Reused << " unchanged since the last run: results "
             << "read back" << (Report.Reanalyzed ? "; " : "");
    if (Report.Reanalyzed)
      errs() << Report.Reanalyzed
             << " again for the summaries of helpers in other files";
    errs() << ")";
  }
  if (Report.OutsideDiff)
    errs() << "; " << Report.OutsideDiff << " outside the changed lines";
  if (Report.Baselined)
    errs() << "; " << Report.Baselined << " accepted in the baseline";
  if (!Report.Failures.empty())
    errs() << "; " << Report.Failures.size() << " not analyzed";
  errs() << "\n";
}

/// In a worker process: analyzes the units it claims in \p Dir, one after
/// the other, each with the configuration of its file (Workers.h).
int runWorker(unsigned Serial, StringRef Dir,
              const CompilationDatabase &Compilations,
              ArrayRef<std::string> Files,
              IntrusiveRefCntPtr<vfs::OverlayFileSystem> BaseFS) {
  InitializeAllTargetInfos();
  InitializeAllTargetMCs();
  InitializeAllAsmParsers();
  const SmallString<256> ProfilePrefix = makeAbsolute(StoreCheckProfile);
  return serveUnits(Dir, Serial, Files.size(), [&](size_t Index) {
    // A context per unit: its statistics are the unit's.
    std::unique_ptr<ClangTidyOptionsProvider> Provider =
        createOptionsProvider(BaseFS);
    if (!Provider)
      return std::optional<::toctou::driver::UnitResults>();
    ::toctou::driver::UnitResults Results;
    std::unique_ptr<ClangTidyContext> Context = ::toctou::tidylib::makeContext(
        std::move(Provider), AllowEnablingAnalyzerAlphaCheckers);
    Results.Errors = ::toctou::driver::runChecks(
        *Context, Compilations, Files[Index], BaseFS, FixNotes,
        EnableCheckProfile, ProfilePrefix);
    Results.RaceClasses = ::toctou::driver::raceClassesOf(Results.Errors);
    Results.Read = ::toctou::driver::filesEditedBy(Results.Errors);
    Results.Stats = Context->getStats();
    Results.Inputs = ::toctou::driver::filesReadByUnits();
    Results.Summaries =
        std::move(clang::tidy::toctou::exportedSummaries());
    return std::optional(std::move(Results));
  });
}

/// The identity of this build of the tool, for the summary cache: its
/// version and the digest of its executable.
std::string toolIdentity(StringRef Executable) {
  std::string Id = std::string(TOCTOU_VERSION) + "/" +
                   std::to_string(clang::tidy::toctou::SummaryFormat);
  ErrorOr<std::unique_ptr<MemoryBuffer>> Self = MemoryBuffer::getFile(
      Executable, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (Self) {
    const ContentDigest Digest = ContentDigest::of((*Self)->getBuffer());
    Id += "/" + utohexstr(Digest.Size) + "-" + utohexstr(Digest.Hash);
  }
  return Id;
}

UnitOutcome analyzeInProcess(const CompilationDatabase &Compilations,
                             const std::string &File,
                             IntrusiveRefCntPtr<vfs::OverlayFileSystem> BaseFS);

/// How many times at most a unit is analyzed again because a summary it
/// reads changed: a chain of helpers through this many files is followed.
constexpr unsigned MaxSummaryRounds = 10;

/// On a first run, the waves the files go in at most (UnitOrder.h), and
/// how many files without summaries make the guess worth its barriers.
constexpr unsigned MaxWaves = 4;
constexpr size_t MinFilesForWaves = 8;

/// The digest of what decides the results of \p File besides its own
/// files and its compile command: the options it gets (checks, their
/// options, filters, extra arguments), the flags of this run that change
/// what a unit reports, and the compiler's include path variables.
std::string resultKeyOf(ClangTidyOptionsProvider &Provider, StringRef File) {
  std::string Key;
  // Each field after a NUL, so that no two lists of fields make one text.
  auto Add = [&](StringRef Field) {
    Key.push_back('\0');
    Key.append(Field.begin(), Field.end());
  };
  Add(configurationAsText(Provider.getOptions(File)));
  Add(LineFilter);
  Add(FixNotes ? "notes" : "");
  Add(AllowEnablingAnalyzerAlphaCheckers ? "alpha" : "");
  Add(VfsOverlay);
  if (!VfsOverlay.empty()) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Overlay = MemoryBuffer::getFile(
        VfsOverlay, /*IsText=*/false, /*RequiresNullTerminator=*/false);
    Add(Overlay ? (*Overlay)->getBuffer() : "");
  }
  // What the compiler reads besides its command: a header found another
  // way is another input.
  for (const char *Var :
       {"CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH"})
    Add(sys::Process::GetEnv(Var).value_or("(unset)"));
  return utohexstr(xxh3_64bits(Key), /*LowerCase=*/true);
}

/// The waves of \p Pending (positions in \p Files) for a run that has no
/// summaries of them yet: the files of helpers first (UnitOrder.h).
std::vector<std::vector<size_t>>
wavesOf(const std::vector<std::string> &Files,
        const std::vector<size_t> &Pending) {
  std::vector<::toctou::driver::FileCalls> Calls;
  std::vector<uint64_t> Sizes;
  for (size_t I : Pending) {
    Expected<std::unique_ptr<MemoryBuffer>> Text =
        readBoundedFile(Files[I], 64 << 20);
    if (Text) {
      Calls.push_back(::toctou::driver::scanFileCalls((*Text)->getBuffer()));
      Sizes.push_back((*Text)->getBufferSize());
    } else {
      consumeError(Text.takeError());
      Calls.emplace_back();
      Sizes.push_back(0);
    }
  }
  std::set<StringRef> Known;
  for (StringRef Name : clang::tidy::toctou::pathCallNames())
    Known.insert(Name);
  // C++ files are not read: a lexical scan cannot tell a method, or a
  // function of another library, from a helper (`fs::exists(`), and in
  // C++ the guess made more barriers than it saved (bench/README.md).
  // They go in the last wave, after the C helpers they may call.
  std::vector<size_t> Other;
  std::set<size_t> IsOther;
  for (size_t K = 0; K < Pending.size(); ++K)
    if (sys::path::extension(Files[Pending[K]]) != ".c") {
      Calls[K] = {};
      Other.push_back(Pending[K]);
      IsOther.insert(Pending[K]);
    }
  std::vector<std::vector<size_t>> Waves = ::toctou::driver::analysisWaves(
      Calls, Sizes,
      [&](StringRef Name) {
        return Known.count(Name) ||
               clang::tidy::toctou::isSqlClientFunctionName(Name);
      },
      MaxWaves);
  for (std::vector<size_t> &Wave : Waves) {
    for (size_t &At : Wave)
      At = Pending[At];
    llvm::erase_if(Wave, [&](size_t I) { return IsOther.count(I) != 0; });
  }
  llvm::erase_if(Waves, [](const std::vector<size_t> &W) { return W.empty(); });
  if (Waves.empty())
    Waves.emplace_back();
  Waves.back().insert(Waves.back().end(), Other.begin(), Other.end());
  if (TestingPrintWaves)
    for (size_t W = 0; W < Waves.size(); ++W) {
      errs() << "toctou-tidy: wave " << W + 1 << ":";
      for (size_t I : Waves[W])
        errs() << " " << sys::path::filename(Files[I]);
      errs() << "\n";
    }
  return Waves;
}

/// Analyzes \p Files with the summaries of the whole program
/// (SummaryCache.h). A file whose results the last run kept, and that
/// nothing it depends on changed since, is not analyzed: its results are
/// read back. The others are analyzed once, with the summaries the last
/// run kept (on a first run, in waves: the files of helpers first); then,
/// round after round, the files that call a function whose summary
/// appeared or changed since they were analyzed. One file of a round is
/// analyzed in this process, more in workers, -j at a time.
std::vector<UnitOutcome>
analyzeProgram(const CompilationDatabase &Compilations,
               const std::vector<std::string> &Files, WorkerPlan &Plan,
               ProgressLine &Line,
               IntrusiveRefCntPtr<vfs::OverlayFileSystem> BaseFS,
               unsigned &Reanalyzed, unsigned &Reused) {
  using ::toctou::driver::KeptResults;
  using ::toctou::driver::SummaryCache;
  using ::toctou::driver::UnitSummaryEntry;
  using clang::tidy::toctou::SummaryIndex;
  if (SummariesDir == "off") {
    // Each file alone: what a run without summaries finds, once per file.
    if (Files.size() == 1 && Plan.Unrunnable.front().empty())
      return {analyzeInProcess(Compilations, Files.front(), BaseFS)};
    return runWorkers(Plan, Line);
  }
  std::string Dir;
  if (SummariesDir == "none") {
    Dir = "";
  } else if (!SummariesDir.empty()) {
    Dir = makeAbsolute(SummariesDir).str().str();
  } else if (!BuildPath.empty()) {
    SmallString<256> Default = makeAbsolute(BuildPath);
    sys::path::append(Default, ".toctou-tidy");
    Dir = Default.str().str();
  }
  const std::string Id = toolIdentity(Plan.Executable);
  Expected<std::unique_ptr<SummaryCache>> Opened = SummaryCache::open(Dir, Id);
  if (!Opened && !Dir.empty()) {
    warning() << toString(Opened.takeError())
              << "; the summaries of other files serve this run only "
                 "(see --summaries)\n";
    Opened = SummaryCache::open("", Id);
  }
  if (!Opened) {
    warning() << toString(Opened.takeError())
              << "; each file is analyzed alone\n";
    if (Files.size() == 1 && Plan.Unrunnable.front().empty())
      return {analyzeInProcess(Compilations, Files.front(), BaseFS)};
    return runWorkers(Plan, Line);
  }
  SummaryCache &Cache = **Opened;
  clang::tidy::toctou::setDefaultSummaryDir(Cache.dir());
  clang::tidy::toctou::setSummaryExport(true);
  Plan.WorkerFlags.push_back(
      ("--internal-summary-index=" + Cache.dir()).str());

  const size_t N = Files.size();
  std::vector<std::string> Absolute(N), Commands(N);
  std::vector<std::optional<UnitSummaryEntry>> Current(N);
  std::set<std::string> InRun;
  auto CommandOf = [&](StringRef File) {
    std::string Joined;
    for (const CompileCommand &C : Compilations.getCompileCommands(File))
      Joined += ::toctou::driver::commandDigest(C.CommandLine, C.Directory);
    return Joined;
  };
  for (size_t I = 0; I < N; ++I) {
    Absolute[I] = makeAbsolute(Files[I]).str().str();
    // By the absolute path: a run that names "src/a.c" and one over the
    // whole database (absolute paths) see the same command.
    Commands[I] = CommandOf(Absolute[I]);
    Current[I] = Cache.lastKnown(Absolute[I]);
    InRun.insert(Absolute[I]);
  }
  // The units of the program this run does not analyze, as last seen,
  // when nothing they read has changed since (and their command is the
  // same: checked by storedExcept against what they recorded).
  const std::vector<UnitSummaryEntry> Others =
      Cache.storedExcept(InRun, CommandOf);
  auto Merge = [&] {
    std::vector<const UnitSummaryEntry *> Entries;
    for (const std::optional<UnitSummaryEntry> &Entry : Current)
      if (Entry)
        Entries.push_back(&*Entry);
    for (const UnitSummaryEntry &Entry : Others)
      Entries.push_back(&Entry);
    return ::toctou::driver::mergeSummaries(Entries);
  };
  bool SaidStoreFailure = false;
  auto SayStoreFailure = [&](Error E) {
    if (!E)
      return;
    if (SaidStoreFailure) {
      consumeError(std::move(E));
      return;
    }
    warning() << "cannot keep the summaries in '" << Cache.dir()
              << "': " << toString(std::move(E)) << "\n";
    SaidStoreFailure = true;
  };
  auto Write = [&](const SummaryIndex &Index) {
    if (Error E = Cache.writeIndex(Index)) {
      warning() << "cannot write the summary index in '" << Cache.dir()
                << "': " << toString(std::move(E)) << "\n";
      SaidStoreFailure = true;
    }
  };
  // Every index the units of this run were analyzed with, the last one
  // current: a unit is analyzed again when the summaries it calls differ
  // between the one it saw and the last.
  // (A deque: references to a version stay valid as versions are added.)
  std::deque<SummaryIndex> Versions;
  Versions.push_back(Merge());
  Write(Versions.back());

  std::vector<UnitOutcome> Outcomes(N);
  std::vector<size_t> SeenVersion(N, 0);
  // Summary digests of one index, each USR digested once (most units
  // import the same few helpers).
  auto DigestsOf = [](const SummaryIndex &Index) {
    return [&Index, Memo = StringMap<std::string>()](StringRef Usr) mutable {
      auto [At, New] = Memo.try_emplace(Usr);
      if (New)
        At->second = ::toctou::driver::summaryDigest(Index, Usr);
      return At->second;
    };
  };

  // Results the last run kept, where nothing they depend on has changed:
  // the unit's files and command, its options, and the summaries of the
  // functions it calls in other files (as the index has them now; a unit
  // whose imports change during this run is analyzed again below).
  std::unique_ptr<ClangTidyOptionsProvider> Provider;
  if (Cache.persistent() && ReuseResults && !EnableCheckProfile)
    Provider = createOptionsProvider(BaseFS);
  std::vector<std::string> Keys(N), KeptText(N);
  std::vector<bool> FromCache(N, false);
  auto DigestAtStart = DigestsOf(Versions.front());
  for (size_t I = 0; Provider && I < N; ++I) {
    Keys[I] = resultKeyOf(*Provider, Absolute[I]);
    if (!Current[I] || Current[I]->Command != Commands[I] ||
        !Plan.Unrunnable[I].empty() || !Cache.inputsUnchanged(*Current[I]))
      continue;
    std::optional<KeptResults> Kept = Cache.keptResults(Absolute[I]);
    if (!Kept || Kept->Key != Keys[I] ||
        llvm::any_of(Kept->Imports, [&](const auto &Import) {
          return DigestAtStart(Import.first) != Import.second;
        }))
      continue;
    Expected<::toctou::driver::UnitResults> Results =
        ::toctou::driver::readUnitResults(Kept->Results);
    if (!Results) {
      consumeError(Results.takeError());
      continue;
    }
    // (Its inputs and summaries are the entry's, Current[I].)
    Outcomes[I].Results = std::move(*Results);
    Outcomes[I].Output = std::move(Kept->Output);
    KeptText[I] = std::move(Kept->Results);
    FromCache[I] = true;
  }

  std::vector<size_t> Pending;
  size_t Fresh = 0, DoneBefore = 0, FindingsBefore = 0;
  for (size_t I = 0; I < N; ++I) {
    if (FromCache[I]) {
      ++DoneBefore;
      FindingsBefore += ::toctou::driver::findingsIn(*Outcomes[I].Results);
      continue;
    }
    Pending.push_back(I);
    Fresh += !Current[I];
  }
  // A first run (or many new files): helpers' files first.
  std::vector<std::vector<size_t>> Waves;
  if (Fresh >= MinFilesForWaves)
    Waves = wavesOf(Absolute, Pending);
  else
    Waves = {Pending};

  // Analyzes \p Batch with the last index; keeps what each unit exports.
  auto Analyze = [&](const std::vector<size_t> &Batch, bool Again) {
    if (Batch.empty())
      return;
    std::vector<UnitOutcome> Got;
    if (Batch.size() == 1 && Plan.Unrunnable[Batch.front()].empty()) {
      Got.push_back(
          analyzeInProcess(Compilations, Files[Batch.front()], BaseFS));
    } else {
      std::vector<std::string> Some;
      WorkerPlan Sub = Plan;
      Sub.Unrunnable.clear();
      for (size_t I : Batch) {
        Some.push_back(Files[I]);
        Sub.Unrunnable.push_back(Plan.Unrunnable[I]);
      }
      Sub.Files = Some;
      if (!Again) {
        Line.setBase(DoneBefore, FindingsBefore);
        Got = runWorkers(Sub, Line);
      } else {
        ProgressLine Progress(Some.size(), Line.style(), Line.every());
        Got = runWorkers(Sub, Progress);
      }
    }
    for (size_t K = 0; K < Batch.size(); ++K) {
      const size_t I = Batch[K];
      Outcomes[I] = std::move(Got[K]);
      SeenVersion[I] = Versions.size() - 1;
      FromCache[I] = false;
      if (!Outcomes[I].Results)
        continue;
      if (!Again) {
        ++DoneBefore;
        FindingsBefore += ::toctou::driver::findingsIn(*Outcomes[I].Results);
      }
      UnitSummaryEntry Entry;
      Entry.File = Absolute[I];
      Entry.Command = Commands[I];
      Entry.Inputs = std::move(Outcomes[I].Results->Inputs);
      Entry.Summaries = std::move(Outcomes[I].Results->Summaries);
      // Results are kept once the run settles, with the summaries they
      // were found with; until then, none that could be stale.
      Cache.forgetResults(Entry.File);
      SayStoreFailure(Cache.store(Entry));
      Current[I] = std::move(Entry);
    }
    SummaryIndex Next = Merge();
    if (!::toctou::driver::changedSummaries(Versions.back(), Next).empty()) {
      Versions.push_back(std::move(Next));
      Write(Versions.back());
    }
  };

  // What changed between each index a unit saw and the last one.
  std::map<size_t, std::set<std::string>> ChangedSince;
  auto Affected = [&](size_t I) {
    const size_t Seen = SeenVersion[I];
    const SummaryIndex &Then = Versions[Seen], &Now = Versions.back();
    auto At = ChangedSince.find(Seen);
    if (At == ChangedSince.end())
      At = ChangedSince
               .emplace(Seen, ::toctou::driver::changedSummaries(Then, Now))
               .first;
    const std::set<std::string> &Changed = At->second;
    if (Changed.empty())
      return false;
    // Analyzed with summaries that have changed since, where the change
    // can matter (a function that passes its parameter to the changed
    // helper, or makes two recognized calls with it): again.
    auto PathsOf = [&](StringRef Usr) {
      SmallVector<unsigned, 2> Paths;
      for (const SummaryIndex *In : {&Then, &Now}) {
        if (const clang::tidy::toctou::StoredSummary *S = In->find(Usr))
          Paths.push_back(S->Summary.Row.PathArg);
        // A query function: where its SQL is (any call of one that runs
        // fixed SQL counts).
        if (const clang::tidy::toctou::StoredSqlWrapper *S = In->findSql(Usr))
          Paths.push_back(std::max(S->Wrapper.SqlArg, 0));
      }
      return Paths;
    };
    auto IsQueryFunction = [&](StringRef Usr) {
      return Then.findSql(Usr) || Now.findSql(Usr);
    };
    for (const clang::tidy::toctou::Importer &Who :
         Current[I]->Summaries.Importers) {
      if (!clang::tidy::toctou::affectedBy(Who, Changed, PathsOf,
                                           IsQueryFunction))
        continue;
      if (TestingPrintWaves) {
        errs() << "toctou-tidy: again: " << sys::path::filename(Files[I])
               << " (seen " << Seen << ", now " << Versions.size() - 1
               << "):";
        for (const std::string &Usr : Who.Calls)
          if (Changed.count(Usr))
            errs() << " " << Usr;
        errs() << "\n";
      }
      return true;
    }
    return false;
  };

  bool Settled = false;
  std::vector<bool> AnalyzedHere(N, false);
  for (unsigned Round = 1; Round <= MaxSummaryRounds; ++Round) {
    // Again: analyzed before in this run (a unit read back and analyzed
    // now is analyzed once).
    for (const std::vector<size_t> &Wave : Waves)
      for (size_t I : Wave)
        Reanalyzed += AnalyzedHere[I];
    for (const std::vector<size_t> &Wave : Waves) {
      Analyze(Wave, /*Again=*/Round > 1);
      for (size_t I : Wave)
        AnalyzedHere[I] = true;
    }
    ChangedSince.clear();
    Pending.clear();
    for (size_t I = 0; I < N; ++I)
      if (Current[I] && Outcomes[I].Results && Affected(I))
        Pending.push_back(I);
    if (Pending.empty()) {
      Settled = true;
      break;
    }
    Waves = {Pending};
  }

  // Keep the results of every unit whose summaries settled, with the
  // digests of the summaries it calls as they are now.
  auto DigestAtEnd = DigestsOf(Versions.back());
  for (size_t I = 0; Provider && I < N; ++I) {
    if (!Outcomes[I].Results || !Current[I] ||
        (!Settled && llvm::is_contained(Pending, I)))
      continue;
    KeptResults Kept;
    Kept.File = Absolute[I];
    Kept.Key = Keys[I];
    for (const clang::tidy::toctou::Importer &Who :
         Current[I]->Summaries.Importers)
      for (const std::string &Usr : Who.Calls)
        Kept.Imports[Usr] = DigestAtEnd(Usr);
    if (FromCache[I]) {
      Kept.Results = std::move(KeptText[I]);
    } else {
      // Without what the entry holds (Analyze moved it there).
      ::toctou::driver::UnitResults &R = *Outcomes[I].Results;
      R.Inputs.clear();
      R.Summaries = {};
      Kept.Results = ::toctou::driver::writeUnitResults(R);
    }
    Kept.Output = Outcomes[I].Output;
    SayStoreFailure(Cache.keep(Kept));
  }
  for (size_t I = 0; I < N; ++I)
    Reused += FromCache[I];
  return Outcomes;
}

/// Analyzes the only file of a run without starting a worker (an editor
/// running toctou-tidy on every save notices the difference): in a child
/// forked from this process, which hands its results back through a pipe.
/// A crash, a stack overflow included (clang's CFG builder on a huge
/// expression), ends only the child: the unit is reported as for a worker.
UnitOutcome analyzeInProcess(const CompilationDatabase &Compilations,
                             const std::string &File,
                             IntrusiveRefCntPtr<vfs::OverlayFileSystem> BaseFS) {
  UnitOutcome Outcome;
  int Pipe[2];
  if (::pipe(Pipe) != 0) {
    Outcome.Failure = std::string("cannot start the analysis: ") +
                      std::strerror(errno);
    return Outcome;
  }
  outs().flush();
  errs().flush();
  const pid_t Child = ::fork();
  if (Child < 0) {
    Outcome.Failure = std::string("cannot start the analysis: ") +
                      std::strerror(errno);
    ::close(Pipe[0]);
    ::close(Pipe[1]);
    return Outcome;
  }
  if (Child == 0) {
    ::close(Pipe[0]);
#ifdef __linux__
    // Gone with the driver (a SIGTERM to it alone).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
    std::unique_ptr<ClangTidyOptionsProvider> Provider =
        createOptionsProvider(BaseFS);
    if (!Provider)
      std::_Exit(ExitUsage);
    InitializeAllTargetInfos();
    InitializeAllTargetMCs();
    InitializeAllAsmParsers();
    std::unique_ptr<ClangTidyContext> Context = ::toctou::tidylib::makeContext(
        std::move(Provider), AllowEnablingAnalyzerAlphaCheckers);
    const SmallString<256> ProfilePrefix = makeAbsolute(StoreCheckProfile);
    UnitResults Results;
    Results.Errors = ::toctou::driver::runChecks(*Context, Compilations, File,
                                                 BaseFS, FixNotes,
                                                 EnableCheckProfile,
                                                 ProfilePrefix);
    Results.RaceClasses = ::toctou::driver::raceClassesOf(Results.Errors);
    Results.Read = ::toctou::driver::filesEditedBy(Results.Errors);
    Results.Stats = Context->getStats();
    Results.Inputs = ::toctou::driver::filesReadByUnits();
    Results.Summaries =
        std::move(clang::tidy::toctou::exportedSummaries());
    errs().flush();
    const std::string Text = writeUnitResults(Results);
    StringRef Rest = Text;
    while (!Rest.empty()) {
      const ssize_t N = ::write(Pipe[1], Rest.data(), Rest.size());
      if (N < 0 && errno == EINTR)
        continue;
      if (N <= 0)
        std::_Exit(ExitUsage);
      Rest = Rest.drop_front(static_cast<size_t>(N));
    }
    std::_Exit(0);
  }
  ::close(Pipe[1]);
  std::string Text;
  char Chunk[65536];
  for (;;) {
    const ssize_t N = ::read(Pipe[0], Chunk, sizeof Chunk);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      break;
    Text.append(Chunk, static_cast<size_t>(N));
  }
  ::close(Pipe[0]);
  int Status = 0;
  while (::waitpid(Child, &Status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(Status)) {
    Outcome.Failure = std::string("the analysis crashed (") +
                      ::strsignal(WTERMSIG(Status)) + ")";
    return Outcome;
  }
  if (!WIFEXITED(Status) || WEXITSTATUS(Status) != 0) {
    Outcome.Failure =
        WIFEXITED(Status) && WEXITSTATUS(Status) == ExitUsage
            ? "its configuration could not be read"
            : formatv("the analysis exited with code {0}", WEXITSTATUS(Status))
                  .str();
    return Outcome;
  }
  Expected<UnitResults> Results = readUnitResults(Text);
  if (!Results) {
    Outcome.Failure =
        "its results are unreadable: " + toString(Results.takeError());
    return Outcome;
  }
  Outcome.Results = std::move(*Results);
  return Outcome;
}

/// Anchors getMainExecutable, which needs the address of something in this
/// executable.
int ExecutableAnchor;

} // namespace

int main(int argc, const char **argv) {
  InitLLVM X(argc, argv);
  setBugReportMsg("PLEASE report this crash of toctou-tidy with the file it "
                  "analyzed (preprocessed, with clang -E) and the stack dump "
                  "below.\n");
  cl::HideUnrelatedOptions(ToctouCategory);
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "toctou-tidy " << TOCTOU_VERSION << " (commit " << buildCommit()
       << ", LLVM " << TOCTOU_LLVM_VERSION_STRING << ")\n";
  });

  // Response files (@file), then the compiler flags after '--'.
  SmallVector<const char *, 64> Args(argv, argv + argc);
  BumpPtrAllocator Alloc;
  cl::ExpansionContext Expander(Alloc, cl::TokenizeGNUCommandLine);
  if (Error Err = Expander.expandResponseFiles(Args)) {
    error() << toString(std::move(Err)) << "\n";
    return ExitUsage;
  }
  // The same arguments start the worker processes.
  std::vector<std::string> DriverArguments(Args.begin() + 1, Args.end());
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
  unsigned WorkerSerial = 0;
  std::string WorkerDir;
  if (!InternalSummaryIndex.empty())
    clang::tidy::toctou::setDefaultSummaryDir(InternalSummaryIndex);
  if (!InternalWorker.empty()) {
    IsWorker = true;
    clang::tidy::toctou::setSummaryExport(true);
    if (!parseWorkerFlag(InternalWorker, WorkerSerial, WorkerDir)) {
      error() << "internal: malformed --internal-worker\n";
      return ExitUsage;
    }
  }

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
  std::vector<std::string> EnabledChecks = ::toctou::tidylib::enabledChecks(
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
    Effective.CheckOptions = ::toctou::tidylib::effectiveCheckOptions(
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
  // Each file gets the checks of its own configuration: the run has work as
  // soon as one file named has a check (a first file under a directory that
  // turns them off does not end the run).
  for (size_t I = 1; EnabledChecks.empty() && I < SourcePaths.size(); ++I)
    EnabledChecks = ::toctou::tidylib::enabledChecks(
        Provider.getOptions(makeAbsolute(SourcePaths[I])),
        AllowEnablingAnalyzerAlphaCheckers);
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

  if (IsWorker) {
    Expected<std::vector<std::string>> Units = readUnitList(WorkerDir);
    if (!Units) {
      error() << toString(Units.takeError()) << "\n";
      return ExitUsage;
    }
    return runWorker(WorkerSerial, WorkerDir, *Compilations, *Units, BaseFS);
  }

  // The files: those named, or every file of the database.
  std::vector<std::string> Files;
  if (SourcePaths.empty()) {
    unsigned Assembler = 0;
    for (const std::string &File : Compilations->getAllFiles()) {
      if (isAssemblerFile(File)) {
        ++Assembler;
        continue;
      }
      if (!isAnalyzableFile(File))
        continue;
      if (!sys::fs::exists(File)) {
        warning() << "skipping '" << File
                  << "': listed in the compilation database, but it does not "
                     "exist (is the database stale?)\n";
        continue;
      }
      Files.push_back(File);
    }
    if (Assembler && !Quiet && !IsWorker)
      WithColor::note(errs(), "toctou-tidy")
          << "skipping " << Assembler << " assembler file"
          << (Assembler == 1 ? "" : "s")
          << " of the compilation database (nothing to analyze)\n";
    // The database's own order is that of a hash table.
    llvm::sort(Files);
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

  // Once for the run, before the workers: which compiler arguments of the
  // database Clang does not know and the analysis leaves out.
  if (!Quiet) {
    for (const std::string &File : Files)
      (void)Compilations->getCompileCommands(File);
    if (!droppedArguments().empty()) {
      std::string List;
      for (const std::string &Arg : droppedArguments())
        List += (List.empty() ? "'" : ", '") + Arg + "'";
      WithColor::note(errs(), "toctou-tidy")
          << "leaving out compiler arguments Clang does not know: " << List
          << "\n";
    }
  }

  std::vector<OutputSpec> Outputs;
  if (!parseOutputs(Outputs, Files))
    return ExitUsage;

  const std::string Root = sourceRoot();
  if (Root.empty())
    return ExitUsage;

  std::optional<ChangedLines> Changed;
  if (!DiffBase.empty()) {
    Expected<ChangedLines> Lines = ChangedLines::fromGit(DiffBase, ".");
    if (!Lines) {
      error() << toString(Lines.takeError()) << "\n";
      return ExitUsage;
    }
    Changed = std::move(*Lines);
  }
  std::vector<BaselineEntry> Baseline;
  if (!BaselinePath.empty()) {
    Expected<std::vector<BaselineEntry>> Read = readBaseline(BaselinePath);
    if (!Read) {
      error() << toString(Read.takeError()) << "\n";
      return ExitUsage;
    }
    Baseline = std::move(*Read);
  }

  // Analyze every file in worker processes.
  WorkerPlan Plan;
  Plan.Executable = sys::fs::getMainExecutable(argv[0], &ExecutableAnchor);
  Plan.Arguments = std::move(DriverArguments);
  Plan.Files = Files;
  // clang's tooling aborts the process when it cannot enter the directory
  // of a compile command; say so for the unit instead.
  for (const std::string &File : Files) {
    std::string Why;
    for (const CompileCommand &C : Compilations->getCompileCommands(File))
      if (!C.Directory.empty() && !sys::fs::is_directory(C.Directory))
        Why = "the directory of its compile command does not exist: '" +
              C.Directory + "'";
    Plan.Unrunnable.push_back(std::move(Why));
  }
  Plan.Jobs = Jobs ? static_cast<unsigned>(Jobs)
                   : heavyweight_hardware_concurrency().compute_thread_count();
  // Redrawn in place on a terminal that takes escapes; elsewhere (a CI
  // log, TERM=dumb) plain lines: with --progress=always one per unit
  // done, by default a heartbeat every --progress-interval seconds (10).
  const std::optional<std::string> Term = sys::Process::GetEnv("TERM");
  const bool Redraws = sys::Process::StandardErrIsDisplayed() &&
                       !(Term && (*Term == "dumb" || Term->empty()));
  ProgressLine::Style How = ProgressLine::Style::Off;
  std::chrono::steady_clock::duration Every =
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(std::max(0.0, double(ProgressInterval))));
  if (!Quiet && Progress == ProgressMode::Always) {
    How = Redraws ? ProgressLine::Style::Redraw : ProgressLine::Style::Plain;
    Every = std::chrono::steady_clock::duration::zero();
  } else if (!Quiet && Progress == ProgressMode::Auto && Files.size() > 1) {
    How = Redraws ? ProgressLine::Style::Redraw : ProgressLine::Style::Plain;
  }
  ProgressLine Line(Files.size(), How, Every);
  unsigned Reanalyzed = 0, Reused = 0;
  const int64_t StartedAt = static_cast<int64_t>(std::time(nullptr));
  std::vector<UnitOutcome> Outcomes = analyzeProgram(
      *Compilations, Files, Plan, Line, BaseFS, Reanalyzed, Reused);

  // Gather the findings, in file order, each once.
  SourceCache Sources;
  RunReport Report;
  Report.Files = Files;
  Report.Reanalyzed = Reanalyzed;
  Report.Reused = Reused;
  Report.StartedAt = StartedAt;
  Report.FinishedAt = static_cast<int64_t>(std::time(nullptr));
  Report.SourceRoot = Root;
  std::vector<ClangTidyError> AllErrors;
  ClangTidyStats Stats;
  std::set<std::tuple<std::string, std::string, unsigned, std::string>> Seen;
  AnalyzedContents Analyzed;
  std::map<std::string, std::string> RealPaths;
  for (size_t I = 0; I < Files.size(); ++I) {
    UnitOutcome &O = Outcomes[I];
    if (O.Results && !O.Output.empty())
      errs() << O.Output; // --enable-check-profile reports, for one
    if (!O.Results) {
      Report.Failures.push_back({makeAbsolute(Files[I]).str().str(),
                                 O.Failure, {}, O.Output});
      continue;
    }
    for (const ReadFile &Read : O.Results->Read) {
      auto [At, Inserted] = Analyzed.try_emplace(Read.RealPath, Read.Digest);
      if (!Inserted && At->second != Read.Digest)
        At->second.reset(); // changed between two units
    }
    const ClangTidyStats &S = O.Results->Stats;
    Stats.ErrorsDisplayed += S.ErrorsDisplayed;
    Stats.ErrorsIgnoredCheckFilter += S.ErrorsIgnoredCheckFilter;
    Stats.ErrorsIgnoredNOLINT += S.ErrorsIgnoredNOLINT;
    Stats.ErrorsIgnoredNonUserCode += S.ErrorsIgnoredNonUserCode;
    Stats.ErrorsIgnoredLineFilter += S.ErrorsIgnoredLineFilter;
    std::vector<Finding> CompilerErrors;
    for (size_t J = 0; J < O.Results->Errors.size(); ++J) {
      ClangTidyError &E = O.Results->Errors[J];
      makePathsAbsolute(E);
      if (isCompilerError(E)) {
        CompilerErrors.push_back(toFinding(E, Sources));
        continue;
      }
      if (E.DiagLevel == ClangTidyError::Remark)
        continue;
      // A header two units include by different paths (a symbolic link to
      // its directory) is one file: by its real path.
      auto Real = RealPaths.try_emplace(E.Message.FilePath);
      if (Real.second)
        Real.first->second = realPathOf(E.Message.FilePath);
      if (!Seen.insert({E.DiagnosticName,
                        Real.first->second.empty() ? E.Message.FilePath
                                                   : Real.first->second,
                        E.Message.FileOffset, E.Message.Message})
               .second)
        continue; // the same header finding, from another translation unit
      Finding F = toFinding(E, Sources);
      if (J < O.Results->RaceClasses.size())
        F.Race = clang::tidy::toctou::raceClassNamed(O.Results->RaceClasses[J]);
      if (!F.Race)
        F.Race = describeCheck(F.Check).DefaultRace;
      F.Origin = AllErrors.size();
      AllErrors.push_back(std::move(E));
      Report.Findings.push_back(std::move(F));
    }
    if (!CompilerErrors.empty()) {
      const size_t N = CompilerErrors.size();
      Report.Failures.push_back(
          {makeAbsolute(Files[I]).str().str(),
           formatv("it does not compile ({0} error{1})", N, N == 1 ? "" : "s")
               .str(),
           std::move(CompilerErrors),
           {}});
    }
  }
  sortFindings(Report.Findings);
  assignFingerprints(Report.Findings, Sources, Root);

  // Narrow down to what this change is about, and to what the baseline
  // does not accept. The baseline is matched on every finding, not only on
  // the changed lines: it counts the copies of a finding, and a copy added
  // by the change is reported even where an accepted one stood before.
  std::vector<Finding> All;
  if (!BaselinePath.empty())
    All = Report.Findings;
  if (Changed) {
    Report.OutsideDiff = keepChanged(Report.Findings, *Changed);
    if (!Quiet)
      for (const std::string &Note : Changed->notes())
        WithColor::note(errs(), "toctou-tidy") << Note << "\n";
  }
  if (!WriteBaselinePath.empty()) {
    if (Error E = writeBaseline(WriteBaselinePath, Report.Findings, Root)) {
      error() << toString(std::move(E)) << "\n";
      return ExitUsage;
    }
    if (!Quiet)
      errs() << "toctou-tidy: recorded " << Report.Findings.size()
             << " finding" << (Report.Findings.size() == 1 ? "" : "s")
             << " as accepted in '" << WriteBaselinePath << "'\n";
  }
  if (!BaselinePath.empty()) {
    StringSet<> Analyzed;
    for (const std::string &File : Files)
      Analyzed.insert(displayPath(makeAbsolute(File), Root));
    for (const Finding &F : All)
      Analyzed.insert(displayPath(F.Where.File, Root));
    unsigned Accepted = 0;
    std::vector<BaselineEntry> Stale = applyBaseline(
        All, Baseline, Analyzed, Accepted, [&](const Finding &F) {
          return !Changed || touchesChanges(F, *Changed);
        });
    if (!Quiet)
      for (const BaselineEntry &E : Stale)
        WithColor::note(errs(), "toctou-tidy")
            << "baseline entry no longer matches a finding (fixed, or its "
               "lines changed): "
            << E.File << ":" << E.Line << ": " << E.Message << " [" << E.Check
            << "]\n";
    // What is left of the baseline, on the changed lines.
    std::set<std::string> Left;
    for (const Finding &F : All)
      Left.insert(F.Fingerprint);
    const size_t Before = Report.Findings.size();
    llvm::erase_if(Report.Findings, [&](const Finding &F) {
      return !Left.count(F.Fingerprint);
    });
    Report.Baselined = static_cast<unsigned>(Before - Report.Findings.size());
  }

  // Fix-its, on what is reported.
  const bool CompilerErrors = llvm::any_of(
      Report.Failures, [](const UnitFailure &U) { return !U.Errors.empty(); });
  const bool WantFixes = Fix || FixErrors || FixNotes;
  if (WantFixes && CompilerErrors && !FixErrors) {
    if (!Quiet)
      errs() << "Found compiler errors, but --fix-errors was not specified.\n"
                "Fixes have NOT been applied.\n\n";
  } else if (WantFixes) {
    setPauseBeforeWrite(TestingPauseBeforeWrite);
    FixSummary Summary =
        applyFixes(Report.Findings, FixNotes, Analyzed, [&](StringRef File) {
          return formatStyleOf(Provider, File);
        });
    for (const std::string &Problem : Summary.Problems)
      warning() << Problem << "\n";
    if (!Quiet && Summary.Proposed)
      errs() << "toctou-tidy applied " << Summary.Applied << " of "
             << Summary.Proposed << " suggested fixes.\n";
  }

  // The outputs, each written whole or not at all.
  bool OutputFailed = false;
  for (OutputSpec &Out : Outputs) {
    auto Write = [&](raw_ostream &OS) {
      switch (Out.Kind) {
      case OutputKind::Text:
        writeText(OS, Report, Sources, textColor(Out));
        break;
      case OutputKind::Sarif:
        writeSarif(OS, Report, Sources);
        break;
      case OutputKind::Github:
        writeGithub(OS, Report, GithubLimit);
        break;
      case OutputKind::Rdjson:
      case OutputKind::Rdjsonl:
        writeRdjson(OS, Report, Sources, Out.Kind == OutputKind::Rdjsonl);
        break;
      case OutputKind::CodeClimate:
        writeCodeClimate(OS, Report);
        break;
      case OutputKind::GitlabSast:
        writeGitlabSast(OS, Report);
        break;
      case OutputKind::ExportFixes: {
        // clang-apply-replacements applies a note's fix-it as readily as
        // a warning's: without --fix-notes, only the warnings' go out.
        std::vector<ClangTidyError> Kept;
        for (const Finding &F : Report.Findings) {
          Kept.push_back(AllErrors[F.Origin]);
          if (!FixNotes)
            for (tooling::DiagnosticMessage &Note : Kept.back().Notes)
              Note.Fix.clear();
        }
        exportReplacements(makeAbsolute(Files.front()).str(), Kept, OS);
        break;
      }
      }
    };
    if (Out.Path.empty()) {
      Write(outs());
      outs().flush();
      if (std::error_code EC = outs().error()) {
        outs().clear_error();
        error() << "cannot write the report to standard output: "
                << EC.message() << "\n";
        OutputFailed = true;
      }
    } else if (Error E = writeFileAtomically(Out.Path, Write)) {
      error() << "cannot write the report '" << Out.Path
              << "': " << toString(std::move(E)) << "\n";
      OutputFailed = true;
    }
    if (Out.Kind == OutputKind::Github)
      if (std::optional<std::string> Summary =
              sys::Process::GetEnv("GITHUB_STEP_SUMMARY");
          Summary && !Summary->empty()) {
        std::error_code EC;
        raw_fd_ostream SummaryOS(*Summary, EC, sys::fs::OF_Append);
        if (!EC) {
          writeMarkdownSummary(SummaryOS, Report);
          SummaryOS.flush();
          EC = SummaryOS.error();
          SummaryOS.clear_error();
        }
        if (EC)
          warning() << "cannot append to $GITHUB_STEP_SUMMARY '" << *Summary
                    << "': " << EC.message() << "\n";
      }
  }

  // Failures and statistics, on standard error.
  if (!Report.Failures.empty())
    writeFailures(errs(), Report, Sources,
                  UseColor.getNumOccurrences()
                      ? bool(UseColor)
                      : sys::Process::StandardErrHasColors());
  if (!Quiet) {
    printStats(Stats);
    const size_t AsErrors = llvm::count_if(
        Report.Findings, [](const Finding &F) { return F.IsError; });
    if (AsErrors)
      errs() << AsErrors << " warning" << (AsErrors == 1 ? "" : "s")
             << " treated as error" << (AsErrors == 1 ? "" : "s") << "\n";
    printSummary(Report);
  }

  if (OutputFailed)
    return ExitUsage;
  if (!Report.Failures.empty())
    return ExitNotAnalyzed;
  if (!WriteBaselinePath.empty())
    return ExitClean;
  if (!Report.Findings.empty())
    return ExitFindings;
  return ExitClean;
}
