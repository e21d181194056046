/* Helpers shared by the kernel-core unit tests (syscalls, upcalls, grants, scheduler):
 * a fresh fake board per test, processes from a TBF header built as a struct (so the
 * tests do not depend on the TBF parser), and short ways to issue system calls.
 * Everything is static so each test program includes its own copy. */
#ifndef KT_HELPERS_H
#define KT_HELPERS_H

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_cpu.h"
#include "unit_run.h"

#define KT_UNUSED __attribute__((unused))

/* One board per test; the test suites create it in their setup and free it after. */
static struct fake_board *B;

static KT_UNUSED struct fake_board *kt_board_new(void)
{
    struct fake_board *b = calloc(1, sizeof *b);
    if (!b) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    fake_kernel_init(b);
    return b;
}

static KT_UNUSED void kt_setup(void) { B = kt_board_new(); }

static KT_UNUSED void kt_teardown(void)
{
    free(B);
    B = NULL;
}

/* The header fake_process() builds: enabled, Program TLV, the whole flash slot, a name. */
static KT_UNUSED struct tbf_header kt_header(const char *name, uint32_t version)
{
    return fake_header(name, version);
}

/* Load a process into the next slot without starting it. */
static KT_UNUSED struct process *kt_load(struct fake_board *b, const struct tbf_header *t)
{
    uint32_t slot = b->k.process_count;
    const char *why = NULL;
    struct process *p = kernel_load_process(&b->k, t, FAKE_FLASH_BASE + slot * FAKE_FLASH_SIZE,
                                            b->flash[slot], FAKE_RAM_BASE + slot * FAKE_RAM_SIZE,
                                            b->ram[slot], FAKE_RAM_SIZE, &why);
    if (!p)
        fprintf(stderr, "kt_load: %s\n", why);
    return p;
}

/* Issue a system call; r0-r3 as given. */
static KT_UNUSED struct cpu_regs kt_sys(struct process *p, uint32_t cls, uint32_t r0, uint32_t r1,
                                        uint32_t r2, uint32_t r3)
{
    return fake_syscall(B, p, cls, r0, r1, r2, r3, NULL);
}

static KT_UNUSED struct cpu_regs kt_sys_k(struct process *p, uint32_t cls, uint32_t r0,
                                          uint32_t r1, uint32_t r2, uint32_t r3, bool *keep)
{
    return fake_syscall(B, p, cls, r0, r1, r2, r3, keep);
}

/* Load, start, and move the break to ram_start + app_ram (as crt0 does). */
static KT_UNUSED struct process *kt_start(const struct tbf_header *t, uint32_t app_ram)
{
    struct process *p = kt_load(B, t);
    if (!p)
        return NULL;
    kernel_start_processes(&B->k);
    if (app_ram) {
        struct cpu_regs r = kt_sys(p, SYSCALL_MEMOP, 0, p->ram_start + app_ram, 0, 0);
        if (r.r[0] != RV_SUCCESS)
            fprintf(stderr, "kt_start: brk failed\n");
    }
    return p;
}

/* A started process with a plain header, 4 KiB of app RAM. */
static KT_UNUSED struct process *kt_proc(const char *name)
{
    struct tbf_header t = kt_header(name, 0);
    return kt_start(&t, 0x1000);
}

static KT_UNUSED uint32_t kt_memop(struct process *p, uint32_t op, uint32_t arg)
{
    struct cpu_regs r = kt_sys(p, SYSCALL_MEMOP, op, arg, 0, 0);
    return r.r[1];
}

static KT_UNUSED uint32_t kt_grant_start(struct process *p)
{
    struct cpu_regs r = kt_sys(p, SYSCALL_MEMOP, 6, 0, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32);
    return r.r[1];
}

/* Registers beyond r0-r3 get recognisable values, so a test can see that the kernel left
 * them alone. */
#define KT_SENTINEL(i) (0x5E000000u + (uint32_t)(i))
static KT_UNUSED void kt_fill_sentinels(struct process *p)
{
    struct cpu_regs *r = &B->regs[p->index];
    for (int i = 4; i <= 12; i++)
        r->r[i] = KT_SENTINEL(i);
    r->r[REG_SP] = p->ram_start + 0x800;
    r->r[REG_LR] = KT_SENTINEL(REG_LR);
}

static KT_UNUSED void kt_assert_sentinels(struct process *p)
{
    struct cpu_regs *r = &B->regs[p->index];
    for (int i = 4; i <= 12; i++)
        CU_ASSERT_EQUAL(r->r[i], KT_SENTINEL(i));
    CU_ASSERT_EQUAL(r->r[REG_SP], p->ram_start + 0x800);
    CU_ASSERT_EQUAL(r->r[REG_LR], KT_SENTINEL(REG_LR));
}

static KT_UNUSED bool kt_log_has(const char *text) { return strstr(B->log, text) != NULL; }

/* Run a table of tests (ending with {NULL, NULL}), each on a fresh board. */
static KT_UNUSED int kt_run(const char *suite_name, const struct unit_test *tests)
{
    return unit_run(suite_name, tests, kt_setup, kt_teardown);
}

#endif
