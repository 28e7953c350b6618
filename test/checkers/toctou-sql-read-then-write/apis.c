// RUN: %check_toctou_tidy --fix-notes %s toctou-sql-read-then-write %t -- -- -I/usr/include/postgresql -I/usr/include/mariadb

// The rest of the client APIs and SQL spellings: PQsendQuery with
// PQgetResult, a macro, PostgreSQL's ON CONFLICT, sqlite3_prepare_v3, mysql_real_query
// and mysql_rollback.

#include <libpq-fe.h>
#include <mysql.h>
#include <sqlite3.h>
#include <stdlib.h>
#define CLAIM_SQL "UPDATE jobs SET owner = $1 WHERE id = $2"
int sendQuery(PGconn *conn, const char *who) {
  PQsendQuery(conn, "SELECT id FROM jobs WHERE owner IS NULL LIMIT 1");
  PGresult *r = PQgetResult(conn);
  const char *p[2] = {who, PQgetvalue(r, 0, 0)};
  PQclear(PQexecParams(conn, CLAIM_SQL, 2, NULL, p, NULL, NULL, 0));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'UPDATE jobs' depends on 'SELECT ... FROM jobs' at line [[@LINE-4]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: 'SELECT ... FROM jobs' read here
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: or claim the rows in one statement: UPDATE jobs SET owner = $1 WHERE id IN (SELECT id FROM jobs WHERE owner IS NULL LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id
  return 0;
}
int existsThenInsert(PGconn *conn, const char *name) {
  const char *p[1] = {name};
  PGresult *r = PQexecParams(conn, "SELECT 1 FROM users WHERE name = $1", 1, NULL, p, NULL, NULL, 0);
  if (PQntuples(r) > 0) return -1;
  PQclear(PQexecParams(conn, "INSERT INTO users(name) VALUES ($1)", 1, NULL, p, NULL, NULL, 0));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'INSERT INTO users' depends on 'SELECT ... FROM users' at line [[@LINE-3]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-4]]:17: note: 'SELECT ... FROM users' read here
  // CHECK-MESSAGES: :[[@LINE-3]]:11: note: let the database refuse the duplicate: the INSERT does nothing when the row exists (check the rows it inserted)
  // CHECK-FIXES: PQclear(PQexecParams(conn, "INSERT INTO users(name) VALUES ($1) ON CONFLICT DO NOTHING", 1, NULL, p, NULL, NULL, 0));
  return 0;
}
int v3(sqlite3 *db) {
  sqlite3_stmt *get = NULL, *set = NULL;
  sqlite3_prepare_v3(db, "SELECT hits FROM pages WHERE id = 1", -1, 0, &get, NULL);
  sqlite3_step(get);
  int hits = sqlite3_column_int(get, 0);
  sqlite3_prepare_v3(db, "UPDATE pages SET hits = ?1 WHERE id = 1", -1, 0, &set, NULL);
  sqlite3_bind_int(set, 1, hits + 1);
  return sqlite3_step(set);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'UPDATE pages' depends on 'SELECT ... FROM pages' at line [[@LINE-5]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: 'SELECT ... FROM pages' read here
}
int realQuery(MYSQL *db) {
  mysql_real_query(db, "SELECT stock FROM items WHERE id = 7", 36);
  MYSQL_RES *res = mysql_store_result(db);
  MYSQL_ROW row = mysql_fetch_row(res);
  if (atoi(row[0]) <= 0) { mysql_rollback(db); return -1; }
  return mysql_real_query(db, "UPDATE items SET stock = 0 WHERE id = 7", 39);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'UPDATE items' depends on 'SELECT ... FROM items' at line [[@LINE-5]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: 'SELECT ... FROM items' read here
}
