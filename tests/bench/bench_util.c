/* Helpers shared by the benchmarks: see bench_util.h. */
#define _GNU_SOURCE
#include "bench_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *bench_name = "bench";

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double bench_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void bench_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", bench_name);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

void bench_put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

void bench_code_tbf(char path[64], const char *name, const uint16_t *code, size_t halfwords,
                    uint32_t min_ram)
{
    size_t name_len = strlen(name);
    const uint32_t header = 16 + 16 + 24 + 4 + (uint32_t)((name_len + 3) & ~3u);
    const uint32_t total = (header + (uint32_t)halfwords * 2 + 3) & ~3u;
    uint8_t *tbf = calloc(1, total);
    if (!tbf || name_len > TBF_MAX_PACKAGE_NAME)
        bench_fail("cannot build the TBF %s", name);
    bench_put32(tbf + 0, 2 | header << 16);
    bench_put32(tbf + 4, total);
    bench_put32(tbf + 8, TBF_FLAG_ENABLED);
    uint8_t *t = tbf + 16;
    bench_put32(t, TBF_TLV_MAIN | 12u << 16);   /* init_fn 0, no trailer, min RAM */
    bench_put32(t + 12, min_ram);
    t += 16;
    bench_put32(t, TBF_TLV_PROGRAM | 20u << 16);
    bench_put32(t + 12, min_ram);
    bench_put32(t + 16, total);                  /* binary_end_offset */
    t += 24;
    bench_put32(t, TBF_TLV_PACKAGE_NAME | (uint32_t)name_len << 16);
    memcpy(t + 4, name, name_len);
    for (size_t i = 0; i < halfwords; i++) {
        tbf[header + 2 * i] = (uint8_t)code[i];
        tbf[header + 2 * i + 1] = (uint8_t)(code[i] >> 8);
    }
    bench_put32(tbf + 12, tbf_checksum(tbf, header));

    snprintf(path, 64, "/tmp/bench_%s_XXXXXX", name);
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, tbf, total) != (ssize_t)total || close(fd))
        bench_fail("cannot write %s", path);
    free(tbf);
}

uc_engine *bench_bare_engine(void)
{
    uc_engine *uc;
    if (uc_open(UC_ARCH_ARM, UC_MODE_THUMB, &uc) ||
        uc_ctl_set_cpu_model(uc, UC_CPU_ARM_CORTEX_M4))
        bench_fail("cannot open a bare engine");
    return uc;
}

void bench_bare_map(uc_engine *uc, uint32_t addr, uint32_t size, uint32_t prot,
                    const void *init, size_t len)
{
    if (uc_mem_map(uc, addr, size, prot) || (init && uc_mem_write(uc, addr, init, len)))
        bench_fail("cannot map 0x%x bytes at 0x%08x in a bare engine", size, addr);
}

struct bench_board *bench_board_boot(const struct board_config *cfg, const char *const *files,
                                     int n)
{
    struct bench_board *bb = calloc(1, sizeof *bb);
    if (!bb)
        bench_fail("out of memory");
    struct board_config c = *cfg;
    c.quiet = true;
    char err[256];
    double t0 = bench_now();
    if (board_init(&bb->b, &c, err, sizeof err))
        bench_fail("%s", err);
    for (int i = 0; i < n; i++)
        if (board_add_file(&bb->b, files[i], err, sizeof err))
            bench_fail("%s", err);
    bb->loaded = board_boot(&bb->b);
    bb->boot_s = bench_now() - t0;
    if (bb->loaded == 0)
        bench_fail("no app could be loaded (first file %s)", files[0]);
    return bb;
}

void bench_board_run(struct bench_board *bb)
{
    double t0 = bench_now(), c0 = bench_cpu_now();
    bb->status = board_run(&bb->b);
    bb->run_cpu_s = bench_cpu_now() - c0;
    bb->run_s = bench_now() - t0;
    fflush(stdout);
}

void bench_board_free(struct bench_board *bb)
{
    board_destroy(&bb->b);
    free(bb);
}

long bench_status_kib(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    long v = -1;
    size_t n = strlen(key);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, n) == 0 && line[n] == ':')
            v = strtol(line + n + 1, NULL, 10);
    fclose(f);
    return v;
}

uint8_t *bench_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        bench_fail("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    uint8_t *data = malloc(size > 0 ? (size_t)size : 1);
    if (size < 0 || !data || fread(data, 1, (size_t)size, f) != (size_t)size)
        bench_fail("cannot read %s", path);
    fclose(f);
    *len = (size_t)size;
    return data;
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

double bench_bare_svc_rate(const uint16_t *code, size_t halfwords, uint32_t rounds)
{
    uc_engine *uc = bench_bare_engine();
    uc_hook h;
    uint64_t count = 0;
    bench_bare_map(uc, 0x40000, 0x1000, UC_PROT_READ | UC_PROT_EXEC, code, halfwords * 2);
    uc_hook_add(uc, &h, UC_HOOK_INTR, (void *)bare_svc_hook, &count, 1, 0);
    double t0 = bench_cpu_now();
    uc_err err = uc_emu_start(uc, 0x40001, 0x40000 + 16, 0, 0);   /* until the exit code */
    double t1 = bench_cpu_now();
    uc_close(uc);
    if (err || count != rounds)
        bench_fail("bare loop ran %llu of %u svcs (%s)", (unsigned long long)count, rounds,
                   uc_strerror(err));
    return (double)count / (t1 - t0);
}
