// RUN: %check_toctou_tidy %s toctou-sql-read-then-write %t -- -- -I/usr/include/postgresql -D_GNU_SOURCE

// An UPDATE decided only by whether the read found rows, sending nothing
// read, and setting none of the columns the read filtered on: rows that
// start or stop matching the read in between do not change what the write
// does, and the write cannot make a row match or stop matching. A write of
// a column the read filtered on (a booking, a rename to a name checked
// free), a DELETE, and an INSERT after an absence stay reported.

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

// The single settings row: its presence decides the write.
int setDelay(PGconn *conn, int delay) {
  PGresult *r = PQexec(conn, "SELECT configid, delay FROM config");
  int ok = 0;
  if (PQntuples(r) > 0) {
    char up[64];
    snprintf(up, sizeof up, "UPDATE config SET delay = %d", delay);
    PQclear(PQexec(conn, up));
    ok = 1;
  }
  PQclear(r);
  return ok;
}

// A name taken by a template stops the operation; otherwise another column
// of the host is set.
void moveHost(PGconn *conn, const char *name, long host, long proxy) {
  char q[160];
  snprintf(q, sizeof q,
           "SELECT NULL FROM hosts WHERE host = '%s' AND status = 3", name);
  PGresult *r = PQexec(conn, q);
  const int taken = PQntuples(r) != 0;
  PQclear(r);
  if (taken)
    return;
  char up[128];
  snprintf(up, sizeof up, "UPDATE hosts SET proxy = %ld WHERE hostid = %ld",
           proxy, host);
  PQclear(PQexec(conn, up));
}

// The write sets the column the read filtered on: two clients both find
// the seat free and both book it.
void book(PGconn *conn, int seat, long who) {
  char q[128];
  snprintf(q, sizeof q, "SELECT 1 FROM seats WHERE seat = %d AND booked",
           seat);
  PGresult *r = PQexec(conn, q);
  if (PQntuples(r) == 0) {
    char up[128];
    snprintf(up, sizeof up,
             "UPDATE seats SET booked = true, owner = %ld WHERE seat = %d",
             who, seat);
    PQclear(PQexec(conn, up));
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'UPDATE seats' depends on 'SELECT ... FROM seats' at line [[@LINE-7]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
    // CHECK-MESSAGES: :[[@LINE-8]]:17: note: 'SELECT ... FROM seats' read here
  }
  PQclear(r);
}

// A DELETE removes the row whatever changed in it: a session extended in
// between is still deleted.
void expire(PGconn *conn, long id) {
  char q[128];
  snprintf(q, sizeof q,
           "SELECT 1 FROM sessions WHERE id = %ld AND expires < now()", id);
  PGresult *r = PQexec(conn, q);
  if (PQntuples(r) == 1) {
    char del[64];
    snprintf(del, sizeof del, "DELETE FROM sessions WHERE id = %ld", id);
    PQclear(PQexec(conn, del));
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'DELETE FROM sessions' depends on 'SELECT ... FROM sessions' at line [[@LINE-5]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
    // CHECK-MESSAGES: :[[@LINE-6]]:17: note: 'SELECT ... FROM sessions' read here
  }
  PQclear(r);
}
