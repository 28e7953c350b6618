#!/usr/bin/env bash
# Makes the repositories of a pull request for the CI integration tests:
#   DIR/remote.git  the hosting side, with branch main: src/old.c (a race)
#   DIR/work        a clone on branch feature, one commit ahead of main: it
#                   adds src/new.c (a race) and edits a comment in old.c;
#                   build/compile_commands.json lists both files
# and prints nothing. usage: ci-repo.sh DIR
set -euo pipefail
dir=$1
git=(git -c user.name=t -c user.email=t@example.com -c init.defaultBranch=main)
race() {
  cat <<C
#include <fcntl.h>
#include <unistd.h>

/* $2 */
int $1(const char *path) {
  if (access(path, F_OK) == 0)
    return -1;
  return open(path, O_WRONLY | O_CREAT, 0600);
}
C
}
rm -rf "$dir"
mkdir -p "$dir"
"${git[@]}" init -q --bare "$dir/remote.git"
"${git[@]}" clone -q "$dir/remote.git" "$dir/work" 2> /dev/null
cd "$dir/work"
mkdir src build
race old_race "on main" > src/old.c
printf 'build/\n' > .gitignore
"${git[@]}" add . && "${git[@]}" commit -qm main && "${git[@]}" push -q origin HEAD:main
"${git[@]}" checkout -q -b feature
race new_race "added by the pull request" > src/new.c
sed -i -e 's|/\* on main \*/|/* on main, reworded */|' src/old.c
"${git[@]}" add . && "${git[@]}" commit -qm feature
cat > build/compile_commands.json <<J
[{"directory": "$dir/work/build", "file": "$dir/work/src/old.c", "arguments": ["cc", "-c", "../src/old.c"]},
 {"directory": "$dir/work/build", "file": "$dir/work/src/new.c", "arguments": ["cc", "-c", "../src/new.c"]}]
J
