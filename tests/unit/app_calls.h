/* An app's side of the system-call ABI for unit tests on the fake CPU: command, subscribe,
 * allow and upcall checks against one struct fake_board. Include after fake_cpu.h and
 * CUnit; define APP_CALLS_BOARD as the board's name first. */
#ifndef APP_CALLS_H
#define APP_CALLS_H

#include <CUnit/Basic.h>

#include "fake_cpu.h"

#define APP_CALLS_BUF_OFF 512u          /* where buffers go in app RAM */

static inline struct cpu_regs app_command(struct process *p, uint32_t drv, uint32_t cmd,
                                          uint32_t a0, uint32_t a1)
{
    return fake_syscall(&APP_CALLS_BOARD, p, SYSCALL_COMMAND, drv, cmd, a0, a1, NULL);
}

static inline void expect_ok(struct cpu_regs got)
{
    CU_ASSERT_EQUAL(got.r[0], RV_SUCCESS);
}

static inline void expect_error(struct cpu_regs got, uint32_t err)
{
    CU_ASSERT_EQUAL(got.r[0], RV_FAILURE);
    CU_ASSERT_EQUAL(got.r[1], err);
}

static inline void app_subscribe(struct process *p, uint32_t drv, uint32_t num)
{
    struct cpu_regs r = fake_syscall(&APP_CALLS_BOARD, p, SYSCALL_SUBSCRIBE, drv, num,
                                     fake_flash_addr(p, 0x10) | 1u, 0, NULL);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
}

/* Allow [APP_CALLS_BUF_OFF + off, +len) of p's RAM, or the null buffer when len is 0;
 * returns the host view of the buffer. */
static inline uint8_t *app_allow(struct process *p, uint32_t cls, uint32_t drv, uint32_t num,
                                 uint32_t off, uint32_t len)
{
    uint32_t addr = len ? fake_ram_addr(p, APP_CALLS_BUF_OFF + off) : 0;
    struct cpu_regs r = fake_syscall(&APP_CALLS_BOARD, p, cls, drv, num, addr, len, NULL);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    return len ? fake_host(&APP_CALLS_BOARD, p, addr) : NULL;
}

/* Take the queued upcall (drv, sub) and check its arguments. */
static inline void expect_upcall_args(struct process *p, uint32_t drv, uint32_t sub, uint32_t a0,
                                      uint32_t a1, uint32_t a2)
{
    CU_ASSERT_TRUE_FATAL(fake_pending_upcalls(p, drv, sub) > 0);
    uint32_t args[3];
    CU_ASSERT_TRUE(fake_take_upcall(&APP_CALLS_BOARD, p, drv, sub, args));
    CU_ASSERT_EQUAL(args[0], a0);
    CU_ASSERT_EQUAL(args[1], a1);
    CU_ASSERT_EQUAL(args[2], a2);
}

#endif
