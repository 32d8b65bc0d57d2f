#!/usr/bin/env bash
# Reach benchmark: the flagship `greenlight reach` (areas at 1 km + synthetic sites) against PostGIS classifying the
# same sites, same run; peak memory when streaming 10,000,000 sites.
#   bench/reach/run.sh            full run (1,000,000 sites; PostGIS on the first 100,000; 10,000,000 for memory);
#                                 writes `## reach` in bench/RESULTS.md
#   bench/reach/run.sh --smoke    seconds-long run of both sides (CI); never writes RESULTS.md
# Other arguments go to bench_reach.py (see --help). GREENLIGHT names the greenlight binary (default
# <repo>/.build/release/greenlight, built with `swift build -c release --product greenlight` only when it is missing).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null || (cd "$here/../.." && pwd))
py=${PYTHON:-python3}
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1

# Peer and driver (Python side): install only what is missing.
if ! "$py" -c 'import numpy, psycopg, yaml' 2>/dev/null; then
    echo "bench/reach: installing numpy, psycopg 3, PyYAML with pip" >&2
    "$py" -m pip install --quiet 'numpy>=1.24' 'psycopg[binary]>=3.1,<4' 'PyYAML>=6' >&2
fi
# Peak RSS comes from GNU time (`/usr/bin/time -v`, Debian package `time`).
if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "bench/reach: /usr/bin/time is missing and we are not root: apt-get install time" >&2
        exit 1
    fi
    echo "bench/reach: installing time with apt-get" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >&2
fi
# PostgreSQL 15 + PostGIS: scripts/postgis.sh installs it with apt-get when missing and starts the cluster.

# Our side: the greenlight CLI itself.
bench=bench/reach; source "$root/bench/greenlight-binary.sh"

export GREENLIGHT_BENCH_COMMAND="bench/reach/run.sh${*:+ $*}"
exec "$py" "$here/bench_reach.py" --repo "$root" "$@"
