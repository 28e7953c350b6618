#!/usr/bin/env bash
# Runs toctou-tidy in a CI job and hands its results to the CI system.
# The GitHub Action (integrations/github/action.yml) and the GitLab template
# (integrations/gitlab/toctou-tidy.gitlab-ci.yml) both run this script; it
# is tested with a simulated environment of each (test/integrations/).
#
# Settings (environment variables, all optional):
#   TOCTOU_TIDY              the toctou-tidy executable (default: on PATH)
#   TOCTOU_BUILD_DIR         directory of compile_commands.json (default:
#                            found by toctou-tidy: build/, out/, ...)
#   TOCTOU_FORMATS           comma-separated: github, sarif, rdjson,
#                            codeclimate, gitlab-sast, text (default:
#                            github,sarif on GitHub, codeclimate,text on
#                            GitLab, text elsewhere)
#   TOCTOU_REPORT_DIR        where report files go (default: .)
#   TOCTOU_DIFF_BASE         auto (default): the pull/merge request's base on
#                            GitHub/GitLab, nothing elsewhere; a git revision;
#                            or empty for the whole project
#   TOCTOU_BASELINE          a baseline file written by --write-baseline
#   TOCTOU_FAIL_ON_FINDINGS  true (default) or false
#   TOCTOU_EXTRA_ARGS        more toctou-tidy arguments (split on spaces)
#
# Exit code: toctou-tidy's (2: usage or configuration, 3: a file could not be
# analyzed), except that findings exit 0 when TOCTOU_FAIL_ON_FINDINGS=false.
# On GitHub, $GITHUB_OUTPUT receives findings=, exit-code=, sarif-file=,
# rdjson-file=; the github format appends a table to $GITHUB_STEP_SUMMARY.
set -uo pipefail

tidy=${TOCTOU_TIDY:-toctou-tidy}
report_dir=${TOCTOU_REPORT_DIR:-.}
fail_on_findings=${TOCTOU_FAIL_ON_FINDINGS:-true}

if [ "${GITHUB_ACTIONS:-}" = true ]; then
  platform=github
  default_formats=github,sarif
elif [ "${GITLAB_CI:-}" = true ]; then
  platform=gitlab
  default_formats=codeclimate,text
else
  platform=other
  default_formats=text
fi
formats=${TOCTOU_FORMATS:-$default_formats}

log() { echo "toctou-tidy-ci: $*" >&2; }

case "$fail_on_findings" in
  true|false) ;;
  *) log "TOCTOU_FAIL_ON_FINDINGS must be true or false, not '$fail_on_findings'"; exit 2 ;;
esac
if ! command -v "$tidy" > /dev/null; then
  log "cannot run '$tidy': build toctou-tidy and put it on PATH, or set TOCTOU_TIDY"
  exit 2
fi
mkdir -p "$report_dir" || exit 2

# The revision to compare with, for --diff-base.
resolve_base() {
  local base=${TOCTOU_DIFF_BASE-auto}
  if [ "$base" != auto ]; then
    echo "$base"
    return
  fi
  case "$platform" in
    github)
      # Set on pull_request events only.
      [ -n "${GITHUB_BASE_REF:-}" ] || return
      if ! git rev-parse --verify --quiet "origin/$GITHUB_BASE_REF^{commit}" > /dev/null; then
        log "fetching origin/$GITHUB_BASE_REF to compare with"
        git fetch --no-tags --quiet origin \
          "+refs/heads/$GITHUB_BASE_REF:refs/remotes/origin/$GITHUB_BASE_REF" >&2 \
          || { log "cannot fetch the base branch; reporting on the whole project"; return; }
      fi
      # Compare with the merge base, as the pull request's diff does.
      git merge-base "origin/$GITHUB_BASE_REF" HEAD 2> /dev/null \
        || echo "origin/$GITHUB_BASE_REF"
      ;;
    gitlab)
      echo "${CI_MERGE_REQUEST_DIFF_BASE_SHA:-}"
      ;;
  esac
}

args=()
[ -n "${TOCTOU_BUILD_DIR:-}" ] && args+=(-p "$TOCTOU_BUILD_DIR")
base=$(resolve_base)
if [ -n "$base" ]; then
  args+=(--diff-base "$base")
  log "reporting findings on lines changed since $base"
fi
[ -n "${TOCTOU_BASELINE:-}" ] && args+=(--baseline "$TOCTOU_BASELINE")

sarif_file= rdjson_file= codequality_file=
IFS=, read -r -a wanted <<< "$formats"
for format in "${wanted[@]}"; do
  case "$format" in
    github|text) args+=(--format="$format") ;;
    sarif) sarif_file=$report_dir/toctou-tidy.sarif; args+=(--format="sarif:$sarif_file") ;;
    rdjson) rdjson_file=$report_dir/toctou-tidy.rdjson; args+=(--format="rdjson:$rdjson_file") ;;
    codeclimate) codequality_file=$report_dir/gl-code-quality-report.json
                 args+=(--format="codeclimate:$codequality_file") ;;
    gitlab-sast) args+=(--format="gitlab-sast:$report_dir/gl-sast-report.json") ;;
    *) log "unknown format '$format' in TOCTOU_FORMATS (github, sarif, rdjson, codeclimate, gitlab-sast, text)"; exit 2 ;;
  esac
done
# shellcheck disable=SC2206 # split on purpose
[ -n "${TOCTOU_EXTRA_ARGS:-}" ] && args+=(${TOCTOU_EXTRA_ARGS})

# Keep the summary line of standard error to count the findings.
stderr_file=$(mktemp)
trap 'rm -f "$stderr_file"' EXIT
log "$tidy ${args[*]}"
# Standard error goes through tee (and stays standard error); standard output
# is left alone.
{ "$tidy" "${args[@]}" 2>&1 1>&3 3>&- | tee "$stderr_file" >&2; } 3>&1
status=${PIPESTATUS[0]}
findings=$(sed -n 's/^toctou-tidy: \([0-9]*\) findings\{0,1\},.*/\1/p' "$stderr_file" | tail -n 1)
[ -n "$findings" ] || findings=$([ "$status" -eq 1 ] && echo unknown || echo 0)

if [ "$platform" = github ] && [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "findings=$findings"
    echo "exit-code=$status"
    echo "sarif-file=$sarif_file"
    echo "rdjson-file=$rdjson_file"
  } >> "$GITHUB_OUTPUT"
fi

case "$status" in
  0) log "no findings"; exit 0 ;;
  1) if [ "$fail_on_findings" = true ]; then
       log "$findings finding(s); failing the job (TOCTOU_FAIL_ON_FINDINGS=false to only report them)"
       exit 1
     fi
     log "$findings finding(s), reported only"
     exit 0 ;;
  *) log "toctou-tidy exited with $status (2: usage or configuration error, 3: some files could not be analyzed)"
     exit "$status" ;;
esac
