// The races the database checks report, run for real: two or more workers
// on their own connections to one PostgreSQL server, each scenario in a
// flagged form (what toctou-sql-read-then-write reports) and in its fixed
// form (what its fix-its and notes propose). Bounded: a few dozen rows.
//
// Usage: races   (libpq reads PGHOST, PGPORT, PGUSER, PGDATABASE)

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

enum { Workers = 3, Jobs = 30, Withdrawals = 20, Balance = 1000 };

static PGconn *connectOrDie(void) {
  PGconn *conn = PQconnectdb("");
  if (PQstatus(conn) != CONNECTION_OK) {
    fprintf(stderr, "races: %s", PQerrorMessage(conn));
    exit(2);
  }
  return conn;
}

static void run(PGconn *conn, const char *sql) {
  PGresult *r = PQexec(conn, sql);
  if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
    fprintf(stderr, "races: %s: %s", sql, PQerrorMessage(conn));
    exit(2);
  }
  PQclear(r);
}

static long scalar(PGconn *conn, const char *sql) {
  PGresult *r = PQexec(conn, sql);
  if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
    fprintf(stderr, "races: %s: %s", sql, PQerrorMessage(conn));
    exit(2);
  }
  long v = atol(PQgetvalue(r, 0, 0));
  PQclear(r);
  return v;
}

// The seed's scheduler, flagged: pending jobs read outside a transaction,
// then claimed one by one.
static void scheduleFlagged(PGconn *conn, const char *worker) {
  PGresult *pending = PQexec(conn, "SELECT id FROM jobs WHERE status = 'pending' ORDER BY id");
  for (int i = 0; i < PQntuples(pending); ++i) {
    const char *params[2] = {PQgetvalue(pending, i, 0), worker};
    usleep(2000); // what the scheduler does between the check and the claim
    PQclear(PQexecParams(conn, "UPDATE jobs SET status = 'processing' WHERE id = $1",
                         1, NULL, params, NULL, NULL, 0));
    PQclear(PQexecParams(conn, "INSERT INTO processed(job_id, worker) VALUES ($1, $2)",
                         2, NULL, params, NULL, NULL, 0));
  }
  PQclear(pending);
}

// Fixed: one statement claims a job (the note's single-statement claim).
static void scheduleFixed(PGconn *conn, const char *worker) {
  for (;;) {
    PGresult *claimed = PQexec(conn,
        "UPDATE jobs SET status = 'processing' WHERE id IN (SELECT id FROM jobs "
        "WHERE status = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id");
    if (PQntuples(claimed) == 0) {
      PQclear(claimed);
      return;
    }
    const char *params[2] = {PQgetvalue(claimed, 0, 0), worker};
    usleep(2000);
    PQclear(PQexecParams(conn, "INSERT INTO processed(job_id, worker) VALUES ($1, $2)",
                         2, NULL, params, NULL, NULL, 0));
    PQclear(claimed);
  }
}

// A read-modify-write in a READ COMMITTED transaction, flagged.
static void withdrawFlagged(PGconn *conn) {
  for (int i = 0; i < Withdrawals; ++i) {
    PQclear(PQexec(conn, "BEGIN"));
    PGresult *r = PQexec(conn, "SELECT balance FROM accounts WHERE id = 1");
    long balance = atol(PQgetvalue(r, 0, 0));
    PQclear(r);
    usleep(1000);
    char next[32];
    snprintf(next, sizeof next, "%ld", balance - 1);
    const char *p[1] = {next};
    PQclear(PQexecParams(conn, "UPDATE accounts SET balance = $1 WHERE id = 1",
                         1, NULL, p, NULL, NULL, 0));
    PQclear(PQexec(conn, "COMMIT"));
  }
}

// Fixed by the check's fix-it: FOR UPDATE on the SELECT.
static void withdrawFixed(PGconn *conn) {
  for (int i = 0; i < Withdrawals; ++i) {
    PQclear(PQexec(conn, "BEGIN"));
    PGresult *r = PQexec(conn, "SELECT balance FROM accounts WHERE id = 1 FOR UPDATE");
    long balance = atol(PQgetvalue(r, 0, 0));
    PQclear(r);
    usleep(1000);
    char next[32];
    snprintf(next, sizeof next, "%ld", balance - 1);
    const char *p[1] = {next};
    PQclear(PQexecParams(conn, "UPDATE accounts SET balance = $1 WHERE id = 1",
                         1, NULL, p, NULL, NULL, 0));
    PQclear(PQexec(conn, "COMMIT"));
  }
}

static double now(void) {
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return tv.tv_sec + tv.tv_usec / 1e6;
}

// Runs Body in Workers processes that start together.
static void race(void (*Scheduler)(PGconn *, const char *),
                 void (*Withdraw)(PGconn *)) {
  const double start = now() + 0.3;
  for (int w = 0; w < Workers; ++w) {
    pid_t pid = fork();
    if (pid < 0) {
      perror("races: fork");
      exit(2);
    }
    if (pid == 0) {
      PGconn *conn = connectOrDie();
      char name[16];
      snprintf(name, sizeof name, "%d", w);
      while (now() < start)
        usleep(100);
      if (Scheduler)
        Scheduler(conn, name);
      else
        Withdraw(conn);
      PQfinish(conn);
      _exit(0);
    }
  }
  int status;
  while (wait(&status) > 0)
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      fprintf(stderr, "races: a worker failed\n");
      exit(2);
    }
}

static void resetJobs(PGconn *conn) {
  run(conn, "TRUNCATE jobs, processed");
  char sql[128];
  snprintf(sql, sizeof sql,
           "INSERT INTO jobs(status) SELECT 'pending' FROM generate_series(1, %d)", Jobs);
  run(conn, sql);
}

int main(void) {
  PGconn *conn = connectOrDie();
  const char *Duplicates =
      "SELECT count(*) FROM (SELECT job_id FROM processed GROUP BY job_id "
      "HAVING count(*) > 1) d";

  resetJobs(conn);
  race(scheduleFlagged, NULL);
  printf("scheduler flagged: %ld of %d jobs processed more than once\n",
         scalar(conn, Duplicates), Jobs);

  resetJobs(conn);
  race(scheduleFixed, NULL);
  printf("scheduler fixed: %ld of %d jobs processed more than once, %ld processed\n",
         scalar(conn, Duplicates), Jobs,
         scalar(conn, "SELECT count(DISTINCT job_id) FROM processed"));

  const long expected = Balance - (long)Workers * Withdrawals;
  run(conn, "DELETE FROM accounts");
  run(conn, "INSERT INTO accounts VALUES (1, 1000)");
  race(NULL, withdrawFlagged);
  long balance = scalar(conn, "SELECT balance FROM accounts WHERE id = 1");
  printf("withdraw flagged: balance %ld, expected %ld: %ld updates lost\n",
         balance, expected, balance - expected);

  run(conn, "DELETE FROM accounts");
  run(conn, "INSERT INTO accounts VALUES (1, 1000)");
  race(NULL, withdrawFixed);
  balance = scalar(conn, "SELECT balance FROM accounts WHERE id = 1");
  printf("withdraw fixed: balance %ld, expected %ld: %ld updates lost\n",
         balance, expected, balance - expected);
  PQfinish(conn);
  return 0;
}
