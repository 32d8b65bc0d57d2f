#!/usr/bin/env bash
# Web map benchmark: how long the map's panel and layers take to update after a control change, in headless
# Chromium (Debian's, driven by Playwright) against `greenlight serve` with the flagship and 100,000 synthetic sites.
# The target is absolute (p90 ≤ 150 ms on this 2-core machine; no peer serves this map).
#   bench/webmap/run.sh            full run (30 date changes); writes `## web map` in bench/RESULTS.md
#   bench/webmap/run.sh --smoke    4 date changes with 10,000 sites (CI); never writes RESULTS.md
# Other arguments go to bench_webmap.py (see --help). GREENLIGHT names the greenlight binary (default
# <repo>/.build/release/greenlight, built with `swift build -c release --product greenlight` only when it is missing).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null || (cd "$here/../.." && pwd))
py=${PYTHON:-python3}
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1

for arg in "$@"; do
    case "$arg" in -h|--help) exec "$py" "$here/bench_webmap.py" --help ;; esac
done

bash "$root/scripts/setup.sh" chromium >&2
"$py" -c 'import playwright' 2>/dev/null || "$py" -m pip install --quiet playwright >&2

# Our side: the greenlight CLI itself.
bench=bench/webmap; source "$root/bench/greenlight-binary.sh"

export GREENLIGHT_BENCH_COMMAND="bench/webmap/run.sh${*:+ $*}"
exec "$py" "$here/bench_webmap.py" --repo "$root" "$@"
