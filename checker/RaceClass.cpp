//===--- RaceClass.cpp - What losing a race changes -----------------------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/RaceClass.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Path.h"
#include <mutex>
#include <string>

namespace clang::tidy::toctou {

namespace {
const RaceClassInfo Table[] = {
#define TOCTOU_RACE_CLASS(Enum, Id, Level, Severity, Precision, On, Meaning)   \
  {RaceClass::Enum, Id, Level, Severity, Precision, On, Meaning},
#include "checker/RaceClasses.def"
};

/// The records of the unit being analyzed. Keyed by check, file name (its
/// last component: clang-tidy may report the path relative to the build
/// directory) and offset. A unit is analyzed on one thread at a time, but
/// clangd-like hosts may run several: a mutex keeps the map whole.
struct Ledger {
  std::mutex Lock;
  llvm::StringMap<RaceClass> Classes;
};

Ledger &ledger() {
  static Ledger L;
  return L;
}

std::string keyOf(llvm::StringRef Check, llvm::StringRef File,
                  unsigned Offset) {
  return (Check + "\n" + llvm::sys::path::filename(File) + "\n" +
          llvm::Twine(Offset))
      .str();
}
} // namespace

llvm::ArrayRef<RaceClassInfo> raceClasses() { return Table; }

const RaceClassInfo &infoOf(RaceClass Class) {
  return Table[static_cast<unsigned>(Class)];
}

std::optional<RaceClass> raceClassNamed(llvm::StringRef Id) {
  for (const RaceClassInfo &Info : Table)
    if (Info.Id == Id)
      return Info.Class;
  return std::nullopt;
}

void recordRaceClass(llvm::StringRef Check, SourceLocation Loc,
                     const SourceManager &SM, RaceClass Class) {
  if (Loc.isInvalid())
    return;
  Ledger &L = ledger();
  std::lock_guard<std::mutex> Guard(L.Lock);
  // clang-tidy reports a diagnostic in a macro at the expansion or at the
  // spelling (a macro argument): record both.
  for (SourceLocation At : {SM.getExpansionLoc(Loc), SM.getSpellingLoc(Loc)}) {
    if (At.isInvalid())
      continue;
    L.Classes[keyOf(Check, SM.getFilename(At), SM.getFileOffset(At))] = Class;
  }
}

std::optional<RaceClass> raceClassAt(llvm::StringRef Check,
                                     llvm::StringRef File, unsigned Offset) {
  Ledger &L = ledger();
  std::lock_guard<std::mutex> Guard(L.Lock);
  auto It = L.Classes.find(keyOf(Check, File, Offset));
  if (It == L.Classes.end())
    return std::nullopt;
  return It->second;
}

void clearRaceClasses() {
  Ledger &L = ledger();
  std::lock_guard<std::mutex> Guard(L.Lock);
  L.Classes.clear();
}

} // namespace clang::tidy::toctou
