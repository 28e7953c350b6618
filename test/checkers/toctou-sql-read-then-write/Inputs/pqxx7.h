// The part of libpqxx 7's API the test below uses, declared as libpqxx 7.8
// declares it (Debian 12 ships libpqxx 6.4, without the query functions).
// Declarations only: nothing here runs.
#ifndef PQXX7_TEST_H
#define PQXX7_TEST_H

#include <string>
#include <tuple>

namespace pqxx {
class zview {
public:
  zview(const char *);
};
class connection {};
class field {
public:
  template <typename T> T as() const;
};
class row {
public:
  field operator[](int) const;
  field operator[](const char *) const;
};
class result {
public:
  row operator[](int) const;
  long affected_rows() const;
};
class transaction_base {
public:
  result exec(zview);
  result exec0(zview);
  row exec1(zview);
  template <typename... Args> result exec_params(zview, Args &&...);
  template <typename T> T query_value(zview);
  template <typename... T> std::tuple<T...> query1(zview);
  void commit();
};
class dbtransaction : public transaction_base {};
template <int Level = 0> class transaction : public dbtransaction {
public:
  explicit transaction(connection &);
};
using work = transaction<>;
} // namespace pqxx

#endif
