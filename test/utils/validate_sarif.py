#!/usr/bin/env python3
"""Validates SARIF logs against the SARIF 2.1.0 JSON schema (OASIS, in
test/data/) with python3-jsonschema, then checks what the schema cannot
say: every result's ruleIndex names the rule with its ruleId, related
location ids are unique, every code flow ends at the result's location, and
fingerprints are unique within a run.

usage: validate_sarif.py SCHEMA FILE...   (exit 0 when all are valid)
"""
import json
import sys

import jsonschema


def problems(log):
    for r, run in enumerate(log.get("runs", [])):
        rules = run["tool"]["driver"].get("rules", [])
        ids = [rule["id"] for rule in rules]
        if len(ids) != len(set(ids)):
            yield "run %d: duplicate rule ids" % r
        seen = set()
        for i, result in enumerate(run.get("results", [])):
            where = "run %d result %d" % (r, i)
            index = result.get("ruleIndex")
            if index is None or index >= len(rules) or \
                    rules[index]["id"] != result.get("ruleId"):
                yield "%s: ruleIndex %s does not name rule %r" % (
                    where, index, result.get("ruleId"))
            related = [l["id"] for l in result.get("relatedLocations", [])]
            if len(related) != len(set(related)):
                yield "%s: duplicate relatedLocations ids" % where
            for flow in result.get("codeFlows", []):
                for thread in flow["threadFlows"]:
                    last = thread["locations"][-1]["location"]["physicalLocation"]
                    if last != result["locations"][0]["physicalLocation"]:
                        yield "%s: the code flow does not end at the result" % where
            fp = json.dumps(result.get("partialFingerprints"), sort_keys=True)
            if fp in seen:
                yield "%s: fingerprint %s is not unique" % (where, fp)
            seen.add(fp)


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft4Validator(schema)
    failed = False
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            log = json.load(f)
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
        for e in errors:
            print("%s: schema: %s at %s" % (path, e.message,
                                            "/".join(map(str, e.path))))
        for p in problems(log):
            print("%s: %s" % (path, p))
            failed = True
        failed = failed or bool(errors)
        if not failed:
            print("%s: valid SARIF 2.1.0 (%d results)" % (
                path, sum(len(run.get("results", [])) for run in log["runs"])))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
