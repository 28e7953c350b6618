#!/usr/bin/env python3
"""Checks that the CI integration files fit together: the GitHub Action
passes each of its inputs to integrations/ci/run-toctou-tidy.sh under a
variable the script reads, its outputs are those the script writes, the
example workflow uses the action's outputs that exist, and the GitLab
template runs the script and uploads the report files the script writes
(Code Quality and SAST), asking for their formats.

usage: check_ci_files.py SOURCE_ROOT   (prints "ok" and exits 0, or the
problems and exits 1)
"""
import os
import re
import sys

import yaml


def main(root):
    problems = []
    integ = os.path.join(root, "integrations")
    script_path = os.path.join(integ, "ci", "run-toctou-tidy.sh")
    script = open(script_path, encoding="utf-8").read()
    read_vars = set(re.findall(r"\$\{?(TOCTOU_[A-Z_]+)", script))
    written_outputs = set(re.findall(r'echo "([a-z-]+)=', script))

    action = yaml.safe_load(open(os.path.join(integ, "github", "action.yml")))
    if action["runs"]["using"] != "composite":
        problems.append("action.yml: not a composite action")
    steps = action["runs"]["steps"]
    run_step = next((s for s in steps if s.get("id") == "run"), None)
    if not run_step or "ci/run-toctou-tidy.sh" not in run_step.get("run", ""):
        problems.append("action.yml: no step 'run' running ci/run-toctou-tidy.sh")
    else:
        rel = re.search(r"github\.action_path \}\}/([^\"]+)", run_step["run"]).group(1)
        if not os.path.isfile(os.path.normpath(os.path.join(integ, "github", rel))):
            problems.append("action.yml: %s does not exist" % rel)
        env = run_step.get("env", {})
        for name in action["inputs"]:
            if name == "llvm-version":
                continue  # used to build toctou-tidy, not by the script
            passed = [v for v, e in env.items() if "inputs.%s" % name in str(e)]
            if not passed:
                problems.append("action.yml: input %s is not passed to the script" % name)
            for var in passed:
                if var not in read_vars:
                    problems.append("action.yml: the script does not read %s" % var)
        for var in env:
            if var not in read_vars:
                problems.append("action.yml: the script does not read %s" % var)
    for name, output in action["outputs"].items():
        m = re.search(r"steps\.run\.outputs\.([a-z-]+)", output["value"])
        if not m or m.group(1) not in written_outputs:
            problems.append("action.yml: output %s is not written by the script" % name)

    workflow = yaml.safe_load(open(os.path.join(integ, "github", "workflow-example.yml")))
    text = open(os.path.join(integ, "github", "workflow-example.yml")).read()
    for used in set(re.findall(r"steps\.toctou\.outputs\.([a-z-]+)", text)):
        if used not in action["outputs"]:
            problems.append("workflow-example.yml: the action has no output %s" % used)
    job_steps = workflow["jobs"]["toctou-tidy"]["steps"]
    uses = [s.get("uses", "") for s in job_steps]
    for needed in ("integrations/github@", "github/codeql-action/upload-sarif@",
                   "reviewdog/action-setup@"):
        if not any(needed in u for u in uses):
            problems.append("workflow-example.yml: no step uses %s" % needed)
    toctou = next(s for s in job_steps if "integrations/github@" in s.get("uses", ""))
    for name in toctou.get("with", {}):
        if name not in action["inputs"]:
            problems.append("workflow-example.yml: the action has no input %s" % name)

    gitlab = yaml.safe_load(open(os.path.join(integ, "gitlab", "toctou-tidy.gitlab-ci.yml")))
    job = gitlab["toctou-tidy"]
    if not any("integrations/ci/run-toctou-tidy.sh" in line for line in job["script"]):
        problems.append("gitlab template: the job does not run run-toctou-tidy.sh")
    formats = job.get("variables", {}).get("TOCTOU_FORMATS", "").split(",")
    for kind, fmt in (("codequality", "codeclimate"), ("sast", "gitlab-sast")):
        report = job["artifacts"]["reports"].get(kind)
        if not report:
            problems.append("gitlab template: no %s report" % kind)
            continue
        if "/" + report not in script:
            problems.append("gitlab template: the script does not write %s" % report)
        if fmt not in formats:
            problems.append("gitlab template: TOCTOU_FORMATS has no %s for the %s report" % (fmt, kind))
    if job.get("extends") not in gitlab:
        problems.append("gitlab template: %s is not defined" % job.get("extends"))
    for var in job.get("variables", {}):
        if var.startswith("TOCTOU_") and var not in read_vars:
            problems.append("gitlab template: the script does not read %s" % var)

    for p in problems:
        print(p)
    if not problems:
        print("ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
