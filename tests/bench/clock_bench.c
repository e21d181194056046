/* Virtual-clock speed: the bench_sleep app sleeps 60 s of board time (sixty 1 s alarms)
 * and must finish in well under a second of host time. Prints the board time, the host
 * time and their ratio. Usage: clock_bench BENCH_SLEEP.tbf */
#include <stdio.h>

#include "bench_util.h"

int main(int argc, char **argv)
{
    bench_name = "clock_bench";
    if (argc != 2) {
        fprintf(stderr, "usage: clock_bench BENCH_SLEEP.tbf\n");
        return 2;
    }
    struct board_config cfg;
    board_config_defaults(&cfg);
    const char *file = argv[1];
    struct bench_board *bb = bench_board_boot(&cfg, &file, 1);
    bench_board_run(bb);
    double board_s = (double)host_clock_now_ns(&bb->b.clock) / 1e9;
    if (bb->status != BOARD_ALL_EXITED_CLEANLY || board_s < 60.0)
        bench_fail("the sleeping app failed (%.3f s of board time)", board_s);
    printf("virtual clock: %.3f s of board time in %.2f ms of host time (boot %.2f ms)\n",
           board_s, bb->run_s * 1e3, bb->boot_s * 1e3);
    printf("board time / host time     : %.0fx (target: 60 s in well under 1 s)\n",
           board_s / bb->run_s);
    bench_board_free(bb);
    return 0;
}
