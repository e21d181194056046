/* Syscall round-trip benchmark, measured in one run:
 *  1. bare: a Unicorn engine running an svc loop whose hook does the least a kernel could
 *     (read r0-r3, write r0);
 *  2. kernel: the same instructions as a TBF process on the emulated board, every svc a
 *     null command (console command 0) through the whole kernel;
 *  3. SDK: the bench_null app, the same null command through the SDK's command() (its
 *     call, stack and result-struct stores included).
 * Prints the rates and the kernel/bare ratio. Usage: syscall_bench BENCH_NULL.tbf */
#include <stdio.h>
#include <unistd.h>

#include "bench_util.h"

#define ROUNDS 2000000u
#define REPEAT 3

/* r4 = ROUNDS from a literal; loop: r0=1 r1=0 r2=0 r3=0; svc 2; subs r4,#1; bne loop;
 * then r0=0 r1=0; svc 6 (exit 0); b . ; the literal. */
static const uint16_t loop_code[] = {
    0x4c05,
    0x2001, 0x2100, 0x2200, 0x2300, 0xdf02,
    0x3c01, 0xd1f8,
    0x2000, 0x2100, 0xdf06, 0xe7fe,
    ROUNDS & 0xffff, ROUNDS >> 16,
};

static double kernel_rate(const char *tbf)
{
    struct board_config cfg;
    board_config_defaults(&cfg);
    struct bench_board *bb = bench_board_boot(&cfg, &tbf, 1);
    bench_board_run(bb);
    uint64_t calls = bb->b.k.procs[0].syscall_count;
    double rate = (double)calls / bb->run_cpu_s;
    if (bb->status != BOARD_ALL_EXITED_CLEANLY)
        bench_fail("the benchmark app %s failed", tbf);
    bench_board_free(bb);
    return rate;
}

static double max(double a, double b) { return a > b ? a : b; }

int main(int argc, char **argv)
{
    bench_name = "syscall_bench";
    if (argc != 2) {
        fprintf(stderr, "usage: syscall_bench BENCH_NULL.tbf\n");
        return 2;
    }
    char loop_tbf[64];
    bench_code_tbf(loop_tbf, "bench_svc", loop_code, sizeof loop_code / 2, 1024);
    /* Alternate and keep the best of each: other load on the host only slows a run. */
    double bare = 0, kernel = 0, sdk = 0;
    for (int i = 0; i < REPEAT; i++) {
        bare = max(bare, bench_bare_svc_rate(loop_code, sizeof loop_code / 2, ROUNDS));
        kernel = max(kernel, kernel_rate(loop_tbf));
        sdk = max(sdk, kernel_rate(argv[1]));
    }
    unlink(loop_tbf);
    printf("null system call, best of %d runs, thread CPU time\n", REPEAT);
    printf("bare engine svc loop        : %7.2f M svc/s   (%6.1f ns each)\n", bare / 1e6, 1e9 / bare);
    printf("same loop, kernel null cmd  : %7.2f M calls/s (%6.1f ns each)\n", kernel / 1e6, 1e9 / kernel);
    printf("SDK command() null cmd loop : %7.2f M calls/s (%6.1f ns each)\n", sdk / 1e6, 1e9 / sdk);
    printf("kernel / bare time ratio    : %.2fx (target: within 1.5x)\n", bare / kernel);
    return 0;
}
