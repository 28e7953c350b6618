//===--- NoFollow.h - Change a file without following a link ---*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Rewrites that make a call by name act on the entry itself, whatever
/// another process put there since the check. A change of mode or owner
/// made without following a symbolic link in the last component:
///
///   chmod(p, m)     ->  fchmodat(AT_FDCWD, p, m, AT_SYMLINK_NOFOLLOW)
///   chown(p, u, g)  ->  lchown(p, u, g)
///
/// Same arguments, same result (0, or -1 with errno), and still an
/// expression wherever the call was (`if (chmod(p, m) < 0)`, `return
/// chmod(...)`), so the rewrite fits every shape the descriptor-based
/// rewrites (WhileOpen.h, the path check's open-then-fstat) cannot. A link
/// swapped in after the check is not followed: fchmodat fails on it
/// (EOPNOTSUPP; Linux cannot change a link's own mode), lchown changes the
/// link itself. What remains is a hard link to another file, which the
/// system's protected_hardlinks refuses to make for a file the planter
/// does not own.
///
/// And a rename that does not replace what is at the target (below).
///
/// glibc implements AT_SYMLINK_NOFOLLOW for fchmodat since 2.32 (by an
/// O_PATH descriptor and /proc/self/fd, or fchmodat2 on Linux 6.6); before,
/// every such call failed with ENOTSUP. The caller says whether the unit's
/// library has it.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_FIXITS_NOFOLLOW_H
#define TOCTOU_FIXITS_NOFOLLOW_H

#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>

namespace clang {
class ASTContext;
class CallExpr;

namespace tidy::toctou {

/// What the translation unit offers the rewrite.
struct NoFollowSupport {
  /// `fchmodat`, `AT_FDCWD` and `AT_SYMLINK_NOFOLLOW` are declared, and the
  /// C library honours the flag for fchmodat.
  bool Fchmodat = false;
  /// `lchown` is declared.
  bool Lchown = false;
};

/// Rewrites the call \p Call to \p Name (`chmod` or `chown`, the path its
/// first argument) so that it does not follow a link in the last
/// component. Empty when the unit lacks what the new call needs, or when
/// the call's text is not plainly in the file (a macro's body, a qualified
/// name).
llvm::SmallVector<FixItHint, 3> changeWithoutFollowing(const CallExpr *Call,
                                                       llvm::StringRef Name,
                                                       NoFollowSupport Support,
                                                       const ASTContext &Ctx);

/// `rename(from, to)` as `renameat2(AT_FDCWD, from, AT_FDCWD, to,
/// RENAME_NOREPLACE)`: fails with EEXIST instead of replacing what another
/// process put at `to` (Linux; the caller checks that the unit declares it).
llvm::SmallVector<FixItHint, 4> renameWithoutReplacing(const CallExpr *Rename,
                                                       const ASTContext &Ctx);

/// True if \p Major.\p Minor is a glibc whose fchmodat honours
/// AT_SYMLINK_NOFOLLOW (2.32 and later); true when the unit is not built
/// against glibc (\p Major unknown: musl and the BSDs always had it).
bool fchmodatNoFollowWorks(std::optional<uint64_t> Major,
                           std::optional<uint64_t> Minor);

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_FIXITS_NOFOLLOW_H
