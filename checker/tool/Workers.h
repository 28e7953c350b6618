//===--- Workers.h - Translation units analyzed in worker processes -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The driver analyzes each translation unit in a process of its own: the
/// same executable, started with the same arguments plus
/// `--internal-worker=INDEX:RESULTS`, runs clang-tidy on file INDEX and
/// writes its diagnostics to RESULTS (ResultsIO.h). Up to `-j` run at a
/// time; a unit that crashes is reported and the others go on. Results come
/// back indexed by file, so the order of the report never depends on which
/// worker finished first.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_TOOL_WORKERS_H
#define TOCTOU_CHECKER_TOOL_WORKERS_H

#include "checker/tool/ResultsIO.h"
#include "llvm/ADT/ArrayRef.h"
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

/// The progress line on a terminal: files done of total, findings so far,
/// elapsed time and an estimate of the time left.
class ProgressLine {
public:
  ProgressLine(size_t Total, bool Enabled);
  void update(size_t Done, size_t Findings, llvm::StringRef Running);
  /// Erases the line.
  void finish();
  bool enabled() const { return Enabled; }

private:
  size_t Total;
  bool Enabled;
  bool Drawn = false;
  std::chrono::steady_clock::time_point Start;
  std::chrono::steady_clock::time_point LastDraw;
  size_t LastDone = 0;
};

struct WorkerPlan {
  /// This executable.
  std::string Executable;
  /// The driver's arguments (without argv[0]); the worker flag goes before
  /// the first "--", if any.
  std::vector<std::string> Arguments;
  llvm::ArrayRef<std::string> Files;
  /// Per file: why it cannot be analyzed at all (no worker is started for
  /// it), or empty.
  std::vector<std::string> Unrunnable;
  unsigned Jobs = 1;
};

/// Runs every file of \p Plan; \p Findings counts the warnings seen so far
/// for the progress line.
std::vector<UnitOutcome> runWorkers(const WorkerPlan &Plan,
                                    ProgressLine &Progress);

/// Parses the value of --internal-worker: "INDEX:PATH".
bool parseWorkerFlag(llvm::StringRef Value, size_t &Index, std::string &Path);

} // namespace toctou::driver

#endif // TOCTOU_CHECKER_TOOL_WORKERS_H
