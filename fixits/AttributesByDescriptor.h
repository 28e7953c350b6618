//===--- AttributesByDescriptor.h - chmod through a descriptor --*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The rewrite of a change of mode, owner or size by name into the same
/// change through a descriptor (opened without following a link where the
/// check did not follow one), made only if the descriptor holds the file
/// the code meant:
///
///   - after `stat(p, &st)`: the same `st_dev` and `st_ino` as what the
///     check saw (CERT POS35-C);
///   - after `mkdir(p, ...)`: a directory owned by the effective user (one
///     this process made; a directory another user put there in between is
///     left alone, and a link or another kind of file does not open).
///
/// `return chmod(...)` keeps its result (-1 when the change was not made);
/// a statement of its own becomes a block. Other shapes (the call in a
/// condition) are left to the no-follow rewrite (NoFollow.h).
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_FIXITS_ATTRIBUTESBYDESCRIPTOR_H
#define TOCTOU_FIXITS_ATTRIBUTESBYDESCRIPTOR_H

#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace clang {
class ASTContext;
class CallExpr;
class Expr;
class ParentMap;
class VarDecl;

namespace tidy::toctou {

/// A change of attributes by name, and the same change through a
/// descriptor, where the rewrite is mechanical: `chmod(p, m)` is
/// `fchmod(fd, m)` (and `chown`, `truncate`, `utimes` their `f` forms);
/// `utime(p, NULL)` is `futimens(fd, NULL)` (both set the times to now);
/// `utimensat(AT_FDCWD, p, ts, 0)` is `futimens(fd, ts)`. Not `utime` with
/// times (a `struct utimbuf` is no `struct timespec[2]`), nor `utimensat`
/// from another directory or with `AT_SYMLINK_NOFOLLOW`.
struct ByDescriptor {
  /// `fchmod`, `fchown`, `ftruncate`, `futimes`, `futimens`.
  llvm::StringRef Function;
  /// The path the call changes by name.
  const Expr *Path = nullptr;
  /// The arguments that follow the descriptor, in order.
  llvm::SmallVector<const Expr *, 2> Rest;
  /// The call is Function's by-name twin: the path first, the other
  /// arguments the same (renaming the callee and replacing the path is
  /// the whole rewrite).
  bool SameShape = false;
};

/// What \p Call is through a descriptor, if the rewrite is mechanical.
std::optional<ByDescriptor> byDescriptor(const CallExpr *Call,
                                         const ASTContext &Ctx);

/// `Function(Descriptor, Rest...)` as source text; none when an argument's
/// text cannot be read.
std::optional<std::string> descriptorCallText(const ByDescriptor &Form,
                                              llvm::StringRef Descriptor,
                                              const ASTContext &Ctx);

/// How the change is made through the descriptor.
struct DescriptorChange {
  /// The change through the descriptor (byDescriptor).
  ByDescriptor Form;
  /// `O_RDONLY`, or `O_WRONLY` for a truncation.
  llvm::StringRef Access;
  /// Open with `O_NOFOLLOW`: the check looked at the entry itself (lstat)
  /// or the code made it. After stat, the descriptor follows links as the
  /// check did, and the inode comparison keeps out what was swapped in.
  bool NoFollow = true;
  /// Open with `O_NONBLOCK` too: a FIFO swapped in does not make the open
  /// wait for a writer forever (the unit defines the macro).
  bool NonBlock = false;
  /// The name was made by `mkdir`: open it with `O_DIRECTORY` and change
  /// it only if its owner is `geteuid()`.
  bool MadeDirectory = false;
  /// Otherwise, the `struct stat` the check filled: change the file only if
  /// it has the same device and inode.
  const VarDecl *Seen = nullptr;
};

/// Rewrites \p Call (`chmod(p, m)` and the like: \p How.Form) as \p How
/// says. None unless the call is `return CALL;` or a
/// statement of its own whose result is dropped, and \p How.Seen can be
/// named there.
std::optional<llvm::SmallVector<FixItHint, 3>>
changeThroughDescriptor(const CallExpr *Call, const DescriptorChange &How,
                        const ParentMap &Parents, const ASTContext &Ctx);

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_FIXITS_ATTRIBUTESBYDESCRIPTOR_H
