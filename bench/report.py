#!/usr/bin/env python3
"""Turns the measurements of bench/run.sh into the Markdown of
bench/results/latest.md: medians, ratios to the parse floor, the targets.

usage: report.py JSON_DIR SQLITE_DB RUNS CXX_UNITS
"""
import json
import os
import platform
import subprocess
import sys

jdir, sqlite_db, runs, cxx_units = sys.argv[1:5]


def median(name):
    with open(os.path.join(jdir, name + ".json")) as f:
        return json.load(f)["results"][0]["median"]


def rss(name):
    with open(os.path.join(jdir, name + ".rssmed")) as f:
        return int(f.read().strip() or 0)


def row(label, name, floor):
    t, m = median(name), rss(name)
    return "| %s | %.2f s | %.2fx | %d MB | %.2fx |" % (
        label, t, t / median(floor), m // 1024, m / max(rss(floor), 1))


def verdict(ok):
    return "met" if ok else "**not met**"


cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                     capture_output=True, text=True).stdout.strip()
tus = len(json.load(open(sqlite_db)))
print("# Latest benchmark\n")
print("Machine: %s, %d cores, %s; Debian %s; LLVM %s. Median of %s runs "
      "(hyperfine, after one warm-up), peak RSS (/usr/bin/time) the median of "
      "the same runs.\n" % (
          cpu, os.cpu_count(), platform.machine(),
          open("/etc/debian_version").read().strip(),
          subprocess.run(["clang-19", "--version"], capture_output=True,
                         text=True).stdout.split("\n")[0], runs))
for title, prefix in (("sqlite3.c (the amalgamation, one translation unit)", "amalg"),
                      ("C++ project (this repository's check library, %s units)" % cxx_units, "cxx")):
    print("## %s\n" % title)
    print("| tool | wall | vs parse | peak RSS | vs parse |\n|---|---:|---:|---:|---:|")
    print(row("clang -fsyntax-only (parse floor)", prefix + "-parse", prefix + "-parse"))
    print(row("clang-tidy bugprone-use-after-move", prefix + "-uam", prefix + "-parse"))
    print(row("clang-tidy --load toctou plugin", prefix + "-plugin", prefix + "-parse"))
    print(row("toctou-tidy", prefix + "-tool", prefix + "-parse"))
    if prefix == "amalg":
        print(row("flawfinder", "amalg-flawfinder", "amalg-parse"))
    print()

j1, j2 = median("tu-j1"), median("tu-j2")
print("## Throughput (%d translation units of SQLite's sources)\n" % tus)
print("| -j | wall | speed-up |\n|---|---:|---:|")
print("| 1 | %.2f s | 1.00x |\n| 2 | %.2f s | %.2fx |\n" % (j1, j2, j1 / j2))

print("## Scaling (one function with N check and use events)\n")
print("| shape | N=1000 | 2000 | 4000 | 8000 | worst ratio per doubling |")
print("|---|---:|---:|---:|---:|---:|")
worst_all, slowest = 0, 0
for shape in ("distinct", "one-path", "loop", "nested", "sql"):
    ts = [median("scale-%s-%d" % (shape, n)) for n in (1000, 2000, 4000, 8000)]
    worst = max(b / a for a, b in zip(ts, ts[1:]))
    worst_all, slowest = max(worst_all, worst), max(slowest, ts[-1])
    print("| %s | %s | %.2fx |" % (shape, " | ".join("%.2f s" % t for t in ts), worst))
print()

a = median("amalg-tool") / median("amalg-parse")
c = median("cxx-tool") / median("cxx-parse")
print("## Targets\n")
print("| target | measured | |\n|---|---|---|")
print("| toctou-tidy <= 1.10x parse, sqlite3.c | %.2fx | %s |" % (a, verdict(a <= 1.10)))
print("| toctou-tidy <= 1.10x parse, C++ project | %.2fx | %s |" % (c, verdict(c <= 1.10)))
r1 = rss("amalg-tool") / rss("amalg-parse")
r2 = rss("cxx-tool") / rss("cxx-parse")
print("| peak RSS <= 1.2x parse | %.2fx, %.2fx | %s |" % (r1, r2, verdict(max(r1, r2) <= 1.2)))
u1 = median("amalg-tool") / median("amalg-uam")
u2 = median("cxx-tool") / median("cxx-uam")
print("| toctou-tidy no worse than use-after-move, per unit (sqlite3.c, C++) | %.2fx, %.2fx | %s |" % (u1, u2, verdict(max(u1, u2) <= 1.0)))
p1 = median("amalg-plugin") / median("amalg-uam")
p2 = median("cxx-plugin") / median("cxx-uam")
print("| (the plugin against the same peer, for information) | %.2fx, %.2fx | |" % (p1, p2))
print("| <= 2.2x per doubling of N | %.2fx | %s |" % (worst_all, verdict(worst_all <= 2.2)))
print("| no function > 2 s (N=8000) | %.2f s | %s |" % (slowest, verdict(slowest <= 2.0)))
print("| -j2 >= 1.8x -j1 | %.2fx | %s |" % (j1 / j2, verdict(j1 / j2 >= 1.8)))
