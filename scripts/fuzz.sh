#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, a package of its own: the main build is untouched) once, with
# -sanitize=fuzzer and -sanitize=address, and runs each for N seconds on its committed corpus
# (fuzz/corpus/<target>/). Exits non-zero on any crash, leak, timeout or out-of-memory and prints the
# reproducer's path; new corpus entries go to out/fuzz/<target>/corpus, not into the repository.
#
#   scripts/fuzz.sh [--seconds N] [--jobs J] [target…]     targets: policy-files geojson request-body sites
#   scripts/fuzz.sh --repro FILE target                   runs one input (a reproducer) through a target
#   --no-build                                            uses the binaries already in .build-fuzz (for
#                                                         several runs in parallel after one build)
#
# Environment: GREENLIGHT_FUZZ_RSS_MB (memory limit per process, default 2048), GREENLIGHT_FUZZ_TIMEOUT
# (seconds one input may take, default 20), GREENLIGHT_BUILD_LOCK (a file to flock around the build,
# for machines where builds must not overlap). docs/fuzzing.md explains the targets.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=30
jobs=1
repro=""
skip_build=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
    --jobs) jobs=${2:?--jobs needs a number}; shift 2 ;;
    --repro) repro=${2:?--repro needs a file}; shift 2 ;;
    --no-build) skip_build=1; shift ;;
    -h|--help) sed -n 2,14p "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
case "$seconds" in ''|*[!0-9]*) echo "fuzz.sh: --seconds expects a whole number of seconds, found '$seconds'" >&2; exit 2 ;; esac
[ ${#targets[@]} -gt 0 ] || targets=(policy-files geojson request-body sites)

executable() {
  case "$1" in
    policy-files) echo FuzzPolicyFiles ;;
    geojson) echo FuzzGeoJSON ;;
    request-body) echo FuzzRequestBody ;;
    sites) echo FuzzSites ;;
    *) return 1 ;;
  esac
}
for t in "${targets[@]}"; do
  executable "$t" >/dev/null || { echo "fuzz.sh: unknown target '$t' (expected policy-files, geojson, request-body or sites)" >&2; exit 2; }
done

scratch="$root/.build-fuzz"
# swiftc keeps only the last -sanitize= it is given, and SwiftPM passes --sanitize values in no fixed
# order: a build had either coverage or ASan in the Swift code, never both. The one comma-separated
# -sanitize=fuzzer,address after them gives both; --sanitize still instruments the C targets and links
# the runtimes.
build=(swift build --package-path fuzz --scratch-path "$scratch" -c release --sanitize=fuzzer --sanitize=address
       -Xswiftc -sanitize=fuzzer,address)
[ -n "${GREENLIGHT_BUILD_LOCK:-}" ] && build=(flock "$GREENLIGHT_BUILD_LOCK" "${build[@]}")
if [ $skip_build = 0 ]; then
  echo "== fuzz build: ${build[*]}"
  "${build[@]}" 2>&1 | grep -E "error:|Build complete" ; [ "${PIPESTATUS[0]}" = 0 ] || { echo "fuzz build failed"; exit 1; }
fi
bin="$scratch/release"

# Leaks outside Greenlight, each explained in the file.
export LSAN_OPTIONS="suppressions=$root/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
rss=${GREENLIGHT_FUZZ_RSS_MB:-2048}
timeout=${GREENLIGHT_FUZZ_TIMEOUT:-20}

if [ -n "$repro" ]; then
  [ ${#targets[@]} = 1 ] || { echo "fuzz.sh: --repro runs one target" >&2; exit 2; }
  exec "$bin/$(executable "${targets[0]}")" -rss_limit_mb="$rss" -timeout="$timeout" "$repro"
fi

status=0
for t in "${targets[@]}"; do
  exe=$(executable "$t")
  work="$root/out/fuzz/$t"
  mkdir -p "$work/corpus" "$work/artifacts"
  rm -f "$work"/artifacts/{crash,leak,timeout,oom}-*
  log="$work/fuzz.log"
  echo "== fuzz $t: $seconds s (log $log)"
  # The scratch corpus first (new inputs are written there), the committed one read-only after it.
  args=(-max_total_time="$seconds" -rss_limit_mb="$rss" -timeout="$timeout" -print_final_stats=1
        -artifact_prefix="$work/artifacts/" "$work/corpus" "$root/fuzz/corpus/$t")
  if [ "$jobs" -gt 1 ]; then args=(-fork="$jobs" -ignore_crashes=0 "${args[@]}"); fi
  (cd "$work" && "$bin/$exe" "${args[@]}") > "$log" 2>&1
  rc=$?
  found=$(ls "$work"/artifacts/{crash,leak,timeout,oom}-* 2>/dev/null)
  grep -E "^#[0-9]+.*DONE|^stat::number_of_executed_units|^stat::peak_rss_mb" "$log" | sed 's/^/   /'
  if [ $rc != 0 ] || [ -n "$found" ]; then
    status=1
    echo "FUZZ FAILURE in $t (exit $rc)"
    grep -E "ERROR: |Fatal error|Precondition failed|SUMMARY:|==[0-9]+==" "$log" | head -8 | sed 's/^/   /'
    for f in $found; do echo "   reproducer: $f   (scripts/fuzz.sh --repro $f $t)"; done
  else
    echo "fuzz ok: $t"
  fi
done
exit $status
