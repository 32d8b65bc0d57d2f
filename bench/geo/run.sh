#!/usr/bin/env bash
# Geodesy benchmark: greenlight-bench geo against shapely (contains) and PostGIS (ST_DWithin), and the whole
# `greenlight geo distance` command against a whole numpy + shapely process, same run.
#   bench/geo/run.sh            full run (1,000,000 points, PostGIS subset 100,000); writes `## geo` in bench/RESULTS.md
#   bench/geo/run.sh --smoke    seconds-long run of both sides (CI); never writes RESULTS.md
# Other arguments go to bench_geo.py (see --help). Set GREENLIGHT_BENCH to use a prebuilt binary.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null || (cd "$here/../.." && pwd))
py=${PYTHON:-python3}
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1

# Peers (Python side): install only what is missing.
if ! "$py" -c 'import numpy, psycopg, shapely; assert int(shapely.__version__.split(".")[0]) >= 2' 2>/dev/null; then
    echo "bench/geo: installing numpy, shapely 2, psycopg 3 with pip" >&2
    "$py" -m pip install --quiet 'numpy>=1.24' 'shapely>=2,<3' 'psycopg[binary]>=3.1,<4' >&2
fi
# PostgreSQL 15 + PostGIS: scripts/postgis.sh installs it with apt-get when missing and starts the cluster.

# Our side.
if [ -z "${GREENLIGHT_BENCH:-}" ]; then
    echo "bench/geo: swift build -c release --product greenlight-bench" >&2
    (cd "$root" && swift build -c release --product greenlight-bench) >&2
    export GREENLIGHT_BENCH="$root/.build/release/greenlight-bench"
fi

if [ -z "${GREENLIGHT:-}" ]; then
    echo "bench/geo: swift build -c release --product greenlight (the whole-command runs)" >&2
    (cd "$root" && swift build -c release --product greenlight) >&2
    export GREENLIGHT="$root/.build/release/greenlight"
fi

export GREENLIGHT_BENCH_COMMAND="bench/geo/run.sh${*:+ $*}"
exec "$py" "$here/bench_geo.py" --repo "$root" "$@"
