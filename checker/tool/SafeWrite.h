//===--- SafeWrite.h - Writing files without ever losing one -----*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Every file toctou-tidy writes goes through here. A file is never
/// truncated and rewritten in place: the new content goes to a new file
/// beside it (created exclusively, so no planted name is followed), is
/// flushed to disk, and is renamed over the old one. Whatever fails on the
/// way (a full disk, a signal, a permission), the old file stays whole.
///
/// A source file gets more care than a report: its fix-its were computed on
/// the content the analysis read, so it is rewritten only while it still
/// has that content (ContentDigest), under an advisory lock that keeps two
/// toctou-tidy runs from rewriting it at once, with its mode and owner kept.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_TOOL_SAFEWRITE_H
#define TOCTOU_CHECKER_TOOL_SAFEWRITE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <optional>
#include <string>

namespace toctou::driver {

/// What the analysis saw of a file: enough to tell that it changed since.
struct ContentDigest {
  uint64_t Size = 0;
  uint64_t Hash = 0;

  static ContentDigest of(llvm::StringRef Content);
  friend bool operator==(const ContentDigest &A, const ContentDigest &B) {
    return A.Size == B.Size && A.Hash == B.Hash;
  }
  friend bool operator!=(const ContentDigest &A, const ContentDigest &B) {
    return !(A == B);
  }
};

/// The path that names the file itself: symbolic links resolved, absolute.
/// Empty when \p Path does not exist.
std::string realPathOf(llvm::StringRef Path);

/// Writes \p Path with what \p Write produces. A regular file (or a name that
/// does not exist yet) is replaced whole or not at all: the text goes to a
/// new file in the same directory, which is renamed over \p Path once it is
/// complete and on disk. Anything else (a terminal, /dev/null, a pipe) is
/// written to directly. The error says why (the caller names the file).
llvm::Error
writeFileAtomically(llvm::StringRef Path,
                    llvm::function_ref<void(llvm::raw_ostream &)> Write);

/// The outcome of rewriteSource.
enum class RewriteStatus {
  Written,
  /// The file no longer has the content the fix-its were computed on.
  Changed,
  /// Nothing to do: \p Rewrite returned the content unchanged.
  Unchanged,
};

/// Rewrites the source file \p Path (a real path, see realPathOf) to what
/// \p Rewrite makes of its current content, provided that content still has
/// digest \p Analyzed. Holds an exclusive flock on the file meanwhile, so
/// that a second toctou-tidy --fix on it waits and then finds it changed.
/// The new file keeps the old one's mode and owner; a file with several
/// hard links is refused (a rename would split them). An Error says why
/// nothing was written; the file is then as it was.
llvm::Expected<RewriteStatus> rewriteSource(
    llvm::StringRef Path, const ContentDigest &Analyzed,
    llvm::function_ref<llvm::Expected<std::string>(llvm::StringRef Old)>
        Rewrite);

/// Test seam (hidden option --testing-pause-before-write): when set, every
/// write of a source first creates "<dir>/paused" and waits until
/// "<dir>/resume" exists, so a test can change the file in between.
void setPauseBeforeWrite(llvm::StringRef Dir);

} // namespace toctou::driver

#endif // TOCTOU_CHECKER_TOOL_SAFEWRITE_H
