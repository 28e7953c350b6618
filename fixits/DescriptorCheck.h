//===--- DescriptorCheck.h - Check what was opened, not the name -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The rewrite of a check by name made after the file was opened
/// (`fd = open(p, ...); stat(p, &st);`) into the check of what was opened
/// (`fstat(fd, &st)`).
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_FIXITS_DESCRIPTORCHECK_H
#define TOCTOU_FIXITS_DESCRIPTORCHECK_H

#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

namespace clang {
class ASTContext;
class CallExpr;

namespace tidy::toctou {

/// `stat(p, &st)` → `fstat(fd, &st)` (and `stat64` → `fstat64`), where
/// \p Descriptor is the text of the open descriptor (`fd`,
/// `fileno(f)`). Empty when the call is not spelled out plainly (a macro)
/// or is another check.
llvm::SmallVector<FixItHint, 2> checkDescriptorInstead(const CallExpr *Stat,
                                                       llvm::StringRef
                                                           Descriptor,
                                                       const ASTContext &Ctx);

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_FIXITS_DESCRIPTORCHECK_H
