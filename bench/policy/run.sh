#!/usr/bin/env bash
# Policy benchmark: greenlight-bench policy against Cedar (cedarpy), same run, same decisions.
#   bench/policy/run.sh            full run (100,000 requests); writes `## policy` in bench/RESULTS.md
#   bench/policy/run.sh --smoke    seconds-long run of both sides (CI); never writes RESULTS.md
# Other arguments go to bench_policy.py (see --help). Set GREENLIGHT_BENCH to use a prebuilt binary.
# The workload is generated (fixed seed) under bench/policy/work/, which git ignores.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null || (cd "$here/../.." && pwd))
py=${PYTHON:-python3}
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1

# Peer (Python side): install only what is missing.
if ! "$py" -c 'import cedarpy, yaml; from importlib.metadata import version; assert version("cedarpy").startswith("4.")' 2>/dev/null; then
    echo "bench/policy: installing cedarpy 4 and PyYAML with pip" >&2
    "$py" -m pip install --quiet 'cedarpy>=4,<5' 'PyYAML>=6' >&2
fi

# Our side.
if [ -z "${GREENLIGHT_BENCH:-}" ]; then
    echo "bench/policy: swift build -c release --product greenlight-bench" >&2
    (cd "$root" && swift build -c release --product greenlight-bench) >&2
    export GREENLIGHT_BENCH="$root/.build/release/greenlight-bench"
fi

export GREENLIGHT_BENCH_COMMAND="bench/policy/run.sh${*:+ $*}"
exec "$py" "$here/bench_policy.py" --repo "$root" "$@"
