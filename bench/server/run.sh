#!/usr/bin/env bash
# Server benchmark: wrk (Debian) on loopback against POST /api/scenarios/{id}/decide with a rotating mix of
# the flagship cases' requests (targets spread over each case's area: decide_mix.py), 64 connections,
# beside the framework's own ceiling (GET /api/health) in the same run; then checks that every decision
# served is in the audit log and that the hash chain verifies.
#   bench/server/run.sh           full run (3 × (20 s decide + 20 s health)); writes `## server` in bench/RESULTS.md
#   bench/server/run.sh --smoke   a few seconds; never writes RESULTS.md
#   bench/server/run.sh --backend postgres [--smoke]
#                                 two instances on one PostgreSQL database (scripts/postgis.sh), and
#                                 `audit verify` on 1,000,000 records on both backends; writes `## server on PostgreSQL`
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
command -v wrk >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
if [ -z "${GREENLIGHT:-}" ]; then
  (cd "$root" && swift build -c release --product greenlight && swift build -c release --product greenlight-bench) >&2
  GREENLIGHT="$root/.build/release/greenlight"
fi
export GREENLIGHT
exec python3 "$here/bench_server.py" --repo "$root" "$@"
