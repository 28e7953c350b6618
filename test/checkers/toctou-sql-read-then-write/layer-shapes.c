// RUN: %check_toctou_tidy %s toctou-sql-read-then-write %t -- -- -I/usr/include/postgresql

// The serial-equivalent shapes (wanted-state.c, presence.c) as access
// layers write them: a printf-style query layer, rows fetched as an array
// of strings, the write run inside the condition that tests the row.

#include <libpq-fe.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

typedef char **DB_ROW;
extern PGconn *conn;

PGresult *DBselect(const char *fmt, ...) {
  char q[512];
  va_list args;
  va_start(args, fmt);
  vsnprintf(q, sizeof q, fmt, args);
  va_end(args);
  return PQexec(conn, q);
}

int DBexecute(const char *fmt, ...) {
  char q[512];
  va_list args;
  va_start(args, fmt);
  vsnprintf(q, sizeof q, fmt, args);
  va_end(args);
  PQclear(PQexec(conn, q));
  return 0;
}

// A query function whose SQL is made at run time (not read).
PGresult *DBselectN(const char *sql, int n) {
  (void)n;
  return PQexec(conn, sql);
}

DB_ROW DBfetch(PGresult *r);
void addInventory(long host, int mode);

// No row: another path; a different mode: the wanted one written.
void setInventoryMode(long host, int mode) {
  PGresult *r =
      DBselect("select inventory_mode from host_inventory where hostid=%ld", host);
  DB_ROW row;
  if (NULL == (row = DBfetch(r)))
    addInventory(host, mode);
  else if (mode != atoi(row[0]))
    DBexecute("update host_inventory set inventory_mode=%d where hostid=%ld",
              mode, host);
  PQclear(r);
}

// The write runs inside the condition that finds the settings row.
int setFailoverDelay(int delay) {
  PGresult *r = DBselect("select configid,failover_delay from config");
  DB_ROW row;
  int ok = 0;
  if (NULL != (row = DBfetch(r)) &&
      0 == DBexecute("update config set failover_delay=%d", delay))
    ok = 1;
  PQclear(r);
  return ok;
}

// A template of that name stops it; otherwise another column is set.
int setProxy(const char *name, long host, long proxy) {
  PGresult *r =
      DBselect("select null from hosts where host='%s' and status=3", name);
  if (NULL != DBfetch(r)) {
    PQclear(r);
    return -1;
  }
  PQclear(r);
  DBexecute("update hosts set proxy_hostid=%ld where hostid=%ld", proxy, host);
  return 0;
}

// The name checked free is the one written: two callers can both take it.
int renameHost(const char *name, long host) {
  PGresult *r = DBselect("select null from hosts where host='%s'", name);
  if (NULL != DBfetch(r)) {
    PQclear(r);
    return -1;
  }
  PQclear(r);
  DBexecute("update hosts set host='%s' where hostid=%ld", name, host);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'UPDATE hosts' depends on 'SELECT ... FROM hosts' at line [[@LINE-7]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:17: note: 'SELECT ... FROM hosts' read here, through 'DBselect' (PQexec in layer-shapes.c{{(.tmp.c)?}}:21)
  return 0;
}

// The row the read found, picked again by its key read: still the wanted
// state written to that row.
void setProxyOfFound(const char *name, int proxy) {
  PGresult *r =
      DBselect("select hostid,proxy from hosts where host='%s'", name);
  DB_ROW row;
  if (NULL != (row = DBfetch(r)) && proxy != atoi(row[1]))
    DBexecute("update hosts set proxy=%d where hostid=%s", proxy, row[0]);
  PQclear(r);
}

// A value read sent as a value, not only as the key: reported.
void setParentOfFound(const char *name, int proxy) {
  PGresult *r =
      DBselect("select hostid,proxy from hosts where host='%s'", name);
  DB_ROW row;
  if (NULL != (row = DBfetch(r)) && proxy != atoi(row[1]))
    DBexecute("update hosts set proxy=%d,parent=%s where hostid=%s", proxy,
              row[0], row[0]);
  // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: 'UPDATE hosts' depends on 'SELECT ... FROM hosts' at line [[@LINE-5]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:7: note: 'SELECT ... FROM hosts' read here, through 'DBselect' (PQexec in layer-shapes.c{{(.tmp.c)?}}:21)
  PQclear(r);
}

// A value read that picks rows other than by their key: reported.
void setProxyAfter(const char *name, int proxy) {
  PGresult *r =
      DBselect("select hostid,proxy from hosts where host='%s'", name);
  DB_ROW row;
  if (NULL != (row = DBfetch(r)) && proxy != atoi(row[1]))
    DBexecute("update hosts set proxy=%d where hostid>=%s", proxy, row[0]);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'UPDATE hosts' depends on 'SELECT ... FROM hosts' at line [[@LINE-4]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-5]]:7: note: 'SELECT ... FROM hosts' read here, through 'DBselect' (PQexec in layer-shapes.c{{(.tmp.c)?}}:21)
  PQclear(r);
}

// A table prefix and a `*` width consume arguments too: the key read is
// still matched with its parameter.
void setProxyPrefixed(const char *prefix, const char *name, int proxy) {
  PGresult *r = DBselect("select hostid,proxy from %shosts where host='%s'",
                         prefix, name);
  DB_ROW row;
  if (NULL != (row = DBfetch(r)) && proxy != atoi(row[1]))
    DBexecute("update %shosts set proxy=%*d where hostid=%s", prefix, 4,
              proxy, row[0]);
  PQclear(r);
}

// The result variable refilled by a query the checks cannot read, on every
// path to the write: the rows the write uses are that query's.
void reuseResult(const char *name, const char *sql) {
  PGresult *r =
      DBselect("select null from hosts where host='%s' and status=3", name);
  if (NULL != DBfetch(r)) {
    PQclear(r);
    return;
  }
  PQclear(r);
  r = DBselectN(sql, 1);
  DB_ROW row = DBfetch(r);
  if (NULL != row)
    DBexecute("update hosts set proxy=%s where hostid=%s", row[1], row[0]);
  PQclear(r);
}

// Refilled on one path only: on the other, the write sends the value read.
void reuseSometimes(const char *name, const char *sql, int again) {
  PGresult *r = DBselect("select hostid,status from hosts where host='%s'", name);
  if (again) {
    PQclear(r);
    r = DBselectN(sql, 1);
  }
  DB_ROW row = DBfetch(r);
  if (NULL != row)
    DBexecute("update hosts set status=%d where hostid=%s", atoi(row[1]) + 1,
              row[0]);
  // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: 'UPDATE hosts' depends on 'SELECT ... FROM hosts' at line [[@LINE-9]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-10]]:17: note: 'SELECT ... FROM hosts' read here, through 'DBselect' (PQexec in layer-shapes.c{{(.tmp.c)?}}:21)
  PQclear(r);
}

// Refilled on every path, but what decides the write was taken from the
// read before: still the read's decision (get-or-create).
void createAfterRefill(const char *name, const char *sql) {
  PGresult *r = DBselect("select hostid from hosts where host='%s'", name);
  const int found = NULL != DBfetch(r);
  PQclear(r);
  r = DBselectN(sql, 1);
  PQclear(r);
  if (!found)
    DBexecute("insert into hosts (host) values ('%s')", name);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'INSERT INTO hosts' depends on 'SELECT ... FROM hosts' at line [[@LINE-7]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:17: note: 'SELECT ... FROM hosts' read here, through 'DBselect' (PQexec in layer-shapes.c{{(.tmp.c)?}}:21)
  // CHECK-MESSAGES: :[[@LINE-3]]:5: note: let the database refuse the duplicate: the INSERT does nothing when the row exists (check the rows it inserted)
}
