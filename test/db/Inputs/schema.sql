-- The tables the database checks' tests and examples use, so that every SQL
-- text they send or that a fix-it produces can be PREPAREd for real.
CREATE TABLE backfill_log (id serial PRIMARY KEY, year int, month int,
                           status text, started_at timestamptz);
CREATE TABLE accounts (id int PRIMARY KEY, balance bigint);
CREATE TABLE users (id int PRIMARY KEY, quota int, active boolean, name text UNIQUE);
CREATE TABLE seats (seat text PRIMARY KEY, flight text, taken boolean, owner text);
CREATE TABLE audit (uid int, seen timestamptz);
CREATE TABLE jobs (id serial PRIMARY KEY, state text, status text, owner int,
                   run_at timestamptz);
CREATE TABLE processed (job_id int, worker int);
CREATE TABLE control (id int PRIMARY KEY, control_epoch bigint);
CREATE TABLE records (id int PRIMARY KEY, decision bigint);
CREATE TABLE documents (id int PRIMARY KEY, version bigint, body text);
