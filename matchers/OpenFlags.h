//===--- OpenFlags.h - Read open() flags and fopen() modes ------*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Whether an `open` call passes `O_CREAT`, `O_EXCL`, ... and what an `fopen`
/// mode string asks for. Flag values come from the translation unit's own
/// <fcntl.h> macros, so the answer holds on every platform the code is
/// compiled for; when a value cannot be known the answer is "unknown", and
/// callers must not guess.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_MATCHERS_OPENFLAGS_H
#define TOCTOU_MATCHERS_OPENFLAGS_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>

namespace clang {
class ASTContext;
class Expr;
class Preprocessor;
class VarDecl;

namespace tidy::toctou {

/// The answer to "does this argument set flag F?".
enum class FlagState { Set, Clear, Unknown };

/// Reads integer flag arguments against the macros of the translation unit.
class OpenFlagsReader {
public:
  /// \p PP may be null, in which case every macro is unknown.
  explicit OpenFlagsReader(Preprocessor *PP) : PP(PP) {}

  /// The value of an object-like macro that expands to an integer literal,
  /// possibly through other such macros or parentheses (`O_CREAT`).
  std::optional<uint64_t> macroValue(llvm::StringRef Name) const;

  /// True if \p Name is a macro defined at the end of the translation unit,
  /// so that a fix-it may spell it.
  bool isMacroDefined(llvm::StringRef Name) const;

  /// The value of the flags argument \p Flags when it is a constant: an
  /// integer constant expression, or (as Clang folds them, in C too) a
  /// `const` variable initialized with one.
  static std::optional<uint64_t> flagsValue(const Expr *Flags,
                                            const ASTContext &Ctx);

  /// Whether \p Flags has every bit of the macro \p FlagName set. A local
  /// variable that the function only sets to constants and ORs constants
  /// into (`flags = O_RDONLY; if (dir) flags |= O_DIRECTORY;`) has every
  /// bit that all its assignments set, and none that none of them sets.
  FlagState hasFlag(const Expr *Flags, llvm::StringRef FlagName,
                    const ASTContext &Ctx) const;

  /// The bits such a variable always has, and those it may have.
  struct Bounds {
    uint64_t Always = 0;
    uint64_t Maybe = 0;
  };
  std::optional<Bounds> localFlagBounds(const Expr *Flags,
                                        const ASTContext &Ctx) const;

private:
  std::optional<uint64_t> macroValueImpl(llvm::StringRef Name,
                                         unsigned Depth) const;
  Preprocessor *PP;
  mutable llvm::DenseMap<const VarDecl *, std::optional<Bounds>> LocalBounds;
};

/// The text of an `fopen` mode argument when it is a single, plain string
/// literal (possibly behind a macro); nothing otherwise.
std::optional<llvm::StringRef> fopenModeLiteral(const Expr *Mode);

/// The part of an `fopen` mode that C and POSIX define: the text before a
/// glibc `,ccs=...` suffix ("wb" of "wb,ccs=UTF-8").
llvm::StringRef fopenModeProper(llvm::StringRef Mode);

/// True for an `fopen` mode that creates the file ("w", "a", with "+"/"b"...).
bool fopenModeCreates(llvm::StringRef Mode);

/// True for an `fopen` mode that fails when the file exists ("wx", "w+bx").
bool fopenModeIsExclusive(llvm::StringRef Mode);

/// True for an `fopen` mode that writes ("w", "a", "r+").
bool fopenModeWrites(llvm::StringRef Mode);

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_MATCHERS_OPENFLAGS_H
