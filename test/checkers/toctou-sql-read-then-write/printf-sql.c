// RUN: %check_toctou_tidy %s toctou-sql-read-then-write %t -- -- -I/usr/include/postgresql -I/usr/include/mariadb -D_GNU_SOURCE

// SQL formatted into a buffer, as access layers build it: each conversion
// is read as a parameter ('%s' with its quotes), a conversion inside a name
// (a table prefix) as part of the name. The buffer's last format before the
// call is the SQL it runs. No fix-it: the text at the call is a buffer.

#include <inttypes.h>
#include <libpq-fe.h>
#include <mysql.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Get-or-create in autocommit: two instances that start at once both find
// no row and both insert it.
int hostId(PGconn *conn, const char *name) {
  char q[256];
  snprintf(q, sizeof q, "SELECT hostid FROM hosts WHERE host = '%s'", name);
  PGresult *r = PQexec(conn, q);
  if (PQntuples(r) > 0) {
    const int id = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return id;
  }
  PQclear(r);
  char ins[256];
  snprintf(ins, sizeof ins, "INSERT INTO hosts (host) VALUES ('%s')", name);
  PQclear(PQexec(conn, ins));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'INSERT INTO hosts' depends on 'SELECT ... FROM hosts' at line [[@LINE-10]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-11]]:17: note: 'SELECT ... FROM hosts' read here
  return 0;
}

// A 64-bit id spelled with PRIu64 (ZBX_FS_UI64 alike), an UPDATE built with
// asprintf from the value read.
int bumpHits(PGconn *conn, uint64_t id) {
  char q[128];
  snprintf(q, sizeof q, "SELECT hits FROM pages WHERE id = %" PRIu64, id);
  PGresult *r = PQexec(conn, q);
  const long hits = atol(PQgetvalue(r, 0, 0));
  PQclear(r);
  char *up = NULL;
  if (asprintf(&up, "UPDATE pages SET hits = %ld WHERE id = %" PRIu64, hits + 1, id) < 0)
    return -1;
  PQclear(PQexec(conn, up));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'UPDATE pages' depends on 'SELECT ... FROM pages' at line [[@LINE-7]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:17: note: 'SELECT ... FROM pages' read here
  free(up);
  return 0;
}

// A table prefix: the same formatted name on both sides.
int prefixed(PGconn *conn, const char *prefix, const char *name) {
  char q[256];
  snprintf(q, sizeof q, "SELECT id FROM %shosts WHERE host = '%s'", prefix, name);
  PGresult *r = PQexec(conn, q);
  const int found = PQntuples(r) > 0;
  PQclear(r);
  if (found)
    return 0;
  snprintf(q, sizeof q, "INSERT INTO %shosts (host) VALUES ('%s')", prefix, name);
  PQclear(PQexec(conn, q));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'INSERT INTO xhosts' depends on 'SELECT ... FROM xhosts' at line [[@LINE-7]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:17: note: 'SELECT ... FROM xhosts' read here
  return 1;
}

// SQLite's own formatter.
int userCount(sqlite3 *db, const char *name) {
  char *q = sqlite3_mprintf("SELECT count(*) FROM users WHERE name = %Q", name);
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(db, q, -1, &st, NULL);
  int n = 0;
  if (sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  sqlite3_free(q);
  if (n == 0) {
    char *ins = sqlite3_mprintf("INSERT INTO users(name) VALUES (%Q)", name);
    sqlite3_exec(db, ins, NULL, NULL, NULL);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'INSERT INTO users' depends on 'SELECT ... FROM users' at line [[@LINE-7]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
    // CHECK-MESSAGES: :[[@LINE-8]]:7: note: 'SELECT ... FROM users' read here
    sqlite3_free(ins);
  }
  return n;
}

// One buffer for both statements (MySQL).
int mysqlHost(MYSQL *m, const char *name) {
  char q[256];
  snprintf(q, sizeof q, "SELECT id FROM hosts WHERE host = '%s'", name);
  if (mysql_query(m, q))
    return -1;
  MYSQL_RES *res = mysql_store_result(m);
  const int found = mysql_num_rows(res) > 0;
  mysql_free_result(res);
  if (!found) {
    snprintf(q, sizeof q, "INSERT INTO hosts (host) VALUES ('%s')", name);
    mysql_query(m, q);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'INSERT INTO hosts' depends on 'SELECT ... FROM hosts' at line [[@LINE-8]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
    // CHECK-MESSAGES: :[[@LINE-9]]:7: note: 'SELECT ... FROM hosts' read here
  }
  return found;
}

// Not read: a buffer also written another way (what strcat adds is not
// followed), SQL built by a call the check does not know. Nor is a format
// the PostgreSQL parser would refuse reported as rejected: what the
// conversions insert is not known.
int appended(PGconn *conn, const char *name) {
  char q[256];
  snprintf(q, sizeof q, "SELECT id FROM hosts WHERE host = '%s'", name);
  strcat(q, " LIMIT 1");
  PGresult *r = PQexec(conn, q);
  const int n = PQntuples(r);
  PQclear(r);
  if (n == 0) {
    char ins[256];
    snprintf(ins, sizeof ins, "INSERT INTO hosts (host) VALUES ('%s')", name);
    PQclear(PQexec(conn, ins));
  }
  return n;
}

int unparsable(PGconn *conn, const char *what) {
  char q[128];
  snprintf(q, sizeof q, "SELECT %s FROM %s WHERE", what, what);
  PGresult *r = PQexec(conn, q);
  const int n = PQntuples(r);
  PQclear(r);
  return n;
}
