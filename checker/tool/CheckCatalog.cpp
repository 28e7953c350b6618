//===--- CheckCatalog.cpp - What the output formats say about each check --===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/tool/CheckCatalog.h"
#include <vector>

using namespace llvm;

namespace toctou::driver {
namespace {

/// The doc page of \p Name, embedded from docs/checks/ by the build.
StringRef docOf(StringRef Name) {
#define TOCTOU_CHECK_DOC(DocName, Text)                                        \
  if (Name == DocName)                                                         \
    return Text;
#include "CheckDocs.inc"
  return {};
}

/// "PathCheckThenUse" for the class PathCheckThenUseCheck.
std::string displayName(StringRef Class) {
  return Class.drop_back(Class.ends_with("Check") ? 5 : 0).str();
}

std::vector<CheckInfo> buildCatalog() {
  std::vector<CheckInfo> Checks;
#define TOCTOU_CHECK(Name, Class, Family, CWE, Race, Summary)                      \
  Checks.push_back({Name, displayName(#Class), Family, CWE, Summary,          \
                    docOf(Name).str(),                                         \
                    std::string(TOCTOU_DOCS_URL) + Name + ".md",               \
                    clang::tidy::toctou::RaceClass::Race});
#include "checker/Checks.def"
  return Checks;
}

} // namespace

ArrayRef<CheckInfo> toctouChecks() {
  static const std::vector<CheckInfo> Catalog = buildCatalog();
  return Catalog;
}

CheckInfo describeCheck(StringRef Name) {
  for (const CheckInfo &Info : toctouChecks())
    if (Info.Name == Name)
      return Info;
  CheckInfo Info;
  Info.Name = Name.str();
  if (Name.starts_with("clang-diagnostic-")) {
    Info.Summary = "a compiler warning (-W" +
                   Name.drop_front(strlen("clang-diagnostic-")).str() + ")";
    Info.HelpUri = "https://clang.llvm.org/docs/DiagnosticsReference.html";
    return Info;
  }
  Info.Summary = "the clang-tidy check " + Name.str();
  auto [Module, Rest] = Name.split('-');
  if (!Rest.empty())
    Info.HelpUri = "https://clang.llvm.org/extra/clang-tidy/checks/" +
                   Module.str() + "/" + Rest.str() + ".html";
  return Info;
}

StringRef homepageUri() { return TOCTOU_HOMEPAGE_URL; }

} // namespace toctou::driver
