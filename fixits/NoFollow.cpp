//===--- NoFollow.cpp - Change a file without following a link ------------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "fixits/NoFollow.h"
#include "fixits/Rewrites.h"
#include "clang/AST/Expr.h"

namespace clang::tidy::toctou {

llvm::SmallVector<FixItHint, 3> changeWithoutFollowing(const CallExpr *Call,
                                                       llvm::StringRef Name,
                                                       NoFollowSupport Support,
                                                       const ASTContext &Ctx) {
  if (!Call)
    return {};
  if (Name == "chown" && Support.Lchown && Call->getNumArgs() == 3) {
    if (std::optional<FixItHint> Rename = renameCallee(Call, "lchown", Ctx))
      return {*Rename};
    return {};
  }
  if (Name != "chmod" || !Support.Fchmodat || Call->getNumArgs() != 2)
    return {};
  std::optional<FixItHint> Rename = renameCallee(Call, "fchmodat", Ctx);
  std::optional<FixItHint> Dir = insertBefore(Call->getArg(0), "AT_FDCWD, ", Ctx);
  std::optional<FixItHint> Flag =
      insertAfter(Call->getArg(1), ", AT_SYMLINK_NOFOLLOW", Ctx);
  if (!Rename || !Dir || !Flag)
    return {};
  return {*Rename, *Dir, *Flag};
}

llvm::SmallVector<FixItHint, 4> renameWithoutReplacing(const CallExpr *Rename,
                                                       const ASTContext &Ctx) {
  if (!Rename || Rename->getNumArgs() != 2)
    return {};
  std::optional<FixItHint> Callee = renameCallee(Rename, "renameat2", Ctx);
  std::optional<FixItHint> First =
      insertBefore(Rename->getArg(0), "AT_FDCWD, ", Ctx);
  std::optional<FixItHint> Second =
      insertBefore(Rename->getArg(1), "AT_FDCWD, ", Ctx);
  std::optional<FixItHint> Last =
      insertAfter(Rename->getArg(1), ", RENAME_NOREPLACE", Ctx);
  if (!Callee || !First || !Second || !Last)
    return {};
  return {*Callee, *First, *Second, *Last};
}

bool fchmodatNoFollowWorks(std::optional<uint64_t> Major,
                           std::optional<uint64_t> Minor) {
  if (!Major)
    return true;
  if (!Minor)
    return false;
  return *Major > 2 || (*Major == 2 && *Minor >= 32);
}

} // namespace clang::tidy::toctou
