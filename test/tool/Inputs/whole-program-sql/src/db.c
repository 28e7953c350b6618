// A second level, in a file of its own: the variadic select.
#include "db.h"

PGresult *db_select(const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  PGresult *r = db_vselect(fmt, args);
  va_end(args);
  return r;
}
