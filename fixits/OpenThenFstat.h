//===--- OpenThenFstat.h - Open first, then judge the descriptor -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The rewrite of "judge the name, return if it fails, then open it" into
/// "open it, then judge what was opened":
///
///   if (stat(p, &st) != 0 || st.st_uid != uid)      int fd = open(p, O_RDONLY);
///     return -1;                                →   if (fd < 0 || fstat(fd, &st) != 0 || st.st_uid != uid) {
///   int fd = open(p, O_RDONLY);                       if (fd >= 0)
///                                                       close(fd);
///                                                     return -1;
///                                                   }
///
/// The judgement then applies to the file the descriptor holds, whatever
/// the name points to afterwards.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_FIXITS_OPENTHENFSTAT_H
#define TOCTOU_FIXITS_OPENTHENFSTAT_H

#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang {
class ASTContext;
class CallExpr;
class Expr;
class ParentMap;

namespace tidy::toctou {

/// \p Stat (`stat(p, Buffer)`, in the condition of an `if` without `else`
/// whose body is a `return`), then \p Open (`open(p, ...)`, initializing the
/// declaration right after that `if`): the declaration moved before the
/// `if`, the descriptor's failure added to the condition, `fstat` on the
/// descriptor in place of \p Stat, and the descriptor closed on the early
/// return. None for any other shape.
std::optional<llvm::SmallVector<FixItHint, 3>>
openFirstThenFstat(const CallExpr *Stat, const Expr *Buffer,
                   const CallExpr *Open, const ParentMap &Parents,
                   const ASTContext &Ctx);

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_FIXITS_OPENTHENFSTAT_H
