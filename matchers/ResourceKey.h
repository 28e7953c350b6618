//===--- ResourceKey.h - Which file a path argument names -------*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Two path arguments name the same file when they are the same expression
/// of the same storage, and nothing wrote that storage in between: the same
/// variable, global or parameter; the same member chain (`this->path_`,
/// `job->path`); equal string literals (macros included); `.c_str()`,
/// `.data()`, `.string()`, `.native()` of the same object, or a
/// `std::filesystem::path` built from it; `paths[i]` with the same `i`; and
/// for the `*at` functions, the same directory descriptor and name
/// (`AT_FDCWD` counting as no descriptor).
///
/// A key is a signature string (equal signatures, same file) and the
/// storage locations whose writing changes what it names (its roots).
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_MATCHERS_RESOURCEKEY_H
#define TOCTOU_MATCHERS_RESOURCEKEY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

namespace clang {
class ASTContext;
class CXXRecordDecl;
class Expr;
class Stmt;
class VarDecl;

namespace tidy::toctou {

class ResourceKey {
public:
  /// The key of the path argument \p Path, or nothing when its identity
  /// cannot be followed (a call result, arithmetic on pointers).
  static std::optional<ResourceKey> fromPath(const Expr *Path);

  /// The key of the path \p Path of an `*at` call relative to \p DirFd;
  /// \p AtFdCwd is the value of `AT_FDCWD`, when known.
  static std::optional<ResourceKey> fromAt(const Expr *DirFd, const Expr *Path,
                                           const ASTContext &Ctx,
                                           std::optional<int64_t> AtFdCwd);

  /// The key of the variable \p Var itself.
  static ResourceKey forVariable(const VarDecl *Var);

  const std::string &signature() const { return Signature; }
  /// The storage locations (signatures of lvalues) whose writing changes
  /// which file the key names.
  llvm::ArrayRef<std::string> roots() const { return Roots; }
  /// True for a string literal: nothing can change what it names.
  bool isLiteral() const {
    return llvm::StringRef(Signature).starts_with("s:");
  }

private:
  std::string Signature;
  llvm::SmallVector<std::string, 2> Roots;
};

/// \p E without what does not change which object it denotes: parentheses,
/// implicit conversions, temporaries, functional and C-style casts.
const Expr *stripImplicit(const Expr *E);

/// True if \p Class is one of `std::` \p Names (or `std::filesystem::`),
/// through inline namespaces.
bool isStdClass(const CXXRecordDecl *Class,
                std::initializer_list<llvm::StringRef> Names);

/// The signature of the lvalue \p E, and the roots it depends on (appended
/// to \p Roots): what ResourceKey is made of.
std::optional<std::string>
storageSignature(const Expr *E, llvm::SmallVectorImpl<std::string> *Roots);

/// Appends to \p Out the signatures of the storage that the single CFG
/// element \p S may give a new value or new contents: assignments,
/// increments, `&x`, a (re)declaration, passing `x` to a parameter of
/// pointer-to-non-const or reference-to-non-const type (the destination of
/// `snprintf` or `strcpy`), and calling a non-const member function on it
/// (`std::string::append`).
void collectWrittenStorage(const Stmt *S,
                           llvm::SmallVectorImpl<std::string> &Out);

/// Pointers into buffers: for each local pointer `P` that an initializer or
/// an assignment of \p Body sets to an address inside an array `B` (`B`,
/// `B + n`, `&B[n]`, `B + strlen(B)`), the signature of `P` mapped to that of
/// `B`. A write through `P` (`strcpy(P, ...)`) writes `B`: dpkg builds paths
/// as `strcpy(pathinmeth, name)` with `pathinmeth` pointing into `pathbuf`.
llvm::StringMap<std::string> pointerAliases(const Stmt *Body);

/// True if \p S may write through a pointer rather than reassign one: a
/// call (`strcpy(p, ...)`), or an assignment to `*p` or `p[i]`. Only those
/// writes reach the buffer an alias points into.
bool writesThroughPointer(const Stmt *S);

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_MATCHERS_RESOURCEKEY_H
