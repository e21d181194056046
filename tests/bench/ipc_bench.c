/* IPC benchmark: the ipc_bench_server / ipc_bench_client pair (2000 relay-request round
 * trips, then 2000 streamed relay messages) on the board, against a bare Unicorn engine's
 * null-svc loop measured in the same run.
 *
 * The apps print their rates in board time (the virtual 64 MHz clock). This program adds
 * host figures: CPU time of the whole IPC run, per operation, and against the time the same
 * number of system calls takes on a bare engine (the cost of the kernel, the capsules, the
 * copies and the process switches together).
 * Usage: ipc_bench IPC_BENCH_SERVER.tbf IPC_BENCH_CLIENT.tbf */
#include <stdio.h>

#include "bench_util.h"

#define OPERATIONS 4000u         /* 2000 round trips + 2000 messages, as the client does */
#define BARE_ROUNDS 2000000u
#define REPEAT 3

static const uint16_t bare_loop[] = {
    0x4c05,
    0x2001, 0x2100, 0x2200, 0x2300, 0xdf02,
    0x3c01, 0xd1f8,
    0x2000, 0x2100, 0xdf06, 0xe7fe,
    BARE_ROUNDS & 0xffff, BARE_ROUNDS >> 16,
};

int main(int argc, char **argv)
{
    bench_name = "ipc_bench";
    if (argc != 3) {
        fprintf(stderr, "usage: ipc_bench IPC_BENCH_SERVER.tbf IPC_BENCH_CLIENT.tbf\n");
        return 2;
    }
    const char *files[2] = {argv[1], argv[2]};
    double best_cpu = 0, bare = 0;
    uint64_t syscalls = 0;
    for (int r = 0; r < REPEAT; r++) {
        double rate = bench_bare_svc_rate(bare_loop, sizeof bare_loop / 2, BARE_ROUNDS);
        bare = rate > bare ? rate : bare;
        struct board_config cfg;
        board_config_defaults(&cfg);
        struct bench_board *bb = bench_board_boot(&cfg, files, 2);
        bench_board_run(bb);
        if (bb->status != BOARD_ALL_EXITED_CLEANLY)
            bench_fail("the IPC benchmark apps did not both exit 0");
        syscalls = bb->b.k.procs[0].syscall_count + bb->b.k.procs[1].syscall_count;
        if (best_cpu == 0 || bb->run_cpu_s < best_cpu)
            best_cpu = bb->run_cpu_s;
        bench_board_free(bb);
    }
    double bare_s = (double)syscalls / bare;
    printf("IPC run (2000 round trips + 2000 messages): %.2f ms host CPU, %llu syscalls\n",
           best_cpu * 1e3, (unsigned long long)syscalls);
    printf("  per operation             : %7.2f us   (%.0f operations/s of host time)\n",
           best_cpu * 1e6 / OPERATIONS, OPERATIONS / best_cpu);
    printf("  same syscalls, bare engine: %7.2f ms   (%.1f ns each)\n", bare_s * 1e3,
           1e9 / bare);
    printf("  IPC run / bare syscalls   : %.2fx\n", best_cpu / bare_s);
    return 0;
}
