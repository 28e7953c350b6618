// RUN: %check_toctou_tidy %s toctou-sql-read-then-write %t -- -- -I/usr/include/postgresql -D_GNU_SOURCE

// A read that only decides whether the row already holds what the program
// wants, then a write of those wanted values: `if (stored != wanted)
// UPDATE t SET col = <wanted>`. Whoever changes the row in between, the
// outcome is that of a serial order (their change, then this write), so
// the pair is not a race. A test for equality that decides a change of
// state (a claim), a compared column the write does not set, or a value
// read sent back are still reported.

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void setMode(PGconn *conn, long host, int mode) {
  char q[128];
  snprintf(q, sizeof q, "SELECT mode FROM inventory WHERE hostid = %ld", host);
  PGresult *r = PQexec(conn, q);
  if (PQntuples(r) > 0 && mode != atoi(PQgetvalue(r, 0, 0))) {
    char up[128];
    snprintf(up, sizeof up, "UPDATE inventory SET mode = %d WHERE hostid = %ld",
             mode, host);
    PQclear(PQexec(conn, up));
  }
  PQclear(r);
}

// Several columns, compared as strings or numbers, joined by ||.
void setAddress(PGconn *conn, long id, const char *ip, int port) {
  char q[128];
  snprintf(q, sizeof q, "SELECT ip, port FROM interface WHERE id = %ld", id);
  PGresult *r = PQexec(conn, q);
  if (PQntuples(r) == 1 &&
      (0 != strcmp(ip, PQgetvalue(r, 0, 0)) ||
       port != atoi(PQgetvalue(r, 0, 1)))) {
    char up[160];
    snprintf(up, sizeof up,
             "UPDATE interface SET ip = '%s', port = %d WHERE id = %ld", ip,
             port, id);
    PQclear(PQexec(conn, up));
  }
  PQclear(r);
}

// A claim: equality with a state decides a move to another state. Two
// workers both see 'new' and both claim the job.
void claim(PGconn *conn, long id) {
  char q[128];
  snprintf(q, sizeof q, "SELECT status FROM jobs WHERE id = %ld", id);
  PGresult *r = PQexec(conn, q);
  if (strcmp(PQgetvalue(r, 0, 0), "new") == 0) {
    char up[128];
    snprintf(up, sizeof up,
             "UPDATE jobs SET status = 'running' WHERE id = %ld", id);
    PQclear(PQexec(conn, up));
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'UPDATE jobs' depends on 'SELECT ... FROM jobs' at line [[@LINE-6]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
    // CHECK-MESSAGES: :[[@LINE-7]]:17: note: 'SELECT ... FROM jobs' read here
  }
  PQclear(r);
}

// The column compared is not the one written: the decision rests on a
// value another client can change.
void promote(PGconn *conn, long id, int level) {
  char q[128];
  snprintf(q, sizeof q, "SELECT level FROM users WHERE id = %ld", id);
  PGresult *r = PQexec(conn, q);
  if (level != atoi(PQgetvalue(r, 0, 0))) {
    char up[128];
    snprintf(up, sizeof up, "UPDATE users SET role = %d WHERE id = %ld",
             level, id);
    PQclear(PQexec(conn, up));
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'UPDATE users' depends on 'SELECT ... FROM users' at line [[@LINE-6]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
    // CHECK-MESSAGES: :[[@LINE-7]]:17: note: 'SELECT ... FROM users' read here
  }
  PQclear(r);
}

// A value read is sent back: a lost update, whatever decided it.
void bump(PGconn *conn, long id, int step) {
  char q[128];
  snprintf(q, sizeof q, "SELECT hits FROM pages WHERE id = %ld", id);
  PGresult *r = PQexec(conn, q);
  const int hits = atoi(PQgetvalue(r, 0, 0));
  if (hits != step) {
    char up[128];
    snprintf(up, sizeof up, "UPDATE pages SET hits = %d WHERE id = %ld",
             hits + step, id);
    PQclear(PQexec(conn, up));
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'UPDATE pages' depends on 'SELECT ... FROM pages' at line [[@LINE-7]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
    // CHECK-MESSAGES: :[[@LINE-8]]:17: note: 'SELECT ... FROM pages' read here
  }
  PQclear(r);
}

// A prefix compared (strncmp): a longer value another client stored in
// between, with the same prefix, is kept by a serial order but overwritten
// here.
void setLabel(PGconn *conn, long id, const char *label) {
  char q[128];
  snprintf(q, sizeof q, "SELECT label FROM tags WHERE id = %ld", id);
  PGresult *r = PQexec(conn, q);
  if (strncmp(label, PQgetvalue(r, 0, 0), 8) != 0) {
    char up[160];
    snprintf(up, sizeof up, "UPDATE tags SET label = '%s' WHERE id = %ld",
             label, id);
    PQclear(PQexec(conn, up));
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'UPDATE tags' depends on 'SELECT ... FROM tags' at line [[@LINE-6]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
    // CHECK-MESSAGES: :[[@LINE-7]]:17: note: 'SELECT ... FROM tags' read here
  }
  PQclear(r);
}
