// RUN: %check_toctou_tidy %s toctou-sql-read-then-write %t -- -- -I/usr/include/postgresql -D_GNU_SOURCE

// Rows shared out among workers: each of N processes reads the rows whose
// key modulo N is its own number (`WHERE mod(id, $1) = $2`) and writes
// them back by that key. No other worker running the loop reads the row,
// so none can change it between the read and the write.

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void scheduleRules(PGconn *conn, int workers, int me) {
  char q[256];
  snprintf(q, sizeof q,
           "SELECT druleid, delay FROM drules WHERE nextcheck <= %d"
           " AND mod(druleid, %d) = %d",
           (int)time(NULL), workers, me);
  PGresult *r = PQexec(conn, q);
  for (int i = 0; i < PQntuples(r); i++) {
    const long id = atol(PQgetvalue(r, i, 0));
    const int delay = atoi(PQgetvalue(r, i, 1));
    char up[128];
    snprintf(up, sizeof up,
             "UPDATE drules SET nextcheck = %d WHERE druleid = %ld",
             (int)time(NULL) + delay, id);
    PQclear(PQexec(conn, up));
  }
  PQclear(r);
}

// The same with %, the share on the left.
void sweep(PGconn *conn, int me) {
  char q[128];
  snprintf(q, sizeof q, "SELECT id FROM jobs WHERE %d = id %% 8 AND done", me);
  PGresult *r = PQexec(conn, q);
  for (int i = 0; i < PQntuples(r); i++) {
    char del[96];
    snprintf(del, sizeof del, "DELETE FROM jobs WHERE id = %s",
             PQgetvalue(r, i, 0));
    PQclear(PQexec(conn, del));
  }
  PQclear(r);
}

// A modulus equal to a constant is a filter, not a worker's share: every
// worker reads the even rows.
void evenOnly(PGconn *conn) {
  PGresult *r = PQexec(conn, "SELECT id FROM jobs WHERE mod(id, 2) = 0 AND done");
  for (int i = 0; i < PQntuples(r); i++) {
    char del[96];
    snprintf(del, sizeof del, "DELETE FROM jobs WHERE id = %s",
             PQgetvalue(r, i, 0));
    PQclear(PQexec(conn, del));
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'DELETE FROM jobs' depends on 'SELECT ... FROM jobs' at line [[@LINE-6]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
    // CHECK-MESSAGES: :[[@LINE-7]]:17: note: 'SELECT ... FROM jobs' read here
  }
  PQclear(r);
}

// A share of one table says nothing about the rows of another key: the
// write picks rows by a column the read did not share out.
void otherKey(PGconn *conn, int workers, int me) {
  char q[256];
  snprintf(q, sizeof q,
           "SELECT hostid FROM items WHERE mod(itemid, %d) = %d", workers, me);
  PGresult *r = PQexec(conn, q);
  for (int i = 0; i < PQntuples(r); i++) {
    char up[128];
    snprintf(up, sizeof up, "UPDATE items SET state = 1 WHERE hostid = %s",
             PQgetvalue(r, i, 0));
    PQclear(PQexec(conn, up));
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'UPDATE items' depends on 'SELECT ... FROM items' at line [[@LINE-6]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
    // CHECK-MESSAGES: :[[@LINE-7]]:17: note: 'SELECT ... FROM items' read here
  }
  PQclear(r);
}
