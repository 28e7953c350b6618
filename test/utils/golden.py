#!/usr/bin/env python3
"""Compares an output of toctou-tidy with a golden file after making it
independent of where the test ran: ROOT (the test's temporary directory)
becomes @ROOT@, and toctou-tidy's version becomes @VERSION@; in JSON, the
times of a scan (start_time, end_time) become @TIME@ once they are checked
to be times. JSON outputs are compared as data (key order and indentation do not matter); the doc
pages embedded in SARIF rule help are checked against docs/checks/ and then
left out, so editing a doc page does not touch the golden files.

usage: golden.py --root ROOT --docs DOCS_DIR --version V [--json]
                 ACTUAL EXPECTED
Set TOCTOU_UPDATE_GOLDEN=1 to rewrite EXPECTED from ACTUAL instead.
"""
import argparse
import difflib
import json
import os
import re
import sys


def normalize_text(text, root, version):
    return text.replace(root, "@ROOT@").replace(version, "@VERSION@")


TIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$")


def strip_docs(value, docs, where="$"):
    """Removes embedded doc pages after checking them, and the scan's times;
    returns problems."""
    problems = []
    if isinstance(value, dict):
        for key in ("start_time", "end_time"):
            if isinstance(value.get(key), str):
                if not TIME.match(value[key]):
                    problems.append("%s.%s is not a time: %r" % (where, key, value[key]))
                value[key] = "@TIME@"
        rule = value.get("id") or value.get("check_name")
        for key, sub in (("help", "markdown"),):
            holder = value.get(key)
            if isinstance(holder, dict) and sub in holder and rule:
                page = os.path.join(docs, rule + ".md")
                with open(page, encoding="utf-8") as f:
                    if holder[sub] != f.read():
                        problems.append("%s.%s.%s is not %s" % (where, key, sub, page))
                holder[sub] = "@DOC:%s@" % rule
        for k, v in value.items():
            problems += strip_docs(v, docs, "%s.%s" % (where, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            problems += strip_docs(v, docs, "%s[%d]" % (where, i))
    return problems


def canonical(text, args):
    text = normalize_text(text, args.root, args.version)
    if not args.json:
        return text, []
    docs = []
    values = []
    lines = text.splitlines() if args.json_lines else [text]
    for line in lines:
        v = json.loads(line)
        docs += strip_docs(v, args.docs)
        values.append(dump(v, args))
    return "\n".join(values) + "\n", docs


def dump(value, args):
    """One line per record for JSON lines, indented otherwise."""
    if args.json_lines:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True)
    p.add_argument("--docs", required=True)
    p.add_argument("--version", required=True)
    p.add_argument("--json", action="store_true")
    p.add_argument("--json-lines", action="store_true")
    p.add_argument("actual")
    p.add_argument("expected")
    args = p.parse_args()
    args.json = args.json or args.json_lines
    with open(args.actual, encoding="utf-8") as f:
        actual, problems = canonical(f.read(), args)
    for problem in problems:
        print("error: " + problem)
    if os.environ.get("TOCTOU_UPDATE_GOLDEN") == "1":
        with open(args.expected, "w", encoding="utf-8") as f:
            f.write(actual)
        print("updated " + args.expected)
        return 1 if problems else 0
    with open(args.expected, encoding="utf-8") as f:
        expected = f.read()
    if args.json:
        expected = canonical_expected(expected, args)
    if actual != expected:
        sys.stdout.writelines(difflib.unified_diff(
            expected.splitlines(True), actual.splitlines(True),
            args.expected, args.actual))
        return 1
    return 1 if problems else 0


def canonical_expected(text, args):
    lines = text.splitlines() if args.json_lines else [text]
    return "\n".join(dump(json.loads(l), args)
                     for l in lines if l.strip()) + "\n"


if __name__ == "__main__":
    sys.exit(main())
