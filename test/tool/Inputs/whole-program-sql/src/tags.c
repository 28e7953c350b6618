// Get-or-create in one SERIALIZABLE transaction, begun through txn.c's
// helper: nothing to report.
#include "db.h"

int add_tag(const char *name) {
  app_serializable();
  PGresult *r = db_select("SELECT id FROM tags WHERE name = '%s'", name);
  const int found = PQntuples(r) > 0;
  PQclear(r);
  if (!found)
    db_execute("INSERT INTO tags (name) VALUES ('%s')", name);
  db_commit();
  return found;
}
