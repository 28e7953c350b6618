#!/usr/bin/env python3
"""Writes the man page toctou-tidy.1 from `toctou-tidy --help`, so that the
two never disagree: the overview becomes DESCRIPTION, each option an entry
of OPTIONS, and each section after the options (compilation database,
output, exit codes...) a section of its own, kept as laid out.

usage: make-man.py TOCTOU_TIDY OUTPUT
"""
import re
import subprocess
import sys


def roff(text):
    """Escapes text for roff: backslashes, and a leading dot or quote."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def main():
    tool, out = sys.argv[1], sys.argv[2]
    help_text = subprocess.run([tool, "--help"], check=True,
                               capture_output=True, text=True).stdout
    version = subprocess.run([tool, "--version"], check=True,
                             capture_output=True, text=True).stdout.strip()
    lines = help_text.splitlines()
    page = ['.TH TOCTOU\\-TIDY 1 "" "%s" "User Commands"' % roff(version)]
    i = 0
    overview, usage = [], ""
    while i < len(lines) and not lines[i].startswith("OPTIONS:"):
        line = lines[i]
        if line.startswith("OVERVIEW:"):
            overview.append(line[len("OVERVIEW:"):].strip())
        elif line.startswith("USAGE:"):
            usage = line[len("USAGE:"):].strip()
        elif line.strip() and overview and not usage:
            overview.append(line.strip())
        i += 1
    first = overview[0] if overview else ""
    page += [".SH NAME",
             "toctou\\-tidy \\- " + roff(first.split(" and proposes")[0].rstrip("."))]
    page += [".SH SYNOPSIS", roff(usage)]
    page += [".SH DESCRIPTION", roff(" ".join(overview))]
    page.append(".SH OPTIONS")
    i += 1
    option = re.compile(r"^  (-\S+(?: <[^>]+>)?)\s+- (.*)$")
    while i < len(lines):
        line = lines[i]
        if line and not line.startswith(" ") and line.endswith(":") and \
                not line.endswith("Options:") and not line.endswith("options:"):
            break  # the sections after the options
        m = option.match(line)
        if m:
            page += [".TP", "\\fB" + roff(m.group(1)) + "\\fR", roff(m.group(2))]
        elif line.startswith("    =") and page[-1] != ".nf":
            page.append(roff(line.strip()))
        elif line.strip() and line.startswith(" " * 20):
            page.append(roff(line.strip()))
        i += 1
    while i < len(lines):
        title = lines[i].rstrip(":")
        page += [".SH " + roff(title.upper()), ".nf"]
        i += 1
        while i < len(lines) and (not lines[i] or lines[i].startswith(" ")):
            page.append(roff(lines[i][2:] if lines[i].startswith("  ") else lines[i]))
            i += 1
        page.append(".fi")
    page += [".SH SEE ALSO", "clang\\-tidy(1); the documentation in "
             "share/doc/toctou\\-tidy (docs/toctou\\-tidy.md and docs/checks/)."]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(page) + "\n")


if __name__ == "__main__":
    main()
