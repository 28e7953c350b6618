#!/usr/bin/env python3
"""Summarize a corpus run: per package, the translation units analyzed,
findings per check, crashes and units that failed, and the time.

Usage: summarize.py WORK_DIR PACKAGE...
"""
import collections
import json
import os
import re
import sys


def main():
    work, packages = sys.argv[1], sys.argv[2:]
    rows = []
    per_check = collections.Counter()
    findings_list = []
    for pkg in packages:
        sarif_path = os.path.join(work, pkg, pkg + ".sarif")
        if not os.path.exists(sarif_path):
            rows.append((pkg, "-", "-", "-", "-", "-", "not analyzed"))
            continue
        with open(sarif_path, encoding="utf-8") as f:
            log = json.load(f)
        run = log["runs"][0]
        results = run.get("results", [])
        units = "-"
        log_path = os.path.join(work, pkg, pkg + ".log")
        if os.path.exists(log_path):
            m = re.search(r"(\d+) files? analyzed",
                          open(log_path, errors="replace").read())
            if m:
                units = m.group(1)
        notes = []
        for inv in run.get("invocations", []):
            notes += inv.get("toolExecutionNotifications", [])
        # One notification per unit that could not be analyzed (the
        # compiler errors of a unit follow it as notifications of their own).
        units_failed = [n for n in notes
                        if n.get("descriptor", {}).get("id") ==
                        "toctou-tidy-not-analyzed"]
        crashes = [n for n in units_failed
                   if "crash" in n["message"]["text"].lower()]
        failed = [n for n in units_failed if n not in crashes]
        counts = collections.Counter(r["ruleId"] for r in results)
        per_check.update(counts)
        for r in results:
            loc = r["locations"][0]["physicalLocation"]
            findings_list.append((pkg, loc["artifactLocation"]["uri"],
                                  loc["region"]["startLine"], r["ruleId"],
                                  r["message"]["text"],
                                  r.get("properties", {}).get("race-class", "")))
        seconds = open(os.path.join(work, pkg, "seconds")).read().strip()
        exit_code = open(os.path.join(work, pkg, "exit-code")).read().strip()
        rows.append((pkg, units, str(len(results)),
                     ", ".join("%s %d" % kv for kv in sorted(counts.items())) or "-",
                     str(len(crashes)), str(len(failed)),
                     "%.0f s, exit %s" % (float(seconds), exit_code)))
    print("# Corpus run\n")
    print("| package | files | findings | by check | crashes | failed units | time |")
    print("|---|---:|---:|---|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print("\n## Findings\n")
    print("| package | file | line | check | class | message |")
    print("|---|---|---:|---|---|---|")
    for pkg, uri, line, rule, msg, race in findings_list:
        print("| %s | %s | %d | %s | %s | %s |" % (pkg, uri, line, rule, race,
                                                 msg.replace("|", "\\|")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
