//===--- SyncCalls.cpp - Locks, atomics and weak pointers, recognized -----===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "matchers/SyncCalls.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::toctou {

namespace {

const CXXRecordDecl *recordOf(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *Ptr = T->getAs<PointerType>())
    T = Ptr->getPointeeType();
  return T->getAsCXXRecordDecl();
}

bool hasMethodNamed(const CXXRecordDecl *RD, llvm::StringRef Name) {
  if (!RD || !RD->hasDefinition())
    return false;
  bool Found = false;
  RD->forallBases([&](const CXXRecordDecl *Base) {
    for (const CXXMethodDecl *M : Base->methods())
      if (M->getIdentifier() && M->getName() == Name)
        Found = true;
    return !Found;
  });
  for (const CXXMethodDecl *M : RD->methods())
    if (M->getIdentifier() && M->getName() == Name)
      Found = true;
  return Found;
}

/// A lockable object: one with both lock() and unlock() (BasicLockable).
/// std::weak_ptr has lock() but no unlock().
bool isLockable(const CXXRecordDecl *RD) {
  return hasMethodNamed(RD, "lock") && hasMethodNamed(RD, "unlock");
}

bool isGuardClass(const CXXRecordDecl *RD) {
  return isStdClass(
      RD, {"lock_guard", "unique_lock", "shared_lock", "scoped_lock"});
}

/// The object a member call is made on, and whether through a pointer.
/// Implicit conversions to a base class (std::atomic<int> to
/// std::__atomic_base<int>) are looked through.
std::pair<const Expr *, bool> objectOf(const CXXMemberCallExpr *Call) {
  const Expr *Object = Call->getImplicitObjectArgument();
  if (!Object)
    return {nullptr, false};
  Object = stripImplicit(Object);
  const bool Pointer = Object->getType()->isPointerType();
  return {Object, Pointer};
}

/// The class of the object a member call is made on, as written.
QualType objectType(const CXXMemberCallExpr *Call) {
  auto [Object, Pointer] = objectOf(Call);
  if (!Object)
    return {};
  QualType T = Object->getType();
  if (Pointer)
    T = T->getPointeeType();
  return T;
}

std::optional<LockStep> stepOn(const Expr *Mutex, bool ThroughPointer,
                               LockStep::Kind Change, bool Shared) {
  std::optional<std::string> Key = objectKey(Mutex, ThroughPointer);
  if (!Key)
    return std::nullopt;
  LockStep Step;
  Step.Change = Change;
  Step.Mutex = Mutex;
  Step.Key = std::move(*Key);
  Step.Shared = Shared;
  return Step;
}

} // namespace

bool isStdClassType(QualType T, std::initializer_list<llvm::StringRef> Names) {
  if (T.isNull())
    return false;
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && isStdClass(RD, Names);
}

std::optional<std::string> objectKey(const Expr *E, bool ThroughPointer) {
  if (!E)
    return std::nullopt;
  E = stripImplicit(E);
  if (ThroughPointer) {
    // &m names m itself.
    if (const auto *AddrOf = dyn_cast<UnaryOperator>(E))
      if (AddrOf->getOpcode() == UO_AddrOf)
        return objectKey(AddrOf->getSubExpr(), false);
    std::optional<std::string> Pointer = storageSignature(E, nullptr);
    if (!Pointer)
      return std::nullopt;
    return "*" + *Pointer;
  }
  if (const auto *Deref = dyn_cast<UnaryOperator>(E))
    if (Deref->getOpcode() == UO_Deref)
      return objectKey(Deref->getSubExpr(), true);
  return storageSignature(E, nullptr);
}

bool guardConstruction(const VarDecl *Guard,
                       llvm::SmallVectorImpl<LockStep> &Out,
                       llvm::SmallVectorImpl<LockStep> &Mutexes) {
  if (!Guard || !Guard->hasLocalStorage() ||
      !isGuardClass(Guard->getType()->getAsCXXRecordDecl()))
    return false;
  const auto *Construct =
      dyn_cast_or_null<CXXConstructExpr>(stripImplicit(Guard->getInit()));
  if (!Construct)
    return true;
  const bool SharedGuard =
      isStdClass(Guard->getType()->getAsCXXRecordDecl(), {"shared_lock"});
  bool Locks = true;
  llvm::SmallVector<LockStep, 2> Found;
  for (const Expr *Arg : Construct->arguments()) {
    if (isa<CXXDefaultArgExpr>(Arg))
      continue;
    QualType T = Arg->getType();
    if (isStdClassType(T, {"defer_lock_t", "try_to_lock_t"})) {
      Locks = false;
      continue;
    }
    if (isStdClassType(T, {"adopt_lock_t"}))
      continue;
    // The chrono arguments of timed locks are not mutexes.
    if (!isLockable(recordOf(T)))
      continue;
    if (std::optional<LockStep> Step =
            stepOn(Arg, false, LockStep::Acquire, SharedGuard)) {
      Step->Guard = Guard;
      Found.push_back(std::move(*Step));
    }
  }
  Mutexes.append(Found.begin(), Found.end());
  if (Locks)
    Out.append(Found.begin(), Found.end());
  return true;
}

std::optional<std::pair<const VarDecl *, bool>>
guardMemberCall(const CallExpr *Call) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  if (!Member || !Member->getMethodDecl() ||
      !Member->getMethodDecl()->getIdentifier())
    return std::nullopt;
  if (!isGuardClass(recordOf(objectType(Member))))
    return std::nullopt;
  llvm::StringRef Name = Member->getMethodDecl()->getName();
  if (Name != "lock" && Name != "unlock")
    return std::nullopt;
  const auto *Ref =
      dyn_cast<DeclRefExpr>(stripImplicit(Member->getImplicitObjectArgument()));
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var)
    return std::nullopt;
  return std::make_pair(Var, Name == "lock");
}

void lockStepsOfCall(const CallExpr *Call,
                     llvm::SmallVectorImpl<LockStep> &Out) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Method || !Method->getIdentifier())
      return;
    const CXXRecordDecl *RD = recordOf(objectType(Member));
    if (isGuardClass(RD) || !isLockable(RD))
      return;
    std::optional<std::pair<LockStep::Kind, bool>> Change =
        llvm::StringSwitch<std::optional<std::pair<LockStep::Kind, bool>>>(
            Method->getName())
            .Case("lock", std::make_pair(LockStep::Acquire, false))
            .Case("unlock", std::make_pair(LockStep::Release, false))
            .Case("lock_shared", std::make_pair(LockStep::Acquire, true))
            .Case("unlock_shared", std::make_pair(LockStep::Release, true))
            .Default(std::nullopt);
    if (!Change)
      return;
    auto [Object, Pointer] = objectOf(Member);
    if (std::optional<LockStep> Step =
            stepOn(Object, Pointer, Change->first, Change->second))
      Out.push_back(std::move(*Step));
    return;
  }
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return;
  llvm::StringRef Name = FD->getName();
  if (FD->isInStdNamespace() && Name == "lock") {
    for (const Expr *Arg : Call->arguments())
      if (std::optional<LockStep> Step =
              stepOn(Arg, false, LockStep::Acquire, false))
        Out.push_back(std::move(*Step));
    return;
  }
  if (!FD->isExternC() && !FD->isGlobal())
    return;
  std::optional<std::pair<LockStep::Kind, bool>> Change =
      llvm::StringSwitch<std::optional<std::pair<LockStep::Kind, bool>>>(Name)
          .Case("pthread_mutex_lock", std::make_pair(LockStep::Acquire, false))
          .Case("pthread_mutex_unlock",
                std::make_pair(LockStep::Release, false))
          .Case("pthread_rwlock_rdlock",
                std::make_pair(LockStep::Acquire, true))
          .Case("pthread_rwlock_wrlock",
                std::make_pair(LockStep::Acquire, false))
          .Case("pthread_rwlock_unlock",
                std::make_pair(LockStep::Release, false))
          .Case("pthread_spin_lock", std::make_pair(LockStep::Acquire, false))
          .Case("pthread_spin_unlock", std::make_pair(LockStep::Release, false))
          .Default(std::nullopt);
  if (!Change || Call->getNumArgs() < 1)
    return;
  if (std::optional<LockStep> Step =
          stepOn(Call->getArg(0), true, Change->first, Change->second))
    Out.push_back(std::move(*Step));
}

QualType atomicValueType(QualType T) {
  if (T.isNull())
    return {};
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || !isStdClass(Spec, {"atomic"}) ||
      Spec->getTemplateArgs().size() < 1 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return {};
  return Spec->getTemplateArgs()[0].getAsType();
}

std::optional<AtomicAccess> atomicAccessOf(const Expr *E) {
  if (!E)
    return std::nullopt;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    auto [Object, Pointer] = objectOf(Member);
    if (!Object || atomicValueType(objectType(Member)).isNull())
      return std::nullopt;
    AtomicAccess A;
    A.Call = Member;
    A.Object = Object;
    A.ThroughPointer = Pointer;
    auto Arg = [&](unsigned I) -> const Expr * {
      return I < Member->getNumArgs() ? Member->getArg(I) : nullptr;
    };
    if (isa<CXXConversionDecl>(Member->getMethodDecl())) {
      A.Op = AtomicAccess::Load;
      A.Explicit = false;
      return A;
    }
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Method || !Method->getIdentifier())
      return std::nullopt;
    llvm::StringRef Name = Method->getName();
    if (Name == "load") {
      A.Op = AtomicAccess::Load;
    } else if (Name == "store") {
      A.Op = AtomicAccess::Store;
      A.Value = Arg(0);
    } else if (Name == "exchange") {
      A.Op = AtomicAccess::Exchange;
      A.Value = Arg(0);
    } else if (Name.starts_with("compare_exchange")) {
      A.Op = AtomicAccess::CompareExchange;
      A.Expected = Arg(0);
      A.Value = Arg(1);
    } else if (Name.starts_with("fetch_")) {
      A.Op = AtomicAccess::ReadModifyWrite;
      A.Value = Arg(0);
    } else {
      return std::nullopt;
    }
    return A;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    // The object may be converted to a base (std::__atomic_base<long>).
    const Expr *Object =
        Op->getNumArgs() < 1 ? nullptr : stripImplicit(Op->getArg(0));
    if (!Object || atomicValueType(Object->getType()).isNull())
      return std::nullopt;
    AtomicAccess A;
    A.Call = Op;
    A.Object = Object;
    A.Explicit = false;
    switch (Op->getOperator()) {
    case OO_Equal:
      A.Op = AtomicAccess::Store;
      A.Value = Op->getNumArgs() > 1 ? Op->getArg(1) : nullptr;
      return A;
    case OO_PlusPlus:
    case OO_MinusMinus:
    case OO_PlusEqual:
    case OO_MinusEqual:
    case OO_AmpEqual:
    case OO_PipeEqual:
    case OO_CaretEqual:
      A.Op = AtomicAccess::ReadModifyWrite;
      A.Value = Op->getNumArgs() > 1 ? Op->getArg(1) : nullptr;
      return A;
    default:
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<WeakPtrCall> weakPtrCallOf(const Expr *E) {
  const auto *Member = dyn_cast_or_null<CXXMemberCallExpr>(E);
  if (!Member || !Member->getMethodDecl() ||
      !Member->getMethodDecl()->getIdentifier())
    return std::nullopt;
  if (!isStdClass(recordOf(objectType(Member)), {"weak_ptr"}))
    return std::nullopt;
  std::optional<WeakPtrCall::Kind> Kind =
      llvm::StringSwitch<std::optional<WeakPtrCall::Kind>>(
          Member->getMethodDecl()->getName())
          .Case("expired", WeakPtrCall::Expired)
          .Case("use_count", WeakPtrCall::UseCount)
          .Case("lock", WeakPtrCall::Lock)
          .Default(std::nullopt);
  if (!Kind)
    return std::nullopt;
  auto [Object, Pointer] = objectOf(Member);
  return WeakPtrCall{*Kind, Member, Object, Pointer};
}

} // namespace clang::tidy::toctou
