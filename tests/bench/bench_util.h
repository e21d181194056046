/* What the benchmarks share: a clock, minimal TBFs of hand-assembled Thumb code, bare
 * Unicorn engines (the baseline each ratio is measured against, in the same run), a board
 * run with timings, and the host process's memory figures.
 *
 * A benchmark prints figures and ratios; it exits non-zero only on a real error (an app
 * that did not load or finish, a wrong result), never because of a timing. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <unicorn/unicorn.h>

#include "board.h"

/* Seconds of CLOCK_MONOTONIC (wall time). */
double bench_now(void);
/* Seconds of CPU time of the calling thread: the measure for ratios, since other load on
 * the host then matters less. Under the virtual clock the board runs in this thread. */
double bench_cpu_now(void);

/* Print "NAME: message" on stderr and exit(1). */
__attribute__((noreturn, format(printf, 1, 2))) void bench_fail(const char *fmt, ...);

/* Name used in bench_fail messages (set once by main). */
extern const char *bench_name;

void bench_put32(uint8_t *p, uint32_t v);

/* Write a minimal TBF (base header, Main, Program, Package Name) whose binary is `code`
 * (Thumb halfwords, entry at its first halfword) to a new file under /tmp; its path goes
 * into path[64]. The caller unlinks it. */
void bench_code_tbf(char path[64], const char *name, const uint16_t *code, size_t halfwords,
                    uint32_t min_ram);

/* A bare Cortex-M4 engine (UC_MODE_THUMB + the M4 model, as the kernel's engine opens
 * it) with nothing mapped and no hooks. */
uc_engine *bench_bare_engine(void);
/* Map [addr, addr+size) with prot and copy len bytes of init (may be NULL) there. */
void bench_bare_map(uc_engine *uc, uint32_t addr, uint32_t size, uint32_t prot,
                    const void *init, size_t len);

/* The null-syscall loop `code` (an svc loop of `rounds` iterations whose exit code starts
 * at byte 16, as syscall_bench's) on a bare engine whose hook does the least a kernel
 * could (read r0-r3, write Success): svcs per CPU second. The baseline of the syscall and
 * IPC benchmarks. */
double bench_bare_svc_rate(const uint16_t *code, size_t halfwords, uint32_t rounds);

/* A board with cfg (quiet), the given files in flash, booted. */
struct bench_board {
    struct board b;
    int loaded;                  /* processes board_boot started */
    double boot_s;               /* board_init + files + board_boot */
    double run_s;                /* board_run, wall time */
    double run_cpu_s;            /* board_run, CPU time of this thread */
    enum board_status status;
};
/* Allocates, boots and returns the board; fails (exit) when no app loads. */
struct bench_board *bench_board_boot(const struct board_config *cfg, const char *const *files,
                                     int n);
void bench_board_run(struct bench_board *bb);
void bench_board_free(struct bench_board *bb);

/* A field of /proc/self/status in KiB ("VmRSS", "VmHWM", "VmSize"); -1 if missing. */
long bench_status_kib(const char *key);

/* Read a whole file; exits on error. *len gets its size. Free with free(). */
uint8_t *bench_read_file(const char *path, size_t *len);

#endif
