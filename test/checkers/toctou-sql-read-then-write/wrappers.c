// RUN: %check_toctou_tidy --fix-notes %s toctou-sql-read-then-write %t -- -- -I/usr/include/postgresql -D_GNU_SOURCE

// The program's own access layer: functions that run the SQL they are
// given (a printf-style format filled with vsnprintf or vasprintf, or the
// text as it is), on a connection of their own or one passed in, and
// functions that run one transaction statement. A call of one is read like
// the client call inside, with the caller's SQL: the race is reported at
// the caller; a fix-it edits the caller's format.

#include <libpq-fe.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static PGconn *conn;

static PGresult *db_vselect(const char *fmt, va_list args) {
  char sql[1024];
  vsnprintf(sql, sizeof sql, fmt, args);
  return PQexec(conn, sql);
}

// Two levels: the format goes on to the function that fills it.
PGresult *db_select(const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  PGresult *r = db_vselect(fmt, args);
  va_end(args);
  return r;
}

int db_execute(const char *fmt, ...) {
  va_list args;
  char *sql = NULL;
  va_start(args, fmt);
  const int n = vasprintf(&sql, fmt, args);
  va_end(args);
  if (n < 0)
    return -1;
  PGresult *r = PQexec(conn, sql);
  free(sql);
  const int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok ? 0 : -1;
}

void db_begin(void) { PQclear(PQexec(conn, "BEGIN")); }
void db_commit(void) { PQclear(PQexec(conn, "COMMIT")); }

// The connection and the SQL as they are; a retry calls itself.
PGresult *db_query(PGconn *c, const char *sql, int tries) {
  PGresult *r = PQexec(c, sql);
  if (!r && tries > 0)
    return db_query(c, sql, tries - 1);
  return r;
}

// Get-or-create in autocommit, through the layer: two instances that start
// at once both find no row and both insert it.
int hostId(const char *name) {
  PGresult *r = db_select("SELECT hostid FROM hosts WHERE host = '%s'", name);
  if (PQntuples(r) > 0) {
    const int id = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return id;
  }
  PQclear(r);
  db_execute("INSERT INTO hosts (host) VALUES ('%s')", name);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'INSERT INTO hosts' depends on 'SELECT ... FROM hosts' at line [[@LINE-8]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-9]]:17: note: 'SELECT ... FROM hosts' read here, through 'db_select' (PQexec in {{.*}}:21)
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: let the database refuse the duplicate: the INSERT does nothing when the row exists (check the rows it inserted)
  // CHECK-FIXES: db_execute("INSERT INTO hosts (host) VALUES ('%s') ON CONFLICT DO NOTHING", name);
  return 0;
}

// The database refuses the duplicate: nothing to report.
int hostIdOnConflict(const char *name) {
  PGresult *r = db_select("SELECT hostid FROM hosts WHERE host = '%s'", name);
  const int found = PQntuples(r) > 0;
  PQclear(r);
  if (!found)
    db_execute("INSERT INTO hosts (host) VALUES ('%s') ON CONFLICT DO NOTHING", name);
  return found;
}

// Read and write in one SERIALIZABLE transaction, begun and committed
// through the layer: nothing to report.
int hostIdSerializable(const char *name) {
  db_execute("BEGIN ISOLATION LEVEL SERIALIZABLE");
  PGresult *r = db_select("SELECT hostid FROM hosts WHERE host = '%s'", name);
  const int found = PQntuples(r) > 0;
  PQclear(r);
  if (!found)
    db_execute("INSERT INTO hosts (host) VALUES ('%s')", name);
  db_commit();
  return found;
}

// One READ COMMITTED transaction (db_begin), the row locked by the read:
// nothing to report.
int claimLocked(int id) {
  db_begin();
  PGresult *r = db_select("SELECT status FROM jobs WHERE id = %d FOR UPDATE", id);
  const int isNew = strcmp(PQgetvalue(r, 0, 0), "new") == 0;
  PQclear(r);
  if (isNew)
    db_execute("UPDATE jobs SET status = 'running' WHERE id = %d", id);
  db_commit();
  return isNew;
}

// The same without the row lock: the transaction does not stop a second
// worker from claiming the job too.
int claimUnlocked(int id) {
  db_begin();
  PGresult *r = db_select("SELECT status FROM jobs WHERE id = %d", id);
  const int isNew = strcmp(PQgetvalue(r, 0, 0), "new") == 0;
  PQclear(r);
  if (isNew)
    db_execute("UPDATE jobs SET status = 'running' WHERE id = %d", id);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'UPDATE jobs' depends on 'SELECT ... FROM jobs' at line [[@LINE-5]] in a READ COMMITTED transaction, and the SELECT locks no rows; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:17: note: 'SELECT ... FROM jobs' read here, through 'db_select' (PQexec in {{.*}}:21)
  // CHECK-FIXES: PGresult *r = db_select("SELECT status FROM jobs WHERE id = %d FOR UPDATE", id);
  db_commit();
  return isNew;
}

// The connection is the caller's: the read and the write on one are a
// pair, on two they are not.
int claimOn(PGconn *c) {
  PGresult *r = db_query(c, "SELECT status FROM jobs WHERE id = 1", 3);
  const int isNew = strcmp(PQgetvalue(r, 0, 0), "new") == 0;
  PQclear(r);
  if (isNew)
    PQclear(db_query(c, "UPDATE jobs SET status = 'running' WHERE id = 1", 3));
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'UPDATE jobs' depends on 'SELECT ... FROM jobs' at line [[@LINE-5]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:17: note: 'SELECT ... FROM jobs' read here, through 'db_query' (PQexec in {{.*}}:53)
  return isNew;
}

int claimAcross(PGconn *reader, PGconn *writer) {
  PGresult *r = db_query(reader, "SELECT status FROM jobs WHERE id = 1", 3);
  const int isNew = strcmp(PQgetvalue(r, 0, 0), "new") == 0;
  PQclear(r);
  if (isNew)
    PQclear(db_query(writer, "UPDATE jobs SET status = 'running' WHERE id = 1", 3));
  return isNew;
}

// SQLite: the layer formats with sqlite3_vmprintf; the read is the
// caller's own, on the same global handle.
#include <sqlite3.h>

static sqlite3 *db;

int lite_exec(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *sql = sqlite3_vmprintf(fmt, ap);
  va_end(ap);
  const int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
  sqlite3_free(sql);
  return rc;
}

int addUser(const char *name) {
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM users WHERE name = ?", -1, &st, NULL);
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  int n = 0;
  if (sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  if (n == 0)
    return lite_exec("INSERT INTO users(name) VALUES (%Q)", name);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'INSERT INTO users' depends on 'SELECT ... FROM users' at line [[@LINE-5]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:7: note: 'SELECT ... FROM users' read here
  // CHECK-MESSAGES: :[[@LINE-3]]:12: note: let the database refuse the duplicate: the INSERT does nothing when the row exists (check the rows it inserted)
  // CHECK-FIXES: return lite_exec("INSERT OR IGNORE INTO users(name) VALUES (%Q)", name);
  return SQLITE_OK;
}

// A transaction statement run through a function that calls what its
// caller passes (retrying on a lost connection): db_serializable() through
// txn() begins the transaction at txnBegin()'s call; read and write in one
// SERIALIZABLE transaction: silent.
int db_serializable(void) {
  PQclear(PQexec(conn, "BEGIN ISOLATION LEVEL SERIALIZABLE"));
  return 0;
}
int db_end(void) {
  PQclear(PQexec(conn, "COMMIT"));
  return 0;
}
static void txn(int (*op)(void)) {
  int rc = op();
  while (rc < 0)
    rc = op();
}
void txnBegin(void) { txn(db_serializable); }

int hostIdRetried(const char *name) {
  txnBegin();
  PGresult *r = db_select("SELECT hostid FROM hosts WHERE host = '%s'", name);
  const int found = PQntuples(r) > 0;
  PQclear(r);
  if (!found)
    db_execute("INSERT INTO hosts (host) VALUES ('%s')", name);
  txn(db_end);
  return found;
}
