#!/usr/bin/env python3
"""--fix and a report on a full disk (run as root): mounts a 128 KiB tmpfs
at DIR, puts a 64 KiB source with a race and an old report there, fills the
rest, and runs TOCTOU_TIDY three times: --fix (which needs room for the new
file), a SARIF report to the old report's name, and --write-baseline over
an old baseline. Prints each run's exit code
and standard error, whether the source and the report kept their bytes, and
any file left behind. Unmounts whatever happens.

Usage: full_disk.py DIR TOCTOU_TIDY
"""
import os
import subprocess
import sys

HEAD = ('#include <fcntl.h>\n#include <unistd.h>\n'
        'int f(const char *p) {\n  if (access(p, F_OK) == 0)\n    return -1;\n'
        '  return open(p, O_WRONLY | O_CREAT, 0644);\n}\n')


def run(name, cmd, cwd):
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    print("%s: exit %d" % (name, proc.returncode))
    for line in proc.stderr.splitlines():
        print("%s: %s" % (name, line))


def main():
    disk, tool = sys.argv[1:3]
    os.makedirs(disk, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", disk],
                   check=True)
    try:
        source = HEAD + "/* " + "x" * (65536 - len(HEAD) - 7) + " */\n"
        with open(os.path.join(disk, "full.c"), "w") as f:
            f.write(source)
        report = '{"old": "report"}\n'
        with open(os.path.join(disk, "report.sarif"), "w") as f:
            f.write(report)
        baseline = ('{"tool": "toctou-tidy", "version": 1, "findings": []}'
                    + " " * 2048 + "\n")
        with open(os.path.join(disk, "baseline.json"), "w") as f:
            f.write(baseline)
        try:
            with open(os.path.join(disk, "filler"), "wb") as f:
                while True:
                    f.write(b"\0" * 4096)
                    f.flush()
        except OSError:
            pass
        run("fix", [tool, "--fix", "full.c", "--"], disk)
        print("full.c unchanged: %s" %
              (open(os.path.join(disk, "full.c")).read() == source))
        run("report", [tool, "--format=sarif:report.sarif", "full.c", "--"],
            disk)
        print("report.sarif unchanged: %s" %
              (open(os.path.join(disk, "report.sarif")).read() == report))
        run("baseline", [tool, "--write-baseline=baseline.json", "full.c",
                         "--"], disk)
        print("baseline.json unchanged: %s" %
              (open(os.path.join(disk, "baseline.json")).read() == baseline))
        print("leftovers: %s" % sorted(
            set(os.listdir(disk)) - {"full.c", "report.sarif", "filler",
                                     "baseline.json"}))
    finally:
        subprocess.run(["umount", disk])
    return 0


if __name__ == "__main__":
    sys.exit(main())
