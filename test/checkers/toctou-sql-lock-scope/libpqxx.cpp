// RUN: %check_toctou_tidy %s toctou-sql-lock-scope %t -- -- -std=c++17

#include <pqxx/pqxx>

void claim(pqxx::connection &Conn, int Month) {
  pqxx::work Tx(Conn);
  Tx.exec_params("SELECT pg_advisory_lock($1)", Month);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: session-level advisory lock 'pg_advisory_lock' taken inside a transaction outlives its COMMIT and ROLLBACK; 'pg_advisory_xact_lock' is released with the transaction [toctou-sql-lock-scope]
  // CHECK-FIXES: Tx.exec_params("SELECT pg_advisory_xact_lock($1)", Month);
  Tx.exec_params("UPDATE backfill_log SET status = 'processing' WHERE month = $1", Month);
  Tx.commit();
}

// Not reported: the transaction-level lock; a session lock on a
// nontransaction, released after the write.
void claimXact(pqxx::connection &Conn, int Month) {
  pqxx::work Tx(Conn);
  Tx.exec_params("SELECT pg_advisory_xact_lock($1)", Month);
  Tx.exec_params("UPDATE backfill_log SET status = 'processing' WHERE month = $1", Month);
  Tx.commit();
}

void claimSession(pqxx::connection &Conn, int Month) {
  pqxx::nontransaction Tx(Conn);
  Tx.exec_params("SELECT pg_advisory_lock($1)", Month);
  Tx.exec_params("UPDATE backfill_log SET status = 'processing' WHERE month = $1", Month);
  Tx.exec_params("SELECT pg_advisory_unlock($1)", Month);
}
