#!/usr/bin/env python3
"""Each filesystem fix-it family, proven against a racing attacker.

For each case in this directory: the flagged form (CASE.c, a race_op()
that toctou-tidy reports), and the fixed form (the same file after
toctou-tidy --fix or --fix-notes). Both are built with harness.c and run
while attacker.c swaps the path in a loop (as nobody, in a directory that is
nobody's; the victim file is root's, in a directory only root can write).
The flagged form is run in rounds until the victim file was changed (or a
bound of rounds is reached); the fixed form is then run for the same number
of tries. Prints, per case, the line the fix-it changed, what toctou-tidy
says about the fixed form, and how often each form was exploited.

usage: race.py TOCTOU_TIDY CLANG WORKDIR
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# name, how the fix-it is applied, the attack
CASES = [
    ("exclusive-create", "--fix", "plant-link"),
    ("symlink-test-open", "--fix", "swap-file-link"),
    ("regular-then-chmod", "--fix", "swap-file-link"),
    ("create-then-chmod", "--fix-notes", "plant-link"),
    ("mkdir-then-chown", "--fix-notes", "plant-link"),
]
ROUND = 400        # tries per run of the harness
MAX_ROUNDS = 40    # the flagged form's bound
NOBODY = 65534


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def build(clang, source, out):
    r = run([clang, "-O1", "-o", out, os.path.join(HERE, "harness.c"), source])
    if r.returncode != 0:
        sys.exit("race.py: cannot build %s:\n%s" % (source, r.stderr))


def attack(harness, attacker, mode, base, rounds_max, stop_when_exploited):
    """Runs HARNESS under attack; returns (exploited, tries)."""
    target_dir = os.path.join(base, "shared")
    victim_dir = os.path.join(base, "private")
    for d in (target_dir, victim_dir):
        shutil.rmtree(d, ignore_errors=True)
        os.mkdir(d, 0o755)
        os.chmod(d, 0o755)
    os.chown(target_dir, NOBODY, NOBODY)
    path = os.path.join(target_dir, "target")
    victim = os.path.join(victim_dir, "victim")
    proc = subprocess.Popen([attacker, mode, path, victim, "--as-nobody"])
    exploited = tries = 0
    try:
        for _ in range(rounds_max):
            r = run([harness, path, victim, str(ROUND)], timeout=120)
            if r.returncode != 0:
                sys.exit("race.py: %s failed:\n%s" % (harness, r.stderr))
            exploited += int(r.stdout.split()[0])
            tries += ROUND
            if stop_when_exploited and exploited:
                break
    finally:
        alive = proc.poll() is None
        proc.kill()
        proc.wait()
    if not alive:
        sys.exit("race.py: the attacker stopped (exit %d)" % proc.returncode)
    return exploited, tries


def main():
    tidy, clang, work = sys.argv[1:4]
    if os.geteuid() != 0:
        sys.exit("race.py: run as root (the attacker runs as nobody)")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    attacker = os.path.join(work, "attacker")
    r = run([clang, "-O1", "-o", attacker, os.path.join(HERE, "attacker.c")])
    if r.returncode != 0:
        sys.exit("race.py: cannot build the attacker:\n" + r.stderr)
    # The races run in the system's temporary directory (not TMPDIR, which
    # a test runner may point into a build tree that nobody cannot
    # traverse).
    base = tempfile.mkdtemp(prefix="toctou-races-", dir="/tmp")
    os.chmod(base, 0o755)
    try:
        for name, fix, mode in CASES:
            flagged = os.path.join(work, name + ".c")
            fixed = os.path.join(work, name + ".fixed.c")
            shutil.copy(os.path.join(HERE, name + ".c"), flagged)
            shutil.copy(flagged, fixed)
            r = run([tidy, fix, "--quiet", fixed, "--"])
            if r.returncode != 1:
                sys.exit("race.py: %s: toctou-tidy %s exited %d:\n%s%s" %
                         (name, fix, r.returncode, r.stdout, r.stderr))
            before = open(flagged).read().splitlines()
            after = open(fixed).read().splitlines()
            for old, new in zip(before, after):
                if old != new:
                    print("%s fix: %s" % (name, new.strip()))
            r = run([tidy, "--quiet", fixed, "--"])
            print("%s fixed form: toctou-tidy exit %d" % (name, r.returncode))
            build(clang, flagged, os.path.join(work, name + ".flagged"))
            build(clang, fixed, os.path.join(work, name + ".fixed"))
            case_base = os.path.join(base, name)
            os.mkdir(case_base, 0o755)
            got, tries = attack(os.path.join(work, name + ".flagged"),
                                attacker, mode, case_base, MAX_ROUNDS, True)
            print("%s flagged: exploited %d times in %d tries" %
                  (name, got, tries))
            got, _ = attack(os.path.join(work, name + ".fixed"), attacker,
                            mode, case_base, tries // ROUND, False)
            print("%s fixed: exploited %d times in %d tries" %
                  (name, got, tries))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
