// RUN: %check_toctou_tidy %s toctou-weak-ptr-expired-then-lock %t -- -- -std=c++17

// Every kind of function the checks see, under clang-tidy (a matcher on
// function definitions) and in toctou-tidy (its own walk of the unit,
// checker/DefinitionCheck.cpp): both must report the same, once each.

#include <memory>

struct Listener {
  void notify(long Event) const;
};

std::weak_ptr<Listener> Global;

void freeFunction() {
  if (!Global.expired())
    Global.lock()->notify(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Global.lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
    // CHECK-MESSAGES: :[[@LINE-3]]:8: note: 'Global.expired()' checked here
    // CHECK-FIXES: if (auto locked = Global.lock())
    // CHECK-FIXES-NEXT: locked->notify(1);
}

namespace outer {
inline namespace v1 {
extern "C++" {
void inNamespace(std::weak_ptr<Listener> W) {
  if (!W.expired())
    W.lock()->notify(2);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'W.lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
    // CHECK-MESSAGES: :[[@LINE-3]]:8: note: 'W.expired()' checked here
    // CHECK-FIXES: if (auto locked = W.lock())
    // CHECK-FIXES-NEXT: locked->notify(2);
}
}
} // namespace v1
} // namespace outer

struct Holder {
  std::weak_ptr<Listener> Target;

  Holder(std::weak_ptr<Listener> W) : Target(W) {
    if (!W.expired())
      W.lock()->notify(3);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'W.lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
      // CHECK-MESSAGES: :[[@LINE-3]]:10: note: 'W.expired()' checked here
      // CHECK-FIXES: if (auto locked = W.lock())
      // CHECK-FIXES-NEXT: locked->notify(3);
  }

  void inClass() {
    if (!Target.expired())
      Target.lock()->notify(4);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'Target.lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
      // CHECK-MESSAGES: :[[@LINE-3]]:10: note: 'Target.expired()' checked here
      // CHECK-FIXES: if (auto locked = Target.lock())
      // CHECK-FIXES-NEXT: locked->notify(4);
  }

  void outOfLine();

  template <typename T> void memberTemplate(T Event) {
    if (!Target.expired())
      Target.lock()->notify(Event);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'Target.lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
      // CHECK-MESSAGES: :[[@LINE-3]]:10: note: 'Target.expired()' checked here
      // CHECK-FIXES: if (auto locked = Target.lock())
      // CHECK-FIXES-NEXT: locked->notify(Event);
  }

  friend void befriended(Holder &H) {
    if (!H.Target.expired())
      H.Target.lock()->notify(5);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'H.Target.lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
      // CHECK-MESSAGES: :[[@LINE-3]]:10: note: 'H.Target.expired()' checked here
      // CHECK-FIXES: if (auto locked = H.Target.lock())
      // CHECK-FIXES-NEXT: locked->notify(5);
  }

  // A lambda in a default member initializer.
  void (*Callback)(std::weak_ptr<Listener>) = [](std::weak_ptr<Listener> W) {
    if (!W.expired())
      W.lock()->notify(6);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'W.lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
      // CHECK-MESSAGES: :[[@LINE-3]]:10: note: 'W.expired()' checked here
      // CHECK-FIXES: if (auto locked = W.lock())
      // CHECK-FIXES-NEXT: locked->notify(6);
  };
};

void Holder::outOfLine() {
  if (!Target.expired())
    Target.lock()->notify(7);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Target.lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
    // CHECK-MESSAGES: :[[@LINE-3]]:8: note: 'Target.expired()' checked here
    // CHECK-FIXES: if (auto locked = Target.lock())
    // CHECK-FIXES-NEXT: locked->notify(7);
}

// Instantiated twice, reported once.
template <typename T> void functionTemplate(std::weak_ptr<T> W) {
  if (!W.expired())
    W.lock()->notify(8);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'W.lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
    // CHECK-MESSAGES: :[[@LINE-3]]:8: note: 'W.expired()' checked here
    // CHECK-FIXES: if (auto locked = W.lock())
    // CHECK-FIXES-NEXT: locked->notify(8);
}

// Never instantiated: nothing to analyze.
template <typename T> void neverUsed(std::weak_ptr<T> W) {
  if (!W.expired())
    W.lock()->notify(9);
}

template <typename T> struct Box {
  std::weak_ptr<T> Item;
  void use() {
    if (!Item.expired())
      Item.lock()->notify(10);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'Item.lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
      // CHECK-MESSAGES: :[[@LINE-3]]:10: note: 'Item.expired()' checked here
      // CHECK-FIXES: if (auto locked = Item.lock())
      // CHECK-FIXES-NEXT: locked->notify(10);
  }
  // Not instantiated (never called): nothing to analyze.
  void unused() {
    if (!Item.expired())
      Item.lock()->notify(11);
  }
  void later();
};

// Defined out of the class template, instantiated for Box<Listener>.
template <typename T> void Box<T>::later() {
  if (!Item.expired())
    Item.lock()->notify(21);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Item.lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
    // CHECK-MESSAGES: :[[@LINE-3]]:8: note: 'Item.expired()' checked here
    // CHECK-FIXES: if (auto locked = Item.lock())
    // CHECK-FIXES-NEXT: locked->notify(21);
}

template <typename T> void specialized(T) {}
template <> void specialized(std::weak_ptr<Listener> W) {
  if (!W.expired())
    W.lock()->notify(12);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'W.lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
    // CHECK-MESSAGES: :[[@LINE-3]]:8: note: 'W.expired()' checked here
    // CHECK-FIXES: if (auto locked = W.lock())
    // CHECK-FIXES-NEXT: locked->notify(12);
}

// A lambda in a global's initializer.
auto GlobalLambda = [](std::weak_ptr<Listener> W) {
  if (!W.expired())
    W.lock()->notify(13);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'W.lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
    // CHECK-MESSAGES: :[[@LINE-3]]:8: note: 'W.expired()' checked here
    // CHECK-FIXES: if (auto locked = W.lock())
    // CHECK-FIXES-NEXT: locked->notify(13);
};

// A lambda in a default argument.
void withDefault(void (*F)() = [] {
  if (!Global.expired())
    Global.lock()->notify(14);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Global.lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
    // CHECK-MESSAGES: :[[@LINE-3]]:8: note: 'Global.expired()' checked here
    // CHECK-FIXES: if (auto locked = Global.lock())
    // CHECK-FIXES-NEXT: locked->notify(14);
}) {
  F();
}

void nested(std::weak_ptr<Listener> W) {
  // A lambda, a lambda in a lambda, a generic lambda, a local class.
  auto Outer = [W] {
    if (!W.expired())
      W.lock()->notify(15);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'W.lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
      // CHECK-MESSAGES: :[[@LINE-3]]:10: note: 'W.expired()' checked here
      // CHECK-FIXES: if (auto locked = W.lock())
      // CHECK-FIXES-NEXT: locked->notify(15);
    auto Inner = [W] {
      if (!W.expired())
        W.lock()->notify(16);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'W.lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
        // CHECK-MESSAGES: :[[@LINE-3]]:12: note: 'W.expired()' checked here
        // CHECK-FIXES: if (auto locked = W.lock())
        // CHECK-FIXES-NEXT: locked->notify(16);
    };
    Inner();
  };
  Outer();
  auto Generic = [](auto Weak) {
    if (!Weak.expired())
      Weak.lock()->notify(17);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'Weak.lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
      // CHECK-MESSAGES: :[[@LINE-3]]:10: note: 'Weak.expired()' checked here
      // CHECK-FIXES: if (auto locked = Weak.lock())
      // CHECK-FIXES-NEXT: locked->notify(17);
  };
  Generic(W);
  struct Local {
    static void method(std::weak_ptr<Listener> L) {
      if (!L.expired())
        L.lock()->notify(18);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'L.lock()' may return an empty pointer: 'expired()' at line [[@LINE-2]] found the object alive, but its last owner can release it in between; lock once and test the result [toctou-weak-ptr-expired-then-lock]
        // CHECK-MESSAGES: :[[@LINE-3]]:12: note: 'L.expired()' checked here
        // CHECK-FIXES: if (auto locked = L.lock())
        // CHECK-FIXES-NEXT: locked->notify(18);
    }
  };
  Local::method(W);
}

void instantiate(std::weak_ptr<Listener> W, Holder &H) {
  functionTemplate(W);
  functionTemplate(std::weak_ptr<const Listener>());
  H.memberTemplate(19);
  H.memberTemplate(20L);
  Box<Listener>().use();
  Box<Listener>().later();
  withDefault();
  GlobalLambda(W);
}
