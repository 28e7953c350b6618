//===--- UnitOrder.h - Helpers' files first, on a run without summaries -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// On a first run over a program no summary exists yet: a file analyzed
/// before the file that defines its helpers sees no summary of them and is
/// analyzed again once they appear (SummaryCache.h). On C projects with a
/// library of wrappers that most files call (git's wrapper.c, busybox's
/// libbb) that was 14-42% of the files analyzed twice (bench/README.md).
///
/// analysisWaves() guesses the order from the text of the files alone, in
/// a few milliseconds per file, without preprocessing them: which functions
/// each file defines, which names each body calls, and which of those
/// bodies call a function the checks recognize (open, stat, PQexec...),
/// directly or through another such body. A file that calls such a helper
/// of another file goes in a later wave than that file; files that call one
/// another share a wave. The driver analyzes wave after wave, writing the
/// summaries between them.
///
/// Only C files are read (the driver puts the others in the last wave): in
/// C++ a lexical scan cannot tell a method or another library's function
/// (`fs::exists(`) from a helper, and the waves it made cost more in
/// barriers than they saved.
///
/// It is a guess (macros are not expanded, headers not read, a name
/// defined twice counts twice): a wrong guess costs a unit analyzed again,
/// never a finding, since the rounds of SummaryCache.h still run until no
/// summary changes.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_TOOL_UNITORDER_H
#define TOCTOU_CHECKER_TOOL_UNITORDER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>
#include <vector>

namespace toctou::driver {

/// What the text of one source file defines and calls.
struct FileCalls {
  /// Each function defined at the top level (or in a namespace), with the
  /// names its body calls.
  std::vector<std::pair<std::string, std::vector<std::string>>> Defines;
};

/// Reads \p Text as C or C++ source, without preprocessing it. Calls of
/// members (`f.open(`, `p->exists(`) are left out.
FileCalls scanFileCalls(llvm::StringRef Text);

/// The positions of \p Files (0..N-1) in waves, at most \p MaxWaves of
/// them: a file comes after the files whose helpers it calls (see the file
/// comment). \p Calls gives what each file defines and calls; \p Recognized
/// tells a function the checks know. In a wave, the largest files (by
/// \p Sizes) come first: a wave ends when its last file does, and a large
/// file started last would leave the other workers idle.
std::vector<std::vector<size_t>>
analysisWaves(llvm::ArrayRef<FileCalls> Calls, llvm::ArrayRef<uint64_t> Sizes,
              llvm::function_ref<bool(llvm::StringRef)> Recognized,
              unsigned MaxWaves);

} // namespace toctou::driver

#endif // TOCTOU_CHECKER_TOOL_UNITORDER_H
