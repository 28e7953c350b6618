// RUN: %check_toctou_tidy %s toctou-sql-read-then-write %t -- -- -std=c++17 -I%S/Inputs

// libpqxx 7's typed reads: query_value and query1 are reads like exec1; the
// value they return is the column itself.

#include "pqxx7.h"

void pay(pqxx::connection &Conn, int Id, long Amount) {
  pqxx::work T(Conn);
  const long Balance = T.query_value<long>("SELECT balance FROM accounts WHERE id = 7");
  if (Balance < Amount)
    return;
  T.exec_params("UPDATE accounts SET balance = $1 WHERE id = 7", Balance - Amount);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'UPDATE accounts' depends on 'SELECT ... FROM accounts' at line [[@LINE-4]] in a READ COMMITTED transaction, and the SELECT locks no rows; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-5]]:24: note: 'SELECT ... FROM accounts' read here
  // CHECK-FIXES: const long Balance = T.query_value<long>("SELECT balance FROM accounts WHERE id = 7 FOR UPDATE");
  T.commit();
}

// The read's filter repeated in the write, but the value the write sends
// came from another column the read returned: no re-check of that value.
void promote(pqxx::connection &Conn) {
  pqxx::work T(Conn);
  auto [Id, Score] = T.query1<int, int>("SELECT id, score FROM players WHERE tier = 'silver' LIMIT 1");
  T.exec_params("UPDATE players SET score = $1 WHERE id = $2 AND tier = 'silver'", Score + 10, Id);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'UPDATE players' depends on 'SELECT ... FROM players' at line [[@LINE-2]] in a READ COMMITTED transaction, and the SELECT locks no rows; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:22: note: 'SELECT ... FROM players' read here
  // CHECK-FIXES: auto [Id, Score] = T.query1<int, int>("SELECT id, score FROM players WHERE tier = 'silver' LIMIT 1 FOR UPDATE");
  T.commit();
}

// Only the key came from the read, and the write repeats its filter:
// silent.
void claim(pqxx::connection &Conn) {
  pqxx::work T(Conn);
  const int Id = T.query_value<int>("SELECT id FROM jobs WHERE state = 'new' LIMIT 1");
  T.exec_params("UPDATE jobs SET state = 'running' WHERE id = $1 AND state = 'new'", Id);
  T.commit();
}

// From a tuple read, only the key goes to the write, which repeats the
// read's filter: silent.
void claimWithScore(pqxx::connection &Conn) {
  pqxx::work T(Conn);
  auto [Id, Score] = T.query1<int, int>("SELECT id, score FROM players WHERE tier = 'silver' LIMIT 1");
  T.exec_params("UPDATE players SET tier = 'gold' WHERE id = $1 AND tier = 'silver'", Id);
  T.commit();
}
