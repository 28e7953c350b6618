//===--- PathCalls.h - Filesystem calls that check or use a path -*- C++
//-*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The table of C library calls that observe the state of a path (checks)
/// or act on a path (uses), with the positions of their arguments. The table
/// is data: recognizing another function means adding a row, not an `if`.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_MATCHERS_PATHCALLS_H
#define TOCTOU_MATCHERS_PATHCALLS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace clang {
class CallExpr;
class FunctionDecl;

namespace tidy::toctou {

/// Whether a call observes a path or acts on it.
enum class PathRole { Check, Use };

/// What a successful check call learns about the file.
enum class CheckKind {
  /// Only whether the path exists (a `stat` that succeeded).
  Existence,
  /// `access()`: existence for `F_OK`, a permission otherwise.
  AccessMode,
};

/// How a use acts on the file; decides which atomic alternative applies.
enum class UseKind {
  /// `open(path, flags[, mode])`.
  Open,
  /// `fopen(path, mode)`.
  FOpen,
  /// `creat(path, mode)`.
  Creat,
};

/// One row of the table.
struct PathCallInfo {
  llvm::StringRef Name;
  PathRole Role;
  /// Index of the path argument.
  unsigned PathArg;
  /// `open`: the flags; `fopen`: the mode string; `access`: the mode;
  /// `creat`: the permission mode. -1 when the call has none.
  int FlagsArg;
  /// Check calls that fill a buffer with what they saw (`stat`): its index,
  /// or -1.
  int ResultBufferArg;
  /// Meaningful for checks only.
  CheckKind Check;
  /// Meaningful for uses only.
  UseKind Use;
};

/// The whole table.
llvm::ArrayRef<PathCallInfo> pathCalls();

/// The table row for the C library function \p Callee, or null when \p Callee
/// is not a recognized filesystem call (a user function that happens to be
/// named `open` in a namespace is not).
const PathCallInfo *lookupPathCall(const FunctionDecl *Callee);

/// The table row for the function called by \p Call, or null. Also null when
/// the call has fewer arguments than the row needs.
const PathCallInfo *lookupPathCall(const CallExpr *Call);

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_MATCHERS_PATHCALLS_H
