// Get-or-create through the layer, in autocommit: two instances that
// start at once both find no row and both insert one.
#include "db.h"
#include <stdlib.h>

int host_id(const char *name) {
  PGresult *r = db_select("SELECT hostid FROM hosts WHERE host = '%s'", name);
  if (PQntuples(r) > 0) {
    const int id = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return id;
  }
  PQclear(r);
  if (db_execute("INSERT INTO hosts (host) VALUES ('%s')", name) != 0)
    return -1;
  return 0;
}
