//===--- ApplyFixes.cpp - Rewrite files with the findings' fix-its --------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/tool/ApplyFixes.h"
#include "clang/Format/Format.h"
#include "clang/Tooling/Core/Replacement.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <set>
#include <tuple>

using namespace llvm;
using clang::tooling::Replacement;
using clang::tooling::Replacements;

namespace toctou::driver {

FixSummary applyFixes(const std::vector<Finding> &Findings, bool AnyFix,
                      function_ref<std::string(StringRef)> StyleOf) {
  FixSummary Summary;
  std::map<std::string, Replacements> ByFile;
  // Edits already taken: two findings on one call (a name made by tmpnam,
  // then checked for existence, then opened) propose the same insertion,
  // which is made once (`| O_EXCL`, not `| O_EXCL | O_EXCL`).
  std::set<std::tuple<std::string, unsigned, unsigned, std::string>> Taken;
  for (const Finding &F : Findings) {
    const std::vector<TextEdit> *Fix = AnyFix ? F.anyFix() : &F.Fix;
    if (!Fix || Fix->empty())
      continue;
    ++Summary.Proposed;
    // All of a fix-it or none of it.
    std::map<std::string, Replacements> Tentative = ByFile;
    bool Conflict = false;
    std::vector<std::tuple<std::string, unsigned, unsigned, std::string>> New;
    for (const TextEdit &E : *Fix) {
      auto Key = std::make_tuple(E.File, E.Offset, E.Length, E.Text);
      if (Taken.count(Key))
        continue;
      New.push_back(Key);
      if (Error Err = Tentative[E.File].add(
              Replacement(E.File, E.Offset, E.Length, E.Text))) {
        consumeError(std::move(Err));
        Conflict = true;
        break;
      }
    }
    if (Conflict) {
      Summary.Problems.push_back(
          formatv("{0}:{1}:{2}: the fix-it of [{3}] overlaps another one and "
                  "was not applied",
                  F.Where.File, F.Where.Line, F.Where.Column, F.Check)
              .str());
      continue;
    }
    ByFile = std::move(Tentative);
    Taken.insert(New.begin(), New.end());
    ++Summary.Applied;
  }

  for (auto &[File, Edits] : ByFile) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer = MemoryBuffer::getFile(File);
    if (!Buffer) {
      Summary.Problems.push_back("cannot read '" + File +
                                 "': " + Buffer.getError().message());
      continue;
    }
    StringRef Code = (*Buffer)->getBuffer();
    Expected<clang::format::FormatStyle> Style =
        clang::format::getStyle(StyleOf(File), File, "none");
    if (!Style) {
      Summary.Problems.push_back("format style for '" + File +
                                 "': " + toString(Style.takeError()));
      continue;
    }
    Expected<Replacements> Cleaned =
        clang::format::cleanupAroundReplacements(Code, Edits, *Style);
    if (!Cleaned) {
      Summary.Problems.push_back("cannot apply the fix-its to '" + File +
                                 "': " + toString(Cleaned.takeError()));
      continue;
    }
    if (StyleOf(File) != "none") {
      Expected<Replacements> Formatted =
          clang::format::formatReplacements(Code, *Cleaned, *Style);
      if (Formatted)
        Cleaned = std::move(Formatted);
      else
        consumeError(Formatted.takeError());
    }
    Expected<std::string> Result =
        clang::tooling::applyAllReplacements(Code, *Cleaned);
    if (!Result) {
      Summary.Problems.push_back("cannot apply the fix-its to '" + File +
                                 "': " + toString(Result.takeError()));
      continue;
    }
    std::error_code EC;
    raw_fd_ostream OS(File, EC, sys::fs::OF_None);
    if (EC) {
      Summary.Problems.push_back("cannot write '" + File +
                                 "': " + EC.message());
      continue;
    }
    OS << *Result;
  }
  return Summary;
}

} // namespace toctou::driver
