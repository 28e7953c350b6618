#!/usr/bin/env python3
"""Write the corpus triage report (test/corpus/TRIAGE.md's tables) from two
corpus runs and the triage verdicts.

Usage:
  triage_report.py --verdicts DIR --baseline DIR --current DIR --optin DIR
                   PACKAGE...

DIR/<pkg>/<pkg>.sarif are the runs (run.sh's TOCTOU_CORPUS_RESULTS):
  baseline  the toctou-tidy before the change, default checks;
  current   the toctou-tidy now, default checks;
  optin     the toctou-tidy now, with the opt-in classes
            (ReportRedundantChecks, ReportTimestamps) turned on, which tells
            what became of a finding that is no longer reported by default.
--verdicts DIR holds <pkg>.txt: one line per finding,
  `path/in/package.c:LINE | TP|FP|unsure | reason [class]`
(the first line for a path and line wins). The report goes to stdout.
"""
import argparse
import collections
import json
import os
import re
import sys

# What removes a false positive that no opt-in class reports either, by
# the class the triage gave it.
PAIRING_RULE = {
    "revalidated": "the use re-validates what it opened (fstat of the "
                   "descriptor compared, O_NOFOLLOW) or is atomic",
    "not-paired": "the check must decide whether the use runs, on the same "
                  "name, and be the nearest one on the path",
    "dead-or-test": "a check that only feeds an assertion, or sits under a "
                    "constant-false condition, decides nothing",
}


def load_verdicts(path):
    verdicts = {}
    if not os.path.exists(path):
        return verdicts
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = [p.strip() for p in line.split("|", 2)]
            if len(parts) < 3:
                continue
            m = re.match(r"(.*):(\d+)$", parts[0])
            if not m or parts[1] not in ("TP", "FP", "unsure"):
                continue
            key = (os.path.normpath(m.group(1)), int(m.group(2)))
            verdicts.setdefault(key, (parts[1], parts[2]))
    return verdicts


def relative(uri, pkg):
    """The path inside the package's source tree."""
    path = uri.replace("file://", "")
    m = re.search(r"/%s/[^/]+/(.*)$" % re.escape(pkg), path)
    return os.path.normpath(m.group(1) if m else path)


def load_run(root, pkg):
    """(path, line) -> (check, race class, message); None if not run."""
    sarif = os.path.join(root, pkg, pkg + ".sarif")
    if not os.path.exists(sarif):
        return None
    with open(sarif, encoding="utf-8") as f:
        run = json.load(f)["runs"][0]
    base = run.get("originalUriBaseIds", {}).get("%SRCROOT%", {}).get("uri", "")
    findings = {}
    for r in run.get("results", []):
        loc = r["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        if loc["artifactLocation"].get("uriBaseId") == "%SRCROOT%":
            uri = base + uri
        key = (relative(uri, pkg), loc["region"]["startLine"])
        findings.setdefault(key, (r["ruleId"],
                                  r.get("properties", {}).get("race-class", ""),
                                  r["message"]["text"]))
    units = failed = 0
    log = os.path.join(root, pkg, pkg + ".log")
    if os.path.exists(log):
        text = open(log, errors="replace").read()
        m = re.search(r"(\d+) files? analyzed(?:; (\d+) not analyzed)?", text)
        if m:
            units, failed = int(m.group(1)), int(m.group(2) or 0)
    return findings, units, failed


def class_tag(reason):
    m = re.search(r"\[([^\]]*)\]\s*$", reason)
    return m.group(1).strip() if m else ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--verdicts", required=True)
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--current", required=True)
    ap.add_argument("--optin", required=True)
    ap.add_argument("packages", nargs="+")
    args = ap.parse_args()

    out = sys.stdout
    totals = collections.Counter()
    removed_by = collections.Counter()
    sections = []
    rows = []
    unrun = []
    for pkg in args.packages:
        verdicts = load_verdicts(os.path.join(args.verdicts, pkg + ".txt"))
        base = load_run(args.baseline, pkg)
        cur = load_run(args.current, pkg)
        opt = load_run(args.optin, pkg)
        if cur is None:
            unrun.append(pkg)
            continue
        base_f = base[0] if base else {}
        cur_f, units, failed = cur
        opt_f = opt[0] if opt else {}
        count = collections.Counter()
        lines = []
        for key in sorted(set(base_f) | set(cur_f)):
            verdict, reason = verdicts.get(key, ("missing", ""))
            in_base, in_cur = key in base_f, key in cur_f
            check, race, message = (cur_f.get(key) or base_f.get(key))
            if in_base:
                count["base " + verdict] += 1
            if in_cur:
                count["cur " + verdict] += 1
                now = "reported (%s)" % race if race else "reported"
            elif key in opt_f:
                now = "opt-in only (%s)" % (opt_f[key][1] or "other")
            else:
                now = "not reported"
            if in_base and not in_cur and verdict == "FP":
                if key in opt_f:
                    rule = "class %s, off by default" % (opt_f[key][1] or "?")
                else:
                    rule = PAIRING_RULE.get(
                        class_tag(reason), "no longer paired (see \"What the model "
                        "changed, shape by shape\")")
                removed_by[rule] += 1
            lines.append("| `%s:%d` | %s | %s | %s | %s | %s |" % (
                key[0], key[1], check.replace("toctou-", ""),
                "yes" if in_base else "-", now, verdict,
                reason.replace("|", "\\|")))
        for k, v in count.items():
            totals[k] += v
        base_failed = base[2] if base else 0
        totals["units"] += units
        totals["failed"] += failed
        totals["base failed"] += base_failed
        rows.append("| %s | %d | %d | %d | %d | %d / %d | %d | %d / %d / %d |" % (
            pkg, units, base_failed, failed, len(base_f), count["base TP"],
            count["base FP"], len(cur_f), count["cur TP"], count["cur FP"],
            count["cur unsure"] + count["cur missing"]))
        if lines:
            sections.append("### %s\n\n| finding (use) | check | before "
                            "| now | verdict | reason |\n|---|---|---|---|---"
                            "|---|\n%s\n" % (pkg, "\n".join(lines)))
        else:
            sections.append("### %s\n\nNo finding before or now.\n" % pkg)

    def precision(tp, fp):
        return "%.2f" % (tp / (tp + fp)) if tp + fp else "-"

    out.write("| package | units | not analyzed before | not analyzed now "
              "| findings before | TP / FP before | findings now "
              "| TP / FP / unsure now |\n"
              "|---|---:|---:|---:|---:|---:|---:|---:|\n")
    out.write("\n".join(rows) + "\n")
    out.write("| **all** | %d | %d | %d | %d | %d / %d | %d | %d / %d / %d |\n\n" % (
        totals["units"], totals["base failed"], totals["failed"],
        sum(totals["base " + v] for v in ("TP", "FP", "unsure", "missing")),
        totals["base TP"], totals["base FP"],
        sum(totals["cur " + v] for v in ("TP", "FP", "unsure", "missing")),
        totals["cur TP"], totals["cur FP"],
        totals["cur unsure"] + totals["cur missing"]))
    out.write("Precision before: **%s**; now: **%s**.\n\n" % (
        precision(totals["base TP"], totals["base FP"]),
        precision(totals["cur TP"], totals["cur FP"])))
    if unrun:
        out.write("Not analyzed (no compile database): %s.\n\n"
                  % ", ".join(unrun))
    out.write("#### What removed each false positive of before\n\n"
              "| rule | false positives |\n|---|---:|\n")
    for rule, n in removed_by.most_common():
        out.write("| %s | %d |\n" % (rule, n))
    out.write("\n")
    out.write("\n".join(sections))


if __name__ == "__main__":
    main()
