#!/usr/bin/env bash
# Sets up and runs every test: the Swift test suites (geodesy, policy, conformance), the end-to-end
# CLI checks, and a smoke run of each benchmark (so that they keep working; full runs: bench/*/run.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
status=0
swift build --build-tests 2>&1 | grep -E "error:|warning: |Build complete" | grep -v "^.*\.build/" ; [ "${PIPESTATUS[0]}" = 0 ] || { echo "build failed"; exit 1; }
swift test 2>&1 | tee /tmp/greenlight-swift-test.log | grep -E "✘|Test run|error:" ; [ "${PIPESTATUS[0]}" = 0 ] || status=1
bash scripts/cli-tests.sh || status=1
if [ "${GREENLIGHT_SKIP_BENCH_SMOKE:-}" != 1 ]; then
  for b in bench/*/run.sh; do
    echo "== smoke: $b"
    bash "$b" --smoke > /tmp/greenlight-bench-smoke.log 2>&1 && echo "smoke ok: $b" || { echo "smoke FAILED: $b"; tail -30 /tmp/greenlight-bench-smoke.log; status=1; }
  done
fi
exit $status
