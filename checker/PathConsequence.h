//===--- PathConsequence.h - What losing a filesystem race changes -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The consequence model of the filesystem family. A check and a use of the
/// same name are a race; whether the race is worth a finding, and which
/// class of finding, depends on what losing it changes: what the check
/// learned (CheckFacts), what the use does (UseEffect, matchers/PathCalls.h)
/// and whether the code runs with more privilege than its caller.
///
///   - The use changes the file (creates, truncates, writes, replaces,
///     changes the mode, owner, size or times): another process can make it
///     change something else. Reported (clobber, attributes, timestamps).
///   - The check ruled out a symbolic link, and the use follows one.
///     Reported (link-followed).
///   - The check judged whether to trust the file (owner, group-or-other
///     bits, link count), and the use reads or runs it. Reported
///     (trusted-content).
///   - The check was access() with a permission, in code that changes its
///     user or group IDs. Reported (privilege).
///   - A property of a directory (size, times, owner) decided to remove
///     what is inside it by name. Reported (decided-removal). (Removing
///     the entry alone is not: whoever can swap it can remove it.)
///   - Anything else: the use reads, enters, runs, removes or moves, and
///     the check only told whether the file exists, its type, a permission
///     in code without privilege, or data. When the file changes in
///     between, the use fails or does what it would have done without the
///     check. Class redundant-check, off by default.
///
/// docs/checks/toctou-path-check-then-use.md says the same for users.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_PATHCONSEQUENCE_H
#define TOCTOU_CHECKER_PATHCONSEQUENCE_H

#include "checker/CheckDecisions.h"
#include "checker/RaceClass.h"
#include "matchers/PathCalls.h"
#include <optional>
#include <string>

namespace clang::tidy::toctou {

/// What a check learned about a file, as far as the code looks at it.
struct CheckFacts {
  /// Only whether the file exists (`access F_OK`, the result of `stat`).
  bool Existence = false;
  /// What the check reported on the way to the use: Failed means the use
  /// runs when the file was found absent.
  CheckOutcome Outcome = CheckOutcome::Unknown;
  /// `access` with `R_OK`, `W_OK` or `X_OK`: a permission of the real user.
  bool Permission = false;
  /// Whether to trust the file: its owner or group compared with a user
  /// the code trusts, its link count (a hard link to someone else's file).
  bool Trust = false;
  /// Group-or-other or set-ID mode bits tested. Alone they do not make a
  /// trust decision: a file its planter made passes them (its owner picks
  /// its mode), so only with the owner do they judge who could write it.
  bool ModeBits = false;
  /// Its type (`S_ISREG`, `S_ISDIR`, `is_regular_file`...).
  bool FileType = false;
  /// A symbolic link test (`S_ISLNK`, `is_symlink`, `symlink_status`).
  bool SymlinkTest = false;
  /// The check does not follow a link in the last component (`lstat`,
  /// `symlink_status`): a type it reports is the entry's own, so a regular
  /// file or a directory it found is not a link.
  bool OfEntry = false;
  /// Data read from what the check filled: size, times, the owner's own
  /// or execute mode bits, a mode or owner compared with another file's.
  bool Data = false;
  /// The device and inode numbers: which file it is (the same as another?).
  bool Identity = false;
  /// A helper handed what the check saw walked up the directories of the
  /// path and examined each (a "secure path" check): nobody else can write
  /// where the name is, so nobody else can swap it.
  bool ParentsChecked = false;
  /// `realpath`, `readlink`.
  bool Resolved = false;
  /// The type tests on the way to the use only excluded types: each came
  /// out "not that type" (`!S_ISDIR(st.st_mode)`), or "is a link"
  /// (`S_ISLNK` true). A symbolic link, or a file of another type, passes
  /// them: they do not say the entry is not a link.
  bool TypeExcludesOnly = false;
  /// The type tests on the way to the use all came out "a regular file"
  /// (`S_ISREG` true, `is_regular_file`).
  bool RegularOnly = false;
  /// Not a check: the file was created by name (`fopen "w"`, `open
  /// O_CREAT`, `mkdir`) and then changed by name (CERT FIO01-C).
  bool Created = false;
  /// What the check examined, for the message: "existence", "permission
  /// W_OK", "property st_uid, S_ISREG", "symbolic link test"...
  std::string Examined;

  /// The message's parenthesis: Examined, with the outcome of an existence
  /// check ("existence: absent").
  std::string detail() const;
  /// Adds what \p Other learned (a wrapper's facts at its call site).
  void merge(const CheckFacts &Other);
};

/// The code around a pair, as far as the consequence depends on it.
struct RaceContext {
  /// The translation unit changes user or group IDs (or the user said the
  /// code runs with privilege): permissions of the real user matter.
  bool Privileged = false;
  /// The name is a fixed path in a directory that only root can write on
  /// any Linux system (rootOnlyDirectoryOf): nobody else can swap it.
  bool RootOnlyName = false;
};

/// The directory holding \p Path when \p Path is absolute and that
/// directory is one only root can write on every Linux system (the system's
/// own top directories: `/etc`, `/run`, `/var/lib`, `/usr/bin`...; not
/// `/tmp`, `/var/tmp`, `/run/lock`, `/var/mail`, `/usr/local` or any
/// directory below these, which services and groups may own), or one the
/// kernel provides (anything under `/proc/sys/` and `/sys/`); none
/// otherwise.
std::optional<llvm::StringRef> rootOnlyDirectoryOf(llvm::StringRef Path);

/// The class of the race between a check that learned \p Check and a use
/// with effect \p Effect that does (or does not) follow a symbolic link in
/// the last component. RedundantCheck when losing the race changes nothing
/// but which error path runs.
RaceClass classifyPathRace(const CheckFacts &Check, UseEffect Effect,
                           bool UseFollowsLinks, const RaceContext &Context);

/// True if a use with effect \p Other (following links or not) does to a
/// name at least what \p Use does: where the code does \p Other when the
/// check came out the other way, the check only chose between two ways of
/// doing the same thing to whatever is at the name.
bool coversEffect(UseEffect Other, bool OtherFollowsLinks, UseEffect Use,
                  bool UseFollowsLinks);

/// What the race changes, for the end of the message: "another process can
/// create the file or plant a symbolic link there in between".
std::string describeRace(RaceClass Class, const CheckFacts &Check,
                         UseEffect Effect, bool UseFollowsLinks);

} // namespace clang::tidy::toctou

#endif // TOCTOU_CHECKER_PATHCONSEQUENCE_H
