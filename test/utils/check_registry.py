#!/usr/bin/env python3
"""Check that the registry of checks (checker/Checks.def) and what hangs off
it agree: every registered check has a doc page, a row in the docs index and
a folder of lit tests, and the tool lists exactly the registered checks.

Usage: check_registry.py SOURCE_ROOT LIST_CHECKS_OUTPUT
"""
import os
import re
import sys


def main():
    root, listing_path = sys.argv[1], sys.argv[2]
    with open(os.path.join(root, "checker", "Checks.def"), encoding="utf-8") as f:
        registered = re.findall(r'^TOCTOU_CHECK\("([a-z0-9-]+)"', f.read(), re.M)
    with open(listing_path, encoding="utf-8") as f:
        listed = re.findall(r"^\s+(toctou-[a-z0-9-]+)$", f.read(), re.M)
    with open(os.path.join(root, "docs", "checks", "README.md"), encoding="utf-8") as f:
        index = f.read()
    problems = []
    if not registered:
        problems.append("no TOCTOU_CHECK rows found in checker/Checks.def")
    if sorted(listed) != sorted(registered):
        problems.append("toctou-tidy lists %s, Checks.def registers %s"
                        % (sorted(listed), sorted(registered)))
    for name in registered:
        if not os.path.isfile(os.path.join(root, "docs", "checks", name + ".md")):
            problems.append("no doc page docs/checks/%s.md" % name)
        if "[%s](%s.md)" % (name, name) not in index:
            problems.append("docs/checks/README.md does not list %s" % name)
        tests = os.path.join(root, "test", "checkers", name)
        if not os.path.isdir(tests) or not any(
                f.endswith((".c", ".cpp")) for f in os.listdir(tests)):
            problems.append("no tests in test/checkers/%s/" % name)
    for problem in problems:
        print("check_registry: " + problem)
    if problems:
        return 1
    print("check_registry: %d checks, all documented and tested" % len(registered))
    return 0


if __name__ == "__main__":
    sys.exit(main())
