/* The app's side of a capsule unit test: one fake board, processes on it and system calls
 * with their expected answers. Define APP_RAM (each process's app break) before including;
 * the test adds its capsules to `board` in its own set-up. Everything is static so each
 * test program includes its own copy. */
#ifndef CAPSULE_TEST_H
#define CAPSULE_TEST_H

#include <CUnit/Basic.h>

#include "fake_cpu.h"

#define CT_UNUSED __attribute__((unused))

static struct fake_board board;

static CT_UNUSED struct process *app(const char *name)
{
    struct process *p = fake_process(&board, name, APP_RAM);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    return p;
}

static CT_UNUSED struct cpu_regs command(struct process *p, uint32_t drv, uint32_t cmd,
                                         uint32_t a0, uint32_t a1)
{
    return fake_syscall(&board, p, SYSCALL_COMMAND, drv, cmd, a0, a1, NULL);
}

static CT_UNUSED void expect_success(struct cpu_regs r)
{
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS);
}

static CT_UNUSED void expect_u32(struct cpu_regs r, uint32_t v)
{
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32);
    CU_ASSERT_EQUAL(r.r[1], v);
}

static CT_UNUSED void expect_failure(struct cpu_regs r, uint32_t err)
{
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE);
    CU_ASSERT_EQUAL(r.r[1], err);
}

/* Subscribe a function in p's flash (appdata 0x1234) to upcall num of drv. */
static CT_UNUSED void subscribe(struct process *p, uint32_t drv, uint32_t num)
{
    struct cpu_regs r = fake_syscall(&board, p, SYSCALL_SUBSCRIBE, drv, num,
                                     fake_flash_addr(p, 0x10) | 1u, 0x1234, NULL);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
}

#endif
