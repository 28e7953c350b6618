// RUN: %check_toctou_tidy %s toctou-sql-read-then-write %t -- -- -std=c++17

// libpqxx: connection::prepare with exec_prepared, a subtransaction, SQL in a
// constexpr string_view and in a std::string built from literals (read, but
// a named constant is not rewritten: other calls may share it).

#include <pqxx/pqxx>
#include <string>
#include <string_view>
constexpr std::string_view kRead = "SELECT balance FROM accounts WHERE id = $1";
const std::string kWrite = std::string("UPDATE accounts SET balance = $1 ") + "WHERE id = $2";
void prepared(pqxx::connection &C, int Id) {
  C.prepare("read", "SELECT balance FROM accounts WHERE id = $1");
  pqxx::work Tx(C);
  pqxx::row R = Tx.exec_prepared1("read", Id);
  const long B = R[0].as<long>();
  Tx.exec_params(kWrite, B - 1, Id);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'UPDATE accounts' depends on 'SELECT ... FROM accounts' at line [[@LINE-3]] in a READ COMMITTED transaction, and the SELECT locks no rows; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-4]]:17: note: 'SELECT ... FROM accounts' read here
  // CHECK-FIXES: C.prepare("read", "SELECT balance FROM accounts WHERE id = $1 FOR UPDATE");
  Tx.commit();
}
void sub(pqxx::connection &C, int Id) {
  pqxx::work Outer(C);
  pqxx::subtransaction Tx(Outer, "s");
  pqxx::row R = Tx.exec_params1(std::string(kRead), Id);
  Tx.exec_params("UPDATE accounts SET balance = $1 WHERE id = $2", R[0].as<long>() - 1, Id);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'UPDATE accounts' depends on 'SELECT ... FROM accounts' at line [[@LINE-2]] in a READ COMMITTED transaction, and the SELECT locks no rows; another client can change the rows in between [toctou-sql-read-then-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:17: note: 'SELECT ... FROM accounts' read here
  Tx.commit();
  Outer.commit();
}
