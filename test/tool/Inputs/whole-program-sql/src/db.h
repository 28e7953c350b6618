// The program's access layer: every query goes through these.
#ifndef DB_H
#define DB_H
#include <libpq-fe.h>
#include <stdarg.h>

PGresult *db_vselect(const char *fmt, va_list args);
PGresult *db_select(const char *fmt, ...);
int db_execute(const char *fmt, ...);
void db_begin(void);
void db_commit(void);
int db_begin_serializable(void);
void app_serializable(void);
#endif
