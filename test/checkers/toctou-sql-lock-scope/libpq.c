// RUN: %check_toctou_tidy %s toctou-sql-lock-scope %t -- -- -I/usr/include/postgresql

#include <libpq-fe.h>
#include <stddef.h>

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
