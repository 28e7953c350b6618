//===--- ToctouTidyModule.cpp - The toctou clang-tidy module --------------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Registers every check of checker/Checks.def as the clang-tidy module
/// "toctou". The same object file goes into the plugin (registered when
/// clang-tidy loads it) and into the standalone toctou-tidy.
///
//===----------------------------------------------------------------------===//

#include "checker/AtomicLoadThenStoreCheck.h"
#include "checker/EpochUncheckedCommitCheck.h"
#include "checker/LockReleasedBeforeUpdateCheck.h"
#include "checker/PathCheckThenUseCheck.h"
#include "checker/SqlLockScopeCheck.h"
#include "checker/SqlReadThenWriteCheck.h"
#include "checker/TempNameThenOpenCheck.h"
#include "checker/WeakPtrExpiredThenLockCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "llvm/Config/llvm-config.h"
// LLVM 22 moved the registry into ClangTidyModule.h and deprecated this one.
#if LLVM_VERSION_MAJOR < 22
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif

namespace clang::tidy {
namespace toctou {

/// The "toctou" module: time-of-check to time-of-use checks.
class ToctouModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
#define TOCTOU_CHECK(Name, Class, Family, CWE, Race, Summary)                      \
  Factories.registerCheck<Class>(Name);
#include "checker/Checks.def"
  }
};

} // namespace toctou

static ClangTidyModuleRegistry::Add<toctou::ToctouModule>
    X("toctou-module", "Time-of-check to time-of-use checks.");

} // namespace clang::tidy
