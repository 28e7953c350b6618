//===--- TidyLibrary.h - clang-tidy library calls across LLVM versions ----===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The clang-tidy library functions the driver calls whose signatures differ
/// between the LLVM versions toctou-tidy is built and tested against (19, the
/// primary toolchain, and 22). Everything else in the driver is the same for
/// both; keep version conditionals in this file only.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_TOOL_TIDYLIBRARY_H
#define TOCTOU_CHECKER_TOOL_TIDYLIBRARY_H

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Config/llvm-config.h"
#include <memory>
// LLVM 22 moved the registry into ClangTidyModule.h and deprecated this one.
#if LLVM_VERSION_MAJOR < 22
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif

namespace toctou::tidylib {

using clang::tidy::ClangTidyContext;
using clang::tidy::ClangTidyOptions;
using clang::tidy::ClangTidyOptionsProvider;

// LLVM 22 added a flag for clang-query based custom checks to several calls;
// toctou-tidy does not enable them.
#if LLVM_VERSION_MAJOR >= 22
#define TOCTOU_CUSTOM_CHECKS_ARG , /*ExperimentalCustomChecks=*/false
#else
#define TOCTOU_CUSTOM_CHECKS_ARG
#endif

/// The names of the checks \p Options enables.
inline std::vector<std::string> enabledChecks(const ClangTidyOptions &Options,
                                              bool AllowAlpha) {
  return clang::tidy::getCheckNames(Options,
                                    AllowAlpha TOCTOU_CUSTOM_CHECKS_ARG);
}

/// The options of the enabled checks, defaults included.
inline ClangTidyOptions::OptionMap
effectiveCheckOptions(const ClangTidyOptions &Options, bool AllowAlpha) {
  return clang::tidy::getCheckOptions(Options,
                                      AllowAlpha TOCTOU_CUSTOM_CHECKS_ARG);
}

/// Every known check name and check option name.
struct KnownChecks {
  llvm::StringSet<> Checks;
  llvm::StringSet<> Options;
};

inline KnownChecks knownChecks(bool AllowAlpha) {
  auto All =
      clang::tidy::getAllChecksAndOptions(AllowAlpha TOCTOU_CUSTOM_CHECKS_ARG);
#if LLVM_VERSION_MAJOR >= 22
  return {std::move(All.Checks), std::move(All.Options)};
#else
  return {std::move(All.Names), std::move(All.Options)};
#endif
}

/// The context of one run.
inline std::unique_ptr<ClangTidyContext>
makeContext(std::unique_ptr<ClangTidyOptionsProvider> Provider,
            bool AllowAlpha) {
#if LLVM_VERSION_MAJOR >= 22
  return std::make_unique<ClangTidyContext>(
      std::move(Provider), AllowAlpha, /*EnableModuleHeadersParsing=*/false,
      /*ExperimentalCustomChecks=*/false);
#else
  return std::make_unique<ClangTidyContext>(std::move(Provider), AllowAlpha);
#endif
}

/// Runs the enabled checks on \p Files.
inline std::vector<clang::tidy::ClangTidyError>
run(ClangTidyContext &Context,
    const clang::tooling::CompilationDatabase &Compilations,
    llvm::ArrayRef<std::string> Files,
    llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> BaseFS,
    bool ApplyAnyFix, bool EnableProfile, llvm::StringRef ProfilePrefix,
    bool Quiet) {
#if LLVM_VERSION_MAJOR >= 22
  return clang::tidy::runClangTidy(Context, Compilations, Files,
                                   std::move(BaseFS), ApplyAnyFix,
                                   EnableProfile, ProfilePrefix, Quiet);
#else
  (void)Quiet;
  return clang::tidy::runClangTidy(Context, Compilations, Files,
                                   std::move(BaseFS), ApplyAnyFix,
                                   EnableProfile, ProfilePrefix);
#endif
}

/// A diagnostics engine that reports the diagnostics of \p Context's checks
/// to \p Consumer, attached to \p Context.
inline std::unique_ptr<clang::DiagnosticsEngine>
attachDiagnostics(ClangTidyContext &Context,
                  clang::DiagnosticConsumer &Consumer) {
#if LLVM_VERSION_MAJOR >= 22
  auto Options = std::make_unique<clang::DiagnosticOptions>();
  auto Engine = std::make_unique<clang::DiagnosticsEngine>(
      clang::DiagnosticIDs::create(), *Options, &Consumer,
      /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(std::move(Options), Engine.get());
#else
  auto Engine = std::make_unique<clang::DiagnosticsEngine>(
      new clang::DiagnosticIDs(), new clang::DiagnosticOptions(), &Consumer,
      /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(Engine.get());
#endif
  return Engine;
}

/// Every registered check factory (toctou's and the upstream modules').
inline std::unique_ptr<clang::tidy::ClangTidyCheckFactories>
allCheckFactories() {
  auto Factories = std::make_unique<clang::tidy::ClangTidyCheckFactories>();
  for (const auto &Entry : clang::tidy::ClangTidyModuleRegistry::entries())
    Entry.instantiate()->addCheckFactories(*Factories);
  return Factories;
}

#undef TOCTOU_CUSTOM_CHECKS_ARG

} // namespace toctou::tidylib

#endif // TOCTOU_CHECKER_TOOL_TIDYLIBRARY_H
