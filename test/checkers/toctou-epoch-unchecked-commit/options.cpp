// RUN: %check_toctou_tidy --fix-notes %s toctou-epoch-unchecked-commit %t -- \
// RUN:   --config="{CheckOptions: {toctou-epoch-unchecked-commit.EpochNames: 'ticket;lease_id', toctou-epoch-unchecked-commit.CommitNames: 'grant'}}" \
// RUN:   -- -std=c++17
// RUN: %toctou_tidy --checks='-*,toctou-epoch-unchecked-commit' \
// RUN:   --config="{CheckOptions: {toctou-epoch-unchecked-commit.EpochNames: 'ticket;lease_id'}}" \
// RUN:   --dump-config %s -- -std=c++17 | FileCheck %s --check-prefix=CONFIG
// RUN: %toctou_tidy --checks='-*,toctou-epoch-unchecked-commit' --dump-config %s -- -std=c++17 \
// RUN:   | FileCheck %s --check-prefix=DEFAULTS

// CONFIG: toctou-epoch-unchecked-commit.CommitNames: 'commit;apply;activate;publish;install;enact;delete;remove;erase;gc;cleanup;flush;write;save;store;swap;replace'
// CONFIG: toctou-epoch-unchecked-commit.EpochNames: 'ticket;lease_id'
// DEFAULTS: toctou-epoch-unchecked-commit.CommitNames: 'commit;apply;activate;publish;install;enact;delete;remove;erase;gc;cleanup;flush;write;save;store;swap;replace'
// DEFAULTS: toctou-epoch-unchecked-commit.EpochNames: 'epoch;generation;gen;version;revision;term;fence;fencing_token;sequence'

void work();

struct Gate {
  unsigned Ticket = 0;
  unsigned LeaseIdValue = 0;
  unsigned Version = 0;
  void grantAccess(int Who);
  void commitChange(int Who);

  void admit(int Who) {
    unsigned Seen = Ticket;
    work();
    grantAccess(Who);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'grantAccess' commits a decision based on 'Ticket' read at line [[@LINE-3]], which may have changed since; re-check it immediately before the commit [toctou-epoch-unchecked-commit]
    // CHECK-MESSAGES: :[[@LINE-4]]:21: note: 'Ticket' read here
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: re-check 'Ticket' immediately before the commit
    // CHECK-FIXES: if (Ticket != Seen)
    (void)Seen;
  }

  void renew(int Who) {
    unsigned Seen = LeaseIdValue;
    work();
    grantAccess(Who);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'grantAccess' commits a decision based on 'LeaseIdValue' read at line [[@LINE-3]]
    // CHECK-MESSAGES: :[[@LINE-4]]:21: note: 'LeaseIdValue' read here
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: re-check 'LeaseIdValue' immediately before the commit
    // CHECK-FIXES: if (LeaseIdValue != Seen)
    (void)Seen;
  }

  // The default names no longer apply.
  void change(int Who) {
    unsigned Seen = Version;
    work();
    commitChange(Who);
    (void)Seen;
  }
};
