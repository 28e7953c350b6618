#!/usr/bin/env python3
"""Validates a JSON document against a JSON schema (python3-jsonschema,
draft 7), and optionally that the values at a dotted path are unique
(e.g. --unique=vulnerabilities.id: the id of every element of the
top-level array "vulnerabilities").

usage: validate_json.py SCHEMA FILE [--unique=PATH]...
Prints "valid (N checked)" and exits 0, or the problems and exits 1.
"""
import json
import sys

import jsonschema


def values_at(doc, path):
    parts = path.split(".")
    found = [doc]
    for part in parts:
        nxt = []
        for v in found:
            if isinstance(v, list):
                nxt += [e.get(part) for e in v if isinstance(e, dict)]
            elif isinstance(v, dict):
                nxt.append(v.get(part))
        found = nxt
    return found


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--unique=")]
    unique = [a[len("--unique="):] for a in argv[1:] if a.startswith("--unique=")]
    if len(args) != 2:
        sys.exit(__doc__.strip())
    schema = json.load(open(args[0], encoding="utf-8"))
    doc = json.load(open(args[1], encoding="utf-8"))
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    problems = ["%s: %s" % ("/".join(map(str, e.absolute_path)) or "/", e.message)
                for e in validator.iter_errors(doc)]
    checked = 0
    for path in unique:
        values = values_at(doc, path)
        checked += len(values)
        if len(values) != len(set(map(json.dumps, values))):
            problems.append("%s: values are not unique" % path)
    for p in problems:
        print("error: " + p)
    if problems:
        return 1
    print("valid (%d checked)" % checked)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
