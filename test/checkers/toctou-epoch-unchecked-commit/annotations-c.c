// RUN: %check_toctou_tidy --fix-notes %s toctou-epoch-unchecked-commit %t

// In C, annotations make an epoch without locks in sight.

__attribute__((annotate("toctou::epoch"))) static unsigned long stamp;
__attribute__((annotate("toctou::commit"))) void finalize(int code);
void work(void);

void renew(void) {
  unsigned long seen = stamp;
  work();
  finalize(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'finalize' commits a decision based on 'stamp' read at line [[@LINE-3]], which may have changed since; re-check it immediately before the commit [toctou-epoch-unchecked-commit]
  // CHECK-MESSAGES: :[[@LINE-4]]:24: note: 'stamp' read here
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: re-check 'stamp' immediately before the commit
  // CHECK-FIXES: if (stamp != seen)
  // CHECK-FIXES-NEXT: return;
  // CHECK-FIXES-NEXT: finalize(1);
}
