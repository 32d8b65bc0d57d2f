#!/usr/bin/env bash
# schemathesis (PyPI) against the OpenAPI document of a running `greenlight serve`: every operation of
# /openapi.json with generated valid and invalid requests, once without a token (writes must be 401)
# and once with one (`greenlight token create`), bounded by --max-examples per operation and a fixed
# seed. Passes when no response is a 5xx, none is outside the documented schema and every status is
# a documented one. Starts its own server on a scratch database with the flagship imported.
#
#   GREENLIGHT=.build/release/greenlight bash tests/api/schemathesis.sh
#
# Environment: GREENLIGHT (the binary), SCHEMATHESIS_MAX_EXAMPLES (per operation, default 40),
# SCHEMATHESIS_SEED (default 13). Reports (JUnit, and a pytest file reproducing failures) go to
# out/schemathesis/. docs/fuzzing.md explains what runs.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
gl=${GREENLIGHT:-$root/.build/release/greenlight}
[ -x "$gl" ] || { echo "schemathesis.sh: no greenlight binary at $gl (set GREENLIGHT)" >&2; exit 2; }
command -v schemathesis >/dev/null || PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet schemathesis
examples=${SCHEMATHESIS_MAX_EXAMPLES:-40}
seed=${SCHEMATHESIS_SEED:-13}
out="$root/out/schemathesis"
rm -rf "$out"; mkdir -p "$out"

work=$(mktemp -d)
db="$work/schemathesis.sqlite"
# The token first, then the server on the same database (it reads tokens from it).
token=$("$gl" token create --name schemathesis --database "$db") || { echo "schemathesis.sh: token create failed"; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$gl" serve --port "$port" --database "$db" --import Scenarios/ukraine-2024-2025/scenario.yaml 2>"$out/server.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
url="http://127.0.0.1:$port"
python3 -c "import time,urllib.request,sys
for _ in range(300):
    try: urllib.request.urlopen('$url/api/health').read(); sys.exit(0)
    except OSError: time.sleep(0.1)
sys.exit(1)" || { echo "schemathesis.sh: the server did not start"; cat "$out/server.log"; exit 1; }

# Checks that hold for every operation: no 5xx, bodies as documented, statuses as documented, and
# the documented content type. (negative_data_rejection etc. are left out: the API accepts some
# values the schema does not constrain, e.g. unknown scenario ids answer 404, as documented.)
checks=not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance
status=0
run() {
  local name=$1; shift
  echo "== schemathesis ($name): $examples examples per operation, seed $seed"
  schemathesis --config-file "$root/tests/api/schemathesis.toml" run "$url/openapi.json" --checks "$checks" --max-examples "$examples" --seed "$seed" \
    --request-timeout 30 --no-color --suppress-health-check all --generation-database none \
    --report junit,pytest --report-junit-path "$out/$name.junit.xml" --report-pytest-path "$out/$name.pytest.py" \
    "$@" > "$out/$name.log" 2>&1
  local rc=$?
  grep -E "^(Test cases|Summary|API Operations|Seed|[0-9]+ (passed|failed|skipped|errors?))|passed|failed|error" "$out/$name.log" | tail -12 | sed 's/^/   /'
  if [ $rc != 0 ]; then echo "schemathesis FAILED ($name, exit $rc): $out/$name.log"; status=1; else echo "schemathesis ok ($name)"; fi
}
run anonymous
run token -H "Authorization: Bearer $token"

# The server must still be up and its audit chain intact after both runs.
kill -0 $server 2>/dev/null || { echo "schemathesis.sh: the server died"; tail -20 "$out/server.log"; status=1; }
kill $server; wait $server 2>/dev/null
"$gl" audit verify --database "$db" || status=1
exit $status
