//===--- UpstreamModules.cpp - Link clang-tidy's own modules --------------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Makes the linker keep every upstream clang-tidy module in toctou-tidy, so
/// that the tool is a complete clang-tidy (an editor can use it as its
/// clang-tidy binary and keep its bugprone-*, readability-* ... checks).
/// Debian does not ship clang-tidy-config.h, so ClangTidyForceLinker.h
/// cannot be included; the anchors it references are declared here instead.
///
//===----------------------------------------------------------------------===//

#include "llvm/Support/Compiler.h"

#define TOCTOU_UPSTREAM_MODULES(X)                                             \
  X(Abseil)                                                                    \
  X(Altera) X(Android) X(Boost) X(Bugprone) X(CERT) X(Concurrency)             \
      X(CppCoreGuidelines) X(Darwin) X(Fuchsia) X(Google) X(HICPP)             \
          X(LinuxKernel) X(LLVM) X(LLVMLibc) X(Misc) X(Modernize) X(MPI)       \
              X(ObjC) X(OpenMP) X(Performance) X(Portability) X(Readability)   \
                  X(Zircon)

namespace clang::tidy {
#define TOCTOU_DECLARE_ANCHOR(Module)                                          \
  extern volatile int Module##ModuleAnchorSource;                              \
  [[maybe_unused]] static int Module##ModuleAnchorDestination =                \
      Module##ModuleAnchorSource;
TOCTOU_UPSTREAM_MODULES(TOCTOU_DECLARE_ANCHOR)
#undef TOCTOU_DECLARE_ANCHOR
} // namespace clang::tidy
