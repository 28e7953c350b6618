//===--- PathCalls.cpp - Filesystem calls that check or use a path --------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "matchers/PathCalls.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/StringMap.h"

namespace clang::tidy::toctou {

namespace {
constexpr PathRole Check = PathRole::Check;
constexpr PathRole Use = PathRole::Use;

// Name, role, path argument, flags/mode argument, result buffer, check kind,
// use kind.
const PathCallInfo Table[] = {
    {"access", Check, 0, 1, -1, CheckKind::AccessMode, UseKind::Open},
    {"stat", Check, 0, -1, 1, CheckKind::Existence, UseKind::Open},
    {"lstat", Check, 0, -1, 1, CheckKind::Existence, UseKind::Open},
    {"open", Use, 0, 1, -1, CheckKind::Existence, UseKind::Open},
    {"fopen", Use, 0, 1, -1, CheckKind::Existence, UseKind::FOpen},
    {"creat", Use, 0, 1, -1, CheckKind::Existence, UseKind::Creat},
};

const llvm::StringMap<const PathCallInfo *> &tableByName() {
  static const llvm::StringMap<const PathCallInfo *> ByName = [] {
    llvm::StringMap<const PathCallInfo *> Map;
    for (const PathCallInfo &Row : Table)
      Map[Row.Name] = &Row;
    return Map;
  }();
  return ByName;
}

/// True for a declaration of the C library's function: C linkage (every
/// function in C), or a member of namespace std (`std::fopen` in <cstdio>).
bool isCLibraryFunction(const FunctionDecl *FD) {
  const FunctionDecl *Canonical = FD->getCanonicalDecl();
  if (Canonical->isExternC() || Canonical->isInStdNamespace())
    return true;
  // A C function redeclared in C++ without `extern "C"` in the global
  // namespace still names the library function when it is a builtin.
  return Canonical->getBuiltinID() != 0;
}

unsigned argumentsNeeded(const PathCallInfo &Row) {
  int Max = static_cast<int>(Row.PathArg);
  Max = std::max(Max, Row.FlagsArg);
  Max = std::max(Max, Row.ResultBufferArg);
  return static_cast<unsigned>(Max) + 1;
}
} // namespace

llvm::ArrayRef<PathCallInfo> pathCalls() { return Table; }

const PathCallInfo *lookupPathCall(const FunctionDecl *Callee) {
  if (!Callee)
    return nullptr;
  const IdentifierInfo *II = Callee->getIdentifier();
  if (!II)
    return nullptr;
  auto It = tableByName().find(II->getName());
  if (It == tableByName().end())
    return nullptr;
  if (!isCLibraryFunction(Callee))
    return nullptr;
  return It->second;
}

const PathCallInfo *lookupPathCall(const CallExpr *Call) {
  const PathCallInfo *Row = lookupPathCall(Call->getDirectCallee());
  if (!Row || Call->getNumArgs() < argumentsNeeded(*Row))
    return nullptr;
  return Row;
}

} // namespace clang::tidy::toctou
