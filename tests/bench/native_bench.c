/* Native bridge benchmark, measured in one run: the bench_null app (2,000,000 null
 * commands through the SDK's command(), console command 0) on each backend of the same
 * board and kernel:
 *   1. ARM: the TBF on an emulated Cortex-M (the svc handled inside the engine);
 *   2. native: the same source built for the host, every call a round trip over the
 *      shared-memory channel (both sides poll before sleeping; the default with 2+ CPUs);
 *   3. native, futex only: the same with polling off, each side sleeps at once (what one
 *      CPU gives).
 * Wall time (the native app runs in its own process, so this thread's CPU time would
 * miss it), best of three. Target: a native round trip under 2 us.
 * Usage: native_bench BENCH_NULL.tbf NATIVE_BENCH_NULL */
#include <stdio.h>
#include <string.h>

#include "bench_util.h"
#include "cpu_mux.h"

#define REPEAT 3

struct result {
    double rate;          /* system calls per second of wall time */
    double cpu_rate;      /* per second of this thread's CPU time */
};

static struct result run_app(const char *file, bool native, bool polling)
{
    char arg[4200];
    snprintf(arg, sizeof arg, "%s%s", native ? "native:" : "", file);
    const char *files[] = {arg};
    struct board_config cfg;
    board_config_defaults(&cfg);
    /* bench_board_boot adds the files after board_init: set the polling before boot */
    struct bench_board *bb = bench_board_boot(&cfg, files, 1);
    if (native)
        natives_set_polling(cpu_mux_of(&bb->b.k)->natives, polling);
    bench_board_run(bb);
    if (bb->status != BOARD_ALL_EXITED_CLEANLY)
        bench_fail("%s did not finish cleanly", arg);
    uint64_t calls = bb->b.k.procs[0].syscall_count;
    struct result r = {(double)calls / bb->run_s, (double)calls / bb->run_cpu_s};
    bench_board_free(bb);
    return r;
}

static void keep_best(struct result *best, struct result r)
{
    if (r.rate > best->rate)
        *best = r;
}

int main(int argc, char **argv)
{
    bench_name = "native_bench";
    if (argc != 3) {
        fprintf(stderr, "usage: native_bench BENCH_NULL.tbf NATIVE_BENCH_NULL\n");
        return 2;
    }
    struct result arm = {0}, native = {0}, futex = {0};
    for (int i = 0; i < REPEAT; i++) {
        keep_best(&arm, run_app(argv[1], false, false));
        keep_best(&native, run_app(argv[2], true, true));
        keep_best(&futex, run_app(argv[2], true, false));
    }
    printf("null system call (SDK command() loop), best of %d runs, wall time\n", REPEAT);
    printf("emulated ARM (Unicorn)       : %7.2f M calls/s (%7.1f ns each)\n", arm.rate / 1e6,
           1e9 / arm.rate);
    printf("native, polling channel      : %7.2f M calls/s (%7.1f ns each)  target < 2000 ns\n",
           native.rate / 1e6, 1e9 / native.rate);
    printf("native, futex sleep per call : %7.2f M calls/s (%7.1f ns each)\n", futex.rate / 1e6,
           1e9 / futex.rate);
    printf("native / ARM round-trip time : %.2fx\n", arm.rate / native.rate);
    printf("tockemu CPU per native call  : %7.1f ns (polling), %7.1f ns (futex)\n",
           1e9 / native.cpu_rate, 1e9 / futex.cpu_rate);
    return 0;
}
