//===--- WhileOpen.h - Change a created file while it is open ---*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The rewrite of a change of mode or owner by name made after the file the
/// code created was closed (`f = fopen(p, "w"); ... fclose(f); chmod(p,
/// 0600);`) into the same change through the descriptor, made just before
/// it is closed (`fchmod(fileno(f), 0600); fclose(f);`): CERT FIO01-C.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_FIXITS_WHILEOPEN_H
#define TOCTOU_FIXITS_WHILEOPEN_H

#include "clang/Basic/Diagnostic.h"
#include "fixits/AttributesByDescriptor.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

namespace clang {
class ASTContext;
class CallExpr;
class ParentMap;

namespace tidy::toctou {

/// Moves the change \p ByName (`chmod(p, m)`, `chown(p, u, g)`,
/// `utimensat(AT_FDCWD, p, ts, 0)`) to just before \p Close, as \p Form
/// says (`fchmod`, `futimens`: AttributesByDescriptor.h) on \p Descriptor
/// (`fd`, `fileno(f)`). Empty unless the move keeps what
/// the code does: the change is a statement of its own whose result is not
/// used, the close is a statement (or its condition) of the same block,
/// before it, with nothing between them that leaves the block (`return`,
/// `goto`, `break`, `continue`, `throw`, a call that does not return), and
/// the change's other arguments mean the same at the close (constants, or
/// variables the function never changes).
llvm::SmallVector<FixItHint, 2>
changeBeforeClose(const CallExpr *ByName, const CallExpr *Close,
                  const ByDescriptor &Form, llvm::StringRef Descriptor,
                  const ParentMap &Parents, const ASTContext &Ctx);

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_FIXITS_WHILEOPEN_H
