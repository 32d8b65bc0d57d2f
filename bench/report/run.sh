#!/usr/bin/env bash
# Report benchmark: the flagship report step of scripts/flagship.sh
# (`greenlight report Scenarios/ukraine-2024-2025/scenario.yaml --out DIR --within RU --date 2024-09-12`), the whole process,
# timed side by side with the same step built from commit 2a49850 (the commit before the zones), alternating A B A B.
#   bench/report/run.sh            full run (one warm-up, then 7 timed runs of each); writes `## report` in bench/RESULTS.md
#   bench/report/run.sh --smoke    one run of each (CI); without a previous binary, the current report once and the
#                                  comparison skipped; never builds the previous commit; never writes RESULTS.md
# Other arguments go to bench_report.py (see --help).
#   GREENLIGHT           the current binary (default <repo>/.build/release/greenlight, built only when missing)
#   GREENLIGHT_PREVIOUS  the previous binary; when unset, the full run builds it in a git worktree
#                        (GREENLIGHT_PREVIOUS_WORKTREE, default <repo>/../wt-prev, at commit 2a49850) with
#                        `flock /tmp/gl-build.lock swift build -c release --product greenlight`; --smoke only uses a
#                        binary already built there
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null || (cd "$here/../.." && pwd))
py=${PYTHON:-python3}
prev_commit=2a49850

smoke=0
for arg in "$@"; do
    case "$arg" in
        -h|--help) exec "$py" "$here/bench_report.py" --help ;;
        --smoke) smoke=1 ;;
    esac
done

# The current binary.
if [ -z "${GREENLIGHT:-}" ]; then
    GREENLIGHT="$root/.build/release/greenlight"
    if [ ! -x "$GREENLIGHT" ]; then
        echo "bench/report: swift build -c release --product greenlight" >&2
        (cd "$root" && flock /tmp/gl-build.lock swift build -c release --product greenlight) >&2
    fi
fi
export GREENLIGHT

# The previous binary: given, else the worktree's (built here on a full run).
if [ -z "${GREENLIGHT_PREVIOUS:-}" ]; then
    wt=${GREENLIGHT_PREVIOUS_WORKTREE:-$(dirname "$root")/wt-prev}
    bin="$wt/.build/release/greenlight"
    wt_ok=0
    if [ -d "$wt" ] && [ "$(git -C "$wt" rev-parse HEAD 2>/dev/null)" = "$(git -C "$root" rev-parse "$prev_commit^{commit}")" ]; then
        wt_ok=1
    fi
    if [ "$smoke" = 1 ]; then
        if [ "$wt_ok" = 1 ] && [ -x "$bin" ]; then
            GREENLIGHT_PREVIOUS=$bin
        else
            echo "bench/report: no previous binary (GREENLIGHT_PREVIOUS unset, none built in $wt); smoke runs the current report only" >&2
        fi
    else
        if [ ! -d "$wt" ]; then
            echo "bench/report: git worktree add $wt $prev_commit" >&2
            git -C "$root" worktree add --detach "$wt" "$prev_commit" >&2
        elif [ "$wt_ok" != 1 ]; then
            echo "bench/report: $wt exists but is not at $prev_commit; set GREENLIGHT_PREVIOUS or GREENLIGHT_PREVIOUS_WORKTREE" >&2
            exit 1
        fi
        # Incremental: a no-op when already built. The lock keeps two builds from sharing the 2 cores.
        echo "bench/report: (cd $wt && flock /tmp/gl-build.lock swift build -c release --product greenlight)" >&2
        (cd "$wt" && flock /tmp/gl-build.lock swift build -c release --product greenlight) >&2
        GREENLIGHT_PREVIOUS=$bin
    fi
    if [ -n "${GREENLIGHT_PREVIOUS:-}" ]; then
        export GREENLIGHT_PREVIOUS_COMMIT="$(git -C "$wt" rev-parse --short HEAD) (worktree $wt)"
    fi
fi
if [ -n "${GREENLIGHT_PREVIOUS:-}" ]; then export GREENLIGHT_PREVIOUS; fi

export GREENLIGHT_BENCH_COMMAND="bench/report/run.sh${*:+ $*}"
exec "$py" "$here/bench_report.py" --repo "$root" "$@"
