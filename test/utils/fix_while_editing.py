#!/usr/bin/env python3
"""Drive `toctou-tidy --fix` through the moments when a source file changes
under it, deterministically, with its hidden --testing-pause-before-write
seam (checker/tool/SafeWrite.h): the run stops after it has read and locked
the file and computed the new text, before it writes anything.

Usage: fix_while_editing.py SCENARIO TOCTOU_TIDY FILE [TOOL ARGS...]

Scenarios:
  edit        while the run is paused, an editor rewrites FILE in place
              (a comment added at the top); the run must leave it alone.
  second-run  while the run is paused (holding its lock), a second
              `toctou-tidy --fix` on FILE starts; once the first has
              written, the second must find FILE changed and leave it.

Prints each run's exit code and standard error (the report goes to
/dev/null), then FILE as it ends up, for FileCheck.
"""
import os
import subprocess
import sys
import tempfile
import time


def wait_for(path, what, timeout=120):
    deadline = time.time() + timeout
    while not os.path.exists(path):
        if time.time() > deadline:
            sys.exit("fix_while_editing: timed out waiting for " + what)
        time.sleep(0.02)


def start(tool, file, args, pause_dir=None):
    cmd = [tool, file, "--fix"] + args
    if pause_dir:
        cmd.insert(1, "--testing-pause-before-write=" + pause_dir)
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def report(name, proc):
    err = proc.communicate(timeout=300)[1]
    print("%s: exit %d" % (name, proc.returncode))
    for line in err.splitlines():
        print("%s: %s" % (name, line))


def main():
    scenario, tool, file = sys.argv[1:4]
    args = sys.argv[4:]
    pause = tempfile.mkdtemp(prefix="fix-pause-")
    first = start(tool, file, args, pause)
    wait_for(os.path.join(pause, "paused"), "the first run to pause")
    second = None
    if scenario == "edit":
        with open(file, "r+") as f:
            text = f.read()
            f.seek(0)
            f.write("/* edited while toctou-tidy ran */\n" + text)
    elif scenario == "second-run":
        second = start(tool, file, args)
        # Long enough for the second run to analyze the file and wait for
        # the lock; it finds the file changed whether it waited or not.
        time.sleep(2)
        if second.poll() is not None:
            print("second run did not wait for the first one's lock")
    else:
        sys.exit("fix_while_editing: unknown scenario " + scenario)
    open(os.path.join(pause, "resume"), "w").close()
    report("first", first)
    if second:
        report("second", second)
    print("--- %s ---" % os.path.basename(file))
    sys.stdout.write(open(file).read())
    return 0


if __name__ == "__main__":
    sys.exit(main())
