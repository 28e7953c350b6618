// Get-or-create through the driver table of another file.
#include "drv.h"

int add_user(struct conn *c) {
  PGresult *r = c->ops->query(c, "SELECT 1 FROM users WHERE name = 'admin'");
  const int found = PQntuples(r) > 0;
  PQclear(r);
  if (!found)
    return c->ops->exec(c, "INSERT INTO users (name) VALUES ('admin')");
  return 0;
}
