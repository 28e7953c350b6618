// RUN: %check_toctou_tidy --fix-notes %s toctou-epoch-unchecked-commit %t -- -- -std=c++17

// Names are a heuristic; annotations say it exactly.

void work();

struct Lease {
  [[clang::annotate("toctou::epoch")]] long Stamp = 0;
  [[clang::annotate("toctou::commit")]] void finalize(int Code);
  void finalizeUnannotated(int Code);

  void renew() {
    long Seen = Stamp;
    work();
    finalize(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'finalize' commits a decision based on 'Stamp' read at line [[@LINE-3]], which may have changed since; re-check it immediately before the commit [toctou-epoch-unchecked-commit]
    // CHECK-MESSAGES: :[[@LINE-4]]:17: note: 'Stamp' read here
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: re-check 'Stamp' immediately before the commit
    // CHECK-FIXES: if (Stamp != Seen)
    // CHECK-FIXES-NEXT: return;
    // CHECK-FIXES-NEXT: finalize(1);
  }

  // Not a commit by name or annotation: silent.
  void other() {
    long Seen = Stamp;
    work();
    finalizeUnannotated(static_cast<int>(Seen > 0));
  }
};
