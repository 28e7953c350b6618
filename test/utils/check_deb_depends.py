#!/usr/bin/env python3
"""Checks the Depends of a .deb against what its programs link: every ELF
file in the package is read for its NEEDED libraries, each is found where
the dynamic loader would find it (ldconfig's cache) and attributed to the
installed package that owns it (dpkg -S); the package's Depends must name
exactly those packages, plus the ones given with --also (dependencies no
library shows, e.g. headers read at run time).

usage: check_deb_depends.py DEB [--also=PKG]...
Prints the dependencies and "ok", or the differences and exits 1.
"""
import os
import re
import subprocess
import sys
import tempfile


def ldconfig_paths():
    paths = {}
    out = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines()[1:]:
        m = re.match(r"\s*(\S+) \(([^)]*)\) => (\S+)", line)
        if m and "x86-64" in m.group(2):
            paths.setdefault(m.group(1), m.group(3))
    return paths


def owner(path):
    for candidate in (path, os.path.realpath(path)):
        r = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if r.returncode == 0:
            return r.stdout.split(":")[0].strip()
    # /lib is /usr/lib on a merged-/usr system: dpkg knows one spelling.
    alt = path.replace("/usr/lib/", "/lib/", 1) if path.startswith("/usr/lib/") else "/usr" + path
    r = subprocess.run(["dpkg", "-S", alt], capture_output=True, text=True)
    return r.stdout.split(":")[0].strip() if r.returncode == 0 else None


def main(argv):
    deb = argv[1]
    also = {a[len("--also="):] for a in argv[2:] if a.startswith("--also=")}
    depends = subprocess.run(["dpkg-deb", "-f", deb, "Depends"], capture_output=True,
                             text=True, check=True).stdout
    declared = {d.strip().split(" ")[0] for d in depends.split(",") if d.strip()}
    loader = ldconfig_paths()
    needed = set()
    with tempfile.TemporaryDirectory() as root:
        subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
        for top, _, files in os.walk(root):
            for name in files:
                path = os.path.join(top, name)
                if os.path.islink(path):
                    continue
                with open(path, "rb") as f:
                    if f.read(4) != b"\x7fELF":
                        continue
                out = subprocess.run(["readelf", "-d", path], capture_output=True,
                                     text=True, check=True).stdout
                needed |= set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))
    problems = []
    owners = set()
    for soname in sorted(needed):
        path = loader.get(soname)
        pkg = owner(path) if path else None
        if not pkg:
            problems.append("%s: not found by the loader or owned by no package" % soname)
            continue
        owners.add(pkg)
    expected = owners | also
    for pkg in sorted(expected - declared):
        problems.append("Depends lacks %s" % pkg)
    for pkg in sorted(declared - expected):
        problems.append("Depends has %s, which nothing needs" % pkg)
    print("Depends: " + ", ".join(sorted(declared)))
    for p in problems:
        print("error: " + p)
    if not problems:
        print("ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
