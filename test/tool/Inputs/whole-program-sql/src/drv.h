// A driver table: the database is called through function pointers that a
// driver in another file sets.
#ifndef DRV_H
#define DRV_H
#include <libpq-fe.h>

struct conn;
struct conn_ops {
  PGresult *(*query)(struct conn *c, const char *sql);
  int (*exec)(struct conn *c, const char *sql);
};
struct conn {
  const struct conn_ops *ops;
  PGconn *pg;
};
#endif
