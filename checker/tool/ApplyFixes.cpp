//===--- ApplyFixes.cpp - Rewrite files with the findings' fix-its --------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/tool/ApplyFixes.h"
#include "clang/Format/Format.h"
#include "clang/Tooling/Core/Replacement.h"
#include "llvm/Support/FormatVariadic.h"
#include <set>
#include <tuple>

using namespace llvm;
using clang::tooling::Replacement;
using clang::tooling::Replacements;

namespace toctou::driver {

namespace {

/// The edits to make to one file.
struct FileEdits {
  /// The name the first fix-it gave it (messages, format style).
  std::string Name;
  Replacements Edits;
  bool Written = false;
};

/// The new content of \p Name: \p Code with \p Edits, cleaned up and, with
/// a format style, reformatted around them.
Expected<std::string> rewritten(StringRef Name, StringRef Code,
                                const Replacements &Edits,
                                const std::string &StyleName) {
  Expected<clang::format::FormatStyle> Style =
      clang::format::getStyle(StyleName, Name, "none");
  if (!Style)
    return createStringError(inconvertibleErrorCode(), "format style: %s",
                             toString(Style.takeError()).c_str());
  Expected<Replacements> Cleaned =
      clang::format::cleanupAroundReplacements(Code, Edits, *Style);
  if (!Cleaned)
    return Cleaned.takeError();
  if (StyleName != "none") {
    Expected<Replacements> Formatted =
        clang::format::formatReplacements(Code, *Cleaned, *Style);
    if (Formatted)
      Cleaned = std::move(Formatted);
    else
      consumeError(Formatted.takeError());
  }
  return clang::tooling::applyAllReplacements(Code, *Cleaned);
}

} // namespace

FixSummary applyFixes(std::vector<Finding> &Findings, bool AnyFix,
                      const AnalyzedContents &Analyzed,
                      function_ref<std::string(StringRef)> StyleOf) {
  FixSummary Summary;
  // By real path: a header two units reach as inc/h.h and link/h.h is one
  // file, edited once.
  std::map<std::string, FileEdits> ByFile;
  std::map<std::string, std::string> RealPaths;
  auto realPath = [&](const std::string &Name) -> const std::string & {
    auto [It, Inserted] = RealPaths.try_emplace(Name);
    if (Inserted)
      It->second = realPathOf(Name);
    return It->second;
  };
  // Edits already taken: two findings on one call (a name made by tmpnam,
  // then checked for existence, then opened) propose the same insertion,
  // which is made once (`| O_EXCL`, not `| O_EXCL | O_EXCL`).
  using EditKey = std::tuple<std::string, unsigned, unsigned, std::string>;
  std::set<EditKey> Taken;
  // For each finding whose fix-it was taken, the files it edits.
  std::vector<std::pair<Finding *, std::set<std::string>>> Taking;
  for (Finding &F : Findings) {
    F.FixApplied = false;
    const std::vector<TextEdit> *Fix = AnyFix ? F.anyFix() : &F.Fix;
    if (!Fix || Fix->empty())
      continue;
    ++Summary.Proposed;
    auto Refuse = [&](const Twine &Why) {
      Summary.Problems.push_back(
          formatv("{0}:{1}:{2}: the fix-it of [{3}] was not applied: {4}",
                  F.Where.File, F.Where.Line, F.Where.Column, F.Check,
                  Why.str())
              .str());
    };
    // All of a fix-it or none of it.
    std::map<std::string, FileEdits> Tentative = ByFile;
    std::vector<EditKey> New;
    std::set<std::string> Files;
    std::string Problem;
    for (const TextEdit &E : *Fix) {
      const std::string &Real = realPath(E.File);
      if (Real.empty()) {
        Problem = "'" + E.File + "' no longer exists";
        break;
      }
      Files.insert(Real);
      EditKey Key = std::make_tuple(Real, E.Offset, E.Length, E.Text);
      if (Taken.count(Key))
        continue;
      New.push_back(Key);
      FileEdits &Edits = Tentative[Real];
      if (Edits.Name.empty())
        Edits.Name = E.File;
      if (Error Err = Edits.Edits.add(
              Replacement(Real, E.Offset, E.Length, E.Text))) {
        consumeError(std::move(Err));
        Problem = "it overlaps another one";
        break;
      }
    }
    if (!Problem.empty()) {
      Refuse(Problem);
      continue;
    }
    ByFile = std::move(Tentative);
    Taken.insert(New.begin(), New.end());
    Taking.emplace_back(&F, std::move(Files));
  }

  for (auto &Entry : ByFile) {
    const std::string &Real = Entry.first;
    FileEdits &File = Entry.second;
    auto Digest = Analyzed.find(Real);
    if (Digest == Analyzed.end() || !Digest->second) {
      Summary.Problems.push_back(
          "'" + File.Name +
          "' was not rewritten: " +
          (Digest == Analyzed.end()
               ? "the content the analysis read is unknown"
               : "it changed while it was being analyzed") +
          "; run toctou-tidy again");
      continue;
    }
    const std::string Style = StyleOf(File.Name);
    Expected<RewriteStatus> Status =
        rewriteSource(Real, *Digest->second, [&](StringRef Code) {
          return rewritten(File.Name, Code, File.Edits, Style);
        });
    if (!Status) {
      Summary.Problems.push_back("'" + File.Name + "' was not rewritten: " +
                                 toString(Status.takeError()));
      continue;
    }
    if (*Status == RewriteStatus::Changed) {
      Summary.Problems.push_back(
          "'" + File.Name +
          "' was not rewritten: it changed after it was analyzed; run "
          "toctou-tidy again");
      continue;
    }
    File.Written = true;
  }

  for (auto &[F, Files] : Taking) {
    F->FixApplied = llvm::all_of(
        Files, [&](const std::string &Real) { return ByFile[Real].Written; });
    if (F->FixApplied)
      ++Summary.Applied;
  }
  return Summary;
}

} // namespace toctou::driver
