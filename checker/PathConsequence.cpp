//===--- PathConsequence.cpp - What losing a filesystem race changes ------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/PathConsequence.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::toctou {

std::string CheckFacts::detail() const {
  if (!Existence || Examined != "existence")
    return Examined;
  switch (Outcome) {
  case CheckOutcome::Failed:
    return "existence: absent";
  case CheckOutcome::Succeeded:
    return "existence: present";
  case CheckOutcome::Unknown:
    return Examined;
  }
  llvm_unreachable("unknown outcome");
}

void CheckFacts::merge(const CheckFacts &Other) {
  Existence |= Other.Existence;
  Permission |= Other.Permission;
  Trust |= Other.Trust;
  ModeBits |= Other.ModeBits;
  ParentsChecked |= Other.ParentsChecked;
  FileType |= Other.FileType;
  SymlinkTest |= Other.SymlinkTest;
  OfEntry |= Other.OfEntry;
  Data |= Other.Data;
  Identity |= Other.Identity;
  Resolved |= Other.Resolved;
  Created |= Other.Created;
  TypeExcludesOnly &= Other.TypeExcludesOnly;
  RegularOnly &= Other.RegularOnly;
  if (Examined.empty() || Examined == "existence")
    Examined = Other.Examined;
}

namespace {

/// The check exists to keep the program off symbolic links: a link test
/// by a call that does not follow one (`stat` never sees a link).
bool rulesOutLinks(const CheckFacts &C) {
  return C.SymlinkTest && C.OfEntry && !C.TypeExcludesOnly;
}

/// A type test of the entry itself: a regular file or a directory that
/// `lstat` saw is not a link.
bool sawNoLink(const CheckFacts &C) {
  return rulesOutLinks(C) ||
         (C.OfEntry && C.FileType && !C.TypeExcludesOnly);
}

/// The check decided whether the file may be trusted.
bool isTrustDecision(const CheckFacts &C) { return C.Trust; }

/// access() in code that runs with more privilege than its caller: the
/// permission is the real user's, the use the program's.
bool isPrivilegeDecision(const CheckFacts &C, const RaceContext &Ctx) {
  return C.Permission && Ctx.Privileged;
}

/// What the check read judges the file's content or history (size, times,
/// owner), not only whether, what and which it is.
bool judgesContent(const CheckFacts &C) {
  return C.Trust || C.ModeBits || C.Data;
}

/// The use may run after the check found nothing at the name.
bool mayHaveFoundAbsent(const CheckFacts &C) {
  return C.Existence && C.Outcome != CheckOutcome::Succeeded;
}

/// The check only told that something is at the name (or resolved it): a
/// symbolic link or another file planted before it passes it the same way
/// as one swapped in after it. Where the use creates, a check whose
/// outcome on the way is not known may have found the name free.
bool passesAnythingPresent(const CheckFacts &C, UseEffect Effect) {
  const bool Creates = Effect == UseEffect::Create ||
                       Effect == UseEffect::MakeEntry ||
                       Effect == UseEffect::Replace;
  // Type tests that only excluded types (`if (S_ISDIR(st.st_mode))
  // return;`): a link planted before passes them, and what the race can
  // swap in that they would have refused is a type the use fails on or
  // treats alike. Where the name may also have been found absent, a file
  // or a link planted before the check passes it too (it is not of the
  // excluded type): the use creates through it or writes it either way.
  if (C.TypeExcludesOnly && !C.Permission && !C.Trust && !C.ModeBits &&
      !C.Data && !C.Identity && !C.Created && !C.Resolved)
    return true;
  // A test through the link that the name is a regular file (`stat` then
  // `S_ISREG`, `is_regular_file`), then an open that writes: a link planted
  // before the check to a regular file passes it the same way as one
  // swapped in after it (the file found present, as Juliet's
  // CWE367_TOC_TOU__stat, with a type), and what else the race can swap in
  // is a directory, which an open for writing refuses. (Not before a
  // change of mode or owner: that works on the directory the test kept
  // out.)
  if (C.RegularOnly && !C.OfEntry && !C.SymlinkTest && !C.Permission &&
      !C.Trust && !C.ModeBits && !C.Data && !C.Identity && !C.Created &&
      !C.Resolved &&
      (Effect == UseEffect::Create || Effect == UseEffect::Write))
    return true;
  if (C.Permission || C.Trust || C.ModeBits || C.FileType || C.SymlinkTest ||
      C.Data ||
      C.Identity || C.Created)
    return false;
  if (C.Resolved)
    return true;
  if (!C.Existence || C.Outcome == CheckOutcome::Failed)
    return false;
  return C.Outcome == CheckOutcome::Succeeded || !Creates;
}

bool changesAttributes(UseEffect Effect) {
  return Effect == UseEffect::Mode || Effect == UseEffect::Owner ||
         Effect == UseEffect::Size || Effect == UseEffect::Times;
}

} // namespace

std::optional<llvm::StringRef> rootOnlyDirectoryOf(llvm::StringRef Path) {
  if (!Path.starts_with("/") || Path.contains("/../") ||
      Path.ends_with("/.."))
    return std::nullopt;
  if (Path.starts_with("/proc/sys/") || Path.starts_with("/sys/"))
    return Path.rsplit('/').first;
  const llvm::StringRef Dir = Path.rsplit('/').first;
  static constexpr llvm::StringLiteral RootOnly[] = {
      "",         "/etc",      "/run",       "/var/run",      "/var",
      "/var/lib",
      "/var/log", "/var/cache", "/var/spool", "/var/backups", "/usr",
      "/usr/bin", "/usr/sbin", "/usr/lib",   "/usr/libexec", "/usr/share",
      "/bin",     "/sbin",     "/lib",       "/lib64",       "/boot"};
  if (llvm::is_contained(RootOnly, Dir))
    return Dir.empty() ? llvm::StringRef("/") : Dir;
  return std::nullopt;
}

RaceClass classifyPathRace(const CheckFacts &Check, UseEffect Effect,
                           bool UseFollowsLinks, const RaceContext &Context) {
  // The code made sure that nobody else can write the directories that
  // hold the name, or the name is fixed in one that only root can write:
  // nobody else can win the race.
  if (Check.ParentsChecked || Context.RootOnlyName)
    return RaceClass::RedundantCheck;
  // Times set on another file are all that a race before utime can
  // change, whatever the check was.
  if (Effect == UseEffect::Times)
    return RaceClass::Timestamps;
  // A change of attributes that follows no link reaches only what has the
  // name itself; swapping in a hard link to another file is what remains,
  // and the system's protected_hardlinks takes that away.
  if (changesAttributes(Effect) && !UseFollowsLinks)
    return RaceClass::RedundantCheck;
  // CERT FIO01-C: created by name, then changed by name.
  if (Check.Created)
    return RaceClass::Attributes;
  // Nothing the check could have turned away: anything planted before it
  // passes it the same way, so winning the race gives nothing.
  if (passesAnythingPresent(Check, Effect))
    return RaceClass::RedundantCheck;
  if (isPrivilegeDecision(Check, Context))
    return RaceClass::Privilege;
  if (rulesOutLinks(Check) && UseFollowsLinks)
    return RaceClass::LinkFollowed;
  switch (Effect) {
  case UseEffect::Create:
  case UseEffect::Write:
    if (sawNoLink(Check) && UseFollowsLinks)
      return RaceClass::LinkFollowed;
    // A use that follows no link writes only what has the name itself:
    // whoever swaps the name in between puts a file of their own there,
    // which they could have put there before the check, and a test of
    // what kind of entry it is passes it the same way. Only a check that
    // judged whose it is or what is in it, or that may have found the name
    // free, is undone.
    if (!UseFollowsLinks && !mayHaveFoundAbsent(Check) &&
        !judgesContent(Check) && !Check.Identity && !Check.Permission)
      return RaceClass::RedundantCheck;
    return RaceClass::Clobber;
  case UseEffect::MakeEntry:
    // mkdir fails if the name exists: with its result dropped, the code
    // goes on with what another process made there first.
    return mayHaveFoundAbsent(Check) ? RaceClass::Clobber
                                     : RaceClass::RedundantCheck;
  case UseEffect::Replace:
    // rename acts on the entry, whatever it has become: only a name found
    // absent makes it replace a file the code did not expect.
    return mayHaveFoundAbsent(Check) ? RaceClass::Clobber
                                     : RaceClass::RedundantCheck;
  case UseEffect::Mode:
  case UseEffect::Owner:
  case UseEffect::Size:
    if (sawNoLink(Check) && UseFollowsLinks)
      return RaceClass::LinkFollowed;
    return RaceClass::Attributes;
  case UseEffect::Times:
    return RaceClass::Timestamps;
  case UseEffect::Move:
    // Moved, not lost: the entry goes where the code sends it, whatever it
    // has become.
    return RaceClass::RedundantCheck;
  case UseEffect::RemoveTree:
    // The rm -r race: a directory lstat saw is swapped for a link, which
    // is entered, and what the link points to is emptied. (After stat, a
    // link to a directory planted before passes the check the same way.)
    if (sawNoLink(Check))
      return RaceClass::LinkFollowed;
    return judgesContent(Check) ? RaceClass::DecidedRemoval
                                : RaceClass::RedundantCheck;
  case UseEffect::Remove:
    // The entry goes, whatever it has become, and no link is followed.
    // Whoever can swap the name can write its directory, so could remove
    // what they swapped in themselves (in a sticky directory they cannot
    // move another user's file there): even a removal that a judgement of
    // the file's age or size decided removes nothing they could not.
    return RaceClass::RedundantCheck;
  case UseEffect::Execute:
  case UseEffect::Enter:
  case UseEffect::Read:
    return isTrustDecision(Check) ? RaceClass::TrustedContent
                                  : RaceClass::RedundantCheck;
  }
  llvm_unreachable("unknown use effect");
}

bool coversEffect(UseEffect Other, bool OtherFollowsLinks, UseEffect Use,
                  bool UseFollowsLinks) {
  if (UseFollowsLinks && !OtherFollowsLinks)
    return false;
  switch (Use) {
  case UseEffect::Replace:
    // Whatever is at the name is overwritten or removed either way.
    return Other == UseEffect::Replace || Other == UseEffect::Create ||
           Other == UseEffect::Write || Other == UseEffect::Remove ||
           Other == UseEffect::RemoveTree;
  case UseEffect::Create:
  case UseEffect::Write:
    return Other == UseEffect::Create || Other == UseEffect::Write;
  case UseEffect::Remove:
    return Other == UseEffect::Remove || Other == UseEffect::RemoveTree ||
           Other == UseEffect::Replace;
  default:
    return Other == Use;
  }
}

std::string describeRace(RaceClass Class, const CheckFacts &Check,
                         UseEffect Effect, bool UseFollowsLinks) {
  switch (Class) {
  case RaceClass::Clobber:
    if (Effect == UseEffect::Replace)
      return "another process can create a file there in between, and it is "
             "replaced";
    if (Effect == UseEffect::MakeEntry)
      return "another process can create it first, and the code goes on "
             "with what it made";
    if (!UseFollowsLinks)
      return Check.Existence && Check.Outcome == CheckOutcome::Failed
                 ? "another process can create it in between"
                 : "another process can replace it in between";
    if (Check.Existence && Check.Outcome == CheckOutcome::Failed)
      return "another process can create it or plant a symbolic link there "
             "in between";
    return "another process can replace it or plant a symbolic link there "
           "in between";
  case RaceClass::Attributes:
  case RaceClass::Timestamps:
    if (!UseFollowsLinks)
      return "another process can replace it with another file in between";
    return "another process can replace it with a symbolic link or another "
           "file in between";
  case RaceClass::LinkFollowed:
    return "another process can plant a symbolic link there in between, "
           "and it is followed";
  case RaceClass::TrustedContent:
    return "another process can swap in a file that would fail the check "
           "in between";
  case RaceClass::Privilege:
    return "the permission is the real user's, the use has the program's "
           "privileges, and another process can swap in a file the user "
           "may not access in between";
  case RaceClass::DecidedRemoval:
    return "another process can swap in a file that was not judged in "
           "between";
  case RaceClass::RedundantCheck:
    return "the check is redundant: if the file changes in between, the "
           "use fails or acts as it would without the check";
  default:
    break;
  }
  llvm_unreachable("not a filesystem race class");
}

} // namespace clang::tidy::toctou
