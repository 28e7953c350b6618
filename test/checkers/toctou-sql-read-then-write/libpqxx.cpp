// RUN: %check_toctou_tidy --fix-notes %s toctou-sql-read-then-write %t -- -- -std=c++17

#include <pqxx/pqxx>
#include <string>

void process(int Year, int Month);

// The seed's scheduler with libpqxx: candidates read with a nontransaction
// (autocommit), then claimed one by one in their own transactions.
void schedule(pqxx::connection &Conn) {
  pqxx::nontransaction Read(Conn);
  pqxx::result Candidates = Read.exec(
      "SELECT id, year, month FROM backfill_log "
      "WHERE status IN ('pending', 'retry') ORDER BY year DESC, month DESC LIMIT 10");
  for (const pqxx::row &Row : Candidates) {
    const int Id = Row["id"].as<int>();
    pqxx::work Claim(Conn);
    Claim.exec_params("UPDATE backfill_log SET status = 'processing' WHERE id = $1", Id);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'UPDATE backfill_log' depends on 'SELECT ... FROM backfill_log' at line [[@LINE-7]] outside a transaction; another client can change the rows in between [toctou-sql-read-then-write]
    // CHECK-MESSAGES: :[[@LINE-8]]:29: note: 'SELECT ... FROM backfill_log' read here
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: repeat the check in the write, and act only if it changed a row (pqxx::result::affected_rows)
    // CHECK-MESSAGES: :[[@LINE-10]]:29: note: or claim the rows in one statement: UPDATE backfill_log SET status = 'processing' WHERE id IN (SELECT id FROM backfill_log WHERE status IN ('pending', 'retry') ORDER BY year DESC, month DESC LIMIT 10 FOR UPDATE SKIP LOCKED) RETURNING id
    // The note's fix also keeps the count, and skips the work when no row
    // was updated (after the commit, which still runs):
    // CHECK-FIXES: pqxx::result written = Claim.exec_params("UPDATE backfill_log SET status = 'processing' WHERE id = $1 AND status IN ('pending', 'retry')", Id);
    // CHECK-FIXES-NEXT: const int changed = written.affected_rows() != 0;
    // CHECK-FIXES: Claim.commit();
    // CHECK-FIXES-NEXT: if (!changed)
    // CHECK-FIXES-NEXT: continue;
    // CHECK-FIXES-NEXT: process(Row["year"].as<int>(), Row["month"].as<int>());
    Claim.commit();
    process(Row["year"].as<int>(), Row["month"].as<int>());
  }
}

// Inside one READ COMMITTED transaction, without a row lock.
void withdraw(pqxx::connection &Conn, int Id, long Amount) {
  pqxx::work Tx(Conn);
  pqxx::row Row = Tx.exec_params1("SELECT balance FROM accounts WHERE id = $1", Id);
  const long Balance = Row[0].as<long>();
  if (Balance < Amount)
    return;
  Tx.exec_params("UPDATE accounts SET balance = $1 WHERE id = $2", Balance - Amount, Id);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'UPDATE accounts' depends on 'SELECT ... FROM accounts' at line [[@LINE-5]] in a READ COMMITTED transaction, and the SELECT locks no rows; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:19: note: 'SELECT ... FROM accounts' read here
  // CHECK-FIXES: pqxx::row Row = Tx.exec_params1("SELECT balance FROM accounts WHERE id = $1 FOR UPDATE", Id);
  Tx.commit();
}

// A transaction passed in: the caller opened it (READ COMMITTED).
void withdrawIn(pqxx::work &Tx, int Id, long Amount) {
  pqxx::row Row = Tx.exec_params1("SELECT balance FROM accounts WHERE id = $1", Id);
  const long Balance = Row[0].as<long>();
  Tx.exec_params("UPDATE accounts SET balance = $1 WHERE id = $2", Balance - Amount, Id);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'UPDATE accounts' depends on 'SELECT ... FROM accounts' at line [[@LINE-3]] in a READ COMMITTED transaction, and the SELECT locks no rows; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-4]]:19: note: 'SELECT ... FROM accounts' read here
  // CHECK-FIXES: pqxx::row Row = Tx.exec_params1("SELECT balance FROM accounts WHERE id = $1 FOR UPDATE", Id);
}

// Not reported: SERIALIZABLE; the seed's fixed form in one transaction with
// the check repeated; FOR UPDATE.
void withdrawSerializable(pqxx::connection &Conn, int Id, long Amount) {
  pqxx::transaction<pqxx::serializable> Tx(Conn);
  pqxx::row Row = Tx.exec_params1("SELECT balance FROM accounts WHERE id = $1", Id);
  const long Balance = Row[0].as<long>();
  Tx.exec_params("UPDATE accounts SET balance = $1 WHERE id = $2", Balance - Amount, Id);
  Tx.commit();
}

void scheduleFixed(pqxx::connection &Conn) {
  pqxx::work Tx(Conn);
  pqxx::result Candidates = Tx.exec(
      "SELECT id FROM backfill_log WHERE status IN ('pending', 'retry') "
      "ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED");
  for (const pqxx::row &Row : Candidates)
    Tx.exec_params("UPDATE backfill_log SET status = 'processing' "
                   "WHERE id = $1 AND status IN ('pending', 'retry')",
                   Row[0].as<int>());
  Tx.commit();
}

// A read in one transaction and the write it decides in a second: both are
// in a transaction, but not the same one. The value goes through a
// std::string assigned from the row (an operator= call), and the first
// transaction ends with its block.
void startIfNew(pqxx::connection &Conn, int Id) {
  std::string Status;
  {
    pqxx::work T(Conn);
    Status = T.exec_params1("SELECT status FROM jobs WHERE id = $1", Id)[0].as<std::string>();
    T.commit();
  }
  if (Status == "new") {
    pqxx::work T2(Conn);
    T2.exec_params("UPDATE jobs SET status = 'running' WHERE id = $1", Id);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'UPDATE jobs' depends on 'SELECT ... FROM jobs' at line [[@LINE-6]] but the transaction ends at line [[@LINE-5]] in between; another client can change the rows in between [toctou-sql-read-then-write]
    // CHECK-MESSAGES: :[[@LINE-7]]:14: note: 'SELECT ... FROM jobs' read here
    T2.commit();
  }
}

// Without the commit, the block's end ends the first transaction (the
// work object is destroyed: libpqxx aborts it).
void startIfNewScoped(pqxx::connection &Conn, int Id) {
  std::string Status;
  {
    pqxx::work T(Conn);
    Status = T.exec_params1("SELECT status FROM jobs WHERE id = $1", Id)[0].as<std::string>();
  }
  if (Status == "new") {
    pqxx::work T2(Conn);
    T2.exec_params("UPDATE jobs SET status = 'running' WHERE id = $1", Id);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'UPDATE jobs' depends on 'SELECT ... FROM jobs' at line [[@LINE-5]] but the transaction ends at line [[@LINE-4]] in between; another client can change the rows in between [toctou-sql-read-then-write]
    // CHECK-MESSAGES: :[[@LINE-6]]:14: note: 'SELECT ... FROM jobs' read here
    T2.commit();
  }
}

// exec1 whose row is used where it is returned, in one READ COMMITTED
// transaction: the row lock is the fix. The read picks its row by key
// only, so there is no claim statement to offer.
void startIfNewOne(pqxx::connection &Conn) {
  pqxx::work T(Conn);
  const std::string Status = T.exec1("SELECT status FROM jobs WHERE id = 7")[0].as<std::string>();
  if (Status == "new")
    T.exec0("UPDATE jobs SET status = 'running' WHERE id = 7");
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'UPDATE jobs' depends on 'SELECT ... FROM jobs' at line [[@LINE-3]] in a READ COMMITTED transaction, and the SELECT locks no rows; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-4]]:30: note: 'SELECT ... FROM jobs' read here
  // CHECK-FIXES: const std::string Status = T.exec1("SELECT status FROM jobs WHERE id = 7 FOR UPDATE")[0].as<std::string>();
  T.commit();
}
