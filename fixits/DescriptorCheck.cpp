//===--- DescriptorCheck.cpp - Check what was opened, not the name --------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "fixits/DescriptorCheck.h"
#include "fixits/Rewrites.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

namespace clang::tidy::toctou {

llvm::SmallVector<FixItHint, 2> checkDescriptorInstead(const CallExpr *Stat,
                                                       llvm::StringRef
                                                           Descriptor,
                                                       const ASTContext &Ctx) {
  const FunctionDecl *Callee = Stat->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() || Stat->getNumArgs() != 2)
    return {};
  const llvm::StringRef Name = Callee->getName();
  const char *Replacement = Name == "stat"     ? "fstat"
                            : Name == "stat64" ? "fstat64"
                                               : nullptr;
  if (!Replacement)
    return {};
  std::optional<FixItHint> Rename = renameCallee(Stat, Replacement, Ctx);
  std::optional<FixItHint> Argument =
      replaceExpr(Stat->getArg(0), Descriptor, Ctx);
  if (!Rename || !Argument)
    return {};
  return {*Rename, *Argument};
}

} // namespace clang::tidy::toctou
