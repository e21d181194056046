/* Context switches between two processes, against two bare engines switched by hand, in
 * one run. Two ways to switch:
 *
 *  preempt: both processes spin (adds r6,#1; b loop) and the time slice is 1 us of board
 *           time (64 instructions), so every slice ends in a preemption and the scheduler
 *           runs the other process. Bare: two engines with the same code and a block hook
 *           that stops after the same 64 instructions; the host alternates them.
 *  yield:   each process loops { alarm set_relative(1 tick); yield-wait-for(alarm) }, so
 *           every yield blocks and the kernel switches to the other process or, when both
 *           wait, moves the virtual clock to the next alarm. Bare: the same code on two
 *           engines; the hook answers the command with Success and stops the engine on the
 *           yield, and the host alternates them.
 *
 * The kernel figures include everything a real switch costs on the board: the scheduler,
 * the board loop (events, slice limit), and for yield the alarm capsule and the idle jump.
 * Times are CPU time of this thread, best of REPEAT alternating runs. */
#include <stdio.h>
#include <unistd.h>

#include "bench_util.h"

#define SPIN_SLICE 64u           /* instructions: 1 us at the virtual 64 MHz */
#define SPIN_BOARD_S 0.2         /* board time for the spin case: 12.8 M instructions */
#define YIELD_ROUNDS 100000u     /* yields per process */
#define REPEAT 3

static const uint16_t spin_code[] = {0x3601, 0xe7fd};   /* loop: adds r6,#1; b loop */

/* r4 = YIELD_ROUNDS; loop: command(alarm 0, set_relative 5, 1 tick, 0);
 * yield-wait-for(alarm 0, upcall 0); subs r4,#1; bne loop; exit(0). */
static const uint16_t yield_code[] = {
    0x4c07,                                          /* ldr r4, [pc, #28] */
    0x2000, 0x2105, 0x2201, 0x2300, 0xdf02,          /* r0=0 r1=5 r2=1 r3=0; svc 2 */
    0x2002, 0x2100, 0x2200, 0xdf00,                  /* r0=2 r1=0 r2=0; svc 0 */
    0x3c01, 0xd1f4,                                  /* subs r4,#1; bne loop */
    0x2000, 0x2100, 0xdf06, 0xe7fe,                  /* r0=0 r1=0; svc 6; b . */
    YIELD_ROUNDS & 0xffff, YIELD_ROUNDS >> 16,
};

/* ---- bare engines ---------------------------------------------------------------------- */

struct bare {
    uc_engine *uc;
    uint32_t budget;     /* spin: instructions left in the slice */
    uint32_t yields;     /* yield: yields made */
    bool exited;         /* yield: reached the exit call */
};

static void spin_hook(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    struct bare *b = user;
    uint32_t insns = size / 2;
    if (b->budget <= insns) {
        b->budget = 0;
        uc_emu_stop(uc);
    } else {
        b->budget -= insns;
    }
    (void)addr;
}

/* Reads r0-r3 and the svc number as a kernel would: Success for a command, stop on a
 * yield or the exit call. */
static void yield_hook(uc_engine *uc, uint32_t intno, void *user)
{
    struct bare *b = user;
    int ids[5] = {UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3, UC_ARM_REG_PC};
    uint32_t r[5];
    void *vals[5] = {&r[0], &r[1], &r[2], &r[3], &r[4]};
    uint16_t insn = 0;
    uc_reg_read_batch(uc, ids, vals, 5);
    uc_mem_read(uc, r[4] - 2, &insn, 2);
    if (intno != 2 || (insn & 0xff) == 6) {
        b->exited = true;
        uc_emu_stop(uc);
        return;
    }
    if ((insn & 0xff) == 0) {
        b->yields++;
        uc_emu_stop(uc);
        return;
    }
    uint32_t success_u32 = 129;
    uc_reg_write(uc, UC_ARM_REG_R0, &success_u32);
}

static void bare_open(struct bare *b, const uint16_t *code, size_t bytes, bool spin)
{
    uc_hook h;
    b->uc = bench_bare_engine();
    bench_bare_map(b->uc, 0x40000, 0x400, UC_PROT_READ | UC_PROT_EXEC, code, bytes);
    if (spin)
        uc_hook_add(b->uc, &h, UC_HOOK_BLOCK, (void *)spin_hook, b, 1, 0);
    else
        uc_hook_add(b->uc, &h, UC_HOOK_INTR, (void *)yield_hook, b, 1, 0);
    uint32_t pc = 0x40000;
    uc_reg_write(b->uc, UC_ARM_REG_PC, &pc);
}

/* Run engine b from its PC until its hook stops it (no `until` address: the kernel's
 * engine runs the same way). */
static void bare_resume(struct bare *b)
{
    uint32_t pc;
    uc_reg_read(b->uc, UC_ARM_REG_PC, &pc);
    uc_err err = uc_emu_start(b->uc, pc | 1, 0xFFFFFFFFu, 0, 0);
    if (err)
        bench_fail("bare engine: %s", uc_strerror(err));
}

/* Switches per second, alternating two bare engines `switches` times in total. */
static double bare_spin_rate(uint64_t switches)
{
    struct bare e[2];
    for (int i = 0; i < 2; i++)
        bare_open(&e[i], spin_code, sizeof spin_code, true);
    double t0 = bench_cpu_now();
    for (uint64_t n = 0; n < switches; n++) {
        struct bare *b = &e[n & 1];
        b->budget = SPIN_SLICE;
        bare_resume(b);
    }
    double t = bench_cpu_now() - t0;
    for (int i = 0; i < 2; i++)
        uc_close(e[i].uc);
    return (double)switches / t;
}

static double bare_yield_rate(uint64_t *yields)
{
    struct bare e[2] = {0};
    for (int i = 0; i < 2; i++)
        bare_open(&e[i], yield_code, sizeof yield_code, false);
    double t0 = bench_cpu_now();
    while (!e[0].exited || !e[1].exited)
        for (int i = 0; i < 2; i++)
            if (!e[i].exited)
                bare_resume(&e[i]);
    double t = bench_cpu_now() - t0;
    *yields = e[0].yields + e[1].yields;
    for (int i = 0; i < 2; i++)
        uc_close(e[i].uc);
    if (*yields != 2ull * YIELD_ROUNDS)
        bench_fail("bare yield loop ran %llu yields", (unsigned long long)*yields);
    return (double)*yields / t;
}

/* ---- the kernel ------------------------------------------------------------------------ */

static struct bench_board *two_process_board(const uint16_t *code, size_t bytes,
                                             const struct board_config *cfg, char paths[2][64])
{
    char name[16];
    for (int i = 0; i < 2; i++) {
        snprintf(name, sizeof name, "switch%d", i);
        bench_code_tbf(paths[i], name, code, bytes / 2, 1024);
    }
    const char *files[2] = {paths[0], paths[1]};
    struct bench_board *bb = bench_board_boot(cfg, files, 2);
    if (bb->loaded != 2)
        bench_fail("%d of 2 processes loaded", bb->loaded);
    return bb;
}

static double kernel_spin_rate(uint64_t *switches)
{
    struct board_config cfg;
    board_config_defaults(&cfg);
    cfg.slice_us = 1;
    cfg.board_time_s = SPIN_BOARD_S;
    char paths[2][64];
    struct bench_board *bb = two_process_board(spin_code, sizeof spin_code, &cfg, paths);
    bench_board_run(bb);
    *switches = bb->b.k.procs[0].timeslice_expirations + bb->b.k.procs[1].timeslice_expirations;
    double rate = (double)*switches / bb->run_cpu_s;
    if (!bb->b.board_time_reached || *switches < 1000)
        bench_fail("the spinning processes did not run to the board-time limit");
    bench_board_free(bb);
    unlink(paths[0]);
    unlink(paths[1]);
    return rate;
}

static double kernel_yield_rate(uint64_t *yields)
{
    struct board_config cfg;
    board_config_defaults(&cfg);
    char paths[2][64];
    struct bench_board *bb = two_process_board(yield_code, sizeof yield_code, &cfg, paths);
    bench_board_run(bb);
    /* each round is two system calls (command, yield), then exit */
    *yields = (bb->b.k.procs[0].syscall_count + bb->b.k.procs[1].syscall_count - 2) / 2;
    double rate = (double)*yields / bb->run_cpu_s;
    if (bb->status != BOARD_ALL_EXITED_CLEANLY || *yields != 2ull * YIELD_ROUNDS)
        bench_fail("the yielding processes failed (%llu yields)", (unsigned long long)*yields);
    bench_board_free(bb);
    unlink(paths[0]);
    unlink(paths[1]);
    return rate;
}

static double max(double a, double b) { return a > b ? a : b; }

int main(void)
{
    bench_name = "switch_bench";
    uint64_t switches = 0, yields = 0, bare_yields = 0;
    double kspin = 0, bspin = 0, kyield = 0, byield = 0;
    /* Alternate and keep the best of each: other load on the host only slows a run. */
    for (int i = 0; i < REPEAT; i++) {
        kspin = max(kspin, kernel_spin_rate(&switches));
        bspin = max(bspin, bare_spin_rate(switches));
        kyield = max(kyield, kernel_yield_rate(&yields));
        byield = max(byield, bare_yield_rate(&bare_yields));
    }
    printf("best of %d runs, thread CPU time\n", REPEAT);
    printf("preemption every %u instructions, two spinning processes:\n", SPIN_SLICE);
    printf("  bare engines, alternated  : %6.2f M switches/s (%6.1f ns each)\n", bspin / 1e6,
           1e9 / bspin);
    printf("  kernel scheduler          : %6.2f M switches/s (%6.1f ns each, %llu switches)\n",
           kspin / 1e6, 1e9 / kspin, (unsigned long long)switches);
    printf("  kernel / bare time ratio  : %.2fx\n", bspin / kspin);
    printf("yield-wait-for on a 1-tick alarm, two processes:\n");
    printf("  bare engines, alternated  : %6.2f M yields/s   (%6.1f ns each)\n", byield / 1e6,
           1e9 / byield);
    printf("  kernel (alarm, idle jump) : %6.2f M yields/s   (%6.1f ns each, %llu yields)\n",
           kyield / 1e6, 1e9 / kyield, (unsigned long long)yields);
    printf("  kernel / bare time ratio  : %.2fx\n", byield / kyield);
    return 0;
}
