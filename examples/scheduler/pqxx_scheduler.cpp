// The backfill scheduler of the database-family seed, in C++ with libpqxx.

#include <pqxx/pqxx>

void processMonth(int Year, int Month);

// Flagged: read with a nontransaction (autocommit), claimed later.
void scheduleMonths(pqxx::connection &Conn) {
  pqxx::nontransaction Read(Conn);
  const pqxx::result Candidates = Read.exec(
      "SELECT id, year, month FROM backfill_log "
      "WHERE status IN ('pending', 'retry') ORDER BY year DESC, month DESC LIMIT 10");
  for (const pqxx::row &Row : Candidates) {
    pqxx::work Claim(Conn);
    Claim.exec_params("UPDATE backfill_log SET status = 'processing' WHERE id = $1",
                      Row["id"].as<int>());
    Claim.commit();
    processMonth(Row["year"].as<int>(), Row["month"].as<int>());
  }
}

// Fixed, as the seed's production code does it: one transaction, rows
// locked by the read (others skip them), the check repeated in the write,
// and a transaction-level lock that ends with the transaction.
void scheduleMonthsInTransaction(pqxx::connection &Conn) {
  pqxx::work Tx(Conn);
  const pqxx::result Candidates = Tx.exec(
      "SELECT id, year, month FROM backfill_log "
      "WHERE status IN ('pending', 'retry') ORDER BY year DESC, month DESC LIMIT 10 "
      "FOR UPDATE SKIP LOCKED");
  for (const pqxx::row &Row : Candidates) {
    Tx.exec_params("SELECT pg_advisory_xact_lock($1)", Row["id"].as<int>());
    Tx.exec_params("UPDATE backfill_log SET status = 'processing' "
                   "WHERE id = $1 AND status IN ('pending', 'retry')",
                   Row["id"].as<int>());
  }
  Tx.commit();
  for (const pqxx::row &Row : Candidates)
    processMonth(Row["year"].as<int>(), Row["month"].as<int>());
}
