//===--- SyncCalls.h - Locks, atomics and weak pointers, recognized -*- C++
//-*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// What the in-memory and epoch checks recognize, without any notion of
/// order: the standard lock guards (`lock_guard`, `unique_lock`,
/// `shared_lock`, `scoped_lock`) and what they lock, lockable objects'
/// `lock()`/`unlock()`, the POSIX mutex, rwlock and spin lock calls,
/// `std::lock`; the operations of `std::atomic` (explicit and through its
/// operators); and `std::weak_ptr`'s `expired()`, `use_count()` and
/// `lock()`. Each object gets a key: the signature of its storage
/// (ResourceKey's), `*p` for an object reached through a pointer.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_MATCHERS_SYNCCALLS_H
#define TOCTOU_MATCHERS_SYNCCALLS_H

#include "matchers/ResourceKey.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace clang {
class CallExpr;
class CXXConstructExpr;
class CXXRecordDecl;
class Expr;
class Stmt;
class VarDecl;

namespace tidy::toctou {

/// True if \p T (references and cv stripped) is one of `std::` \p Names.
bool isStdClassType(QualType T, std::initializer_list<llvm::StringRef> Names);

/// The identity of the object \p E designates: its storage signature, or
/// `*` and the pointer's signature for `*p`, `p->` or a pointer argument
/// of a C call (\p ThroughPointer).
std::optional<std::string> objectKey(const Expr *E, bool ThroughPointer);

/// A change to the set of locks held.
struct LockStep {
  enum Kind { Acquire, Release } Change = Acquire;
  /// The mutex, as written (for messages), and its key.
  const Expr *Mutex = nullptr;
  std::string Key;
  /// The guard object, for steps made through one (`lk.unlock()`) and for
  /// its construction.
  const VarDecl *Guard = nullptr;
  /// True for a shared (reader) lock.
  bool Shared = false;
};

/// The mutexes that constructing the guard \p Guard (a local of a standard
/// guard type) locks, appended to \p Out as Acquire steps; nothing for
/// `std::defer_lock` or `std::try_to_lock`. Returns false if \p Guard is not
/// a guard; \p Mutexes receives the mutexes it manages in every case.
bool guardConstruction(const VarDecl *Guard,
                       llvm::SmallVectorImpl<LockStep> &Out,
                       llvm::SmallVectorImpl<LockStep> &Mutexes);

/// The lock steps of the call \p Call that do not involve a guard object:
/// `m.lock()`, `m.unlock()`, `m.lock_shared()`, `m.unlock_shared()` on a
/// lockable object (one with both lock() and unlock()), `std::lock(a, b)`,
/// `pthread_mutex_lock/unlock`, `pthread_rwlock_rdlock/wrlock/unlock`,
/// `pthread_spin_lock/unlock`. The `try` forms are not steps: whether they
/// locked is only known on a branch.
void lockStepsOfCall(const CallExpr *Call,
                     llvm::SmallVectorImpl<LockStep> &Out);

/// For `lk.lock()` / `lk.unlock()` on a guard object: the guard variable and
/// whether the call locks (true) or unlocks (false).
std::optional<std::pair<const VarDecl *, bool>>
guardMemberCall(const CallExpr *Call);

/// One operation on a `std::atomic`.
struct AtomicAccess {
  enum Kind {
    Load,            ///< load(), or a conversion to the value type
    Store,           ///< store(v), or `a = v`
    Exchange,        ///< exchange(v)
    CompareExchange, ///< compare_exchange_strong/weak(expected, desired)
    ReadModifyWrite  ///< fetch_add..., ++, --, +=, -=, &=, |=, ^=
  } Op = Load;
  /// The whole operation (a member call or an operator call).
  const Expr *Call = nullptr;
  /// The atomic object as written.
  const Expr *Object = nullptr;
  /// True if the object is reached through a pointer (`p->load()`).
  bool ThroughPointer = false;
  /// The stored, exchanged or desired value; the expected value of a
  /// compare-exchange.
  const Expr *Value = nullptr;
  const Expr *Expected = nullptr;
  /// True if the call is written as a member call (`x.load()`), false for
  /// the operator forms (`x`, `x = v`).
  bool Explicit = true;
};

/// The atomic operation \p E is, if any.
std::optional<AtomicAccess> atomicAccessOf(const Expr *E);

/// The value type of `std::atomic<T>` \p T, or null.
QualType atomicValueType(QualType T);

/// One call on a `std::weak_ptr`.
struct WeakPtrCall {
  enum Kind { Expired, UseCount, Lock } Op = Lock;
  const CallExpr *Call = nullptr;
  const Expr *Object = nullptr;
  bool ThroughPointer = false;
};

/// The `std::weak_ptr` call \p E is, if any.
std::optional<WeakPtrCall> weakPtrCallOf(const Expr *E);

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_MATCHERS_SYNCCALLS_H
