// The backfill scheduler of the database-family seed, in C++ with libpq.
// Several schedulers run at once; each month must be processed once.

#include <cstdlib>
#include <libpq-fe.h>
#include <string>

void processMonth(int Year, int Month);

// Flagged: the candidates are read outside a transaction; between the read
// and the claim another scheduler reads the same months, and the advisory
// lock is free again once the first one released it.
int scheduleMonths(PGconn *Conn) {
  PGresult *Candidates = PQexec(Conn,
      "SELECT id, year, month FROM backfill_log "
      "WHERE status IN ('pending', 'retry') ORDER BY year DESC, month DESC LIMIT 10");
  if (PQresultStatus(Candidates) != PGRES_TUPLES_OK) {
    PQclear(Candidates);
    return -1;
  }
  for (int I = 0; I < PQntuples(Candidates); ++I) {
    const char *Params[1] = {PQgetvalue(Candidates, I, 0)};
    PGresult *Lock = PQexecParams(Conn, "SELECT pg_try_advisory_lock($1::bigint)", 1,
                                  nullptr, Params, nullptr, nullptr, 0);
    const bool Locked = PQntuples(Lock) == 1 && PQgetvalue(Lock, 0, 0)[0] == 't';
    PQclear(Lock);
    if (!Locked)
      continue;
    PQclear(PQexecParams(Conn,
                         "UPDATE backfill_log SET status = 'processing', started_at = now() "
                         "WHERE id = $1",
                         1, nullptr, Params, nullptr, nullptr, 0));
    PQclear(PQexecParams(Conn, "SELECT pg_advisory_unlock($1::bigint)", 1, nullptr,
                         Params, nullptr, nullptr, 0));
    processMonth(std::atoi(PQgetvalue(Candidates, I, 1)),
                 std::atoi(PQgetvalue(Candidates, I, 2)));
  }
  PQclear(Candidates);
  return 0;
}

// Fixed: one statement claims the months; a row another scheduler holds is
// skipped, and a claimed row is no longer pending for anyone.
int scheduleMonthsClaiming(PGconn *Conn) {
  PGresult *Claimed = PQexec(Conn,
      "UPDATE backfill_log SET status = 'processing', started_at = now() "
      "WHERE id IN (SELECT id FROM backfill_log WHERE status IN ('pending', 'retry') "
      "ORDER BY year DESC, month DESC LIMIT 10 FOR UPDATE SKIP LOCKED) "
      "RETURNING year, month");
  if (PQresultStatus(Claimed) != PGRES_TUPLES_OK) {
    PQclear(Claimed);
    return -1;
  }
  for (int I = 0; I < PQntuples(Claimed); ++I)
    processMonth(std::atoi(PQgetvalue(Claimed, I, 0)),
                 std::atoi(PQgetvalue(Claimed, I, 1)));
  PQclear(Claimed);
  return 0;
}
