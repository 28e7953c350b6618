//===--- Workers.cpp - Translation units analyzed in worker processes -----===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/tool/Workers.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <thread>
#ifdef LLVM_ON_UNIX
#include <unistd.h>
#endif

using namespace llvm;

namespace toctou::driver {
namespace {

/// The signal that asked the driver to stop (SIGINT, SIGTERM, SIGHUP), or 0.
volatile sig_atomic_t StopSignal = 0;

void noteStopSignal(int Signal) { StopSignal = Signal; }

/// While it lives, SIGINT, SIGTERM and SIGHUP only note that the run must
/// stop; the driver's loop then stops the workers, removes the exchange
/// directory and ends by the same signal (exit status 128 + N).
class StopSignals {
public:
  StopSignals() {
    struct sigaction Action {};
    Action.sa_handler = noteStopSignal;
    sigemptyset(&Action.sa_mask);
    for (size_t I = 0; I < std::size(Signals); ++I)
      ::sigaction(Signals[I], &Action, &Previous[I]);
  }
  /// A signal noted after the driver's last look (the run had just ended)
  /// is delivered again once the previous handling is back, so it is never
  /// lost.
  ~StopSignals() {
    for (size_t I = 0; I < std::size(Signals); ++I)
      ::sigaction(Signals[I], &Previous[I], nullptr);
    if (StopSignal)
      ::raise(StopSignal);
  }
  /// Ends the process by the signal that was noted, as its default action.
  [[noreturn]] static void endBySignal() {
    const int Signal = StopSignal;
    ::signal(Signal, SIG_DFL);
    sigset_t Set;
    sigemptyset(&Set);
    sigaddset(&Set, Signal);
    ::sigprocmask(SIG_UNBLOCK, &Set, nullptr);
    ::raise(Signal);
    std::_Exit(128 + Signal);
  }

private:
  static constexpr int Signals[] = {SIGINT, SIGTERM, SIGHUP};
  struct sigaction Previous[std::size(Signals)];
};

std::string clock(std::chrono::steady_clock::duration D) {
  const long Seconds =
      static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(D)
                            .count());
  return formatv("{0}:{1:2}", Seconds / 60, Seconds % 60).str();
}

std::string readFile(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> B =
      MemoryBuffer::getFile(Path, /*IsText=*/true);
  return B ? (*B)->getBuffer().str() : std::string();
}

/// What a worker printed, without what clang prints for every translation
/// unit and what the driver reports in its own words.
std::string filterOutput(StringRef Output) {
  static const Regex Noise(
      "^([0-9]+ (warnings?|errors?)( and [0-9]+ errors?)? generated\\.|"
      "Error while processing .*\\.)$");
  std::string Kept;
  SmallVector<StringRef, 16> Lines;
  Output.split(Lines, '\n');
  for (StringRef Line : Lines)
    if (!Line.empty() && !Noise.match(Line))
      Kept += (Line + "\n").str();
  return Kept;
}

} // namespace

size_t findingsIn(const UnitResults &R) {
  size_t N = 0;
  for (const clang::tidy::ClangTidyError &E : R.Errors)
    if (E.DiagLevel == clang::tidy::ClangTidyError::Warning ||
        E.IsWarningAsError)
      ++N;
  return N;
}

ProgressLine::ProgressLine(size_t Total, Style How,
                           std::chrono::steady_clock::duration Every)
    : Total(Total), How(How), Every(Every),
      Start(std::chrono::steady_clock::now()), LastDraw(Start) {}

void ProgressLine::update(size_t Done, size_t Findings, StringRef Running) {
  if (How == Style::Off)
    return;
  Done += BaseDone;
  Findings += BaseFindings;
  const auto Now = std::chrono::steady_clock::now();
  if (How == Style::Redraw) {
    if (Drawn && Done == LastDone &&
        Now - LastDraw < std::chrono::milliseconds(250))
      return;
  } else if (Every == std::chrono::steady_clock::duration::zero()
                 ? Done == LastDone       // one line per unit done
                 : Now - LastDraw < Every) {
    // Otherwise one line per interval, whether or not a unit ended in it:
    // a heartbeat, so that a log is not silent while a long unit runs.
    return;
  }
  LastDone = Done;
  LastDraw = Now;
  const auto Elapsed = Now - Start;
  std::string Line = formatv("[{0}/{1}] {2,3}%  {3} finding{4}  {5} elapsed",
                             Done, Total, Total ? Done * 100 / Total : 100,
                             Findings, Findings == 1 ? "" : "s",
                             clock(Elapsed))
                         .str();
  if (Done > 0 && Done < Total)
    Line += ", about " + clock(Elapsed / Done * (Total - Done)) + " left";
  if (How == Style::Plain) {
    // The unit being analyzed (the first not done), as the database names
    // it, relative to the current directory when under it.
    std::string Current = Running.str();
    SmallString<256> Cwd;
    if (!Current.empty() && !sys::fs::current_path(Cwd)) {
      Cwd += sys::path::get_separator();
      if (StringRef(Current).starts_with(Cwd))
        Current.erase(0, Cwd.size());
    }
    errs() << "toctou-tidy: " << Line;
    if (!Current.empty() && Done < Total)
      errs() << "  " << Current;
    errs() << "\n";
    return;
  }
  if (!Running.empty())
    Line += "  " + sys::path::filename(Running).str();
  errs() << "\r\x1b[K" << Line;
  errs().flush();
  Drawn = true;
}

void ProgressLine::finish() {
  if (How == Style::Redraw && Drawn) {
    errs() << "\r\x1b[K";
    errs().flush();
  }
  Drawn = false;
}

bool parseWorkerFlag(StringRef Value, unsigned &Serial, std::string &Dir) {
  auto [SerialText, DirText] = Value.split(':');
  if (SerialText.getAsInteger(10, Serial) || DirText.empty())
    return false;
  Dir = DirText.str();
  return true;
}

namespace {

/// The files of a run's exchange directory (Workers.h).
struct Exchange {
  std::string Dir;
  std::string claim(size_t I) const { return formatv("{0}/claim-{1}", Dir, I); }
  std::string log(size_t I) const {
    return formatv("{0}/unit-{1}.log", Dir, I);
  }
  std::string results(size_t I) const {
    return formatv("{0}/unit-{1}.json", Dir, I);
  }
  /// The files of the run, each ended by a NUL (a name can hold a newline).
  std::string units() const { return Dir + "/units"; }
  std::string workerLog(unsigned Serial) const {
    return formatv("{0}/worker-{1}.log", Dir, Serial);
  }
};

/// Creates \p Path with \p Text in it, unless it exists. True if this call
/// created it.
Expected<bool> createExclusively(StringRef Path, StringRef Text) {
  int FD = -1;
  if (std::error_code EC = sys::fs::openFileForWrite(
          Path, FD, sys::fs::CD_CreateNew, sys::fs::OF_None)) {
    if (EC == std::errc::file_exists)
      return false;
    return createStringError(EC, "cannot create '%s': %s", Path.str().c_str(),
                             EC.message().c_str());
  }
  raw_fd_ostream OS(FD, /*shouldClose=*/true);
  OS << Text;
  OS.close();
  if (std::error_code EC = OS.error()) {
    OS.clear_error();
    return createStringError(EC, "cannot write '%s': %s", Path.str().c_str(),
                             EC.message().c_str());
  }
  return true;
}

/// Points this process's standard error at \p Path (created).
void redirectStandardError(StringRef Path) {
  errs().flush();
#ifdef LLVM_ON_UNIX
  int FD = -1;
  // A new file: one planted under this name is not followed.
  if (sys::fs::openFileForWrite(Path, FD, sys::fs::CD_CreateNew,
                                sys::fs::OF_None))
    return; // the output stays in the worker's own log
  ::dup2(FD, STDERR_FILENO);
  ::close(FD);
#else
  (void)Path;
#endif
}

} // namespace

Expected<std::vector<std::string>> readUnitList(StringRef Dir) {
  const Exchange X{Dir.str()};
  ErrorOr<std::unique_ptr<MemoryBuffer>> B =
      MemoryBuffer::getFile(X.units(), /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!B)
    return createStringError(B.getError(), "cannot read '%s': %s",
                             X.units().c_str(),
                             B.getError().message().c_str());
  std::vector<std::string> Files;
  StringRef Rest = (*B)->getBuffer();
  while (!Rest.empty()) {
    auto [File, Tail] = Rest.split('\0');
    Files.push_back(File.str());
    Rest = Tail;
  }
  return Files;
}

int serveUnits(StringRef Dir, unsigned Serial, size_t Count,
               function_ref<std::optional<UnitResults>(size_t Index)> Analyze) {
  const Exchange X{Dir.str()};
  const std::string Owner = std::to_string(Serial);
  for (size_t I = 0; I < Count; ++I) {
    Expected<bool> Claimed = createExclusively(X.claim(I), Owner);
    if (!Claimed) {
      errs() << "toctou-tidy: error: " << toString(Claimed.takeError()) << "\n";
      return 2;
    }
    if (!*Claimed)
      continue; // another worker's, or a unit that cannot run
    redirectStandardError(X.log(I));
    std::optional<UnitResults> Results = Analyze(I);
    errs().flush();
    if (!Results)
      return 2;
    const std::string Text = writeUnitResults(*Results);
    // Renamed into place: the driver reads complete results or none.
    // Created exclusively, like every file of the exchange directory.
    const std::string Partial = X.results(I) + ".part";
    Expected<bool> Written = createExclusively(Partial, Text);
    std::error_code EC;
    if (!Written)
      EC = errorToErrorCode(Written.takeError());
    else if (!*Written)
      EC = std::make_error_code(std::errc::file_exists);
    if (!EC)
      EC = sys::fs::rename(Partial, X.results(I));
    if (EC) {
      errs() << "toctou-tidy: error: cannot write '" << X.results(I)
             << "': " << EC.message() << "\n";
      return 2;
    }
  }
  return 0;
}

std::vector<UnitOutcome> runWorkers(const WorkerPlan &Plan,
                                    ProgressLine &Progress) {
  const size_t Count = Plan.Files.size();
  std::vector<UnitOutcome> Outcomes(Count);
  // Private to this user from its creation (mkdtemp makes it 0700 whatever
  // the umask): nobody else can plant a log or results of a unit in it.
  SmallString<128> TempDir;
  sys::path::system_temp_directory(/*ErasedOnReboot=*/true, TempDir);
  sys::path::append(TempDir, "toctou-tidy-XXXXXX");
  TempDir.push_back('\0');
  const bool Made = ::mkdtemp(TempDir.data()) != nullptr;
  TempDir.pop_back();
  if (!Made) {
    const std::string Why = std::strerror(errno);
    for (UnitOutcome &O : Outcomes)
      O.Failure = "cannot create a temporary directory: " + Why;
    return Outcomes;
  }
  const Exchange X{TempDir.str().str()};
  std::vector<bool> Resolved(Count, false);
  StopSignals Stop;
  {
    std::string List;
    for (const std::string &File : Plan.Files)
      List += File + '\0';
    Expected<bool> Listed = createExclusively(X.units(), List);
    if (!Listed || !*Listed) {
      const std::string Why =
          Listed ? "the list of units exists already"
                 : toString(Listed.takeError());
      for (UnitOutcome &O : Outcomes)
        O.Failure = "cannot list the units for the workers: " + Why;
      sys::fs::remove_directories(TempDir);
      return Outcomes;
    }
  }
  size_t Done = 0, FindingsSoFar = 0;

  auto Fail = [&](size_t I, std::string Why) {
    Outcomes[I].Failure = std::move(Why);
    Resolved[I] = true;
    ++Done;
  };
  // What cannot run is claimed before any worker starts.
  for (size_t I = 0; I < Count; ++I) {
    if (I >= Plan.Unrunnable.size() || Plan.Unrunnable[I].empty())
      continue;
    if (Expected<bool> Claimed = createExclusively(X.claim(I), "-"); !Claimed) {
      for (size_t J = 0; J < Count; ++J)
        if (!Resolved[J])
          Fail(J, toString(Claimed.takeError()));
      return Outcomes;
    }
    Fail(I, Plan.Unrunnable[I]);
  }

  // Units [0, Claimed) are claimed: the claims are a prefix of the list.
  size_t Claimed = 0, FirstOpen = 0;
  auto AdvanceClaims = [&] {
    while (Claimed < Count && sys::fs::exists(X.claim(Claimed)))
      ++Claimed;
  };
  // Reads the results of claimed unit I if it has them.
  auto Collect = [&](size_t I) {
    const std::string Path = X.results(I);
    if (!sys::fs::exists(Path))
      return false;
    UnitOutcome &O = Outcomes[I];
    O.Output = filterOutput(readFile(X.log(I)));
    Expected<UnitResults> Results = readUnitResults(readFile(Path));
    if (Results) {
      FindingsSoFar += findingsIn(*Results);
      O.Results = std::move(*Results);
    } else {
      O.Failure =
          "its results are unreadable: " + toString(Results.takeError());
    }
    Resolved[I] = true;
    ++Done;
    return true;
  };
  auto CollectFinished = [&] {
    AdvanceClaims();
    while (FirstOpen < Count && Resolved[FirstOpen])
      ++FirstOpen;
    for (size_t I = FirstOpen; I < Claimed; ++I)
      if (!Resolved[I])
        Collect(I);
  };

  struct Worker {
    unsigned Serial;
    sys::ProcessInfo Process;
  };
  std::vector<Worker> Active;
  unsigned NextSerial = 0;
  // Set when a worker failed before it claimed anything: starting another
  // would fail the same way.
  std::optional<std::string> StartFailure;
  const auto DashDash =
      std::find(Plan.Arguments.begin(), Plan.Arguments.end(), "--");
  // On Linux, /proc/self/exe is this very program even when the file it was
  // started from is replaced while it runs (a rebuild during a long run).
  const std::string Program = sys::fs::exists("/proc/self/exe")
                                  ? std::string("/proc/self/exe")
                                  : Plan.Executable;

  auto Start = [&] {
    const unsigned Serial = NextSerial++;
    std::vector<std::string> Args{Plan.Executable};
    Args.insert(Args.end(), Plan.Arguments.begin(), DashDash);
    Args.push_back(formatv("--internal-worker={0}:{1}", Serial, X.Dir));
    Args.insert(Args.end(), Plan.WorkerFlags.begin(), Plan.WorkerFlags.end());
    Args.insert(Args.end(), DashDash, Plan.Arguments.end());
    std::vector<StringRef> Refs(Args.begin(), Args.end());
    const std::string Log = X.workerLog(Serial);
    // The log exists before the worker starts, made here exclusively.
    if (Expected<bool> Made = createExclusively(Log, ""); !Made || !*Made) {
      StartFailure = "could not start a worker: cannot create '" + Log +
                     "': " +
                     (Made ? std::string("it exists")
                           : toString(Made.takeError()));
      return;
    }
    std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(Log),
                                            StringRef(Log)};
    std::string ErrMsg;
    bool ExecFailed = false;
    sys::ProcessInfo Process = sys::ExecuteNoWait(
        Program, Refs, std::nullopt, Redirects, 0, &ErrMsg, &ExecFailed);
    if (ExecFailed || Process.Pid <= 0) {
      StartFailure = "could not start a worker: " + ErrMsg;
      return;
    }
    Active.push_back({Serial, Process});
  };

  // A worker ended: the units it claimed have results, except the one it
  // was analyzing if it did not end well.
  auto Ended = [&](const Worker &W, const sys::ProcessInfo &Status,
                   StringRef ErrMsg) {
    CollectFinished();
    std::string Why;
    if (Status.ReturnCode == -2)
      Why = "the analysis crashed (" +
            (ErrMsg.empty() ? std::string("killed") : ErrMsg.str()) + ")";
    else if (Status.ReturnCode != 0)
      Why = formatv("the analysis exited with code {0}{1}", Status.ReturnCode,
                    ErrMsg.empty() ? "" : (": " + ErrMsg).str())
                .str();
    const std::string Owner = std::to_string(W.Serial);
    bool ClaimedAny = false;
    for (size_t I = FirstOpen; I < Claimed; ++I) {
      if (Resolved[I] || StringRef(readFile(X.claim(I))).trim() != Owner)
        continue;
      ClaimedAny = true;
      Outcomes[I].Output = filterOutput(readFile(X.log(I)));
      Fail(I, Why.empty() ? "its worker ended without its results" : Why);
    }
    const std::string WorkerOutput = readFile(X.workerLog(W.Serial));
    if (!Why.empty() && !ClaimedAny && !StartFailure)
      StartFailure = Why + (WorkerOutput.empty() ? "" : ":\n" + WorkerOutput);
    sys::fs::remove(X.workerLog(W.Serial));
  };

  const size_t Jobs = std::max(1u, Plan.Jobs);
  auto LastCollect = std::chrono::steady_clock::now();
  Progress.update(0, 0, "");
  // Asked to stop (Ctrl-C, a CI timeout, systemd): no worker goes on alone,
  // nothing is left in the temporary directory, and the driver ends by the
  // signal. Looked at on every round and once more after the last: a
  // Ctrl-C reaches the workers too, and when it ends the last of them the
  // round that sees them end also resolves every unit (as crashed), so the
  // loop can end with the signal noted but not yet acted on.
  auto StopIfAsked = [&] {
    if (!StopSignal)
      return;
    for (const Worker &W : Active)
      ::kill(W.Process.Pid, SIGTERM);
    for (const Worker &W : Active)
      sys::Wait(W.Process, /*SecondsToWait=*/std::nullopt);
    Progress.finish();
    sys::fs::remove_directories(TempDir);
    StopSignals::endBySignal();
  };
  while (Done < Count) {
    StopIfAsked();
    AdvanceClaims();
    // Never more workers than units left to claim.
    while (!StartFailure && Active.size() < std::min(Jobs, Count - Claimed))
      Start();
    bool Progressed = false;
    for (auto It = Active.begin(); It != Active.end();) {
      std::string ErrMsg;
      sys::ProcessInfo Status =
          sys::Wait(It->Process, /*SecondsToWait=*/0, &ErrMsg);
      if (Status.Pid == 0) {
        ++It;
        continue;
      }
      Ended(*It, Status, ErrMsg);
      It = Active.erase(It);
      Progressed = true;
    }
    const auto Now = std::chrono::steady_clock::now();
    if (Now - LastCollect > std::chrono::milliseconds(100)) {
      CollectFinished();
      LastCollect = Now;
    }
    if (Active.empty() && (StartFailure || Claimed == Count)) {
      // No worker left to finish what remains.
      CollectFinished();
      for (size_t I = 0; I < Count; ++I)
        if (!Resolved[I])
          Fail(I,
               StartFailure.value_or("its worker ended without its results"));
    }
    Progress.update(Done, FindingsSoFar,
                    FirstOpen < Count ? StringRef(Plan.Files[FirstOpen])
                                      : StringRef());
    // Polled: LLVM waits for one given process, not for any.
    if (!Progressed && Done < Count)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  StopIfAsked();
  // Every unit has its results; the workers are ending (nothing to claim).
  for (const Worker &W : Active)
    sys::Wait(W.Process, /*SecondsToWait=*/std::nullopt);
  Progress.finish();
  sys::fs::remove_directories(TempDir);
  return Outcomes;
}

} // namespace toctou::driver
