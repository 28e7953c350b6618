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

// A read-modify-write whose read and write pick the row by the same literal
// key: repeating the row selector is no re-check of the value read. The
// step's result is tested in the `if` that takes the value.
int bumpSharedKey(sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  int v = 0;
  sqlite3_prepare_v2(db, "SELECT v FROM kv WHERE k = 'x'", -1, &st, NULL);
  if (sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  if (v < 10) {
    sqlite3_stmt *up = NULL;
    sqlite3_prepare_v2(db, "UPDATE kv SET v = ? WHERE k = 'x'", -1, &up, NULL);
    sqlite3_bind_int(up, 1, v + 1);
    sqlite3_step(up);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'UPDATE kv' depends on 'SELECT ... FROM kv' at line [[@LINE-8]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
    // CHECK-MESSAGES: :[[@LINE-9]]:7: note: 'SELECT ... FROM kv' read here
    sqlite3_finalize(up);
  }
  return v;
}

int bumpSharedKeyRelative(sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  int v = 0;
  sqlite3_prepare_v2(db, "SELECT v FROM kv WHERE k = 'x'", -1, &st, NULL);
  if (sqlite3_step(st) == SQLITE_ROW && (v = sqlite3_column_int(st, 0)) < 10)
    sqlite3_exec(db, "UPDATE kv SET v = v + 1 WHERE k = 'x'", NULL, NULL, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'UPDATE kv' depends on 'SELECT ... FROM kv' at line [[@LINE-2]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:7: note: 'SELECT ... FROM kv' read here
  sqlite3_finalize(st);
  return v;
}

// Compared in the write (compare-and-set): silent.
int bumpSharedKeyChecked(sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  int v = 0;
  sqlite3_prepare_v2(db, "SELECT v FROM kv WHERE k = 'x'", -1, &st, NULL);
  if (sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  if (v < 10) {
    sqlite3_stmt *up = NULL;
    sqlite3_prepare_v2(db, "UPDATE kv SET v = ?1 WHERE k = 'x' AND v = ?2", -1, &up, NULL);
    sqlite3_bind_int(up, 1, v + 1);
    sqlite3_bind_int(up, 2, v);
    sqlite3_step(up);
    sqlite3_finalize(up);
  }
  return v;
}

// The read's filter repeated, and only the row's key taken from the read:
// what the write re-checks is what the read filtered on. Silent.
int claimOne(sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(db, "SELECT id FROM jobs WHERE state = 'new' LIMIT 1", -1, &st, NULL);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_finalize(st);
    return -1;
  }
  const int id = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  sqlite3_stmt *up = NULL;
  sqlite3_prepare_v2(db, "UPDATE jobs SET state = 'running' WHERE id = ?1 AND state = 'new'", -1, &up, NULL);
  sqlite3_bind_int(up, 1, id);
  sqlite3_step(up);
  sqlite3_finalize(up);
  return sqlite3_changes(db) == 1 ? id : -1;
}

void run_job(int id);

// The job runs whether or not the claim changed the row: a second worker
// that lost the race runs it again. The fix keeps the count right after
// the step (sqlite3_changes tells the last statement's) and leaves the
// function before the job when it is zero.
void claimAndRun(sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(db, "SELECT id FROM jobs WHERE state = 'new' LIMIT 1", -1, &st, NULL);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_finalize(st);
    return;
  }
  const int id = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  sqlite3_stmt *claim = NULL;
  sqlite3_prepare_v2(db, "UPDATE jobs SET state = 'running' WHERE id = ?1 AND state = 'new'", -1, &claim, NULL);
  sqlite3_bind_int(claim, 1, id);
  sqlite3_step(claim);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'UPDATE jobs' repeats the check of 'SELECT ... FROM jobs' at line [[@LINE-10]], but 'run_job' at line [[@LINE+10]] runs whether or not it changed a row; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-11]]:7: note: 'SELECT ... FROM jobs' read here
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: act only if it changed a row (sqlite3_changes)
  // CHECK-FIXES: sqlite3_step(claim);
  // CHECK-FIXES-NEXT: const int changed = sqlite3_changes(db) != 0;
  // CHECK-FIXES: sqlite3_finalize(claim);
  // CHECK-FIXES-NEXT: if (!changed)
  // CHECK-FIXES-NEXT: return;
  // CHECK-FIXES-NEXT: run_job(id);
  sqlite3_finalize(claim);
  run_job(id);
}
