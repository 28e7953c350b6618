//===--- RaceClass.h - What losing a race changes ---------------*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The class of a finding: what happens when another process or thread wins
/// the race (RaceClasses.def). A check decides it with the finding and
/// records it here with the diagnostic (recordRaceClass); the driver reads
/// it back for each diagnostic (raceClassAt) and takes the level, the
/// security severity and the precision of every output format from the
/// class, never from the message.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_RACECLASS_H
#define TOCTOU_CHECKER_RACECLASS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>

namespace clang {
class SourceLocation;
class SourceManager;

namespace tidy::toctou {

enum class RaceClass : unsigned char {
#define TOCTOU_RACE_CLASS(Enum, Id, Level, Severity, Precision, On, Meaning)   \
  Enum,
#include "checker/RaceClasses.def"
};

/// One row of RaceClasses.def.
struct RaceClassInfo {
  RaceClass Class;
  /// "clobber", "redundant-check"...: stable, used in outputs and options.
  llvm::StringRef Id;
  /// "error", "warning" or "note".
  llvm::StringRef Level;
  /// GitHub code scanning's score, "0.0" to "10.0".
  llvm::StringRef SecuritySeverity;
  /// "very-high", "high", "medium" or "low".
  llvm::StringRef Precision;
  /// False for the classes reported only when asked for.
  bool DefaultOn;
  llvm::StringRef Meaning;
};

/// Every class, in the order of RaceClasses.def.
llvm::ArrayRef<RaceClassInfo> raceClasses();
const RaceClassInfo &infoOf(RaceClass Class);
/// The class whose Id is \p Id.
std::optional<RaceClass> raceClassNamed(llvm::StringRef Id);

/// Records that the diagnostic of \p Check at \p Loc has class \p Class.
/// Called by a check with the diagnostic it emits; a no-op cost when no
/// driver reads it back (the plugin).
void recordRaceClass(llvm::StringRef Check, SourceLocation Loc,
                     const SourceManager &SM, RaceClass Class);

/// The class recorded for the diagnostic of \p Check in \p File at byte
/// \p Offset (as clang-tidy reports its position), if any.
std::optional<RaceClass> raceClassAt(llvm::StringRef Check,
                                     llvm::StringRef File, unsigned Offset);

/// Forgets every record (the driver calls it before each unit).
void clearRaceClasses();

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_CHECKER_RACECLASS_H
