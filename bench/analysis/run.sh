#!/usr/bin/env bash
# Analysis benchmark: `greenlight diff` of two flagship variants (as written vs full-lift) over every item and
# change date, against computing the zones those rows need once each with `greenlight zones` (one process per item
# and variant, over every change date), same run, alternated.
#   bench/analysis/run.sh            full run (5 timed runs of each side); writes `## analysis` in bench/RESULTS.md
#   bench/analysis/run.sh --smoke    one run of each side (CI); never writes RESULTS.md
# Other arguments go to bench_analysis.py (see --help). GREENLIGHT names the greenlight binary (default
# <repo>/.build/release/greenlight, built with `swift build -c release --product greenlight` only when it is missing).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null || (cd "$here/../.." && pwd))
py=${PYTHON:-python3}
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1

for arg in "$@"; do
    case "$arg" in -h|--help) exec "$py" "$here/bench_analysis.py" --help ;; esac
done


# Our side: the greenlight CLI itself.
bench=bench/analysis; source "$root/bench/greenlight-binary.sh"

export GREENLIGHT_BENCH_COMMAND="bench/analysis/run.sh${*:+ $*}"
exec "$py" "$here/bench_analysis.py" --repo "$root" "$@"
