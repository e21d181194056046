/* Syscall round-trip benchmark, measured in one run:
 *  1. bare: a Unicorn engine running an svc loop whose hook does the least a kernel could
 *     (read r0-r3, write r0);
 *  2. kernel: the same instructions as a TBF process on the emulated board, every svc a
 *     null command (console command 0) through the whole kernel;
 *  3. SDK: the bench_null app, the same null command through the SDK's command() (its
 *     call, stack and result-struct stores included).
 * Prints the rates and the kernel/bare ratio. Usage: syscall_bench BENCH_NULL.tbf */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicorn/unicorn.h>
#include <unistd.h>

#include "board.h"

#define BARE_ROUNDS 2000000u

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bare_svc_hook(uc_engine *uc, uint32_t intno, void *user)
{
    uint64_t *count = user;
    if (intno != 2) {
        uc_emu_stop(uc);
        return;
    }
    int ids[4] = {UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3};
    uint32_t r[4];
    void *vals[4] = {&r[0], &r[1], &r[2], &r[3]};
    uc_reg_read_batch(uc, ids, vals, 4);
    uint32_t success = 128;
    uc_reg_write(uc, UC_ARM_REG_R0, &success);
    (*count)++;
}

/* loop: movs r0,#1; movs r1,#0; movs r2,#0; movs r3,#0; svc 2; subs r4,#1; bne loop; bkpt */
static const uint16_t bare_code[] = {0x2001, 0x2100, 0x2200, 0x2300, 0xdf02, 0x3c01, 0xd1f8, 0xbe00};

static double bare_rate(void)
{
    uc_engine *uc;
    uc_hook h;
    uint64_t count = 0;
    if (uc_open(UC_ARCH_ARM, UC_MODE_THUMB, &uc) || uc_ctl_set_cpu_model(uc, UC_CPU_ARM_CORTEX_M4)) {
        fprintf(stderr, "syscall_bench: cannot open a bare engine\n");
        exit(1);
    }
    uc_mem_map(uc, 0x40000, 0x1000, UC_PROT_READ | UC_PROT_EXEC);
    uc_mem_write(uc, 0x40000, bare_code, sizeof bare_code);
    uc_hook_add(uc, &h, UC_HOOK_INTR, (void *)bare_svc_hook, &count, 1, 0);
    uint32_t rounds = BARE_ROUNDS;
    uc_reg_write(uc, UC_ARM_REG_R4, &rounds);
    double t0 = now_s();
    uc_err err = uc_emu_start(uc, 0x40001, 0xFFFFFFFF, 0, 0);
    double t1 = now_s();
    uc_close(uc);
    if (err || count != BARE_ROUNDS) {
        fprintf(stderr, "syscall_bench: bare loop ran %llu of %u svcs (%s)\n",
                (unsigned long long)count, BARE_ROUNDS, uc_strerror(err));
        exit(1);
    }
    return (double)count / (t1 - t0);
}

/* The bare loop as an app: r4 = ROUNDS from a literal, the loop, then exit(0). */
static const uint16_t loop_app_code[] = {
    0x4c05,                                          /* ldr r4, [pc, #20] */
    0x2001, 0x2100, 0x2200, 0x2300, 0xdf02,          /* loop: r0=1 r1=0 r2=0 r3=0; svc 2 */
    0x3c01, 0xd1f8,                                  /* subs r4, #1; bne loop */
    0x2000, 0x2100, 0xdf06, 0xe7fe,                  /* r0=0 r1=0; svc 6 (exit); b . */
    BARE_ROUNDS & 0xffff, BARE_ROUNDS >> 16,         /* the literal */
};

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* A minimal TBF: base header, Main, Program, Package Name, then the code. */
static void write_loop_tbf(const char *path)
{
    uint8_t tbf[512];
    memset(tbf, 0, sizeof tbf);
    const uint32_t header = 16 + 16 + 24 + 16;
    put32(tbf + 0, 2 | header << 16);
    put32(tbf + 4, sizeof tbf);
    put32(tbf + 8, TBF_FLAG_ENABLED);
    uint8_t *t = tbf + 16;
    put32(t, TBF_TLV_MAIN | 12u << 16);
    put32(t + 4, 0);          /* init_fn_offset */
    put32(t + 8, 0);          /* protected trailer */
    put32(t + 12, 1024);      /* minimum RAM */
    t += 16;
    put32(t, TBF_TLV_PROGRAM | 20u << 16);
    put32(t + 4, 0);
    put32(t + 8, 0);
    put32(t + 12, 1024);
    put32(t + 16, header + sizeof loop_app_code);
    put32(t + 20, 0);
    t += 24;
    put32(t, TBF_TLV_PACKAGE_NAME | 9u << 16);
    memcpy(t + 4, "bench_svc", 9);
    memcpy(tbf + header, loop_app_code, sizeof loop_app_code);
    put32(tbf + 12, tbf_checksum(tbf, header));
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(tbf, 1, sizeof tbf, f) != sizeof tbf || fclose(f)) {
        fprintf(stderr, "syscall_bench: cannot write %s\n", path);
        exit(1);
    }
}

static double kernel_rate(const char *tbf)
{
    static struct board b;
    struct board_config cfg;
    char err[256];
    board_config_defaults(&cfg);
    cfg.quiet = true;
    if (board_init(&b, &cfg, err, sizeof err) || board_add_file(&b, tbf, err, sizeof err)) {
        fprintf(stderr, "syscall_bench: %s\n", err);
        exit(1);
    }
    if (board_boot(&b) != 1) {
        fprintf(stderr, "syscall_bench: %s did not load\n", tbf);
        exit(1);
    }
    double t0 = now_s();
    enum board_status st = board_run(&b);
    double t1 = now_s();
    uint64_t calls = b.k.procs[0].syscall_count;
    board_destroy(&b);
    if (st != BOARD_ALL_EXITED_CLEANLY) {
        fprintf(stderr, "syscall_bench: the benchmark app failed\n");
        exit(1);
    }
    return (double)calls / (t1 - t0);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: syscall_bench BENCH_NULL.tbf\n");
        return 2;
    }
    char loop_tbf[] = "/tmp/bench_svc_XXXXXX";
    int fd = mkstemp(loop_tbf);
    if (fd < 0) {
        perror("syscall_bench: mkstemp");
        return 1;
    }
    close(fd);
    write_loop_tbf(loop_tbf);
    double bare = bare_rate();
    double kernel = kernel_rate(loop_tbf);
    double sdk = kernel_rate(argv[1]);
    unlink(loop_tbf);
    printf("bare engine svc loop        : %7.2f M svc/s   (%6.1f ns each)\n", bare / 1e6, 1e9 / bare);
    printf("same loop, kernel null cmd  : %7.2f M calls/s (%6.1f ns each)\n", kernel / 1e6, 1e9 / kernel);
    printf("SDK command() null cmd loop : %7.2f M calls/s (%6.1f ns each)\n", sdk / 1e6, 1e9 / sdk);
    printf("kernel / bare time ratio    : %.2fx (target: within 1.5x)\n", bare / kernel);
    return 0;
}
