#!/usr/bin/env bash
# Zones benchmark: the flagship `greenlight zones` (in range, permitted, permitted by each authority, as WGS84 polygons
# with areas) against PostGIS building the same zones, same run; both sides' areas against the independent reference
# Tests/GreenlightAnalysisTests/Fixtures/flagship-zone-reference.json (scripts/reference/make_zone_area_reference.py).
#   bench/zones/run.sh            full run (5 timed runs of each side); writes `## zones` in bench/RESULTS.md
#   bench/zones/run.sh --smoke    one run of each side and a loose agreement check (CI); never writes RESULTS.md
# Other arguments go to bench_zones.py (see --help). GREENLIGHT names the greenlight binary (default
# <repo>/.build/release/greenlight, built with `swift build -c release --product greenlight` only when it is missing),
# GREENLIGHT_BENCH the greenlight-bench binary (likewise).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null || (cd "$here/../.." && pwd))
py=${PYTHON:-python3}
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1

for arg in "$@"; do
    case "$arg" in -h|--help) exec "$py" "$here/bench_zones.py" --help ;; esac
done

# Peer and driver (Python side): install only what is missing. geographiclib re-measures the areas of the polygons
# Greenlight writes.
if ! "$py" -c 'import psycopg, yaml, geographiclib' 2>/dev/null; then
    echo "bench/zones: installing psycopg 3, PyYAML, geographiclib with pip" >&2
    "$py" -m pip install --quiet 'psycopg[binary]>=3.1,<4' 'PyYAML>=6' 'geographiclib>=2' >&2
fi
# PostgreSQL 15 + PostGIS: scripts/postgis.sh installs it with apt-get when missing and starts the cluster.

# Our side: the greenlight CLI itself, and greenlight-bench's zones-probe (the same zones timed in the process,
# loading excluded). Set GREENLIGHT_BENCH to use a prebuilt greenlight-bench.
bench=bench/zones; source "$root/bench/greenlight-binary.sh"
if [ -z "${GREENLIGHT_BENCH:-}" ]; then
    GREENLIGHT_BENCH="$root/.build/release/greenlight-bench"
    if [ ! -x "$GREENLIGHT_BENCH" ]; then
        echo "bench/zones: swift build -c release --product greenlight-bench" >&2
        (cd "$root" && swift build -c release --product greenlight-bench) >&2
    fi
    export GREENLIGHT_BENCH
fi

export GREENLIGHT_BENCH_COMMAND="bench/zones/run.sh${*:+ $*}"
exec "$py" "$here/bench_zones.py" --repo "$root" "$@"
