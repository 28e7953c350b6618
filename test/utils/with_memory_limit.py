#!/usr/bin/env python3
"""Run a command with its address space limited to MIB mebibytes (RLIMIT_AS),
so that a test can require an input to be handled in bounded memory without
timing anything. Output passes through; the exit code is the command's (a
death by signal is reported and exits 1).

Usage: with_memory_limit.py MIB COMMAND [ARGS...]
"""
import resource
import subprocess
import sys


def main():
    limit = int(sys.argv[1]) << 20

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    proc = subprocess.run(sys.argv[2:], preexec_fn=cap)
    if proc.returncode < 0:
        sys.stderr.write("with_memory_limit: killed by signal %d\n"
                         % -proc.returncode)
        return 1
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
