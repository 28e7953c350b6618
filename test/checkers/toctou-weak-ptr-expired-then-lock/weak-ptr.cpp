// RUN: %check_toctou_tidy %s toctou-weak-ptr-expired-then-lock %t -- -- -std=c++17

#include <memory>
#include <vector>

struct Listener {
  void notify(int Event);
  int id() const;
};

struct Bus {
  std::weak_ptr<Listener> Target;
  std::vector<std::weak_ptr<Listener>> All;

  void plain(int Event) {
    if (!Target.expired())
      Target.lock()->notify(Event);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'Target.lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
    // CHECK-MESSAGES: :[[@LINE-3]]:10: note: 'Target.expired()' checked here
    // CHECK-FIXES: if (auto locked = Target.lock())
    // CHECK-FIXES-NEXT: locked->notify(Event);
  }

  void twice(int Event) {
    if (Target.use_count() > 0) {
      Target.lock()->notify(Event);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'Target.lock()' may return an empty pointer: 'use_count()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
      // CHECK-MESSAGES: :[[@LINE-3]]:9: note: 'Target.use_count()' checked here
      // CHECK-FIXES: if (auto locked = Target.lock()) {
      // CHECK-FIXES-NEXT: locked->notify(Event);
      Target.lock()->notify(Event + 1);
      // CHECK-FIXES: locked->notify(Event + 1);
    }
  }

  // An early return on expired(): no fix-it, the shape is not an if around
  // the use.
  int early() {
    if (Target.expired())
      return -1;
    std::shared_ptr<Listener> L = Target.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: 'Target.lock()' may return an empty pointer: 'expired()' at line [[@LINE-3]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
    // CHECK-MESSAGES: :[[@LINE-4]]:9: note: 'Target.expired()' checked here
    return L->id();
  }

  // The result of expired() kept in a variable.
  void saved(int Event) {
    const bool Gone = Target.expired();
    if (!Gone)
      Target.lock()->notify(Event);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'Target.lock()' may return an empty pointer: 'expired()' at line [[@LINE-3]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
    // CHECK-MESSAGES: :[[@LINE-4]]:23: note: 'Target.expired()' checked here
  }

  // Through a pointer to the weak_ptr, and an element of a container.
  void pointer(std::weak_ptr<Listener> *W, int Event) {
    if (!W->expired())
      W->lock()->notify(Event);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'W->lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
    // CHECK-MESSAGES: :[[@LINE-3]]:10: note: 'W->expired()' checked here
    // CHECK-FIXES: if (auto locked = W->lock())
    // CHECK-FIXES-NEXT: locked->notify(Event);
  }

  void element(unsigned I, int Event) {
    if (!All[I].expired() && Event > 0)
      All[I].lock()->notify(Event);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'All[I].lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
    // CHECK-MESSAGES: :[[@LINE-3]]:10: note: 'All[I].expired()' checked here
  }

  // A name already taken: the fix-it picks another.
  void taken(int locked) {
    if (!Target.expired())
      Target.lock()->notify(locked);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'Target.lock()' may return an empty pointer
    // CHECK-MESSAGES: :[[@LINE-3]]:10: note: 'Target.expired()' checked here
    // CHECK-FIXES: if (auto locked2 = Target.lock())
    // CHECK-FIXES-NEXT: locked2->notify(locked);
  }
};

// Not reported.
struct Quiet {
  std::weak_ptr<Listener> Target;

  // The result of lock() is tested.
  void tested(int Event) {
    if (!Target.expired())
      if (auto L = Target.lock())
        L->notify(Event);
  }
  void testedLater(int Event) {
    if (Target.expired())
      return;
    std::shared_ptr<Listener> L = Target.lock();
    if (!L)
      return;
    L->notify(Event);
  }
  // The right way.
  void right(int Event) {
    if (auto L = Target.lock())
      L->notify(Event);
  }
  // lock() where the check found the object gone (odd, but not this race).
  void inverted(int Event) {
    if (Target.expired())
      Target.lock();
  }
  // The weak_ptr is assigned between the check and the lock.
  void reassigned(const std::shared_ptr<Listener> &Fresh, int Event) {
    if (!Target.expired()) {
      Target = Fresh;
      Target.lock()->notify(Event);
    }
  }
  // Another weak_ptr.
  void other(std::weak_ptr<Listener> &Other, int Event) {
    if (!Target.expired())
      Other.lock()->notify(Event);
  }
  // expired() that decides nothing about the lock.
  void unrelated(int Event) {
    bool Gone = Target.expired();
    (void)Gone;
    Target.lock()->notify(Event);
  }
};
