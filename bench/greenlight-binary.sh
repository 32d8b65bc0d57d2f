# Sourced by the bench wrappers: GREENLIGHT names the greenlight CLI to time (default
# <repo>/.build/release/greenlight, built with `swift build -c release --product greenlight` only when it is missing).
# Needs $root (the repository) and $bench (the wrapper's name, for messages).
if [ -z "${GREENLIGHT:-}" ]; then
    GREENLIGHT="$root/.build/release/greenlight"
    if [ ! -x "$GREENLIGHT" ]; then
        echo "$bench: swift build -c release --product greenlight" >&2
        (cd "$root" && swift build -c release --product greenlight) >&2
    fi
fi
export GREENLIGHT
