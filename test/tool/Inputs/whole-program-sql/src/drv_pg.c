// The PostgreSQL driver: its functions, and the table that holds them.
#include "drv.h"

static PGresult *pg_query(struct conn *c, const char *sql) {
  return PQexec(c->pg, sql);
}

static int pg_exec(struct conn *c, const char *sql) {
  PGresult *r = PQexec(c->pg, sql);
  const int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok ? 0 : -1;
}

const struct conn_ops pg_ops = {.query = pg_query, .exec = pg_exec};
