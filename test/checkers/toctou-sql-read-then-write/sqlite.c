// RUN: %check_toctou_tidy --fix-notes %s toctou-sql-read-then-write %t

#include <sqlite3.h>
#include <stddef.h>

// An existence check, then an INSERT: two callers both find no row.
int registerUser(sqlite3 *db, const char *name) {
  sqlite3_stmt *find = NULL;
  sqlite3_prepare_v2(db, "SELECT 1 FROM users WHERE name = ?", -1, &find, NULL);
  sqlite3_bind_text(find, 1, name, -1, SQLITE_STATIC);
  int exists = sqlite3_step(find) == SQLITE_ROW;
  sqlite3_finalize(find);
  if (exists)
    return -1;
  sqlite3_stmt *add = NULL;
  sqlite3_prepare_v2(db, "INSERT INTO users(name) VALUES (?)", -1, &add, NULL);
  sqlite3_bind_text(add, 1, name, -1, SQLITE_STATIC);
  int rc = sqlite3_step(add);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'INSERT INTO users' depends on 'SELECT ... FROM users' at line [[@LINE-8]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-9]]:16: note: 'SELECT ... FROM users' read here
  // CHECK-MESSAGES: :[[@LINE-3]]:12: note: let the database refuse the duplicate: the INSERT does nothing when the row exists (check the rows it inserted)
  // CHECK-FIXES: sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO users(name) VALUES (?)", -1, &add, NULL);
  sqlite3_finalize(add);
  return rc == SQLITE_DONE ? 0 : -1;
}

// A read-modify-write outside a transaction.
int bump(sqlite3 *db, int id) {
  sqlite3_stmt *get = NULL;
  sqlite3_prepare_v2(db, "SELECT hits FROM pages WHERE id = ?1", -1, &get, NULL);
  sqlite3_bind_int(get, 1, id);
  sqlite3_step(get);
  int hits = sqlite3_column_int(get, 0);
  sqlite3_finalize(get);
  sqlite3_stmt *set = NULL;
  sqlite3_prepare_v2(db, "UPDATE pages SET hits = ?1 WHERE id = ?2", -1, &set, NULL);
  sqlite3_bind_int(set, 1, hits + 1);
  sqlite3_bind_int(set, 2, id);
  sqlite3_step(set);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'UPDATE pages' depends on 'SELECT ... FROM pages' at line [[@LINE-8]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-9]]:3: note: 'SELECT ... FROM pages' read here
  // CHECK-MESSAGES: :[[@LINE-10]]:3: note: make the read and the write one IMMEDIATE transaction (and roll it back on the error paths)
  // CHECK-FIXES: sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  // CHECK-FIXES-NEXT: sqlite3_step(get);
  // CHECK-FIXES: sqlite3_step(set);
  // CHECK-FIXES-NEXT: sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  sqlite3_finalize(set);
  return hits;
}

// Not reported: inside BEGIN ... COMMIT (SQLite transactions are
// serializable), INSERT OR IGNORE, a relative UPDATE.
int bumpInTransaction(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  sqlite3_stmt *get = NULL;
  sqlite3_prepare_v2(db, "SELECT hits FROM pages WHERE id = ?1", -1, &get, NULL);
  sqlite3_step(get);
  int hits = sqlite3_column_int(get, 0);
  sqlite3_finalize(get);
  sqlite3_stmt *set = NULL;
  sqlite3_prepare_v2(db, "UPDATE pages SET hits = ?1 WHERE id = ?2", -1, &set, NULL);
  sqlite3_bind_int(set, 1, hits + 1);
  sqlite3_step(set);
  sqlite3_finalize(set);
  sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  return hits;
}

int registerIgnore(sqlite3 *db, const char *name) {
  sqlite3_stmt *find = NULL;
  sqlite3_prepare_v2(db, "SELECT 1 FROM users WHERE name = ?", -1, &find, NULL);
  int exists = sqlite3_step(find) == SQLITE_ROW;
  sqlite3_finalize(find);
  if (exists)
    return -1;
  sqlite3_stmt *add = NULL;
  sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO users(name) VALUES (?)", -1, &add, NULL);
  sqlite3_step(add);
  sqlite3_finalize(add);
  return 0;
}

int bumpRelative(sqlite3 *db, int id) {
  sqlite3_stmt *get = NULL;
  sqlite3_prepare_v2(db, "SELECT hits FROM pages WHERE id = ?1", -1, &get, NULL);
  sqlite3_step(get);
  int hits = sqlite3_column_int(get, 0);
  sqlite3_finalize(get);
  sqlite3_exec(db, "UPDATE pages SET hits = hits + 1", NULL, NULL, NULL);
  return hits;
}
