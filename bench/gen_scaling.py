#!/usr/bin/env python3
"""Generates one C function with N filesystem events (N/2 checks, N/2 uses)
in one of four shapes, for the scaling benchmark:

  distinct  each check/use pair on a path of its own (p0, p1, ...)
  one-path  every check and use on the same path
  loop      the pairs inside one loop that runs them all again
  nested    the pairs in if-statements nested DEPTH deep, repeatedly
  sql       libpq: a SELECT, then an UPDATE of the same row that depends
            on it, N/2 times on one connection (each pair a finding of
            toctou-sql-read-then-write)

usage: gen_scaling.py SHAPE N > file.c
Every pair is a finding (an access() that returns early, then an open()).
"""
import sys

HEADER = """#include <fcntl.h>
#include <unistd.h>
"""


def pair(path, indent):
    return (f"{indent}if (access({path}, F_OK) == 0)\n"
            f"{indent}  return -1;\n"
            f"{indent}fds += open({path}, O_WRONLY | O_CREAT, 0600);\n")


def main():
    shape, n = sys.argv[1], int(sys.argv[2])
    pairs = n // 2
    out = [HEADER]
    if shape == "distinct":
        params = ", ".join(f"const char *p{i}" for i in range(pairs))
        out.append(f"int f({params}) {{\n  int fds = 0;\n")
        for i in range(pairs):
            out.append(pair(f"p{i}", "  "))
    elif shape == "one-path":
        out.append("int f(const char *p) {\n  int fds = 0;\n")
        for _ in range(pairs):
            out.append(pair("p", "  "))
    elif shape == "loop":
        out.append("int f(const char **p, int rounds) {\n  int fds = 0;\n"
                   "  for (int r = 0; r < rounds; ++r) {\n")
        for i in range(pairs):
            out.append(pair(f"p[{i}]", "    "))
        out.append("  }\n")
    elif shape == "nested":
        depth = 8
        out.append("int f(const char **p, int k) {\n  int fds = 0;\n")
        i = 0
        while i < pairs:
            for d in range(depth):
                out.append("  " * (d + 1) + f"if (k > {d}) {{\n")
            for _ in range(min(depth, pairs - i)):
                out.append(pair(f"p[{i}]", "  " * (depth + 1)))
                i += 1
            for d in reversed(range(depth)):
                out.append("  " * (d + 1) + "}\n")
    elif shape == "sql":
        out = ["#include <libpq-fe.h>\n",
               "int f(PGconn *c) {\n  int fds = 0;\n"]
        for i in range(pairs):
            out.append(
                f'  {{ PGresult *r = PQexec(c, "SELECT state FROM jobs{i % 10}'
                f' WHERE id = {i}");\n'
                f'    if (PQntuples(r) > 0)\n'
                f'      PQclear(PQexec(c, "UPDATE jobs{i % 10} SET state = 1'
                f' WHERE id = {i}"));\n'
                f'    PQclear(r); }}\n')
    else:
        sys.exit("unknown shape " + shape)
    out.append("  return fds;\n}\n")
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
