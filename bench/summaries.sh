#!/bin/bash
# The cost of the whole-program summaries (docs/summaries.md) on one
# project: toctou-tidy with --summaries=off (each file alone), a first run
# (--summaries=none: nothing kept, every helper summary is new; the files
# go in waves, helpers first, and those whose helpers the guess missed are
# analyzed again), a run over the unchanged project that analyzes every
# file with the summaries kept by the run before (--reuse-results=false),
# and one that reads every file's results back (the default).
#
# usage: bash bench/summaries.sh BUILD_DIR [NAME]
#   BUILD_DIR holds compile_commands.json; RUNS (default 3) runs per mode,
#   the median is printed; J (default 2) jobs; TIDY the binary
#   (default build/bin/toctou-tidy).
set -euo pipefail
DB=$1
NAME=${2:-$(basename "$DB")}
RUNS=${RUNS:-3}
J=${J:-2}
TIDY=$(realpath "${TIDY:-build/bin/toctou-tidy}")
KEPT=$(mktemp -d)
trap 'rm -rf "$KEPT"' EXIT

run() { # prints the wall seconds of one run
  local start end
  start=$(date +%s.%N)
  "$TIDY" --quiet -j"$J" -p "$DB" --checks='-*,toctou-*' "$@" >/dev/null 2>"$KEPT/log" || true
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# The modes take turns, run after run, so that the VM's drift (10-20%
# over minutes here) weighs on each alike; the median of each is printed.
declare -A T ALL
args_of() {
  case $1 in
    off) echo --summaries=off ;;
    first) echo --summaries=none ;;
    kept) echo --summaries="$KEPT/kept" --reuse-results=false ;;
    cached) echo --summaries="$KEPT/cached" ;;
  esac
}
# The kept modes start from what a run before them kept.
# shellcheck disable=SC2046 # the arguments, split on purpose
run $(args_of kept) >/dev/null
# shellcheck disable=SC2046
run $(args_of cached) >/dev/null
for _ in $(seq "$RUNS"); do
  for mode in off first kept cached; do
    # shellcheck disable=SC2046
    ALL[$mode]+="$(run $(args_of "$mode")) "
  done
done
for mode in off first kept cached; do
  T[$mode]=$(printf '%s\n' ${ALL[$mode]} | median)
done
"$TIDY" --summaries=none -j"$J" -p "$DB" --checks='-*,toctou-*' >/dev/null 2>"$KEPT/first.log" || true
AGAIN=$(tail -1 "$KEPT/first.log" | sed -n 's/.*(\([0-9]*\) again.*/\1/p')
UNITS=$(tail -1 "$KEPT/first.log" | sed -n 's/.* \([0-9]*\) files\? analyzed.*/\1/p')
printf '| %s | %s | %s | %.1f s | %.1f s (%.2fx) | %.1f s (%.2fx) | %.1f s (%.2fx) |\n' \
  "$NAME" "${UNITS:-?}" "${AGAIN:-0}" "${T[off]}" \
  "${T[first]}" "$(echo "${T[first]} / ${T[off]}" | bc -l)" \
  "${T[kept]}" "$(echo "${T[kept]} / ${T[off]}" | bc -l)" \
  "${T[cached]}" "$(echo "${T[cached]} / ${T[off]}" | bc -l)"
