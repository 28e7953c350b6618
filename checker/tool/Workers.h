//===--- Workers.h - Translation units analyzed in worker processes -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The driver analyzes translation units in worker processes: the same
/// executable, started with the same arguments plus
/// `--internal-worker=SERIAL:DIR`. Up to `-j` workers run at a time, and
/// each analyzes unit after unit until none is left: a process per unit
/// would cost each big C++ unit ~0.25 s of system time (a fresh heap to
/// fault in, the libraries to load), ~8% of analyzing this project's own
/// sources (bench/README.md).
///
/// The units are handed out through files in DIR, the run's exchange
/// directory. A worker claims unit I by creating `claim-I` (exclusively: one
/// worker wins) with its serial number in it; the unit's standard error goes
/// to `unit-I.log` and its results (ResultsIO.h) to `unit-I.json`, renamed
/// into place when complete. Workers try the units in order, so the claimed
/// ones are always a prefix of the list.
///
/// A worker that crashes takes only the unit it was analyzing with it: the
/// driver reports that unit (with what it printed: the stack dump) and
/// starts another worker for the units left. Results come back indexed by
/// file, so the order of the report never depends on which worker finished
/// first.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_TOOL_WORKERS_H
#define TOCTOU_CHECKER_TOOL_WORKERS_H

#include "checker/tool/ResultsIO.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace toctou::driver {

/// What became of one translation unit.
struct UnitOutcome {
  /// Set when the worker finished and its results could be read.
  std::optional<UnitResults> Results;
  /// Why not, otherwise: "crashed (Segmentation fault)", ...
  std::string Failure;
  /// What the worker printed on standard error, minus clang's per-unit
  /// "N warnings generated." lines.
  std::string Output;
};

/// Progress on standard error: files done of total, findings so far,
/// elapsed time and an estimate of the time left. On a terminal that takes
/// escapes, one line redrawn in place; otherwise (a CI log, TERM=dumb) a
/// plain line with the unit being analyzed, one per \p Every whether or not
/// a unit ended (a heartbeat: a long run, or a long unit, is not silent; a
/// short run says nothing), or one per unit done when \p Every is zero.
class ProgressLine {
public:
  enum class Style { Off, Redraw, Plain };
  ProgressLine(size_t Total, Style How,
               std::chrono::steady_clock::duration Every =
                   std::chrono::seconds(10));
  void update(size_t Done, size_t Findings, llvm::StringRef Running);
  /// Erases the line (Redraw).
  void finish();
  /// Units done and findings before the next update's (units analyzed
  /// earlier, or read back): added to what update() is told.
  void setBase(size_t Done, size_t Findings) {
    BaseDone = Done;
    BaseFindings = Findings;
  }
  bool enabled() const { return How != Style::Off; }
  Style style() const { return How; }
  std::chrono::steady_clock::duration every() const { return Every; }

private:
  size_t Total;
  Style How;
  std::chrono::steady_clock::duration Every;
  bool Drawn = false;
  std::chrono::steady_clock::time_point Start;
  std::chrono::steady_clock::time_point LastDraw;
  size_t LastDone = 0;
  size_t BaseDone = 0;
  size_t BaseFindings = 0;
};

/// The findings (warnings) among \p Results.
size_t findingsIn(const UnitResults &Results);

struct WorkerPlan {
  /// This executable.
  std::string Executable;
  /// The driver's arguments (without argv[0]); the worker flag goes before
  /// the first "--", if any.
  std::vector<std::string> Arguments;
  /// Flags for the workers alone, put next to the worker flag.
  std::vector<std::string> WorkerFlags;
  llvm::ArrayRef<std::string> Files;
  /// Per file: why it cannot be analyzed at all (no worker ever claims
  /// it), or empty.
  std::vector<std::string> Unrunnable;
  unsigned Jobs = 1;
};

/// Runs every file of \p Plan in workers and draws \p Progress.
std::vector<UnitOutcome> runWorkers(const WorkerPlan &Plan,
                                    ProgressLine &Progress);

/// In a worker: the files of the run, as the driver listed them in the
/// exchange directory \p Dir (a worker never works the list out again: a
/// file that appears or disappears during the run would shift the indexes).
llvm::Expected<std::vector<std::string>> readUnitList(llvm::StringRef Dir);

/// Parses the value of --internal-worker: "SERIAL:DIR".
bool parseWorkerFlag(llvm::StringRef Value, unsigned &Serial,
                     std::string &Dir);

/// In a worker: claims the units of \p Dir one after the other (\p Count
/// in all), runs \p Analyze on each with standard error going to the unit's
/// log, and writes its results. Returns the worker's exit code: 0 when no
/// unit is left, 2 when \p Analyze gave up on a unit (after saying why) or
/// the exchange directory cannot be written; the driver reports the unit.
int serveUnits(
    llvm::StringRef Dir, unsigned Serial, size_t Count,
    llvm::function_ref<std::optional<UnitResults>(size_t Index)> Analyze);

} // namespace toctou::driver

#endif // TOCTOU_CHECKER_TOOL_WORKERS_H
