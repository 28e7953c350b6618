//===--- inputs-fuzzer.cpp - libFuzzer target: baselines and configs ------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
//
// The files a pull request can carry into a CI run: a baseline
// (--baseline, parseBaseline) and a configuration (--config-file, parsed by
// clang-tidy's YAML reader behind toctou-tidy's nesting gate, as
// ToctouTidyMain.cpp does). The first byte picks which. See
// test/fuzz/README.md.
//
//===----------------------------------------------------------------------===//

#include "checker/tool/BoundedInput.h"
#include "checker/tool/ChangeFilter.h"
#include "clang-tidy/ClangTidyOptions.h"
#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size == 0)
    return 0;
  const std::string Text(reinterpret_cast<const char *>(Data + 1), Size - 1);
  if (Data[0] % 2 == 0) {
    llvm::Expected<std::vector<toctou::driver::BaselineEntry>> Baseline =
        toctou::driver::parseBaseline(Text, "fuzz.json");
    if (!Baseline)
      llvm::consumeError(Baseline.takeError());
    return 0;
  }
  if (toctou::driver::bracketDepth(Text) > toctou::driver::MaxInputNesting)
    return 0;
  llvm::ErrorOr<clang::tidy::ClangTidyOptions> Options =
      clang::tidy::parseConfiguration(llvm::MemoryBufferRef(Text, "fuzz"));
  (void)Options;
  return 0;
}
