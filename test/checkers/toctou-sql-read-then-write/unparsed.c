// RUN: %check_toctou_tidy %s toctou-sql-read-then-write %t -- -- -I/usr/include/postgresql

// SQL that PostgreSQL's parser rejects is reported where the parser
// stopped: the query would fail when it runs, and the checks cannot read
// it. SQLite text that does not parse is left alone (the normalization may
// be what failed), and so are the commands of the streaming replication
// protocol, which a replication connection sends instead of SQL.

#include <libpq-fe.h>
#include <sqlite3.h>

void broken(PGconn *conn, sqlite3 *db) {
  PQclear(PQexec(conn, "SELEC id FROM jobs"));
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: PostgreSQL's parser rejects this SQL: syntax error at or near "SELEC"; the query fails when it runs, and toctou-tidy cannot check it [toctou-sql-read-then-write]
  PQclear(PQexec(conn, "UPDATE jobs SET owner = WHERE id = 1"));
  // CHECK-MESSAGES: :[[@LINE-1]]:49: warning: PostgreSQL's parser rejects this SQL: syntax error at or near "WHERE"; the query fails when it runs, and toctou-tidy cannot check it [toctou-sql-read-then-write]
  PQclear(PQexec(conn, "SELECT id FROM jobs; UPDAT jobs SET owner = 1"));
  // CHECK-MESSAGES: :[[@LINE-1]]:46: warning: PostgreSQL's parser rejects this SQL: syntax error at or near "UPDAT"; the query fails when it runs, and toctou-tidy cannot check it [toctou-sql-read-then-write]
  PQclear(PQexec(conn, "IDENTIFY_SYSTEM"));
  PQclear(PQexec(conn, "TIMELINE_HISTORY 2"));
  PQclear(PQexec(conn, "START_REPLICATION SLOT s LOGICAL 0/0"));
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; SELEC 1", NULL, NULL, NULL);
}
