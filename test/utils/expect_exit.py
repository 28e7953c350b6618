#!/usr/bin/env python3
"""Run a command and require an exact exit code.

Usage: expect_exit.py CODE COMMAND [ARGS...]

The command's stdout and stderr pass through unchanged, so the output can be
piped into FileCheck. Exits 0 when the command exited with CODE, 1 otherwise
(with a message on stderr); a crash (death by signal) never matches.
"""
import subprocess
import sys


def main():
    if len(sys.argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    expected = int(sys.argv[1])
    proc = subprocess.run(sys.argv[2:])
    if proc.returncode != expected:
        sys.stderr.write(
            "expect_exit: '%s' exited with %d, expected %d\n"
            % (" ".join(sys.argv[2:]), proc.returncode, expected))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
