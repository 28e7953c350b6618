#!/bin/bash
# The cost of the whole-program summaries (docs/summaries.md) on one
# project: toctou-tidy with --summaries=off (each file alone), a first run
# (--summaries=none: nothing kept, every helper summary is new, the files
# that call helpers of other files are analyzed again), and a run over the
# unchanged project with the summaries kept by the run before.
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

declare -A T
for mode in off first cached; do
  case $mode in
    off) args=(--summaries=off) ;;
    first) args=(--summaries=none) ;;
    cached) args=(--summaries="$KEPT/dir"); run "${args[@]}" >/dev/null ;;
  esac
  T[$mode]=$(for _ in $(seq "$RUNS"); do run "${args[@]}"; done | median)
done
"$TIDY" --summaries=none -j"$J" -p "$DB" --checks='-*,toctou-*' >/dev/null 2>"$KEPT/first.log" || true
AGAIN=$(tail -1 "$KEPT/first.log" | sed -n 's/.*(\([0-9]*\) again.*/\1/p')
UNITS=$(tail -1 "$KEPT/first.log" | sed -n 's/.* \([0-9]*\) files\? analyzed.*/\1/p')
printf '| %s | %s | %s | %.1f s | %.1f s (%.2fx) | %.1f s (%.2fx) |\n' \
  "$NAME" "${UNITS:-?}" "${AGAIN:-0}" "${T[off]}" \
  "${T[first]}" "$(echo "${T[first]} / ${T[off]}" | bc -l)" \
  "${T[cached]}" "$(echo "${T[cached]} / ${T[off]}" | bc -l)"
