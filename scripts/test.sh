#!/usr/bin/env bash
# Sets up and runs every test: the Swift test suites (geodesy, policy, analysis, conformance), the
# end-to-end CLI checks, the browser test of the HTML report (headless Chromium), the zone files read by
# GDAL/pyproj/shapely and one figure per question across commands and server (tests/zones), and a smoke run of
# each benchmark (so that they keep working; full runs: bench/*/run.sh), schemathesis on the API and ~30 s of
# each libFuzzer target (docs/fuzzing.md).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh chromium || exit 1
status=0
swift build --build-tests 2>&1 | grep -E "error:|Build complete" ; [ "${PIPESTATUS[0]}" = 0 ] || { echo "build failed"; exit 1; }
# PostgreSQL on loopback for the store suite's PostgreSQL cases and the multi-instance tests (installs
# postgresql-15 with apt when missing). Under CI=true those cases fail when this does not work.
if pg_url=$(bash scripts/postgis.sh start); then
  export GREENLIGHT_TEST_POSTGRES_URL="$pg_url"
else
  echo "PostgreSQL did not start: its store tests will fail under CI=true"; status=1
fi
swift test 2>&1 | tee /tmp/greenlight-swift-test.log | grep -E "✘|Test run|error:" ; [ "${PIPESTATUS[0]}" = 0 ] || status=1
bash scripts/cli-tests.sh || status=1

# The report in a real browser.
swift build -c release --product greenlight 2>&1 | grep -E "error:|Build complete"
python3 -c 'import playwright, pytest' 2>/dev/null || PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet playwright pytest
.build/release/greenlight report Scenarios/ukraine-2024-2025/scenario.yaml --out out/ukraine-2024-2025 --within RU --date 2024-09-12 || status=1
.build/release/greenlight report Scenarios/ukraine-2024-2025/scenario.yaml --out out/ukraine-2024-2025-nl --within RU --date 2024-09-12 --lang nl || status=1
GREENLIGHT_REPORT=out/ukraine-2024-2025/report.html GREENLIGHT_REPORT_NL=out/ukraine-2024-2025-nl/report.html python3 -m pytest -q tests/browser/test_report.py || status=1

# The JSON Schemas (docs/*.schema.json) on every shipped, conformance and example file, read as YAML 1.2;
# the examples of docs/scenario-format.md through the schema and the release binary.
python3 -c 'import jsonschema, ruamel.yaml' 2>/dev/null || PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet jsonschema ruamel.yaml
GREENLIGHT=.build/release/greenlight python3 -m pytest -q tests/schema || status=1

# The server: the web map in the browser, the OpenAPI document, crash safety.
python3 -c 'import openapi_spec_validator' 2>/dev/null || PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet openapi-spec-validator
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
db=$(mktemp -d)/web-test.sqlite
.build/release/greenlight serve --port "$port" --database "$db" --import Scenarios/ukraine-2024-2025/scenario.yaml 2>/dev/null &
server=$!
python3 -c "import time,urllib.request,sys
for _ in range(300):
    try: urllib.request.urlopen(\"http://127.0.0.1:$port/api/health\").read(); sys.exit(0)
    except OSError: time.sleep(0.1)
sys.exit(1)" || status=1
GREENLIGHT_URL="http://127.0.0.1:$port/" python3 -m pytest -q -s tests/browser/test_web_map.py tests/api || status=1
# Zones: the files read by GDAL, pyproj and shapely; one figure for one question across reach, compare,
# timeline, zones, the report and this server (release binary; ogrinfo from gdal-bin).
python3 -c 'import pyproj, shapely' 2>/dev/null || PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet pyproj shapely
GREENLIGHT_URL="http://127.0.0.1:$port/" python3 -m pytest -q -rs tests/zones || status=1
kill "$server"; wait "$server" 2>/dev/null
.build/release/greenlight audit verify --database "$db" || status=1
python3 tests/crash/crash_test.py || status=1
# Two instances on one PostgreSQL database, SIGKILL of one, SIGTERM drain on both backends.
python3 tests/postgres/multi_instance_test.py || status=1

# The API fuzzed by schemathesis (its own server, with and without a token): no 5xx, no response outside
# /openapi.json. Then each libFuzzer target (fuzz/, built once) for about 30 s on its committed corpus.
GREENLIGHT=.build/release/greenlight bash tests/api/schemathesis.sh || status=1
bash scripts/fuzz.sh --seconds "${GREENLIGHT_FUZZ_SECONDS:-30}" || status=1

if [ "${GREENLIGHT_SKIP_BENCH_SMOKE:-}" != 1 ]; then
  for b in bench/*/run.sh; do
    echo "== smoke: $b"
    GREENLIGHT=$PWD/.build/release/greenlight bash "$b" --smoke > /tmp/greenlight-bench-smoke.log 2>&1 && echo "smoke ok: $b" || { echo "smoke FAILED: $b"; tail -30 /tmp/greenlight-bench-smoke.log; status=1; }
  done
fi
exit $status
