/* Kernel overhead on compute-bound guest code, measured in one run.
 *
 *  kernel: the bench_compute app on the emulated board (virtual clock: a block hook counts
 *          instructions and preempts every 10 ms of board time), from boot to exit. Its
 *          main() calls bench_compute(SEED, ROUNDS) once and prints the result.
 *  bare:   the same TBF bytes mapped into a bare engine (no hooks), RAM at the address the
 *          board gives the app, and bench_compute(SEED, ROUNDS) called directly: PC at the
 *          function, r0/r1 the arguments, SP at the top of RAM, LR at an address where the
 *          run stops.
 *
 * Both execute the same instructions (the function's); the kernel run adds crt0, one
 * printf and exit, a few hundred instructions next to the function's hundreds of
 * millions. The results must agree: the app stores its result in bench_result, read from
 * its RAM after the run.
 *
 * The worst case for the kernel is also measured: a hand-assembled ALU loop of six
 * instructions with no loads or stores, as a TBF on the board and the same bytes on a bare
 * engine. Every iteration is one translation block, so the instruction-counting block
 * hook of the virtual clock weighs most there.
 * Usage: compute_bench BENCH_COMPUTE.tbf BENCH_COMPUTE.elf [bare|kernel] */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"

/* Must match apps/bench_compute/main.c. */
#define SEED 0x12345678u
#define ROUNDS 600u
#define REPEAT 5

#define FLASH_BASE 0x00040000u   /* where the board puts the first app */
#define RAM_BASE 0x20000000u
#define BARE_RAM 0x1000u
#define LINK_FLASH 0x80000000u   /* sdk/userland.ld: flash addresses have the top bit */

/* Value of a symbol in an ELF32 file (the first symbol table). */
static uint32_t elf_symbol(const char *path, const char *name)
{
    size_t len;
    uint8_t *elf = bench_read_file(path, &len);
    const Elf32_Ehdr *eh = (const Elf32_Ehdr *)elf;
    if (len < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
        eh->e_ident[EI_CLASS] != ELFCLASS32 ||
        eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(Elf32_Shdr) > len)
        bench_fail("%s is not a 32-bit ELF file", path);
    const Elf32_Shdr *sh = (const Elf32_Shdr *)(elf + eh->e_shoff);
    for (unsigned i = 0; i < eh->e_shnum; i++) {
        if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum)
            continue;
        const Elf32_Shdr *strtab = &sh[sh[i].sh_link];
        if (sh[i].sh_offset + (uint64_t)sh[i].sh_size > len ||
            strtab->sh_offset + (uint64_t)strtab->sh_size > len)
            break;
        const Elf32_Sym *sym = (const Elf32_Sym *)(elf + sh[i].sh_offset);
        for (size_t n = 0; n < sh[i].sh_size / sizeof *sym; n++) {
            if (sym[n].st_name >= strtab->sh_size)
                continue;
            const char *s = (const char *)elf + strtab->sh_offset + sym[n].st_name;
            if (strnlen(s, strtab->sh_size - sym[n].st_name) < strtab->sh_size - sym[n].st_name &&
                strcmp(s, name) == 0) {
                uint32_t value = sym[n].st_value;
                free(elf);
                return value;
            }
        }
    }
    bench_fail("%s: no symbol %s", path, name);
}

struct run {
    double seconds;
    uint32_t result;
};

/* ---- the tight ALU loop --------------------------------------------------------------- */

#define LOOP_ITERS 50000000u
/* r4 = LOOP_ITERS; r0 = 1; r1 = 3; loop: adds r0,r0,r1; eors r1,r0; lsls r2,r0,#3;
 * adds r1,r1,r2; subs r4,#1; bne loop; then exit(0). */
static const uint16_t loop_code[] = {
    0x4c06, 0x2001, 0x2103,
    0x1840, 0x4041, 0x00c2, 0x1889, 0x3c01, 0xd1f9,
    0x2000, 0x2100, 0xdf06, 0xe7fe, 0x0000,
    LOOP_ITERS & 0xffff, LOOP_ITERS >> 16,
};
#define LOOP_EXIT 18u   /* byte offset of the exit sequence */

static double loop_bare(void)
{
    uc_engine *uc = bench_bare_engine();
    bench_bare_map(uc, FLASH_BASE, 0x400, UC_PROT_READ | UC_PROT_EXEC, loop_code, sizeof loop_code);
    double t0 = bench_cpu_now();
    uc_err err = uc_emu_start(uc, FLASH_BASE | 1, FLASH_BASE + LOOP_EXIT, 0, 0);
    double t = bench_cpu_now() - t0;
    uint32_t r4 = 1;
    uc_reg_read(uc, UC_ARM_REG_R4, &r4);
    uc_close(uc);
    if (err || r4 != 0)
        bench_fail("bare ALU loop failed: %s", uc_strerror(err));
    return t;
}

static double loop_kernel(const char *tbf)
{
    struct board_config cfg;
    board_config_defaults(&cfg);
    struct bench_board *bb = bench_board_boot(&cfg, &tbf, 1);
    bench_board_run(bb);
    double t = bb->run_cpu_s;
    if (bb->status != BOARD_ALL_EXITED_CLEANLY)
        bench_fail("the ALU loop app failed");
    bench_board_free(bb);
    return t;
}

static struct run run_bare(const char *tbf_path, uint32_t fn_link)
{
    size_t len;
    uint8_t *tbf = bench_read_file(tbf_path, &len);
    struct tbf_header h;
    struct tbf_error e;
    if (tbf_parse(tbf, len, &h, &e) != TBF_OK)
        bench_fail("%s: bad TBF (%s)", tbf_path, e.field);
    uint32_t flash_size = (h.total_size + 1023) & ~1023u;
    uint32_t binary = FLASH_BASE + h.header_size + h.protected_trailer_size;
    uint32_t fn = binary + (fn_link - LINK_FLASH);

    uc_engine *uc = bench_bare_engine();
    bench_bare_map(uc, FLASH_BASE, flash_size, UC_PROT_READ | UC_PROT_EXEC, tbf, h.total_size);
    bench_bare_map(uc, RAM_BASE, BARE_RAM, UC_PROT_READ | UC_PROT_WRITE, NULL, 0);
    free(tbf);
    uint32_t r0 = SEED, r1 = ROUNDS, sp = RAM_BASE + BARE_RAM, lr = FLASH_BASE | 1;
    uc_reg_write(uc, UC_ARM_REG_R0, &r0);
    uc_reg_write(uc, UC_ARM_REG_R1, &r1);
    uc_reg_write(uc, UC_ARM_REG_SP, &sp);
    uc_reg_write(uc, UC_ARM_REG_LR, &lr);
    double t0 = bench_cpu_now();
    uc_err err = uc_emu_start(uc, fn | 1, FLASH_BASE, 0, 0);   /* stops at the return */
    struct run r = {bench_cpu_now() - t0, 0};
    uc_reg_read(uc, UC_ARM_REG_R0, &r.result);
    uc_close(uc);
    if (err)
        bench_fail("bare run of bench_compute failed: %s", uc_strerror(err));
    return r;
}

static struct run run_kernel(const char *tbf_path, uint32_t result_offset,
                             uint64_t *retired, uint64_t *slices)
{
    struct board_config cfg;
    board_config_defaults(&cfg);
    struct bench_board *bb = bench_board_boot(&cfg, &tbf_path, 1);
    bench_board_run(bb);
    struct process *p = &bb->b.k.procs[0];
    if (bb->status != BOARD_ALL_EXITED_CLEANLY || result_offset + 4 > p->ram_size)
        bench_fail("the bench_compute app failed");
    struct run r = {bb->run_cpu_s, 0};
    memcpy(&r.result, p->ram + result_offset, 4);
    *retired = bb->b.engines.retired;
    *slices = p->timeslice_expirations;
    bench_board_free(bb);
    return r;
}

int main(int argc, char **argv)
{
    bench_name = "compute_bench";
    const char *only = argc == 4 ? argv[3] : "";
    if ((argc != 3 && argc != 4) || (argc == 4 && strcmp(only, "bare") && strcmp(only, "kernel"))) {
        fprintf(stderr, "usage: compute_bench BENCH_COMPUTE.tbf BENCH_COMPUTE.elf [bare|kernel]\n"
                        "(bare or kernel: run only that side, e.g. under perf record)\n");
        return 2;
    }
    uint32_t fn = elf_symbol(argv[2], "bench_compute");
    uint32_t result = elf_symbol(argv[2], "bench_result");
    uint64_t retired = 0, slices = 0;
    struct run bare = {1e9, 0}, kernel = {1e9, 0};
    char loop_tbf[64];
    bench_code_tbf(loop_tbf, "alu_loop", loop_code, sizeof loop_code / 2, 1024);
    double lbare = 1e9, lkernel = 1e9;
    /* Alternate the two and keep the fastest of each: other load on the host only ever
     * makes a run slower. */
    for (int i = 0; i < REPEAT; i++) {
        if (strcmp(only, "kernel")) {
            struct run r = run_bare(argv[1], fn);
            bare.result = r.result;
            if (r.seconds < bare.seconds)
                bare.seconds = r.seconds;
        }
        if (strcmp(only, "bare")) {
            struct run r = run_kernel(argv[1], result, &retired, &slices);
            kernel.result = r.result;
            if (r.seconds < kernel.seconds)
                kernel.seconds = r.seconds;
        }
        if (!*only) {
            double t = loop_bare();
            lbare = t < lbare ? t : lbare;
            t = loop_kernel(loop_tbf);
            lkernel = t < lkernel ? t : lkernel;
        }
    }
    unlink(loop_tbf);
    if (*only)
        return 0;
    if (bare.result != kernel.result)
        bench_fail("results differ: bare 0x%08x, kernel 0x%08x", bare.result, kernel.result);
    double b = bare.seconds, k = kernel.seconds;
    printf("compute (LCG fill + insertion sort + CRC-32, %u rounds), result 0x%08x, "
           "best of %d, thread CPU time\n", ROUNDS, bare.result, REPEAT);
    printf("bare engine, same code bytes : %7.1f ms\n", b * 1e3);
    printf("kernel, whole app            : %7.1f ms  (%llu instructions counted, %llu "
           "preemptions, %.0f M insn/s)\n",
           k * 1e3, (unsigned long long)retired, (unsigned long long)slices,
           (double)retired / k / 1e6);
    printf("kernel / bare time ratio     : %.3fx  (overhead %.1f%%, target: under 10%%)\n",
           k / b, (k / b - 1) * 100);
    printf("worst case, a 6-instruction ALU loop (%u M iterations, one block each):\n",
           LOOP_ITERS / 1000000);
    printf("  bare engine %.1f ms, kernel %.1f ms: ratio %.3fx (overhead %.1f%%)\n",
           lbare * 1e3, lkernel * 1e3, lkernel / lbare, (lkernel / lbare - 1) * 100);
    return 0;
}
