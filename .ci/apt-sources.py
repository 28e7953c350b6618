#!/usr/bin/env python3
"""The Debian archive entries this machine's apt already uses, for the
scripts that need a mirror without naming one (enable-deb-src,
fresh-runner): whatever host the machine's sources name is the one used.

usage:
  apt-sources.py deb-src CODENAME OUT   write deb-src twins of the release's
                                        entries to OUT (deb822)
  apt-sources.py deb CODENAME OUT       write the release's entries to OUT
                                        (deb822), e.g. for a new root
  apt-sources.py mirror CODENAME        print the URI of the entry serving
                                        the release itself (for debootstrap)
Exits 1 with a message when the machine has no entry for the release.
"""
import glob
import os
import re
import sys


def release_entries(codename):
    """deb entries (dicts of deb822 fields) whose suites are the release's
    own: CODENAME, CODENAME-updates, CODENAME-security..."""
    ours = lambda suite: suite == codename or suite.startswith(codename + "-")
    etc = os.environ.get("TOCTOU_APT_ETC", "/etc/apt")  # tests point it elsewhere
    paths = ([etc + "/sources.list"] + sorted(glob.glob(etc + "/sources.list.d/*.sources"))
             + sorted(glob.glob(etc + "/sources.list.d/*.list")))
    entries = []
    for path in paths:
        try:
            text = open(path, encoding="utf-8").read()
        except OSError:
            continue
        if path.endswith(".sources"):
            for block in re.split(r"\n\s*\n", text):
                fields = {}
                for line in block.splitlines():
                    if line.startswith("#") or ":" not in line or line[:1].isspace():
                        continue
                    key, _, value = line.partition(":")
                    fields[key.strip()] = value.strip()
                if "deb" not in fields.get("Types", "").split():
                    continue
                if fields.get("Enabled", "yes").lower() == "no":
                    continue
                suites = [s for s in fields.get("Suites", "").split() if ours(s)]
                if not suites or not fields.get("URIs"):
                    continue
                fields["Types"] = "deb"
                fields["Suites"] = " ".join(suites)
                entries.append(fields)
            continue
        for line in text.splitlines():
            words = line.split()
            if not words or words[0] != "deb":
                continue
            words = words[1:]
            opts = []
            if words and words[0].startswith("["):
                while words:
                    word = words.pop(0)
                    opts.append(word.strip("[]"))
                    if word.endswith("]"):
                        break
            if len(words) < 3 or not ours(words[1]):
                continue
            fields = {"Types": "deb", "URIs": words[0], "Suites": words[1],
                      "Components": " ".join(words[2:])}
            for opt in opts:
                key, _, value = opt.partition("=")
                if key == "signed-by":
                    fields["Signed-By"] = value
            entries.append(fields)
    if not entries:
        sys.exit("apt-sources: no apt source of the release '%s' on this machine" % codename)
    return entries


def write(entries, out, types, why):
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Written by toctou-tidy's .ci/apt-sources.py from this machine's own\n"
                "# apt sources, %s.\n" % why)
        stanzas = []
        for fields in entries:
            fields = dict(fields, Types=types)
            stanzas.append("\n".join("%s: %s" % kv for kv in fields.items()))
        f.write("\n\n".join(stanzas) + "\n")


def main(argv):
    if len(argv) < 3 or argv[1] not in ("deb-src", "deb", "mirror"):
        sys.exit(__doc__.strip())
    entries = release_entries(argv[2])
    if argv[1] == "mirror":
        for fields in entries:
            if argv[2] in fields["Suites"].split():
                print(fields["URIs"].split()[0])
                return
        sys.exit("apt-sources: no apt source serves the release '%s' itself" % argv[2])
    if len(argv) != 4:
        sys.exit(__doc__.strip())
    if argv[1] == "deb-src":
        write(entries, argv[3], "deb-src", "for apt-get source")
    else:
        write(entries, argv[3], "deb", "for a new Debian root")


if __name__ == "__main__":
    main(sys.argv)
