/* native_grant_race: a native app that attacks the kernel's grant memory. It posts each
 * kind of system call without waiting for the answer and, while the kernel handles it,
 * keeps writing a pattern over all of its RAM above the app break, where the kernel puts
 * grants. The kernel must never trust what lies there: tockemu must not crash, and every
 * upcall and allow slot must keep exactly what the app set. Then it restarts itself
 * (fresh grants) and races again. Native only: it drives the channel directly. */
#include <stdio.h>
#include <tock.h>
#include <tock/alarm.h>

#include "linux.h"
#include "runtime.h"

#define PATTERN 0x4141414141414141ull   /* a non-canonical address on x86-64 */

enum { YIELD = 0, SUBSCRIBE = 1, COMMAND = 2, ALLOW_RW = 3, ALLOW_RO = 4, MEMOP = 5,
       ALLOW_UR = 7 };   /* TRD104 system call classes */

static const uint32_t drivers[] = {
    0x0, 0x1, 0x2, 0x3, 0x4, 0x8, 0x40001, 0x10000, 0xA0000, 0xA0001, 0xA0002, 0xA0010, 0xA0011,
};

static uint64_t *attack_lo, *attack_hi;
static unsigned failures;
static uint8_t buffer[64];

static void upcall_target(int a, int b, int c, void *d) { (void)a, (void)b, (void)c, (void)d; }

/* Post the system call, scribble until the kernel hands the turn back, return r0-r3. */
static syscall_return_t raced(uint32_t cls, uint32_t r0, uint32_t r1, uint32_t r2, uint32_t r3)
{
    struct native_channel *c = CHANNEL;
    uint32_t tid = c->app_tid;
    c->r[0] = r0;
    c->r[1] = r1;
    c->r[2] = r2;
    c->r[3] = r3;
    c->cls = cls;
    c->pc = (uint32_t)(uintptr_t)&raced;
    c->sp = (uint32_t)(uintptr_t)__builtin_frame_address(0);
    uint32_t old = __atomic_exchange_n(&c->turn, NATIVE_TURN_KERNEL, __ATOMIC_SEQ_CST);
    if (old & NATIVE_KERNEL_SLEEPS)
        linux_futex_wake(&c->turn);
    while ((__atomic_load_n(&c->turn, __ATOMIC_ACQUIRE) & NATIVE_TID_MASK) != tid)
        for (volatile uint64_t *w = attack_lo; w < attack_hi; w++)
            *w = PATTERN;
    if (c->action == NATIVE_EXIT)
        linux_exit_group((int)c->r[0]);
    syscall_return_t ret = {c->r[0], {c->r[1], c->r[2], c->r[3]}};
    return ret;
}

static void expect_pair(const char *what, uint32_t driver, syscall_return_t r, uint32_t a,
                        uint32_t b)
{
    if (r.type != TOCK_SUCCESS_2U32 || r.data[0] != a || r.data[1] != b) {
        printf("grant_race: FAIL %s of driver 0x%lx kept 0x%lx 0x%lx, want 0x%lx 0x%lx\n", what,
               (unsigned long)driver, (unsigned long)r.data[0], (unsigned long)r.data[1],
               (unsigned long)a, (unsigned long)b);
        failures++;
    }
}

/* Each kind of call that may create or use a grant, raced; then the slot is read back
 * with an ordinary call, which swaps the old value out. */
static void race_driver(uint32_t d)
{
    uint32_t fn = (uint32_t)(uintptr_t)&upcall_target, buf = (uint32_t)(uintptr_t)buffer;
    syscall_return_t r = raced(SUBSCRIBE, d, 0, fn, 0x5eed0000u | d);
    if (r.type == TOCK_SUCCESS_2U32)
        expect_pair("subscribe", d, subscribe(d, 0, NULL, NULL), fn, 0x5eed0000u | d);
    r = raced(ALLOW_RW, d, 0, buf, 16);
    if (r.type == TOCK_SUCCESS_2U32)
        expect_pair("allow-rw", d, allow_readwrite(d, 0, NULL, 0), buf, 16);
    r = raced(ALLOW_RO, d, 0, buf + 16, 8);
    if (r.type == TOCK_SUCCESS_2U32)
        expect_pair("allow-ro", d, allow_readonly(d, 0, NULL, 0), buf + 16, 8);
    r = raced(ALLOW_UR, d, 0, buf + 32, 4);
    if (r.type == TOCK_SUCCESS_2U32)
        expect_pair("allow-ur", d, allow_userspace_read(d, 0, NULL, 0), buf + 32, 4);
    raced(COMMAND, d, 0, 0, 0);
    raced(COMMAND, d, 1, 0, 0);
}

int main(void)
{
    uint64_t brk = (uint64_t)(uintptr_t)tock_sbrk(0);
    attack_lo = (uint64_t *)(uintptr_t)((brk + NATIVE_PAGE - 1) & ~(uint64_t)(NATIVE_PAGE - 1));
    attack_hi = (uint64_t *)(uintptr_t)(CHANNEL->ram_start + (uint64_t)CHANNEL->ram_size);
    for (unsigned i = 0; i < sizeof drivers / sizeof drivers[0]; i++)
        race_driver(drivers[i]);
    raced(MEMOP, TOCK_MEMOP_SBRK, 0, 0, 0);
    raced(MEMOP, TOCK_MEMOP_GRANT_START, 0, 0, 0);
    raced(YIELD, 0, 0, 0, 0);
    /* the kernel still works for this process: an alarm upcall arrives */
    delay_ms(1);
    printf("grant_race: round done, %u failures\n", failures);
    tock_restart(failures);
}
