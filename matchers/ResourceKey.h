//===--- ResourceKey.h - Which resource an argument names -------*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A check and a use pair up only when they name the same resource. This file
/// turns an argument expression into a comparable key, and recognizes the
/// statements that make a key name something else afterwards (the variable
/// is reassigned, or the buffer it holds is written into).
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_MATCHERS_RESOURCEKEY_H
#define TOCTOU_MATCHERS_RESOURCEKEY_H

#include "llvm/ADT/DenseMapInfo.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang {
class Expr;
class Stmt;
class VarDecl;

namespace tidy::toctou {

/// The identity of the resource named by a path argument: for now, a local
/// variable or parameter that holds the path (a pointer or an array).
class ResourceKey {
public:
  /// The key of \p Arg, or nothing when the argument is not something whose
  /// identity can be followed (a call result, a global, an expression).
  static std::optional<ResourceKey> fromArgument(const Expr *Arg);

  /// The variable that holds the path.
  const VarDecl *variable() const { return Var; }

  bool operator==(const ResourceKey &Other) const { return Var == Other.Var; }
  bool operator!=(const ResourceKey &Other) const { return !(*this == Other); }

private:
  explicit ResourceKey(const VarDecl *Var) : Var(Var) {}
  friend struct llvm::DenseMapInfo<ResourceKey>;

  const VarDecl *Var;
};

/// Appends to \p Out the variables that the single CFG element \p S may give
/// a new value or new contents: assignments, increments, `&var`, a (re)
/// declaration, and passing the variable (or the array it is) to a parameter
/// of pointer-to-non-const or reference-to-non-const type, such as the
/// destination of `snprintf` or `strcpy`.
void collectOverwrittenVariables(const Stmt *S,
                                 llvm::SmallVectorImpl<const VarDecl *> &Out);

} // namespace tidy::toctou
} // namespace clang

namespace llvm {
template <> struct DenseMapInfo<clang::tidy::toctou::ResourceKey> {
  using Key = clang::tidy::toctou::ResourceKey;
  static Key getEmptyKey() {
    return Key(DenseMapInfo<const clang::VarDecl *>::getEmptyKey());
  }
  static Key getTombstoneKey() {
    return Key(DenseMapInfo<const clang::VarDecl *>::getTombstoneKey());
  }
  static unsigned getHashValue(const Key &K) {
    return DenseMapInfo<const clang::VarDecl *>::getHashValue(K.Var);
  }
  static bool isEqual(const Key &A, const Key &B) { return A == B; }
};
} // namespace llvm

#endif // TOCTOU_MATCHERS_RESOURCEKEY_H
