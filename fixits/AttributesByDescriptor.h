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

namespace clang {
class ASTContext;
class CallExpr;
class ParentMap;
class VarDecl;

namespace tidy::toctou {

/// How the change is made through the descriptor.
struct DescriptorChange {
  /// `fchmod`, `fchown`, `ftruncate`: the call's other arguments follow
  /// the descriptor unchanged.
  llvm::StringRef FdFunction;
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

/// Rewrites \p Call (`chmod(p, m)` and the like, the name its first
/// argument) as \p How says. None unless the call is `return CALL;` or a
/// statement of its own whose result is dropped, and \p How.Seen can be
/// named there.
std::optional<llvm::SmallVector<FixItHint, 3>>
changeThroughDescriptor(const CallExpr *Call, const DescriptorChange &How,
                        const ParentMap &Parents, const ASTContext &Ctx);

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_FIXITS_ATTRIBUTESBYDESCRIPTOR_H
