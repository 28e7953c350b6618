#!/usr/bin/env python3
"""Run one check test through the clang-tidy plugin and through toctou-tidy.

Usage (from a lit RUN line):
  %check_toctou_tidy [--fix-notes] [--no-fortify] INPUT CHECK TEMP \
      [-- TIDY_ARGS... [-- COMPILE_ARGS...]]

In the spirit of clang-tidy's check_clang_tidy.py, for a test file INPUT:

  1. The CHECK-MESSAGES / CHECK-NOTES / CHECK-FIXES comments are blanked out
     (line numbers are kept) and the result must compile with clang.
  2. The file is analyzed with CHECK enabled alone, by `clang-tidy --load`
     of the plugin (with LD_BIND_NOW=1, so a missing symbol fails at load)
     and by toctou-tidy, each in a plain build and in a fortified one
     (-D_FORTIFY_SOURCE=2 -O2, where glibc wraps many libc calls). All four
     must print the same diagnostics; toctou-tidy must exit 1 on findings
     and 0 without.
  3. FileCheck: CHECK-MESSAGES against the warnings (every warning must be
     matched), CHECK-NOTES against warnings and notes (every note must be
     matched), CHECK-FIXES against the file after --fix (--fix-notes with
     --fix-notes). A test whose run proposes fix-its must have CHECK-FIXES.
  4. Round trip: the fixed file must compile in both builds, and analyzing it
     again must report exactly the warnings that had no fix-it, but those a
     `// GONE-AFTER-FIXES: <message>` line names (a fix-it of one finding
     that also removes the race of another: the message as reported, its
     line numbers written as `#`).
"""

import argparse
import os
import re
import shlex
import subprocess
import sys

import yaml

CHECK_LINE = re.compile(r"//\s*(?:CHECK-(?:FIXES|MESSAGES|NOTES)[-A-Za-z0-9]*|GONE-AFTER-FIXES):[^\r\n]*")
GONE_LINE = re.compile(r"//\s*GONE-AFTER-FIXES:\s*(?P<msg>[^\r\n]*?)\s*$", re.M)
DIAG_LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): "
                       r"(?P<level>warning|error|note): (?P<msg>.*)$", re.M)
FORTIFY_ARGS = ["-D_FORTIFY_SOURCE=2", "-O2"]


class TestFailure(Exception):
    pass


def run(cmd, env=None, check_exit=None):
    """Run cmd; return (exit code, stdout, stderr)."""
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, env=env)
    if proc.returncode < 0:
        raise TestFailure("%s crashed (signal %d):\n%s%s" % (
            shlex.join(cmd), -proc.returncode, proc.stdout, proc.stderr))
    if check_exit is not None and proc.returncode != check_exit:
        raise TestFailure("%s exited with %d, expected %d:\n%s%s" % (
            shlex.join(cmd), proc.returncode, check_exit, proc.stdout,
            proc.stderr))
    return proc.returncode, proc.stdout, proc.stderr


def diagnostics(output):
    """The diagnostic lines of a clang-tidy run, in order."""
    return [m.group(0) for m in DIAG_LINE.finditer(output)]


def warnings_of(output):
    return [(int(m.group("line")), m.group("msg"))
            for m in DIAG_LINE.finditer(output)
            if m.group("level") in ("warning", "error")]


def without_lines(message):
    """The message without the line numbers a fix-it may move: "at line
    N", and where a helper's library call is, "(chmod in FILE:N)" (the
    fixed copy has another file name)."""
    message = re.sub(r"\bline \d+", "line #", message)
    return re.sub(r"( \([\w:~]+) in [^ )]+:\d+\)", r"\1 in #)", message)


def has_directive(text, prefix):
    """True if text has a `// PREFIX:` FileCheck directive (or one of its
    -NEXT, -NOT, -SAME forms: `CHECK-FIXES-NOT: x.store(true);` asserts a
    removal)."""
    return re.search(r"//\s*%s(?:-NEXT|-NOT|-SAME)?:" % re.escape(prefix),
                     text) is not None


def offset_to_line(text, offset):
    return text.count("\n", 0, offset) + 1


class Runner:
    def __init__(self, args):
        self.args = args
        self.input = args.input
        self.check = args.check
        self.temp = args.temp
        self.ext = os.path.splitext(self.input)[1]
        self.source = self.temp + self.ext
        with open(self.input, encoding="utf-8") as f:
            self.original = f.read()
        self.clean = CHECK_LINE.sub("//", self.original)
        self.has_messages = has_directive(self.original, "CHECK-MESSAGES")
        self.has_notes = has_directive(self.original, "CHECK-NOTES")
        self.has_fixes = has_directive(self.original, "CHECK-FIXES")
        self.tidy_args = args.tidy_args
        self.compile_args = args.compile_args
        self.modes = [("plain", [])]
        if not args.no_fortify:
            self.modes.append(("fortify", FORTIFY_ARGS))
        os.makedirs(os.path.dirname(os.path.abspath(self.temp)), exist_ok=True)

    # -- tools ------------------------------------------------------------
    def tool_command(self, tool, path, extra):
        if tool == "plugin":
            cmd = [self.args.clang_tidy, "--load=" + self.args.plugin]
        else:
            cmd = [self.args.toctou_tidy]
        return cmd + [path, "--checks=-*," + self.check, "--config={}"] + \
            extra + self.tidy_args

    def tool_env(self, tool):
        env = dict(os.environ)
        if tool == "plugin":
            env["LD_BIND_NOW"] = "1"
        return env

    def analyze(self, tool, mode_args, path, extra=()):
        cmd = self.tool_command(tool, path, list(extra)) + ["--"] + \
            self.compile_args + mode_args
        code, out, err = run(cmd, env=self.tool_env(tool))
        if any(m.group("level") == "error" for m in DIAG_LINE.finditer(out)):
            raise TestFailure("%s reports errors:\n%s%s" % (
                shlex.join(cmd), out, err))
        has_warnings = bool(warnings_of(out))
        if tool == "toctou-tidy":
            want = 1 if has_warnings else 0
        else:
            want = 0
        if code != want:
            raise TestFailure("%s exited with %d, expected %d:\n%s%s" % (
                shlex.join(cmd), code, want, out, err))
        return out

    def compile(self, path, mode_args):
        run([self.args.clang, "-fsyntax-only", "-Werror=implicit-function-declaration",
             path] + self.compile_args + mode_args, check_exit=0)

    def write_source(self, text, path=None):
        with open(path or self.source, "w", encoding="utf-8") as f:
            f.write(text)

    # -- steps ------------------------------------------------------------
    def filecheck(self, input_text, prefix, implicit_not, strict_ws=False):
        path = "%s.%s.txt" % (self.temp, prefix.lower())
        with open(path, "w", encoding="utf-8") as f:
            f.write(input_text)
        cmd = [self.args.filecheck, "-input-file=" + path, self.input,
               "-check-prefix=" + prefix]
        if implicit_not:
            cmd.append("-implicit-check-not=" + implicit_not)
        if strict_ws:
            cmd.append("-strict-whitespace")
        run(cmd, check_exit=0)

    def fixed_lines(self, export_path, text):
        """Lines of the warnings whose fix-it --fix (or --fix-notes) applies."""
        if not os.path.exists(export_path):
            return set()
        with open(export_path, encoding="utf-8") as f:
            data = yaml.safe_load(f) or {}
        lines = set()
        for diag in data.get("Diagnostics", []) or []:
            message = diag.get("DiagnosticMessage", {})
            own = message.get("Replacements") or []
            notes = [n for n in (diag.get("Notes") or []) if n.get("Replacements")]
            applies = bool(own) or (self.args.fix_notes and len(notes) == 1)
            if applies and message.get("FileOffset") is not None:
                lines.add(offset_to_line(text, int(message["FileOffset"])))
        return lines

    def require_fix_assertions(self, fixed_lines):
        """Every warning with a fix-it must be followed, in the comment lines
        right after it, by a CHECK-FIXES directive: FileCheck only checks the
        lines it is told about, so an unexpected fix-it would pass unseen."""
        lines = self.original.split("\n")
        for line in sorted(fixed_lines):
            i = line  # 0-based index of the line after the warning's line
            found = False
            while i < len(lines) and lines[i].strip().startswith("//"):
                if has_directive(lines[i], "CHECK-FIXES"):
                    found = True
                    break
                i += 1
            if not found:
                raise TestFailure(
                    "the warning at line %d has a fix-it, but no CHECK-FIXES "
                    "directive follows it" % line)

    def run(self):
        # 1. The test itself must compile, in every build.
        self.write_source(self.clean)
        for _, mode_args in self.modes:
            self.compile(self.source, mode_args)

        # 2. Both tools, both builds: the same diagnostics.
        reference = None
        outputs = {}
        fix_flag = "--fix-notes" if self.args.fix_notes else "--fix"
        fixed_texts = {}
        for mode, mode_args in self.modes:
            for tool in ("plugin", "toctou-tidy"):
                self.write_source(self.clean)
                export = "%s.%s.%s.yaml" % (self.temp, mode, tool)
                if os.path.exists(export):
                    os.remove(export)
                out = self.analyze(tool, mode_args, self.source,
                                   ["--export-fixes=" + export])
                outputs[(mode, tool)] = (out, export)
                diags = diagnostics(out)
                if reference is None:
                    reference = (mode, tool, diags)
                elif diags != reference[2]:
                    raise TestFailure(
                        "%s/%s and %s/%s disagree:\n--- %s/%s\n%s\n--- %s/%s\n%s" % (
                            reference[0], reference[1], mode, tool,
                            reference[0], reference[1], "\n".join(reference[2]),
                            mode, tool, "\n".join(diags)))
                # The same file after --fix.
                self.write_source(self.clean)
                self.analyze(tool, mode_args, self.source, [fix_flag])
                with open(self.source, encoding="utf-8") as f:
                    fixed_texts[(mode, tool)] = f.read()
        fixed = fixed_texts[("plain", "plugin")]
        for key, text in fixed_texts.items():
            if text != fixed:
                raise TestFailure("%s/%s fixed the file differently" % key)

        out, export = outputs[("plain", "plugin")]
        # 3. FileCheck.
        if self.has_messages:
            self.filecheck(out, "CHECK-MESSAGES", "{{warning|error}}:")
        elif warnings_of(out):
            raise TestFailure("unexpected warnings (the test has no "
                              "CHECK-MESSAGES):\n" + out)
        if self.has_notes:
            self.filecheck(out, "CHECK-NOTES", "{{note|warning|error}}:")
        fixed_lines = self.fixed_lines(export, self.clean)
        if fixed != self.clean and not self.has_fixes:
            raise TestFailure("the check proposes fix-its but the test has "
                              "no CHECK-FIXES")
        if self.has_fixes:
            self.filecheck(fixed, "CHECK-FIXES", None, strict_ws=True)
        self.require_fix_assertions(fixed_lines)

        # 4. Round trip: the fixed file compiles and only unfixed warnings stay.
        if fixed != self.clean:
            fixed_path = self.temp + ".fixed" + self.ext
            self.write_source(fixed, fixed_path)
            # Fix-its that add or remove lines move the warnings below them:
            # compare the messages, with line numbers taken out.
            expected = sorted(without_lines(w[1]) for w in warnings_of(out)
                              if w[0] not in fixed_lines)
            for gone in GONE_LINE.finditer(self.original):
                if gone.group("msg") not in expected:
                    raise TestFailure("GONE-AFTER-FIXES names no unfixed "
                                      "warning: " + gone.group("msg"))
                expected.remove(gone.group("msg"))
            for mode, mode_args in self.modes:
                self.compile(fixed_path, mode_args)
                for tool in ("plugin", "toctou-tidy"):
                    again = self.analyze(tool, mode_args, fixed_path)
                    remaining = sorted(without_lines(w[1])
                                       for w in warnings_of(again))
                    if remaining != expected:
                        raise TestFailure(
                            "after the fix-its, %s/%s reports:\n%s\nexpected:\n%s" % (
                                mode, tool,
                                "\n".join(remaining), "\n".join(expected)))


def parse_args(argv):
    tidy_args, compile_args = [], []
    if "--" in argv:
        i = argv.index("--")
        argv, rest = argv[:i], argv[i + 1:]
        if "--" in rest:
            j = rest.index("--")
            tidy_args, compile_args = rest[:j], rest[j + 1:]
        else:
            tidy_args = rest
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--toctou-tidy", required=True)
    p.add_argument("--clang-tidy", required=True)
    p.add_argument("--plugin", required=True)
    p.add_argument("--clang", required=True)
    p.add_argument("--filecheck", required=True)
    p.add_argument("--fix-notes", action="store_true",
                   help="apply the fix-its of notes (--fix-notes)")
    p.add_argument("--no-fortify", action="store_true",
                   help="skip the -D_FORTIFY_SOURCE=2 -O2 build")
    p.add_argument("input")
    p.add_argument("check")
    p.add_argument("temp")
    args = p.parse_args(argv)
    args.tidy_args = tidy_args
    args.compile_args = compile_args
    return args


def main():
    args = parse_args(sys.argv[1:])
    try:
        Runner(args).run()
    except TestFailure as e:
        sys.stderr.write("check_toctou_tidy: FAIL: %s\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
