#!/bin/sh
# Build and run every benchmark (meson test --benchmark: tests/bench/), one after the
# other, and write the results with a description of the machine to BUILD/bench-results.txt.
# Then show the address-space check: tockemu under `ulimit -v` refuses to start with a
# clear message instead of being killed by exit(1) inside Unicorn.
#
#   sh tools/bench.sh [BUILD_DIR]     (default: build)
#
# Each benchmark prints ratios against a baseline measured in the same run; see
# docs/performance.md for what is compared and the figures on a reference machine.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
[ -f "$build/build.ninja" ] || meson setup "$build" >/dev/null
ninja -C "$build" -j2 >/dev/null
out="$build/bench-results.txt"

machine() {
    uname -srm
    lscpu | grep -E '^(Model name|CPU\(s\)|Thread\(s\) per core|CPU max MHz|Hypervisor vendor|L2 cache|L3 cache):' || true
    grep MemTotal /proc/meminfo
    echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "unicorn $(pkg-config --modversion unicorn 2>/dev/null || echo '?'), $(cc --version | head -n 1)"
}

benchmarks() {
    # Keep each benchmark's own lines and its name; drop meson's decoration.
    meson test -C "$build" --benchmark --verbose --num-processes 1 2>&1 |
        grep -vE '^(ninja|=+|-+|―+|.*✀.*|\s*$)' |
        sed -e 's/^>>> .*\/tests\//>>> /'
}

address_space_check() {
    hello="$build/apps/hello.tbf"
    echo "\$ (ulimit -v 4194304; tockemu hello.tbf x8)"
    status=0
    (ulimit -v 4194304 && exec "$build/tools/tockemu" "$hello" "$hello" "$hello" "$hello" \
        "$hello" "$hello" "$hello" "$hello") 2>&1 || status=$?
    echo "exit status $status (2 = bad input: refused before any engine was opened)"
}

{
    echo "# Benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "## Machine"
    machine
    echo
    echo "## meson test -C $build --benchmark --verbose --num-processes 1"
    benchmarks
    echo
    echo "## Address-space check (each engine reserves 1 GiB of virtual memory)"
    address_space_check
} | tee "$out"
echo "(written to $out)"
