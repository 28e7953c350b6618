// RUN: %check_toctou_tidy --fix-notes %s toctou-sql-read-then-write %t -- -- -I/usr/include/postgresql

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

void process(const char *year, const char *month);

// The seed's scheduler: pending months SELECTed outside a transaction, then
// an advisory lock and an UPDATE per month. Two schedulers process the same
// month. Once the UPDATE repeats the check (its fix-it), the lock is taken
// on the way to a guarded write, and is no longer the race:
// GONE-AFTER-FIXES: 'pg_try_advisory_lock' depends on 'SELECT ... FROM backfill_log' at line # outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
int schedule(PGconn *conn) {
  PGresult *candidates = PQexec(conn,
      "SELECT id, year, month FROM backfill_log "
      "WHERE status IN ('pending', 'retry') ORDER BY year DESC, month DESC LIMIT 10");
  if (PQresultStatus(candidates) != PGRES_TUPLES_OK)
    return -1;
  for (int i = 0; i < PQntuples(candidates); ++i) {
    const char *params[1] = {PQgetvalue(candidates, i, 0)};
    PGresult *lock = PQexecParams(conn, "SELECT pg_try_advisory_lock($1::bigint)",
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'pg_try_advisory_lock' depends on 'SELECT ... FROM backfill_log' at line [[@LINE-8]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
    // CHECK-MESSAGES: :[[@LINE-9]]:26: note: 'SELECT ... FROM backfill_log' read here
                                  1, NULL, params, NULL, NULL, 0);
    PQclear(lock);
    PGresult *claim = PQexecParams(conn,
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'UPDATE backfill_log' depends on 'SELECT ... FROM backfill_log' at line [[@LINE-13]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
    // CHECK-MESSAGES: :[[@LINE-14]]:26: note: 'SELECT ... FROM backfill_log' read here
    // CHECK-MESSAGES: :[[@LINE-3]]:23: note: repeat the check in the write, and act only if it changed a row (PQcmdTuples)
    // CHECK-MESSAGES: :[[@LINE-16]]:26: note: or claim the rows in one statement: UPDATE backfill_log SET status = 'processing' WHERE id IN (SELECT id FROM backfill_log WHERE status IN ('pending', 'retry') ORDER BY year DESC, month DESC LIMIT 10 FOR UPDATE SKIP LOCKED) RETURNING id
    // CHECK-FIXES: "UPDATE backfill_log SET status = 'processing' WHERE id = $1 AND status IN ('pending', 'retry')",
    // CHECK-FIXES-NEXT: 1, NULL, params, NULL, NULL, 0);
    // CHECK-FIXES-NEXT: const int changed = atoi(PQcmdTuples(claim)) != 0;
    // CHECK-FIXES-NEXT: PQclear(claim);
    // CHECK-FIXES-NEXT: if (!changed)
    // CHECK-FIXES-NEXT: continue;
    // CHECK-FIXES-NEXT: process(PQgetvalue(candidates, i, 1), PQgetvalue(candidates, i, 2));
        "UPDATE backfill_log SET status = 'processing' WHERE id = $1",
        1, NULL, params, NULL, NULL, 0);
    PQclear(claim);
    process(PQgetvalue(candidates, i, 1), PQgetvalue(candidates, i, 2));
  }
  PQclear(candidates);
  return 0;
}

// A read-modify-write inside a READ COMMITTED transaction: two transfers
// read the same balance and the second UPDATE overwrites the first.
int withdraw(PGconn *conn, const char *id, long amount) {
  PQclear(PQexec(conn, "BEGIN"));
  const char *p[1] = {id};
  PGresult *r = PQexecParams(conn, "SELECT balance FROM accounts WHERE id = $1",
                             1, NULL, p, NULL, NULL, 0);
  long balance = atol(PQgetvalue(r, 0, 0));
  PQclear(r);
  if (balance < amount) {
    PQclear(PQexec(conn, "ROLLBACK"));
    return -1;
  }
  char next[32];
  snprintf(next, sizeof next, "%ld", balance - amount);
  const char *q[2] = {next, id};
  PQclear(PQexecParams(conn, "UPDATE accounts SET balance = $1 WHERE id = $2",
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'UPDATE accounts' depends on 'SELECT ... FROM accounts' at line [[@LINE-12]] in a READ COMMITTED transaction, and the SELECT locks no rows; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-13]]:17: note: 'SELECT ... FROM accounts' read here
  // CHECK-FIXES: PGresult *r = PQexecParams(conn, "SELECT balance FROM accounts WHERE id = $1 FOR UPDATE",
                       2, NULL, q, NULL, NULL, 0));
  PQclear(PQexec(conn, "COMMIT"));
  return 0;
}

// The transaction is committed between the read and the write.
int split(PGconn *conn, const char *id) {
  PQclear(PQexec(conn, "BEGIN ISOLATION LEVEL SERIALIZABLE"));
  const char *p[1] = {id};
  PGresult *r = PQexecParams(conn, "SELECT quota FROM users WHERE id = $1",
                             1, NULL, p, NULL, NULL, 0);
  PQclear(PQexec(conn, "COMMIT"));
  const char *q[2] = {PQgetvalue(r, 0, 0), id};
  PQclear(PQexecParams(conn, "UPDATE users SET quota = $1 - 1 WHERE id = $2",
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'UPDATE users' depends on 'SELECT ... FROM users' at line [[@LINE-5]] but the transaction ends at line [[@LINE-3]] in between; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:17: note: 'SELECT ... FROM users' read here
                       2, NULL, q, NULL, NULL, 0));
  PQclear(r);
  return 0;
}

// Prepared by name.
static const char kFindSeat[] = "SELECT seat FROM seats WHERE flight = $1 AND taken = false LIMIT 1";
int book(PGconn *conn, const char *flight, const char *who) {
  PQclear(PQprepare(conn, "find", kFindSeat, 1, NULL));
  const char *p[1] = {flight};
  PGresult *r = PQexecPrepared(conn, "find", 1, p, NULL, NULL, 0);
  if (PQntuples(r) == 0)
    return -1;
  const char *q[2] = {who, PQgetvalue(r, 0, 0)};
  PQclear(PQexecParams(conn, "UPDATE seats SET taken = true, owner = $1 WHERE seat = $2",
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'UPDATE seats' depends on 'SELECT ... FROM seats' at line [[@LINE-5]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:17: note: 'SELECT ... FROM seats' read here
  // CHECK-MESSAGES: :[[@LINE-3]]:11: note: repeat the check in the write, and act only if it changed a row (PQcmdTuples)
  // CHECK-FIXES: PQclear(PQexecParams(conn, "UPDATE seats SET taken = true, owner = $1 WHERE seat = $2 AND taken = false",
                       2, NULL, q, NULL, NULL, 0));
  PQclear(r);
  return 0;
}

// The seed's fixed UPDATE, but the work runs whether or not it changed a
// row: a second scheduler that lost the race processes the month again.
// The fix asks for the count before the result is released, and leaves the
// round (releasing the result first) when nothing changed.
int scheduleUnguarded(PGconn *conn) {
  PGresult *candidates = PQexec(conn,
      "SELECT id, year, month FROM backfill_log WHERE status = 'pending'");
  for (int i = 0; i < PQntuples(candidates); ++i) {
    const char *params[1] = {PQgetvalue(candidates, i, 0)};
    PGresult *claim = PQexecParams(conn,
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'UPDATE backfill_log' repeats the check of 'SELECT ... FROM backfill_log' at line [[@LINE-5]], but 'process' at line [[@LINE+13]] runs whether or not it changed a row; another client can change the rows in between [toctou-sql-read-then-write]
    // CHECK-MESSAGES: :[[@LINE-6]]:26: note: 'SELECT ... FROM backfill_log' read here
    // CHECK-MESSAGES: :[[@LINE-3]]:23: note: act only if it changed a row (PQcmdTuples)
    // CHECK-FIXES: 1, NULL, params, NULL, NULL, 0);
    // CHECK-FIXES-NEXT: if (atoi(PQcmdTuples(claim)) == 0) {
    // CHECK-FIXES-NEXT: PQclear(claim);
    // CHECK-FIXES-NEXT: continue;
    // CHECK-FIXES-NEXT: }
    // CHECK-FIXES-NEXT: process(PQgetvalue(candidates, i, 1), PQgetvalue(candidates, i, 2));
    // CHECK-FIXES-NEXT: PQclear(claim);
        "UPDATE backfill_log SET status = 'processing' "
        "WHERE id = $1 AND status = 'pending'",
        1, NULL, params, NULL, NULL, 0);
    process(PQgetvalue(candidates, i, 1), PQgetvalue(candidates, i, 2));
    PQclear(claim);
  }
  PQclear(candidates);
  return 0;
}

// The write's result released in the same statement: the fix keeps it to
// count the rows, then releases it, and leaves the round when none changed.
void runJobs(PGconn *conn) {
  PGresult *jobs = PQexec(conn, "SELECT id FROM jobs WHERE state = 'new'");
  for (int i = 0; i < PQntuples(jobs); ++i) {
    const char *p[1] = {PQgetvalue(jobs, i, 0)};
    PQclear(PQexecParams(conn, "UPDATE jobs SET state = 'run' WHERE id = $1", 1, NULL, p, NULL, NULL, 0));
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'UPDATE jobs' depends on 'SELECT ... FROM jobs' at line [[@LINE-4]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
    // CHECK-MESSAGES: :[[@LINE-5]]:20: note: 'SELECT ... FROM jobs' read here
    // CHECK-MESSAGES: :[[@LINE-3]]:13: note: repeat the check in the write, and act only if it changed a row (PQcmdTuples)
    // CHECK-MESSAGES: :[[@LINE-7]]:20: note: or claim the rows in one statement: UPDATE jobs SET state = 'run' WHERE id IN (SELECT id FROM jobs WHERE state = 'new' FOR UPDATE SKIP LOCKED) RETURNING id
    // CHECK-FIXES: PGresult *written = PQexecParams(conn, "UPDATE jobs SET state = 'run' WHERE id = $1 AND state = 'new'", 1, NULL, p, NULL, NULL, 0);
    // CHECK-FIXES-NEXT: const int changed = atoi(PQcmdTuples(written)) != 0;
    // CHECK-FIXES-NEXT: PQclear(written);
    // CHECK-FIXES: if (!changed)
    // CHECK-FIXES-NEXT: continue;
    // CHECK-FIXES-NEXT: process(p[0], p[0]);
    process(p[0], p[0]);
  }
  PQclear(jobs);
}

// The same in a function that returns the claimed id to its caller,
// without asking whether the UPDATE changed the row: the caller then works
// on a row another client claimed. (No fix-it: what to return instead is
// the caller's contract.)
const char *claimOne(PGconn *conn) {
  PGresult *r = PQexec(conn,
      "SELECT id FROM jobs WHERE state = 'new' LIMIT 1");
  if (PQntuples(r) != 1)
    return NULL;
  const char *id = PQgetvalue(r, 0, 0);
  const char *p[1] = {id};
  PQclear(PQexecParams(conn,
      "UPDATE jobs SET state = 'running' WHERE id = $1 AND state = 'new'",
      1, NULL, p, NULL, NULL, 0));
  // CHECK-MESSAGES: :[[@LINE-3]]:11: warning: 'UPDATE jobs' repeats the check of 'SELECT ... FROM jobs' at line [[@LINE-9]], but the return at line [[@LINE+3]] runs whether or not it changed a row; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-10]]:17: note: 'SELECT ... FROM jobs' read here
  // CHECK-MESSAGES: :[[@LINE-5]]:11: note: act only if it changed a row (PQcmdTuples)
  return id;
}

// Not reported.

// The work runs only if the UPDATE changed the row; what runs either way
// only shows the row.
int scheduleGuarded(PGconn *conn) {
  PGresult *candidates = PQexec(conn,
      "SELECT id, year, month FROM backfill_log WHERE status = 'pending'");
  for (int i = 0; i < PQntuples(candidates); ++i) {
    const char *params[1] = {PQgetvalue(candidates, i, 0)};
    PGresult *claim = PQexecParams(conn,
        "UPDATE backfill_log SET status = 'processing' "
        "WHERE id = $1 AND status = 'pending'",
        1, NULL, params, NULL, NULL, 0);
    printf("claiming %s\n", params[0]);
    if (atoi(PQcmdTuples(claim)) == 1)
      process(PQgetvalue(candidates, i, 1), PQgetvalue(candidates, i, 2));
    PQclear(claim);
  }
  PQclear(candidates);
  return 0;
}

// The caller gets the id only when this client claimed the row.
const char *claimOneChecked(PGconn *conn) {
  PGresult *r = PQexec(conn,
      "SELECT id FROM jobs WHERE state = 'new' LIMIT 1");
  if (PQntuples(r) != 1)
    return NULL;
  const char *id = PQgetvalue(r, 0, 0);
  const char *p[1] = {id};
  PGresult *w = PQexecParams(conn,
      "UPDATE jobs SET state = 'running' WHERE id = $1 AND state = 'new'",
      1, NULL, p, NULL, NULL, 0);
  const int mine = atoi(PQcmdTuples(w)) == 1;
  PQclear(w);
  return mine ? id : NULL;
}

// The seed's fixed form: the UPDATE repeats the check.
int scheduleRechecked(PGconn *conn) {
  PGresult *candidates = PQexec(conn,
      "SELECT id FROM backfill_log WHERE status IN ('pending', 'retry')");
  for (int i = 0; i < PQntuples(candidates); ++i) {
    const char *params[1] = {PQgetvalue(candidates, i, 0)};
    PQclear(PQexecParams(conn,
        "UPDATE backfill_log SET status = 'processing' "
        "WHERE id = $1 AND status IN ('pending', 'retry')",
        1, NULL, params, NULL, NULL, 0));
  }
  PQclear(candidates);
  return 0;
}

// One statement claims the rows.
int scheduleClaim(PGconn *conn) {
  PGresult *claimed = PQexec(conn,
      "UPDATE backfill_log SET status = 'processing' WHERE id IN "
      "(SELECT id FROM backfill_log WHERE status IN ('pending', 'retry') "
      "ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED) RETURNING id");
  PQclear(claimed);
  return 0;
}

// A relative update that checks in its WHERE.
int withdrawRelative(PGconn *conn, const char *id, const char *amount) {
  const char *p[1] = {id};
  PGresult *r = PQexecParams(conn, "SELECT balance FROM accounts WHERE id = $1",
                             1, NULL, p, NULL, NULL, 0);
  if (atol(PQgetvalue(r, 0, 0)) <= 0)
    return -1;
  const char *q[2] = {amount, id};
  PQclear(PQexecParams(conn,
      "UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1",
      2, NULL, q, NULL, NULL, 0));
  PQclear(r);
  return 0;
}

// SERIALIZABLE and REPEATABLE READ abort the second writer.
int withdrawSerializable(PGconn *conn, const char *id) {
  PQclear(PQexec(conn, "BEGIN ISOLATION LEVEL SERIALIZABLE"));
  const char *p[1] = {id};
  PGresult *r = PQexecParams(conn, "SELECT balance FROM accounts WHERE id = $1",
                             1, NULL, p, NULL, NULL, 0);
  const char *q[2] = {PQgetvalue(r, 0, 0), id};
  PQclear(PQexecParams(conn, "UPDATE accounts SET balance = $1 WHERE id = $2",
                       2, NULL, q, NULL, NULL, 0));
  PQclear(PQexec(conn, "COMMIT"));
  PQclear(r);
  return 0;
}

// The row locked in the transaction.
int withdrawLocked(PGconn *conn, const char *id) {
  PQclear(PQexec(conn, "BEGIN"));
  const char *p[1] = {id};
  PGresult *r = PQexecParams(conn, "SELECT balance FROM accounts WHERE id = $1 FOR UPDATE",
                             1, NULL, p, NULL, NULL, 0);
  const char *q[2] = {PQgetvalue(r, 0, 0), id};
  PQclear(PQexecParams(conn, "UPDATE accounts SET balance = $1 WHERE id = $2",
                       2, NULL, q, NULL, NULL, 0));
  PQclear(PQexec(conn, "COMMIT"));
  PQclear(r);
  return 0;
}

// Another table; an INSERT that handles the conflict; SQL not spelled out.
int unrelated(PGconn *conn, const char *sql) {
  PGresult *r = PQexec(conn, "SELECT id FROM users WHERE active");
  const char *p[1] = {PQgetvalue(r, 0, 0)};
  PQclear(PQexecParams(conn, "UPDATE audit SET seen = now() WHERE uid = $1",
                       1, NULL, p, NULL, NULL, 0));
  PQclear(PQexecParams(conn, "INSERT INTO users(id) VALUES ($1) ON CONFLICT DO NOTHING",
                       1, NULL, p, NULL, NULL, 0));
  PQclear(PQexecParams(conn, sql, 1, NULL, p, NULL, NULL, 0));
  PQclear(r);
  return 0;
}

// The seed's production scheduler, as the seed shows it: candidates read in
// a READ COMMITTED transaction, a session advisory lock per row, an UPDATE
// that repeats the check and whose changed rows decide the work, COMMIT,
// the locks released after. The guarded UPDATE is the defense: no
// read-then-write finding (toctou-sql-lock-scope reports the session locks
// taken inside the transaction; see its tests).
int scheduleProduction(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN ISOLATION LEVEL READ COMMITTED"));
  PGresult *candidates = PQexec(conn,
      "SELECT id, year, month FROM backfill_log "
      "WHERE status IN ('pending', 'retry') ORDER BY year DESC, month DESC LIMIT 10");
  if (PQresultStatus(candidates) != PGRES_TUPLES_OK) {
    PQclear(PQexec(conn, "ROLLBACK"));
    return -1;
  }
  const int n = PQntuples(candidates);
  for (int i = 0; i < n; ++i) {
    const char *params[1] = {PQgetvalue(candidates, i, 0)};
    PGresult *lock = PQexecParams(conn, "SELECT pg_try_advisory_lock($1::bigint)",
                                  1, NULL, params, NULL, NULL, 0);
    const int got = PQntuples(lock) == 1 && PQgetvalue(lock, 0, 0)[0] == 't';
    PQclear(lock);
    if (!got)
      continue;
    PGresult *claim = PQexecParams(conn,
        "UPDATE backfill_log SET status = 'processing' "
        "WHERE id = $1 AND status IN ('pending', 'retry')",
        1, NULL, params, NULL, NULL, 0);
    const int claimed = atoi(PQcmdTuples(claim)) == 1;
    PQclear(claim);
    if (claimed)
      process(PQgetvalue(candidates, i, 1), PQgetvalue(candidates, i, 2));
  }
  PQclear(PQexec(conn, "COMMIT"));
  for (int i = 0; i < n; ++i) {
    const char *params[1] = {PQgetvalue(candidates, i, 0)};
    PQclear(PQexecParams(conn, "SELECT pg_advisory_unlock($1::bigint)",
                         1, NULL, params, NULL, NULL, 0));
  }
  PQclear(candidates);
  return 0;
}
