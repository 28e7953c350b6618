#!/usr/bin/env bash
# toctou-tidy's benchmark: real code from Debian's source packages and
# synthetic scaling, measured side by side with the parse floor and peers.
# Run by hand, as root, on a machine like CI's (not part of the test suite):
#
#   bash bench/run.sh            # everything, ~45 minutes on 2 cores
#   RUNS=3 bash bench/run.sh     # fewer runs per measurement
#
# It installs what it needs (hyperfine, flawfinder, dpkg-dev; deb-src lines
# for apt-get source), fetches and prepares the inputs under bench/work/
# (not committed), and writes bench/results/latest.md. bench/README.md
# explains the figures and keeps the latest ones.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
V=${TOCTOU_LLVM_VERSION:-19}
RUNS=${RUNS:-5}
WORK=$ROOT/bench/work
OUT=$ROOT/bench/results/latest.md
TIDY=$ROOT/build/bin/toctou-tidy
PLUGIN=$ROOT/build/lib/libtoctou-tidy-plugin.so
mkdir -p "$WORK" "$ROOT/bench/results"

log() { echo "bench: $*" >&2; }

# --- what it needs -----------------------------------------------------------
bash .ci/install-deps > /dev/null
bash .ci/build > /dev/null
need=()
for pkg in hyperfine flawfinder dpkg-dev tcl; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || need+=("$pkg")
done
bash .ci/enable-deb-src
if [ ${#need[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" > /dev/null
fi

# --- inputs ------------------------------------------------------------------
# SQLite: the amalgamation (one 240k-line translation unit) and, for
# throughput, its 100-odd separate sources with a compile database.
if [ ! -f "$WORK/sqlite/sqlite3.c" ]; then
  log "fetching and preparing sqlite3 (apt-get source)"
  rm -rf "$WORK/src" "$WORK/sqlite" && mkdir -p "$WORK/src" "$WORK/sqlite"
  (cd "$WORK/src" && apt-get source -qq sqlite3 > /dev/null 2>&1)
  SRCDIR=$(find "$WORK/src" -maxdepth 1 -type d -name 'sqlite3-*' | head -n1)
  (cd "$WORK/sqlite" && "$SRCDIR/configure" > configure.log 2>&1 && make sqlite3.c > make.log 2>&1)
fi
SQL=$WORK/sqlite
if [ ! -f "$SQL/db/compile_commands.json" ]; then
  mkdir -p "$SQL/db"
  /usr/bin/python3 - "$SQL" <<'PY'
import glob, json, os, subprocess, sys
sql = sys.argv[1]
flags = ["-I" + sql + "/tsrc", "-I" + sql, "-DSQLITE_OS_UNIX=1", "-DNDEBUG"]
entries = []
for path in sorted(glob.glob(sql + "/tsrc/*.c")):
    if os.path.basename(path) in ("tclsqlite.c", "shell.c"):
        continue
    # Only what compiles alone (a few sources are #included by others).
    if subprocess.run(["clang-19", "-fsyntax-only", *flags, path],
                      capture_output=True).returncode == 0:
        entries.append({"directory": sql, "file": path,
                        "arguments": ["cc", *flags, "-c", path]})
json.dump(entries, open(sql + "/db/compile_commands.json", "w"), indent=1)
print(len(entries), "sqlite translation units", file=sys.stderr)
PY
fi
# This project's own C++ code (the check library: LLVM and Clang headers).
# Configured every run: the list of sources changes as checks are added.
cmake -S "$ROOT" -B "$WORK/self" -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -DTOCTOU_LLVM_VERSION="$V" -DCMAKE_CXX_COMPILER="clang++-$V" -DCMAKE_C_COMPILER="clang-$V" > /dev/null
SELF_FILES=$(cd "$ROOT" && ls matchers/*.cpp checker/*.cpp fixits/*.cpp | sed "s|^|$ROOT/|" | tr '\n' ' ')

# --- measurements ------------------------------------------------------------
JSON=$WORK/json && mkdir -p "$JSON"
# hyperfine: median wall time of RUNS runs (after one warm-up); each run
# goes through /usr/bin/time, whose peak RSS (the median) comes from the
# same runs. (time notes a non-zero exit on a line of its own: numbers only.)
measure() { # name command...
  local name=$1; shift
  rm -f "$JSON/$name.rss"
  hyperfine --runs "$RUNS" --warmup 1 -N -i --export-json "$JSON/$name.json" \
    "/usr/bin/time -f %M -a -o $JSON/$name.rss $*" > /dev/null 2>&1
  grep -E '^[0-9]+$' "$JSON/$name.rss" | tail -n "$RUNS" | sort -n \
    | sed -n "$(( (RUNS + 1) / 2 ))p" > "$JSON/$name.rssmed"
}

log "sqlite3.c, $RUNS runs each"
cd "$SQL"
measure amalg-parse clang-$V -fsyntax-only -I. sqlite3.c
measure amalg-uam clang-tidy-$V --checks=-*,bugprone-use-after-move sqlite3.c -- -I.
measure amalg-plugin clang-tidy-$V --load="$PLUGIN" --checks=-*,toctou-* sqlite3.c -- -I.
measure amalg-tool "$TIDY" --quiet sqlite3.c -- -I.
measure amalg-flawfinder flawfinder --quiet sqlite3.c

log "C++ project (this repository's check library), $RUNS runs each"
cd "$ROOT"
/usr/bin/python3 bench/each_tu.py "$WORK/self" $SELF_FILES > "$WORK/self-floor.sh"
measure cxx-parse bash "$WORK/self-floor.sh"
measure cxx-uam clang-tidy-$V -p "$WORK/self" --checks=-*,bugprone-use-after-move $SELF_FILES
measure cxx-plugin clang-tidy-$V -p "$WORK/self" --load="$PLUGIN" --checks=-*,toctou-* $SELF_FILES
measure cxx-tool "$TIDY" --quiet -j1 -p "$WORK/self" $SELF_FILES

log "throughput: sqlite's separate sources, -j1 and -j2"
measure tu-j1 "$TIDY" --quiet -j1 -p "$SQL/db"
measure tu-j2 "$TIDY" --quiet -j2 -p "$SQL/db"

log "scaling: one function with N events, four shapes"
mkdir -p "$WORK/scaling"
for shape in distinct one-path loop nested sql; do
  for n in 1000 2000 4000 8000; do
    /usr/bin/python3 bench/gen_scaling.py "$shape" "$n" > "$WORK/scaling/$shape-$n.c"
    measure "scale-$shape-$n" "$TIDY" --quiet --format=sarif:/dev/null "$WORK/scaling/$shape-$n.c" -- -I/usr/include/postgresql
  done
done

/usr/bin/python3 bench/report.py "$JSON" "$SQL/db/compile_commands.json" "$RUNS" \
  "$(echo $SELF_FILES | wc -w)" > "$OUT"
cat "$OUT"
