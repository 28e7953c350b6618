//===--- Workers.cpp - Translation units analyzed in worker processes -----===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/tool/Workers.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"
#include <thread>

using namespace llvm;

namespace toctou::driver {
namespace {

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

size_t findingsIn(const UnitResults &R) {
  size_t N = 0;
  for (const clang::tidy::ClangTidyError &E : R.Errors)
    if (E.DiagLevel == clang::tidy::ClangTidyError::Warning ||
        E.IsWarningAsError)
      ++N;
  return N;
}

} // namespace

ProgressLine::ProgressLine(size_t Total, bool Enabled)
    : Total(Total), Enabled(Enabled),
      Start(std::chrono::steady_clock::now()) {}

void ProgressLine::update(size_t Done, size_t Findings, StringRef Running) {
  if (!Enabled)
    return;
  const auto Now = std::chrono::steady_clock::now();
  if (Drawn && Done == LastDone && Now - LastDraw < std::chrono::milliseconds(250))
    return;
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
  if (!Running.empty())
    Line += "  " + sys::path::filename(Running).str();
  errs() << "\r\x1b[K" << Line;
  errs().flush();
  Drawn = true;
}

void ProgressLine::finish() {
  if (Enabled && Drawn) {
    errs() << "\r\x1b[K";
    errs().flush();
  }
  Drawn = false;
}

bool parseWorkerFlag(StringRef Value, size_t &Index, std::string &Path) {
  auto [IndexText, PathText] = Value.split(':');
  if (IndexText.getAsInteger(10, Index) || PathText.empty())
    return false;
  Path = PathText.str();
  return true;
}

std::vector<UnitOutcome> runWorkers(const WorkerPlan &Plan,
                                    ProgressLine &Progress) {
  const size_t Count = Plan.Files.size();
  std::vector<UnitOutcome> Outcomes(Count);
  SmallString<128> TempDir;
  if (std::error_code EC =
          sys::fs::createUniqueDirectory("toctou-tidy", TempDir)) {
    for (UnitOutcome &O : Outcomes)
      O.Failure = "cannot create a temporary directory: " + EC.message();
    return Outcomes;
  }

  struct Running {
    size_t Index;
    sys::ProcessInfo Process;
    std::string ResultPath, LogPath;
  };
  std::vector<Running> Active;
  size_t Next = 0, Done = 0, FindingsSoFar = 0;
  const auto DashDash =
      std::find(Plan.Arguments.begin(), Plan.Arguments.end(), "--");

  // On Linux, /proc/self/exe is this very program even when the file it was
  // started from is replaced while it runs (a rebuild during a long run).
  const std::string Program = sys::fs::exists("/proc/self/exe")
                                  ? std::string("/proc/self/exe")
                                  : Plan.Executable;

  auto Start = [&](size_t Index) {
    if (Index < Plan.Unrunnable.size() && !Plan.Unrunnable[Index].empty()) {
      Outcomes[Index].Failure = Plan.Unrunnable[Index];
      ++Done;
      return;
    }
    Running R{Index, {}, "", ""};
    R.ResultPath = formatv("{0}/unit-{1}.json", TempDir, Index).str();
    R.LogPath = formatv("{0}/unit-{1}.log", TempDir, Index).str();
    std::vector<std::string> Args{Plan.Executable};
    Args.insert(Args.end(), Plan.Arguments.begin(), DashDash);
    Args.push_back(formatv("--internal-worker={0}:{1}", Index, R.ResultPath));
    Args.insert(Args.end(), DashDash, Plan.Arguments.end());
    std::vector<StringRef> Refs(Args.begin(), Args.end());
    std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(R.LogPath),
                                            StringRef(R.LogPath)};
    std::string ErrMsg;
    bool ExecFailed = false;
    R.Process = sys::ExecuteNoWait(Program, Refs, std::nullopt,
                                   Redirects, 0, &ErrMsg, &ExecFailed);
    if (ExecFailed || R.Process.Pid <= 0) {
      Outcomes[Index].Failure = "could not start a worker: " + ErrMsg;
      ++Done;
      return;
    }
    Active.push_back(std::move(R));
  };

  auto Finish = [&](const Running &R, const sys::ProcessInfo &Status,
                    StringRef ErrMsg) {
    UnitOutcome &O = Outcomes[R.Index];
    O.Output = filterOutput(readFile(R.LogPath));
    if (Status.ReturnCode == 0) {
      Expected<UnitResults> Results = readUnitResults(readFile(R.ResultPath));
      if (Results) {
        FindingsSoFar += findingsIn(*Results);
        O.Results = std::move(*Results);
      } else {
        O.Failure = "its results are unreadable: " +
                    toString(Results.takeError());
      }
    } else if (Status.ReturnCode == -2) {
      O.Failure = "the analysis crashed (" +
                  (ErrMsg.empty() ? std::string("killed") : ErrMsg.str()) +
                  ")";
    } else {
      O.Failure = formatv("the analysis exited with code {0}{1}",
                          Status.ReturnCode,
                          ErrMsg.empty() ? "" : (": " + ErrMsg).str())
                      .str();
    }
    sys::fs::remove(R.ResultPath);
    sys::fs::remove(R.LogPath);
    ++Done;
  };

  const unsigned Jobs = std::max(1u, Plan.Jobs);
  Progress.update(0, 0, "");
  while (Done < Count) {
    while (Active.size() < Jobs && Next < Count)
      Start(Next++);
    bool Progressed = false;
    for (auto It = Active.begin(); It != Active.end();) {
      std::string ErrMsg;
      sys::ProcessInfo Status =
          sys::Wait(It->Process, /*SecondsToWait=*/0, &ErrMsg);
      if (Status.Pid == 0) {
        ++It;
        continue;
      }
      Finish(*It, Status, ErrMsg);
      It = Active.erase(It);
      Progressed = true;
    }
    Progress.update(Done, FindingsSoFar,
                    Active.empty() ? StringRef()
                                   : StringRef(Plan.Files[Active.front().Index]));
    // Polled: LLVM waits for one given process, not for any. A short nap
    // keeps small units (a C file takes ~30 ms) from idling a slot.
    if (!Progressed && Done < Count)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  Progress.finish();
  sys::fs::remove(TempDir);
  return Outcomes;
}

} // namespace toctou::driver
