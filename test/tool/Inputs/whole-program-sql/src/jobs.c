// A claim in one transaction begun and committed through the layer: with
// the row locked by the read it is right, without it is not.
#include "db.h"
#include <string.h>

int claim_locked(int id) {
  db_begin();
  PGresult *r = db_select("SELECT status FROM jobs WHERE id = %d FOR UPDATE", id);
  const int is_new = strcmp(PQgetvalue(r, 0, 0), "new") == 0;
  PQclear(r);
  if (is_new)
    db_execute("UPDATE jobs SET status = 'running' WHERE id = %d", id);
  db_commit();
  return is_new;
}

int claim(int id) {
  db_begin();
  PGresult *r = db_select("SELECT status FROM jobs WHERE id = %d", id);
  const int is_new = strcmp(PQgetvalue(r, 0, 0), "new") == 0;
  PQclear(r);
  if (is_new)
    db_execute("UPDATE jobs SET status = 'running' WHERE id = %d", id);
  db_commit();
  return is_new;
}
