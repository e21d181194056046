#!/bin/sh
# Build the libFuzzer harnesses in tests/fuzz/ with clang (-fsanitize=fuzzer,address,
# undefined) and run each one, starting from the seed corpora in tests/fuzz/corpus_*.
#
#   sh tools/fuzz.sh [SECONDS]        run each harness SECONDS long (default 60)
#   sh tools/fuzz.sh --runs N         run each harness on N inputs (the test suite's smoke run)
#   options: --out DIR                build and work directory (default build-fuzz)
#
# New inputs go to DIR/corpus_*, never into the source tree; a crash leaves its input in
# DIR (crash-*, a reproducer: DIR/fuzz_NAME THAT_FILE). Exits 77 (a skipped test for meson)
# when clang or libFuzzer is missing, 1 when a harness finds a problem.
set -eu
cd "$(dirname "$0")/.."

seconds=60
runs=""
out=build-fuzz
while [ $# -gt 0 ]; do
    case "$1" in
    --runs) runs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) seconds=$1; shift ;;
    esac
done

CLANG=${CLANG:-clang}
if ! command -v "$CLANG" >/dev/null 2>&1; then
    echo "fuzz.sh: $CLANG not found: skipped (apt-get install clang libclang-rt-dev)"
    exit 77
fi
mkdir -p "$out"
probe="$out/probe.c"
echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return d && n; }' >"$probe"
if ! "$CLANG" -fsanitize=fuzzer "$probe" -o "$out/probe" 2>/dev/null; then
    echo "fuzz.sh: $CLANG cannot link libFuzzer: skipped (apt-get install libclang-rt-dev)"
    exit 77
fi

flags="-std=gnu11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=undefined -Ikernel/include -Itests/unit"
# The kernel and the unit tests' fake CPU, compiled once for every harness.
mkdir -p "$out/obj"
kernel_objs=""
for src in kernel/*.c kernel/capsules/*.c tests/unit/fake_cpu.c; do
    obj="$out/obj/$(echo "$src" | tr / _).o"
    # shellcheck disable=SC2086
    "$CLANG" $flags -c "$src" -o "$obj"
    kernel_objs="$kernel_objs $obj"
done
link() {   # link NAME SOURCES...: the harness tests/fuzz/fuzz_NAME.c with SOURCES
    name=$1
    shift
    # shellcheck disable=SC2086
    "$CLANG" $flags -Iemu -Iipc -Iboards/common "tests/fuzz/fuzz_$name.c" "$@" $kernel_objs -lpthread \
        -o "$out/fuzz_$name"
}
link tbf
link syscall
# The gdb server's transport and request parser, and the process console's commands
# (its board's clock and event loop are stubs in the harness).
link gdb emu/gdb_rsp.c emu/gdb_packet.c
link console emu/process_console.c emu/sensor_model.c emu/sensor_series.c \
    emu/host_hmi.c emu/hmi_config.c emu/host_screen.c emu/host_text_screen.c emu/host_touch.c \
    emu/host_buzzer.c emu/host_servo.c emu/drive_log.c -lm
# Loading as a whole: parse, place, load, boot and restart a fuzzed flash image.
link load emu/app_placement.c

status=0
for name in tbf syscall load gdb console; do
    work="$out/corpus_$name"
    mkdir -p "$work"
    if [ -n "$runs" ]; then limit="-runs=$runs"; else limit="-max_total_time=$seconds"; fi
    log="$out/fuzz_$name.log"
    if "$out/fuzz_$name" "$limit" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$out/" "$work" "tests/fuzz/corpus_$name" >"$log" 2>&1; then
        result="no problem found"
    else
        result="PROBLEM FOUND (see $log)"
        status=1
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
    echo "fuzz_$name: ${execs:-?} inputs (${rate:-?}/s), $cov, corpus $(ls "$work" | wc -l) files: $result"
    if [ $status -ne 0 ]; then
        grep -E 'ERROR|invariant failed|SUMMARY|runtime error' "$log" | head -n 5
    fi
done
exit $status
