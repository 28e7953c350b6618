// RUN: %check_toctou_tidy --fix-notes %s toctou-sql-read-then-write %t -- -- -I/usr/include/postgresql

// A driver table: the program calls its database through function pointer
// fields (`db->v.query(db, sql)`) that a driver sets to its query functions,
// in an initializer or by assignment. A call through a field every query
// function set to has one shape is read like them; the connection is the
// object they take it from.

#include <libpq-fe.h>
#include <stddef.h>

struct db;
struct db_vfuncs {
  int (*exec)(struct db *db, const char *sql);
  PGresult *(*query)(struct db *db, const char *sql);
  void (*close)(struct db *db);
  PGresult *(*other)(struct db *db, const char *a, const char *b);
};
struct db {
  struct db_vfuncs v;
  PGconn *pg;
};

static PGresult *pg_query(struct db *db, const char *sql) { return PQexec(db->pg, sql); }
static int pg_exec(struct db *db, const char *sql) {
  PGresult *r = PQexec(db->pg, sql);
  const int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok ? 0 : -1;
}
static void pg_close(struct db *db) { PQfinish(db->pg); }

// Two functions of different shapes set to one field: it is neither.
static PGresult *first(struct db *db, const char *a, const char *b) {
  (void)b;
  return PQexec(db->pg, a);
}
static PGresult *second(struct db *db, const char *a, const char *b) {
  (void)a;
  return PQexec(db->pg, b);
}

const struct db_vfuncs pg_vfuncs = {
    .exec = pg_exec,
    .query = pg_query,
    .close = pg_close,
    .other = first,
};

void useSecond(struct db *db) { db->v.other = second; }

// The layer above the table.
PGresult *sql_query(struct db *db, const char *sql) { return db->v.query(db, sql); }

int addUser(struct db *db) {
  PGresult *r = db->v.query(db, "SELECT 1 FROM users WHERE name = 'x'");
  if (PQntuples(r) == 0)
    return db->v.exec(db, "INSERT INTO users(name) VALUES ('x')");
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'INSERT INTO users' depends on 'SELECT ... FROM users' at line [[@LINE-3]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-4]]:17: note: 'SELECT ... FROM users' read here, through 'query' (PQexec in {{.*}}:24)
  // CHECK-MESSAGES: :[[@LINE-3]]:12: note: let the database refuse the duplicate: the INSERT does nothing when the row exists (check the rows it inserted)
  // CHECK-FIXES: return db->v.exec(db, "INSERT INTO users(name) VALUES ('x') ON CONFLICT DO NOTHING");
  return 0;
}

int addUserThroughLayer(struct db *db) {
  PGresult *r = sql_query(db, "SELECT 1 FROM users WHERE name = 'y'");
  if (PQntuples(r) == 0)
    return db->v.exec(db, "INSERT INTO users(name) VALUES ('y')");
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'INSERT INTO users' depends on 'SELECT ... FROM users' at line [[@LINE-3]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-4]]:17: note: 'SELECT ... FROM users' read here, through 'sql_query' (PQexec in {{.*}}:24)
  // CHECK-MESSAGES: :[[@LINE-3]]:12: note: let the database refuse the duplicate: the INSERT does nothing when the row exists (check the rows it inserted)
  // CHECK-FIXES: return db->v.exec(db, "INSERT INTO users(name) VALUES ('y') ON CONFLICT DO NOTHING");
  return 0;
}

// Two database objects: two connections, no pair.
int copyUser(struct db *from, struct db *to) {
  PGresult *r = from->v.query(from, "SELECT 1 FROM users WHERE name = 'z'");
  if (PQntuples(r) == 0)
    return to->v.exec(to, "INSERT INTO users(name) VALUES ('z')");
  return 0;
}

// The field of two shapes is not read.
int viaOther(struct db *db) {
  PGresult *r = db->v.other(db, "SELECT 1 FROM users WHERE name = 'w'", "SELECT 2");
  if (PQntuples(r) == 0)
    return db->v.exec(db, "INSERT INTO users(name) VALUES ('w')");
  return 0;
}
