// RUN: %check_toctou_tidy %s toctou-sql-lock-scope %t -- -- -I/usr/include/postgresql

#include <libpq-fe.h>
#include <stddef.h>
#include <stdlib.h>

int work(PGconn *conn);

// A session lock inside a transaction outlives it: after ROLLBACK the lock
// is still held, after COMMIT the data is visible while others still wait.
void inTransaction(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  PQclear(PQexec(conn, "SELECT pg_advisory_lock(42)"));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: session-level advisory lock 'pg_advisory_lock' taken inside a transaction outlives its COMMIT and ROLLBACK; 'pg_advisory_xact_lock' is released with the transaction [toctou-sql-lock-scope]
  // CHECK-FIXES: PQclear(PQexec(conn, "SELECT pg_advisory_xact_lock(42)"));
  // CHECK-FIXES: PQclear(PQexec(conn, "COMMIT"));
  // CHECK-FIXES-NEXT: }
  PQclear(PQexec(conn, "UPDATE jobs SET owner = pg_backend_pid() WHERE id = 42"));
  PQclear(PQexec(conn, "COMMIT"));
  PQclear(PQexec(conn, "SELECT pg_advisory_unlock(42)"));
}

void tryInTransaction(PGconn *conn, const char *key) {
  PQclear(PQexec(conn, "BEGIN"));
  const char *p[1] = {key};
  PGresult *r = PQexecParams(conn, "SELECT pg_try_advisory_lock_shared($1::bigint)",
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: session-level advisory lock 'pg_try_advisory_lock_shared' taken inside a transaction outlives its COMMIT and ROLLBACK; 'pg_try_advisory_xact_lock_shared' is released with the transaction [toctou-sql-lock-scope]
  // CHECK-FIXES: PGresult *r = PQexecParams(conn, "SELECT pg_try_advisory_xact_lock_shared($1::bigint)",
                             1, NULL, p, NULL, NULL, 0);
  PQclear(r);
  PQclear(PQexec(conn, "COMMIT"));
}

// Released before the write it protects.
void releasedEarly(PGconn *conn) {
  PQclear(PQexec(conn, "SELECT pg_advisory_lock(7)"));
  PGresult *r = PQexec(conn, "SELECT count(*) FROM jobs WHERE state = 'new'");
  PQclear(r);
  PQclear(PQexec(conn, "SELECT pg_advisory_unlock(7)"));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'pg_advisory_unlock' releases the lock taken at line [[@LINE-4]] before the write at line [[@LINE+2]] that it protects [toctou-sql-lock-scope]
  // CHECK-MESSAGES: :[[@LINE+1]]:11: note: 'UPDATE jobs' runs here, unprotected
  PQclear(PQexec(conn, "UPDATE jobs SET state = 'queued' WHERE state = 'new'"));
}

// Not released on the error path.
int leaked(PGconn *conn) {
  PQclear(PQexec(conn, "SELECT pg_advisory_lock(9)"));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: session-level advisory lock 'pg_advisory_lock' is not released on every path out of the function; it stays held until the connection closes [toctou-sql-lock-scope]
  if (work(conn) < 0)
    return -1;
  PQclear(PQexec(conn, "SELECT pg_advisory_unlock(9)"));
  return 0;
}

// Not reported: a transaction lock in a transaction; a session lock held
// around the write and released on every path; a failed try-lock needs no
// unlock; a function that takes the lock for its caller.
void xactLock(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  PQclear(PQexec(conn, "SELECT pg_advisory_xact_lock(42)"));
  PQclear(PQexec(conn, "UPDATE jobs SET owner = 1 WHERE id = 42"));
  PQclear(PQexec(conn, "COMMIT"));
}

int around(PGconn *conn) {
  PQclear(PQexec(conn, "SELECT pg_advisory_lock(7)"));
  int rc = work(conn);
  PQclear(PQexec(conn, "UPDATE jobs SET state = 'queued' WHERE state = 'new'"));
  PQclear(PQexec(conn, "SELECT pg_advisory_unlock(7)"));
  return rc;
}

int tryLock(PGconn *conn) {
  PGresult *r = PQexec(conn, "SELECT pg_try_advisory_lock(5)");
  int got = PQgetvalue(r, 0, 0)[0] == 't';
  PQclear(r);
  if (!got)
    return -1;
  PQclear(PQexec(conn, "UPDATE jobs SET state = 'queued' WHERE id = 5"));
  PQclear(PQexec(conn, "SELECT pg_advisory_unlock(5)"));
  return 0;
}

void acquire(PGconn *conn) { PQclear(PQexec(conn, "SELECT pg_advisory_lock(1)")); }

void process(const char *year, const char *month);

// The seed's production scheduler: the read-then-write check is silent on
// it (see toctou-sql-read-then-write/libpq.c), but the session locks taken
// inside the transaction outlive it: an error before the release loop
// leaks them.
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
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: session-level advisory lock 'pg_try_advisory_lock' taken inside a transaction outlives its COMMIT and ROLLBACK; 'pg_try_advisory_xact_lock' is released with the transaction [toctou-sql-lock-scope]
    // CHECK-FIXES: PGresult *lock = PQexecParams(conn, "SELECT pg_try_advisory_xact_lock($1::bigint)",
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
