// A transaction begun through a helper that retries what it is handed: the
// function handed is in another file.
#include "db.h"

static void retry(int (*op)(void)) {
  while (op() != 0)
    ;
}

void app_serializable(void) { retry(db_begin_serializable); }
