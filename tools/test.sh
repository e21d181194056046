#!/bin/sh
# Build and run the whole test suite: unit tests, integration scenarios and the
# freestanding kernel check, then all of it again under AddressSanitizer and UBSan.
set -eu
cd "$(dirname "$0")/.."
sh tools/bootstrap.sh

# The compat suite's libtock-c and PIC newlib build (long, done once): one cache for both
# build directories.
LIBTOCK_C_CACHE=${LIBTOCK_C_CACHE:-$(pwd)/build/libtock-c-cache}
export LIBTOCK_C_CACHE

passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_suite() {
    dir=$1
    shift
    [ -f "$dir/build.ninja" ] || meson setup "$dir" "$@" >/dev/null
    ninja -C "$dir" >/dev/null
    status=0
    meson test -C "$dir" --print-errorlogs --num-processes 2 >"$log" 2>&1 || status=$?
    cat "$log"
    passed=$((passed + $(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' "$log")))
    failed=$((failed + $(sed -n 's/^Fail: *\([0-9]*\).*/\1/p' "$log")))
    return $status
}

echo "== tests (debug build) =="
run_suite build

echo "== tests under AddressSanitizer and UndefinedBehaviorSanitizer =="
export ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
run_suite build-sanitize -Db_sanitize=address,undefined -Db_lundef=false

echo "$passed passed, $failed failed"
