// RUN: %check_toctou_tidy --fix-notes %s toctou-epoch-unchecked-commit %t -- -- -std=c++17 -I/usr/include/postgresql

// The epoch in the database: a SELECT of an epoch column is a read, an
// INSERT, UPDATE or DELETE a commit. Guards: the write's WHERE compares the
// epoch (a conditional write), or the read locked the row in the write's
// transaction.

#include <cstdio>
#include <cstdlib>
#include <libpq-fe.h>
#include <pqxx/pqxx>

long evaluate(int Id);

// The writer of the seeds' protocol, with the epoch in a control table.
void writeRecord(pqxx::connection &C, int Id) {
  pqxx::nontransaction Read(C);
  pqxx::row Row = Read.exec1("SELECT control_epoch FROM control WHERE id = 1");
  const long Seen = Row[0].as<long>();
  const long Decision = evaluate(Id);
  pqxx::work Tx(C);
  Tx.exec_params("UPDATE records SET decision = $1 WHERE id = $2", Decision, Id);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'UPDATE records' commits a decision based on 'control_epoch' read at line [[@LINE-5]], which may have changed since; re-check it immediately before the commit [toctou-epoch-unchecked-commit]
  // CHECK-MESSAGES: :[[@LINE-6]]:19: note: 'control_epoch' read here
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: make the write conditional on the epoch read at line [[@LINE-7]]
  // CHECK-FIXES: Tx.exec_params("UPDATE records SET decision = $1 WHERE id = $2 AND (SELECT control_epoch FROM control WHERE id = 1) = $3", Decision, Id, Seen);
  Tx.commit();
  (void)Seen;
}

// Optimistic versioning with libpq: the version read, the document written
// without comparing it.
int writeDocument(PGconn *Conn, const char *Id) {
  PGresult *R = PQexec(Conn, "SELECT version FROM documents WHERE id = 7");
  long Version = atol(PQgetvalue(R, 0, 0));
  PQclear(R);
  const char *P[1] = {Id};
  PQclear(PQexecParams(Conn, "UPDATE documents SET body = 'x' WHERE id = $1", 1,
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'UPDATE documents' commits a decision based on 'version' read at line [[@LINE-5]], which may have changed since; re-check it immediately before the commit [toctou-epoch-unchecked-commit]
  // CHECK-MESSAGES: :[[@LINE-6]]:17: note: 'version' read here
  // CHECK-MESSAGES: :[[@LINE-3]]:11: note: make the write conditional on the epoch read at line [[@LINE-7]]: add 'AND version = $2' to its WHERE and pass the value read
                       nullptr, P, nullptr, nullptr, 0));
  return static_cast<int>(Version);
}

// Not reported: the conditional write; the row locked FOR SHARE in the
// write's transaction.
void writeConditional(pqxx::connection &C, int Id) {
  pqxx::nontransaction Read(C);
  pqxx::row Row = Read.exec1("SELECT control_epoch FROM control WHERE id = 1");
  const long Seen = Row[0].as<long>();
  const long Decision = evaluate(Id);
  pqxx::work Tx(C);
  Tx.exec_params("UPDATE records SET decision = $1 WHERE id = $2 AND "
                 "(SELECT control_epoch FROM control WHERE id = 1) = $3",
                 Decision, Id, Seen);
  Tx.commit();
}

void writeShared(pqxx::connection &C, int Id) {
  pqxx::work Tx(C);
  pqxx::row Row = Tx.exec1("SELECT control_epoch FROM control WHERE id = 1 FOR SHARE");
  const long Seen = Row[0].as<long>();
  Tx.exec_params("UPDATE records SET decision = $1 WHERE id = $2", evaluate(Id), Id);
  Tx.commit();
  (void)Seen;
}

// Not reported: a column named like an epoch that the write sets to a value
// of its own (an SNMP protocol version), neither advanced from the value
// read nor computed from it: the read only decides that the stored
// settings differ, and nothing keeps a version there.
int setSnmpVersion(PGconn *Conn, const char *Id, const char *Wanted) {
  const char *P[1] = {Id};
  PGresult *R = PQexecParams(Conn, "SELECT version FROM interface_snmp WHERE interfaceid = $1",
                             1, nullptr, P, nullptr, nullptr, 0);
  const int Differs = PQntuples(R) == 0 || atoi(PQgetvalue(R, 0, 0)) != atoi(Wanted);
  PQclear(R);
  if (Differs) {
    const char *Q[2] = {Wanted, Id};
    PQclear(PQexecParams(Conn, "UPDATE interface_snmp SET version = $1 WHERE interfaceid = $2",
                         2, nullptr, Q, nullptr, nullptr, 0));
  }
  return Differs;
}

// Reported: the version advanced from the value read, without comparing it
// in the WHERE (two writers both write version + 1).
int bumpVersion(PGconn *Conn) {
  PGresult *R = PQexec(Conn, "SELECT version FROM documents WHERE id = 7");
  const long Next = atol(PQgetvalue(R, 0, 0)) + 1;
  PQclear(R);
  char Text[32];
  snprintf(Text, sizeof Text, "%ld", Next);
  const char *P[1] = {Text};
  PQclear(PQexecParams(Conn, "UPDATE documents SET body = 'x', version = $1 WHERE id = 7",
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'UPDATE documents' commits a decision based on 'version' read at line [[@LINE-7]], which may have changed since; re-check it immediately before the commit [toctou-epoch-unchecked-commit]
  // CHECK-MESSAGES: :[[@LINE-8]]:17: note: 'version' read here
  // CHECK-MESSAGES: :[[@LINE-3]]:11: note: make the write conditional on the epoch read at line [[@LINE-9]]: add 'AND version = $2' to its WHERE and pass the value read
                       1, nullptr, P, nullptr, nullptr, 0));
  return 0;
}
