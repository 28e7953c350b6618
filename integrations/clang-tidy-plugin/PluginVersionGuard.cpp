//===--- PluginVersionGuard.cpp - Refuse a clang-tidy of another version --===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A clang-tidy plugin uses the C++ classes of the clang-tidy that loads it,
/// and those change between LLVM major versions. Loaded into another version,
/// the plugin would register its checks and then find nothing, or crash:
/// both look like "no findings" to a user. This file runs first when the
/// plugin is loaded and stops clang-tidy with a clear message instead.
///
/// It calls one function of the host, clang::getClangFullVersion(), whose
/// signature has not changed in any release, and prints with the C library,
/// so that it is safe in a host of any version.
///
/// In a host of its own version, the plugin then adds its version and commit
/// to clang-tidy's: `clang-tidy --load=libtoctou-tidy-plugin.so --version`
/// (--load is acted on as it is parsed, before --version prints).
///
//===----------------------------------------------------------------------===//

#include "Commit.inc" // written at build time by integrations/packaging/git-commit.cmake
#include "clang/Basic/Version.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdio>
#include <cstdlib>
#include <string>

#ifndef TOCTOU_PLUGIN_LLVM_MAJOR
#error "TOCTOU_PLUGIN_LLVM_MAJOR must be defined by the build"
#endif

namespace {

/// The major version in "Debian clang version 19.1.7 (...)", or -1.
int majorVersionOf(const std::string &FullVersion) {
  const std::string Marker = "version ";
  const std::string::size_type Pos = FullVersion.find(Marker);
  if (Pos == std::string::npos)
    return -1;
  const char *Digits = FullVersion.c_str() + Pos + Marker.size();
  char *End = nullptr;
  const long Major = std::strtol(Digits, &End, 10);
  return End == Digits ? -1 : static_cast<int>(Major);
}

/// Runs before the plugin's checks are registered (priority 101 comes before
/// ordinary static initializers).
__attribute__((constructor(101))) void refuseMismatchedClangTidy() {
  const std::string Host = clang::getClangFullVersion();
  const int HostMajor = majorVersionOf(Host);
  if (HostMajor < 0 || HostMajor == TOCTOU_PLUGIN_LLVM_MAJOR)
    return;
  std::fprintf(stderr,
               "error: the toctou-tidy plugin was built for clang-tidy %d, "
               "but this clang-tidy is version %d (%s).\n"
               "  Run clang-tidy-%d, or rebuild the plugin for this version: "
               "cmake -DTOCTOU_LLVM_VERSION=%d ...\n",
               TOCTOU_PLUGIN_LLVM_MAJOR, HostMajor, Host.c_str(),
               TOCTOU_PLUGIN_LLVM_MAJOR, HostMajor);
  std::fflush(stderr);
  std::_Exit(2);
}

/// Runs after the guard, in a host of the plugin's own version only.
__attribute__((constructor)) void addPluginVersion() {
  llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "toctou-tidy plugin " TOCTOU_VERSION " (commit " TOCTOU_COMMIT
          ", built for clang-tidy "
       << TOCTOU_PLUGIN_LLVM_MAJOR << ")\n";
  });
}

} // namespace
