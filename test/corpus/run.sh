#!/usr/bin/env bash
# toctou-tidy on real code: Debian source packages, built with a compile
# database, analyzed with every toctou check, summarized. Run by hand, as
# root (it installs build dependencies); not part of the test suite.
#
#   bash test/corpus/run.sh                     # the development corpus
#   bash test/corpus/run.sh coreutils dpkg      # some packages
#   TOCTOU_TIDY=/path/to/toctou-tidy bash test/corpus/run.sh   # another build
#   TOCTOU_CORPUS_RESULTS=DIR bash test/corpus/run.sh   # reports to DIR
#   TOCTOU_TIDY_ARGS='--config=...' bash test/corpus/run.sh   # more options
#
# Packages are built by their own recipe below when they have one, else by
# Debian's: `debian/rules build` (which drives autotools, meson, CMake or a
# plain Makefile alike) with tests and documentation off. A unit that does
# not compile is reported by toctou-tidy and counted, never fatal.
#
# Work goes to test/corpus/work/ (not committed): per package the sources,
# the build, <pkg>.sarif and <pkg>.log; test/corpus/work/summary.md has the
# figures (files, findings per check, crashes, units that failed, time).
# Every finding is triaged by hand in test/corpus/TRIAGE.md.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WORK=${TOCTOU_CORPUS_DIR:-$ROOT/test/corpus/work}
# Where the reports go (per package: <pkg>.sarif, <pkg>.log, time, exit
# code), so that two builds can be compared on the same sources.
RESULTS=${TOCTOU_CORPUS_RESULTS:-$WORK}
TIDY=${TOCTOU_TIDY:-$ROOT/build/bin/toctou-tidy}
PACKAGES=("$@")
# The first seven are the corpus of the first triage; the twenty after them
# were added when the filesystem check got its consequence model. Projects
# for the database and epoch checks are named on the command line
# (`bash test/corpus/run.sh zabbix zoneminder`).
[ ${#PACKAGES[@]} -gt 0 ] || PACKAGES=(coreutils findutils dpkg sqlite3 openssh postgresql-15 libpqxx
  busybox e2fsprogs cpio gzip xz-utils patch at cron man-db apt dbus procps
  screen tmux vsftpd postfix cups nginx git lighttpd)
mkdir -p "$WORK"
log() { echo "corpus: $*" >&2; }

bash .ci/install-deps > /dev/null || exit 1
[ -n "${TOCTOU_TIDY:-}" ] || bash .ci/build > /dev/null || exit 1
bash .ci/enable-deb-src || exit 1
export DEBIAN_FRONTEND=noninteractive
# coreutils and findutils refuse to configure as root otherwise.
export FORCE_UNSAFE_CONFIGURE=1
dpkg-query -W -f='${Status}' bear dpkg-dev 2>/dev/null | grep -q 'ok installed' ||
  apt-get install -y -qq --no-install-recommends bear dpkg-dev > /dev/null

# How each package is configured and built under bear (in its source tree).
build_package() {
  local pkg=$1
  case "$pkg" in
    findutils)
      # Its patches touch configure.ac: regenerate, or make tries to.
      autoreconf -fi > ../configure.log 2>&1
      ./configure -q >> ../configure.log 2>&1 && bear -- make -j2 > ../make.log 2>&1 ;;
    coreutils|dpkg|sqlite3)
      ./configure -q > ../configure.log 2>&1 && bear -- make -j2 > ../make.log 2>&1 ;;
    openssh)
      autoreconf -fi > ../configure.log 2>&1 || true
      ./configure -q --without-openssl-header-check >> ../configure.log 2>&1 &&
        bear -- make -j2 > ../make.log 2>&1 ;;
    postgresql-15)
      ./configure -q --without-icu --without-readline > ../configure.log 2>&1 &&
        bear -- make -j2 -C src > ../make.log 2>&1 ;;
    libpqxx)
      ./configure -q --disable-documentation > ../configure.log 2>&1 &&
        bear -- make -j2 -C src > ../make.log 2>&1 ;;
    zabbix)
      # The server on PostgreSQL: its SQL goes through its own access layer
      # (the database family's real code; see TRIAGE.md).
      ./configure -q --enable-server --with-postgresql --with-libpcre2 \
        > ../configure.log 2>&1 && bear -- make -j2 > ../make.log 2>&1 ;;
    zoneminder)
      # C++ on MySQL. Debian's CMake configure is enough: the compile
      # database is CMake's, and the units need no generated header.
      DEB_BUILD_OPTIONS="nocheck nodoc parallel=2" \
        debian/rules override_dh_auto_configure > ../configure.log 2>&1 &&
        cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON obj-*/ > ../make.log 2>&1 &&
        cp obj-*/compile_commands.json . ;;
    *)
      # Debian's own build: whatever the build system, with its flags.
      DEB_BUILD_OPTIONS="nocheck nodoc parallel=2" \
        bear -- debian/rules build > ../make.log 2>&1 ;;
  esac
}

for pkg in "${PACKAGES[@]}"; do
  dir=$WORK/$pkg
  mkdir -p "$dir"
  src=$(find "$dir" -mindepth 1 -maxdepth 1 -type d -name "${pkg%-[0-9]*}*" | head -n1)
  if [ -z "$src" ]; then
    log "$pkg: fetching sources and build dependencies"
    apt-get build-dep -y -qq "$pkg" > "$dir/build-dep.log" 2>&1 ||
      log "$pkg: apt-get build-dep failed (see $dir/build-dep.log); building anyway"
    # The newest version first; a mirror may lack it (a security update
    # listed before the mirror has it): then the others, newest first.
    fetched=
    for version in "" $(apt-cache showsrc "$pkg" 2>/dev/null |
                        sed -n 's/^Version: //p' | sort -rV); do
      if (cd "$dir" && apt-get source -qq "$pkg${version:+=$version}" >> source.log 2>&1); then
        fetched=yes
        break
      fi
    done
    [ -n "$fetched" ] || {
      log "$pkg: apt-get source failed (see $dir/source.log)"; continue; }
    src=$(find "$dir" -mindepth 1 -maxdepth 1 -type d | head -n1)
  fi
  if ! grep -qs '"file"' "$src/compile_commands.json"; then
    log "$pkg: building with bear in $src"
    (cd "$src" && build_package "$pkg") ||
      log "$pkg: the build stopped (see $dir/make.log); analyzing what was compiled"
  fi
  if ! grep -qs '"file"' "$src/compile_commands.json"; then
    log "$pkg: no compile database; skipped"
    continue
  fi
  log "$pkg: analyzing"
  out=$RESULTS/$pkg
  mkdir -p "$out"
  start=$(date +%s.%N)
  # shellcheck disable=SC2086 # extra arguments, split on purpose
  "$TIDY" -p "$src" -j2 --checks='-*,toctou-*' ${TOCTOU_TIDY_ARGS:-} \
    --format=sarif:"$out/$pkg.sarif" --format=text > "$out/$pkg.log" 2>&1
  echo $? > "$out/exit-code"
  end=$(date +%s.%N)
  echo "$end - $start" | bc > "$out/seconds"
done

/usr/bin/python3 "$ROOT/test/corpus/summarize.py" "$RESULTS" "${PACKAGES[@]}" > "$RESULTS/summary.md"
cat "$RESULTS/summary.md"
