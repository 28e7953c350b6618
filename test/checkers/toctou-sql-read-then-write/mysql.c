// RUN: %check_toctou_tidy --fix-notes %s toctou-sql-read-then-write %t -- -- -I/usr/include/mariadb

#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>

// Read, decide, write: outside a transaction.
int reserve(MYSQL *db, int item) {
  if (mysql_query(db, "SELECT stock FROM items WHERE id = 7"))
    return -1;
  MYSQL_RES *res = mysql_store_result(db);
  MYSQL_ROW row = mysql_fetch_row(res);
  int stock = atoi(row[0]);
  mysql_free_result(res);
  if (stock <= 0)
    return -1;
  char sql[128];
  snprintf(sql, sizeof sql, "UPDATE items SET stock = %d WHERE id = %d", stock - 1, item);
  return mysql_query(db, "UPDATE items SET stock = 0 WHERE id = 7");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'UPDATE items' depends on 'SELECT ... FROM items' at line [[@LINE-11]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-12]]:7: note: 'SELECT ... FROM items' read here
}

// In a transaction (autocommit off) at InnoDB's REPEATABLE READ: the second
// transaction still overwrites the first.
int reserveInTransaction(MYSQL *db) {
  mysql_autocommit(db, 0);
  mysql_query(db, "SELECT stock FROM items WHERE id = 7");
  MYSQL_RES *res = mysql_store_result(db);
  MYSQL_ROW row = mysql_fetch_row(res);
  int stock = atoi(row[0]);
  mysql_free_result(res);
  if (stock > 0)
    mysql_query(db, "UPDATE items SET stock = stock - 1, sold = 1 WHERE id = 7");
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'UPDATE items' depends on 'SELECT ... FROM items' at line [[@LINE-7]] in a REPEATABLE READ transaction, which in MySQL does not stop lost updates, and the SELECT locks no rows; another client can change the rows in between [toctou-sql-read-then-write]
    // CHECK-MESSAGES: :[[@LINE-8]]:3: note: 'SELECT ... FROM items' read here
    // CHECK-FIXES: mysql_query(db, "SELECT stock FROM items WHERE id = 7 FOR UPDATE");
  mysql_commit(db);
  mysql_autocommit(db, 1);
  return 0;
}

// Not reported: FOR UPDATE in the transaction; INSERT IGNORE.
int reserveLocked(MYSQL *db) {
  mysql_autocommit(db, 0);
  mysql_query(db, "SELECT stock FROM items WHERE id = 7 FOR UPDATE");
  MYSQL_RES *res = mysql_store_result(db);
  MYSQL_ROW row = mysql_fetch_row(res);
  int stock = atoi(row[0]);
  mysql_free_result(res);
  if (stock > 0)
    mysql_query(db, "UPDATE items SET stock = stock - 1, sold = 1 WHERE id = 7");
  mysql_commit(db);
  return 0;
}

int addOnce(MYSQL *db) {
  mysql_query(db, "SELECT 1 FROM tags WHERE name = 'x'");
  MYSQL_RES *res = mysql_store_result(db);
  int found = mysql_num_rows(res) > 0;
  mysql_free_result(res);
  if (!found)
    mysql_query(db, "INSERT IGNORE INTO tags(name) VALUES ('x')");
  return 0;
}

// The prepared-statement API: the stock read into a bound buffer decides
// the write.
int reserveStatement(MYSQL *db) {
  MYSQL_STMT *get = mysql_stmt_init(db);
  mysql_stmt_prepare(get, "SELECT stock FROM items WHERE id = ?", 36);
  MYSQL_BIND out[1];
  int stock = 0;
  out[0].buffer = &stock;
  mysql_stmt_execute(get);
  mysql_stmt_bind_result(get, out);
  mysql_stmt_fetch(get);
  mysql_stmt_close(get);
  if (stock <= 0)
    return -1;
  return mysql_query(db, "UPDATE items SET stock = 0 WHERE id = 7");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'UPDATE items' depends on 'SELECT ... FROM items' at line [[@LINE-7]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:3: note: 'SELECT ... FROM items' read here
}

// Not reported: compare-and-set.
int reserveCompareAndSet(MYSQL *db) {
  mysql_query(db, "SELECT stock FROM items WHERE id = 7");
  MYSQL_RES *res = mysql_store_result(db);
  MYSQL_ROW row = mysql_fetch_row(res);
  int stock = atoi(row[0]);
  mysql_free_result(res);
  if (stock <= 0)
    return -1;
  char sql[96];
  snprintf(sql, sizeof sql, "x%d", stock);
  return mysql_query(db, "UPDATE items SET stock = stock - 1 WHERE id = 7 AND stock > 0");
}
