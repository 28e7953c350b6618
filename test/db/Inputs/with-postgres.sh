#!/bin/bash
# with-postgres.sh DIR COMMAND...: runs COMMAND with a private PostgreSQL 15
# server (see postgres.sh) holding the tests' schema, then stops it.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/postgres.sh" "$1"
shift
psql -X -q -v ON_ERROR_STOP=1 -f "$HERE/schema.sql" > /dev/null
"$@"
