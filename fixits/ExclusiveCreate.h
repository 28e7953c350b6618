//===--- ExclusiveCreate.h - Create-only-if-absent rewrites -----*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Rewrites that make a call which creates a file fail when the file already
/// exists, so that "check it is absent, then create it" becomes one atomic
/// step: `| O_EXCL` on the flags of `open`, an `x` in the `fopen` mode, and
/// `creat` turned into `open(..., O_WRONLY | O_CREAT | O_EXCL, mode)`.
/// Every builder returns nothing when the text to change is not plainly in
/// the file (inside a macro body, a concatenated literal), so that a fix-it is
/// never wrong.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_FIXITS_EXCLUSIVECREATE_H
#define TOCTOU_FIXITS_EXCLUSIVECREATE_H

#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <optional>

namespace clang {
class CallExpr;
class Expr;
class LangOptions;
class SourceManager;

namespace tidy::toctou {

/// Appends ` | Flag` to the integer flags argument \p Flags (parenthesizing
/// it when its top operator binds more loosely than `|`).
llvm::SmallVector<FixItHint, 2> appendOpenFlag(const Expr *Flags,
                                               llvm::StringRef Flag,
                                               const SourceManager &SM,
                                               const LangOptions &LangOpts);

/// Adds \p ModeChar to the mode characters of the `fopen` mode string
/// literal \p Mode: at their end, before a `,ccs=` suffix (glibc reads the
/// mode characters only before the comma: `"wb,ccs=UTF-8"` becomes
/// `"wbx,ccs=UTF-8"`). None when they already have it, or when the literal
/// is not spelled as its plain value.
std::optional<FixItHint> appendFopenModeChar(const Expr *Mode, char ModeChar,
                                             const SourceManager &SM,
                                             const LangOptions &LangOpts);

/// Rewrites `creat(path, mode)` as
/// `open(path, O_WRONLY | O_CREAT | O_EXCL, mode)`.
llvm::SmallVector<FixItHint, 2>
creatToExclusiveOpen(const CallExpr *Creat, const SourceManager &SM,
                     const LangOptions &LangOpts);

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_FIXITS_EXCLUSIVECREATE_H
