#!/usr/bin/env bash
# Sets up and runs every test: the Swift test suites (geodesy, policy, analysis, conformance), the
# end-to-end CLI checks, the browser test of the HTML report (headless Chromium), and a smoke run of
# each benchmark (so that they keep working; full runs: bench/*/run.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh chromium || exit 1
status=0
swift build --build-tests 2>&1 | grep -E "error:|Build complete" ; [ "${PIPESTATUS[0]}" = 0 ] || { echo "build failed"; exit 1; }
swift test 2>&1 | tee /tmp/greenlight-swift-test.log | grep -E "✘|Test run|error:" ; [ "${PIPESTATUS[0]}" = 0 ] || status=1
bash scripts/cli-tests.sh || status=1

# The report in a real browser.
swift build -c release --product greenlight 2>&1 | grep -E "error:|Build complete"
python3 -c 'import playwright, pytest' 2>/dev/null || PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet playwright pytest
.build/release/greenlight report Scenarios/ukraine-2024/scenario.yaml --out out/ukraine-2024 --within RU --date 2024-09-12 || status=1
GREENLIGHT_REPORT=out/ukraine-2024/report.html python3 -m pytest -q tests/browser || status=1

if [ "${GREENLIGHT_SKIP_BENCH_SMOKE:-}" != 1 ]; then
  for b in bench/*/run.sh; do
    echo "== smoke: $b"
    GREENLIGHT=$PWD/.build/release/greenlight bash "$b" --smoke > /tmp/greenlight-bench-smoke.log 2>&1 && echo "smoke ok: $b" || { echo "smoke FAILED: $b"; tail -30 /tmp/greenlight-bench-smoke.log; status=1; }
  done
fi
exit $status
