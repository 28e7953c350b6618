#!/usr/bin/env python3
"""Prints a shell script that parses each FILE with clang -fsyntax-only and
the flags of BUILD_DIR/compile_commands.json: the parse floor of a project.

usage: each_tu.py BUILD_DIR FILE...
"""
import json
import os
import shlex
import sys

build, files = sys.argv[1], sys.argv[2:]
db = json.load(open(os.path.join(build, "compile_commands.json")))
by_file = {os.path.realpath(e["file"]): e for e in db}
print("set -e")
for f in files:
    e = by_file[os.path.realpath(f)]
    args = e.get("arguments") or shlex.split(e["command"])
    keep, skip = [], False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if a in ("-c", "-MD", "-MMD") or a == e["file"]:
            continue
        keep.append(a)
    print("cd %s && clang-19 -fsyntax-only %s %s" % (
        shlex.quote(e["directory"]), " ".join(map(shlex.quote, keep)),
        shlex.quote(f)))
