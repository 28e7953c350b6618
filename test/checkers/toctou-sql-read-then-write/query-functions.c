// Query functions whose body toctou-tidy cannot see (a library, a driver
// table), named with the QueryFunctions option: NAME(ROLE, ...) with a role
// per parameter (sql or format, conn, _ for any other, ... last), or
// NAME=STATEMENT for one that runs a transaction statement.
// RUN: %expect_exit 1 %toctou_tidy %s --checks='-*,toctou-sql-read-then-write' \
// RUN:   --config="{CheckOptions: {toctou-sql-read-then-write.QueryFunctions: 'DBselect(format, ...); DBexecute(format, ...); DBbegin=BEGIN; DBcommit=COMMIT; app::query(conn, _, sql)'}}" \
// RUN:   -- -I/usr/include/postgresql 2>&1 | FileCheck --implicit-check-not=warning: %s
// Not named: nothing is known of them.
// RUN: %toctou_tidy %s --checks='-*,toctou-sql-read-then-write' -- -I/usr/include/postgresql 2>&1 \
// RUN:   | FileCheck --allow-empty --check-prefix=UNNAMED --implicit-check-not=warning: %s
// UNNAMED-NOT: depends on
// Entries that cannot be read are said, each with why (a configuration
// warning, which counts as a finding); the others hold.
// RUN: %expect_exit 1 %toctou_tidy %s --checks='-*,toctou-sql-read-then-write' \
// RUN:   --config="{CheckOptions: {toctou-sql-read-then-write.QueryFunctions: 'DBselect(fmt); DBexecute(format, ...); DBcommit=VACUUM; DBbegin; app::query(conn, sql, sql)'}}" \
// RUN:   -- -I/usr/include/postgresql 2>&1 | FileCheck --check-prefix=BAD %s
// BAD: warning: toctou-sql-read-then-write.QueryFunctions: ignored 'DBselect(fmt)': 'fmt' is not sql, format, conn, _ or ... (sql or format once, conn at most once, ... last); 'DBcommit=VACUUM': 'VACUUM' is not BEGIN, COMMIT, ROLLBACK or SET TRANSACTION; 'DBbegin': expected NAME(ROLE, ...) or NAME=STATEMENT; 'app::query(conn, sql, sql)': 'sql' is not sql, format, conn, _ or ... (sql or format once, conn at most once, ... last) [clang-tidy-config]
// BAD: toctou-tidy: 1 finding, 1 file analyzed

#include <libpq-fe.h>
#include <stdlib.h>

#ifdef __cplusplus
extern "C" {
#endif
PGresult *DBselect(const char *fmt, ...);
int DBexecute(const char *fmt, ...);
void DBbegin(void);
void DBcommit(void);
#ifdef __cplusplus
}
#endif

int hostId(const char *name) {
  PGresult *r = DBselect("SELECT hostid FROM hosts WHERE host = '%s'", name);
  if (PQntuples(r) > 0)
    return atoi(PQgetvalue(r, 0, 0));
  DBexecute("INSERT INTO hosts (host) VALUES ('%s')", name);
  return 0;
}
// CHECK: query-functions.c:[[@LINE-3]]:3: warning: 'INSERT INTO hosts' depends on 'SELECT ... FROM hosts' at line [[@LINE-6]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
// CHECK: query-functions.c:[[@LINE-7]]:17: note: 'SELECT ... FROM hosts' read here, through 'DBselect' (named in QueryFunctions)
// CHECK: + DBexecute("INSERT INTO hosts (host) VALUES ('%s') ON CONFLICT DO NOTHING", name);
// CHECK: toctou-tidy: 1 finding, 1 file analyzed

// One SERIALIZABLE transaction through the named functions: silent.
int hostIdSerializable(const char *name) {
  DBexecute("BEGIN ISOLATION LEVEL SERIALIZABLE");
  PGresult *r = DBselect("SELECT hostid FROM hosts WHERE host = '%s'", name);
  if (PQntuples(r) == 0)
    DBexecute("INSERT INTO hosts (host) VALUES ('%s')", name);
  DBcommit();
  return 0;
}

// The row locked in a transaction begun by DBbegin: silent.
int claimLocked(int id) {
  DBbegin();
  PGresult *r = DBselect("SELECT status FROM jobs WHERE id = %d FOR UPDATE", id);
  if (atoi(PQgetvalue(r, 0, 0)) == 0)
    DBexecute("UPDATE jobs SET status = 1 WHERE id = %d", id);
  DBcommit();
  return 0;
}
