#!/usr/bin/env python3
"""Writes a C project for the driver's tests: DIR/src/unitNN.c, each with
one filesystem race (access, then open with O_CREAT: a finding with a
fix-it), DIR/src/clean.c without one, and DIR/build/compile_commands.json.

usage: make_project.py DIR COUNT [--crash N] [--broken N] [--races-per-file K]
                        [--slow S]
  --crash N   unit N makes the analysis crash (#pragma clang __debug crash)
  --broken N  unit N does not compile
  --slow S    every unit also has a function of S statements (seconds of
              analysis each, for tests that act while a run goes on)
"""
import argparse
import json
import os

RACE = """
int take_{name}_{k}(const char *path) {{
  if (access(path, F_OK) == 0)
    return -1;
  return open(path, O_WRONLY | O_CREAT, 0600);
}}
"""

p = argparse.ArgumentParser()
p.add_argument("dir")
p.add_argument("count", type=int)
p.add_argument("--crash", type=int, action="append", default=[])
p.add_argument("--broken", type=int, action="append", default=[])
p.add_argument("--races-per-file", type=int, default=1)
p.add_argument("--slow", type=int, default=0)
args = p.parse_args()

src = os.path.join(args.dir, "src")
build = os.path.join(args.dir, "build")
os.makedirs(src, exist_ok=True)
os.makedirs(build, exist_ok=True)
names = ["unit%02d" % i for i in range(args.count)] + ["clean"]
for i, name in enumerate(names):
    with open(os.path.join(src, name + ".c"), "w") as f:
        if i in args.crash:
            f.write("#pragma clang __debug crash\n")
        f.write("#include <fcntl.h>\n#include <unistd.h>\n")
        if i in args.broken:
            f.write("int broken(void) { return no_such_thing; }\n")
        if args.slow:
            # The analysis looks only at functions that name a path: this
            # one checks one, so its long body is walked.
            f.write("int slow_%s(const char *p, int x) {\n" % name)
            f.write("  if (access(p, R_OK) != 0)\n    return 0;\n")
            f.write("".join("  x += %d * (x ^ %d);\n" % (j, j % 7)
                            for j in range(args.slow)))
            f.write("  return x;\n}\n")
        if name == "clean":
            f.write("int clean(void) { return 0; }\n")
        else:
            for k in range(args.races_per_file):
                f.write(RACE.format(name=name, k=k))
db = [{"directory": build, "file": os.path.join(src, n + ".c"),
       "arguments": ["cc", "-c", "../src/%s.c" % n]} for n in names]
with open(os.path.join(build, "compile_commands.json"), "w") as f:
    json.dump(db, f, indent=1)
