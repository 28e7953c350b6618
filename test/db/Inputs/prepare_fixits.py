#!/usr/bin/env python3
"""Every SQL text a database fix-it produces, PREPAREd on a real server.

Usage: prepare_fixits.py TOCTOU_TIDY WORKDIR FILE[:COMPILE_FLAGS]...

Copies each file to WORKDIR, runs toctou-tidy on it with the database
checks and --fix --fix-notes, and collects the SQL that changed: every
string literal on a line the fixes rewrote, and the single-statement claims
the notes suggest. Each is PREPAREd (and DEALLOCATEd) through psql against
the schema the caller loaded; PREPARE parses, resolves every table and
column and plans. Prints one line per statement and exits 1 if any fails.
"""
import difflib
import os
import re
import shutil
import subprocess
import sys

LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')
CLAIM = re.compile(r"note: or claim the rows in one statement: (.*)$", re.M)
SQL_START = re.compile(r"^\s*(SELECT|UPDATE|INSERT|DELETE|WITH)\b", re.I)


def main():
    tidy, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    statements = []
    for spec in sys.argv[3:]:
        path, _, flags = spec.partition(":")
        copy = os.path.join(work, os.path.basename(path))
        shutil.copy(path, copy)
        before = open(copy).read().splitlines()
        run = subprocess.run(
            [tidy, "--checks=-*,toctou-sql-*,toctou-epoch-unchecked-commit",
             "--fix", "--fix-notes", copy,
             "--"] + flags.split(),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        after = open(copy).read().splitlines()
        for line in difflib.unified_diff(before, after, lineterm="", n=0):
            if line.startswith("+") and not line.startswith("+++"):
                for text in LITERAL.findall(line):
                    if SQL_START.match(text):
                        statements.append((os.path.basename(path), "fix-it", text))
        for claim in CLAIM.findall(run.stdout):
            statements.append((os.path.basename(path), "note", claim.strip()))
    failures = 0
    for i, (origin, kind, sql) in enumerate(statements):
        # Neither psql variables nor a semicolon inside: one statement.
        command = "PREPARE toctou_%d AS %s; DEALLOCATE toctou_%d;" % (i, sql, i)
        proc = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                               "-c", command],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
        status = "prepared" if proc.returncode == 0 else "FAILED"
        failures += proc.returncode != 0
        print("%s %s (%s): %s" % (status, origin, kind, sql))
        if proc.returncode:
            print("  " + proc.stdout.strip().replace("\n", "\n  "))
    print("%d statements prepared, %d failed" % (len(statements) - failures, failures))
    return 1 if failures or not statements else 0


if __name__ == "__main__":
    sys.exit(main())
