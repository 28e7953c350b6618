#!/usr/bin/env python3
"""Stop a parallel run midway, as a CI timeout or Ctrl-C does, and show what
is left: starts TOCTOU_TIDY -p BUILD -j2 with TMPDIR=TMP, waits until its
workers run, then sends SIGNAL either to the driver alone (`driver`) or to
its whole process group (`group`, what a terminal's Ctrl-C does). Prints the
driver's exit status, its standard error, the workers still alive a moment
later, and what is left in TMP.

Usage: stop_run.py driver|group SIGNAL TMP BUILD TOCTOU_TIDY
"""
import os
import signal
import subprocess
import sys
import time


def workers(tmp):
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmd = open("/proc/%s/cmdline" % pid, "rb").read().split(b"\0")
        except OSError:
            continue
        if any(a.startswith(b"--internal-worker=") and tmp.encode() in a
               for a in cmd):
            found.append(int(pid))
    return found


def main():
    target, signame, tmp, build, tool = sys.argv[1:6]
    sig = getattr(signal, signame)
    os.makedirs(tmp, exist_ok=True)
    env = dict(os.environ, TMPDIR=tmp)
    proc = subprocess.Popen([tool, "-p", build, "-j2", "--progress=never"],
                            env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.time() + 120
    while len(workers(tmp)) < 2:
        if time.time() > deadline or proc.poll() is not None:
            sys.exit("stop_run: the workers never ran")
        time.sleep(0.02)
    if target == "driver":
        os.kill(proc.pid, sig)
    else:
        os.killpg(proc.pid, sig)
    err = proc.communicate(timeout=120)[1]
    print("driver: %s" % ("killed by " + signal.Signals(-proc.returncode).name
                          if proc.returncode < 0 else
                          "exit %d" % proc.returncode))
    for line in err.splitlines():
        print("stderr: " + line)
    # The workers end on their own once the driver is gone; on a loaded
    # machine that can take more than a moment (the test is that they end,
    # not how fast).
    deadline = time.time() + 20
    while workers(tmp) and time.time() < deadline:
        time.sleep(0.05)
    print("workers left: %d" % len(workers(tmp)))
    print("left in TMPDIR: %s" % sorted(os.listdir(tmp)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
