# lit configuration for toctou-tidy. Paths come from lit.site.cfg.py, which
# CMake writes into the build tree; run `lit build/test`.
import os
import shutil
import lit.formats

config.name = "toctou-tidy"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".cpp", ".test"]
config.excludes = ["Inputs", "utils", "CMakeLists.txt", "README.md", "work",
                   "fuzz"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.toctou_obj_root, "test")

# Tests must not depend on the developer's environment.
for var in ["CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "LD_BIND_NOW"]:
    config.environment.pop(var, None)
config.environment["HOME"] = os.environ.get("HOME", "/tmp")
# FileCheck, not, count, split-file and clang come from the LLVM we build for.
llvm_bindir = os.path.dirname(config.filecheck)
# toctou-tidy is on PATH, as the integrations (pre-commit, CI scripts,
# editors) expect it to be.
config.environment["PATH"] = os.pathsep.join(
    [os.path.dirname(config.toctou_tidy), llvm_bindir,
     config.environment.get("PATH", os.environ.get("PATH", ""))])

runner = os.path.join(config.test_source_root, "utils", "check_toctou_tidy.py")
config.substitutions.append((
    "%check_toctou_tidy",
    f"{config.python} {runner} --toctou-tidy={config.toctou_tidy} "
    f"--clang-tidy={config.clang_tidy} --plugin={config.toctou_plugin} "
    f"--clang={config.clang} --filecheck={config.filecheck}"))
config.substitutions.append(("%toctou_tidy", config.toctou_tidy))
config.substitutions.append(("%sql_classify", config.toctou_sql_classify))
config.substitutions.append(("%clang_tidy", config.clang_tidy))
config.substitutions.append(("%toctou_plugin", config.toctou_plugin))
config.substitutions.append(("%clang", config.clang))
config.substitutions.append(("%python", config.python))
config.substitutions.append(("%src_root", config.toctou_src_root))
config.substitutions.append(("%toctou_obj_root", config.toctou_obj_root))
config.substitutions.append(("%llvm_version_major", config.llvm_version_major))
config.substitutions.append((
    "%expect_exit",
    f"{config.python} {os.path.join(config.test_source_root, 'utils', 'expect_exit.py')}"))
utils = os.path.join(config.test_source_root, "utils")
# Every SARIF log a test writes goes through the schema (python3-jsonschema).
config.substitutions.append((
    "%validate_sarif",
    f"{config.python} {os.path.join(utils, 'validate_sarif.py')} "
    f"{os.path.join(config.test_source_root, 'data', 'sarif-schema-2.1.0.json')}"))
config.substitutions.append((
    "%golden",
    f"{config.python} {os.path.join(utils, 'golden.py')} "
    f"--docs={os.path.join(config.toctou_src_root, 'docs', 'checks')} "
    f"--version={config.toctou_version}"))
config.substitutions.append(("%toctou_version", config.toctou_version))
# run-clang-tidy starts with "#!/usr/bin/env python3", which may find a pyenv
# shim that does not work in lit's environment: run it with our Python.
config.substitutions.append((
    "%run_clang_tidy", f"{config.python} {os.path.join(llvm_bindir, 'run-clang-tidy')}"))

# A real PostgreSQL 15 server can be started (as root, run as postgres).
if (os.path.exists("/usr/lib/postgresql/15/bin/postgres") and
        shutil.which("runuser") and shutil.which("psql") and os.geteuid() == 0):
    config.available_features.add("postgres-server")

# A sanitizer build (TOCTOU_SANITIZE=1 bash .ci/run): every report of
# AddressSanitizer or UBSan ends the process with an error, which fails the
# test. Leaks are not reported (clang frees its AST at exit only when
# asked), and crash signals stay LLVM's (the tests of crash containment
# expect "Segmentation fault"). A test that caps its address space cannot
# run under ASan, which reserves terabytes of shadow memory.
if getattr(config, "toctou_sanitize", "OFF").upper() in ("ON", "1", "TRUE", "YES"):
    config.available_features.add("asan")
    config.environment["ASAN_OPTIONS"] = (
        "detect_leaks=0:handle_segv=0:handle_sigbus=0:handle_sigill=0:"
        "handle_abort=0:allow_user_segv_handler=1:detect_stack_use_after_return=0")
    config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
    # The libFuzzer targets of test/fuzz/, built with the sanitizers.
    config.substitutions.append((
        "%fuzz_bin", os.path.join(config.toctou_obj_root, "bin")))

# Root: a test can act as another user (setpriv) and mount a small tmpfs
# (a full disk). Tried once here, so a container that forbids mounts just
# leaves those tests unsupported.
if os.geteuid() == 0 and shutil.which("setpriv"):
    config.available_features.add("root")
    import subprocess
    import tempfile
    probe = tempfile.mkdtemp(prefix="toctou-tmpfs-probe-")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe],
                      stderr=subprocess.DEVNULL).returncode == 0:
        subprocess.run(["umount", probe])
        config.available_features.add("tmpfs")
    os.rmdir(probe)

# The real clients the integration tests drive; dpkg-deb for the package.
for tool in ["pre-commit", "vim", "dpkg-deb"]:
    if shutil.which(tool):
        config.available_features.add(tool)

# Another major version of clang-tidy, to prove the plugin refuses it.
import glob
import re
for candidate in sorted(glob.glob("/usr/lib/llvm-*/bin/clang-tidy")):
    major = re.search(r"llvm-(\d+)", candidate).group(1)
    if major != config.llvm_version_major:
        config.available_features.add("other-clang-tidy")
        config.substitutions.append(("%other_clang_tidy", candidate))
        break

# TOCTOU_UPDATE_GOLDEN=1 lit ... rewrites the golden files (test/utils/golden.py).
if os.environ.get("TOCTOU_UPDATE_GOLDEN"):
    config.environment["TOCTOU_UPDATE_GOLDEN"] = os.environ["TOCTOU_UPDATE_GOLDEN"]
