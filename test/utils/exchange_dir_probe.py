#!/usr/bin/env python3
"""Whether another user of the group can write into the exchange directory
of a parallel run (run as root). Starts TOCTOU_TIDY -j2 on two slow units
with TMPDIR=DIR (mode 1777) under umask 002, waits for its exchange
directory to appear, prints its mode, and has uid 65534 with supplementary
group 0 (the directory's group) try to create a file in it.

Usage: exchange_dir_probe.py DIR TOCTOU_TIDY
"""
import glob
import json
import os
import stat
import subprocess
import sys
import time


def main():
    tmp, tool = sys.argv[1:3]
    os.makedirs(tmp, exist_ok=True)
    os.chmod(tmp, 0o1777)
    work = tmp + "-src"
    os.makedirs(work, exist_ok=True)
    entries = []
    for k in range(2):
        lines = ["int big%d(void) {" % k, "  int x = 0;"]
        lines += ["  x += %d * (x ^ %d);" % (i, i % 7) for i in range(20000)]
        lines += ["  return x;", "}"]
        name = os.path.join(work, "s%d.c" % k)
        with open(name, "w") as f:
            f.write("\n".join(lines) + "\n")
        entries.append({"directory": work, "file": name,
                        "arguments": ["clang", "-c", name]})
    with open(os.path.join(work, "compile_commands.json"), "w") as f:
        json.dump(entries, f)
    env = dict(os.environ, TMPDIR=tmp)
    old = os.umask(0o002)
    proc = subprocess.Popen([tool, "-p", work, "-j2"], env=env,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    os.umask(old)
    found = None
    deadline = time.time() + 120
    while found is None and proc.poll() is None and time.time() < deadline:
        dirs = glob.glob(os.path.join(tmp, "toctou-tidy-*"))
        if dirs:
            found = dirs[0]
        else:
            time.sleep(0.01)
    if found is None:
        print("no exchange directory seen")
    else:
        print("exchange directory mode %s" %
              oct(stat.S_IMODE(os.stat(found).st_mode)))
        probe = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--groups=0",
             "touch", os.path.join(found, "planted")],
            stderr=subprocess.PIPE, text=True)
        print("other user: %s" % ("created a file" if probe.returncode == 0
                                  else probe.stderr.strip().split(": ")[-1]))
    proc.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
