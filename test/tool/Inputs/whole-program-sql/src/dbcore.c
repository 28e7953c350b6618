// The bottom of the layer: the connection, formatting, the client calls.
#define _GNU_SOURCE
#include "db.h"
#include <stdio.h>
#include <stdlib.h>

PGconn *db_conn;

PGresult *db_vselect(const char *fmt, va_list args) {
  char sql[1024];
  vsnprintf(sql, sizeof sql, fmt, args);
  return PQexec(db_conn, sql);
}

int db_execute(const char *fmt, ...) {
  va_list args;
  char *sql = NULL;
  va_start(args, fmt);
  const int n = vasprintf(&sql, fmt, args);
  va_end(args);
  if (n < 0)
    return -1;
  PGresult *r = PQexec(db_conn, sql);
  free(sql);
  const int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok ? 0 : -1;
}

void db_begin(void) { PQclear(PQexec(db_conn, "BEGIN")); }
void db_commit(void) { PQclear(PQexec(db_conn, "COMMIT")); }

int db_begin_serializable(void) {
  PGresult *r = PQexec(db_conn, "BEGIN ISOLATION LEVEL SERIALIZABLE");
  const int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok ? 0 : -1;
}
