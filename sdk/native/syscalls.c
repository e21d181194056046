/* The Tock system calls of sdk/syscalls.c (same names, same behaviour) for an app that
 * runs as a Linux process: each call goes through the shared channel to tockemu's
 * kernel, which handles it exactly as it handles an ARM app's `svc`.
 *
 * Registers become channel words: r0-r3 go in, r0-r3 come back (the kernel leaves the
 * ones a return variant does not use unchanged, as on ARM). An upcall is delivered the
 * TRD104 way: the yield that waited returns into the upcall function, and when that
 * returns, the yield returns to its caller.
 *
 * Pointers are 64-bit here, but every pointer an app may legitimately pass (its stack,
 * .data, .bss and heap in the RAM block, its code and constants in flash) lies in the
 * low 4 GiB, so it passes the kernel's 32-bit checks unchanged. A pointer that does not
 * fit is refused here with INVAL, as the kernel would refuse a pointer outside the
 * process. */
#include <tock.h>

#include "linux.h"
#include "runtime.h"

#define CALLER_PC() ((uint32_t)(uintptr_t)__builtin_return_address(0))
#define CALLER_SP() ((uint32_t)(uintptr_t)__builtin_frame_address(0))

static inline uint64_t ticks(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

/* Poll the turn word for c->spin time-stamp-counter ticks, then sleep on the futex. */
static void wait_for_turn(struct native_channel *c)
{
    uint32_t tid = c->app_tid;
    uint64_t until = ticks() + c->spin;
    bool polling = c->spin != 0;
    for (;;) {
        uint32_t w = __atomic_load_n(&c->turn, __ATOMIC_ACQUIRE);
        if ((w & NATIVE_TID_MASK) == tid)
            return;
        if (polling) {
            __asm__ volatile("pause" ::: "memory");
            polling = ticks() < until;
            continue;
        }
        if (w == NATIVE_TURN_KERNEL &&
            !__atomic_compare_exchange_n(&c->turn, &w, w | NATIVE_APP_SLEEPS, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            continue;
        linux_futex_wait(&c->turn, NATIVE_TURN_KERNEL | NATIVE_APP_SLEEPS);
    }
}

void native_trap(uint32_t cls, uint32_t pc, uint32_t sp)
{
    struct native_channel *c = CHANNEL;
    c->cls = cls;
    c->pc = pc;
    c->sp = sp;
    uint32_t old = __atomic_exchange_n(&c->turn, NATIVE_TURN_KERNEL, __ATOMIC_SEQ_CST);
    if (old & NATIVE_KERNEL_SLEEPS)
        linux_futex_wake(&c->turn);
    wait_for_turn(c);
    if (c->action == NATIVE_EXIT)
        linux_exit_group((int)c->r[0]);
}

static syscall_return_t call4(uint32_t cls, uint32_t a, uint32_t b, uint32_t c, uint32_t d,
                              uint32_t pc, uint32_t sp)
{
    struct native_channel *ch = CHANNEL;
    ch->r[0] = a;
    ch->r[1] = b;
    ch->r[2] = c;
    ch->r[3] = d;
    native_trap(cls, pc, sp);
    syscall_return_t ret = {ch->r[0], {ch->r[1], ch->r[2], ch->r[3]}};
    return ret;
}

/* After a yield: run the upcall the kernel delivered, if any. The arguments are copied
 * out first: the upcall makes system calls of its own. */
static void run_upcall(void)
{
    struct native_channel *c = CHANNEL;
    if (c->action != NATIVE_UPCALL)
        return;
    subscribe_upcall *fn = (subscribe_upcall *)(uintptr_t)c->fn;
    int a0 = (int)c->r[0], a1 = (int)c->r[1], a2 = (int)c->r[2];
    void *ud = (void *)(uintptr_t)c->r[3];
    fn(a0, a1, a2, ud);
}

static bool fits(const void *p) { return (uintptr_t)p <= 0xffffffffu; }

static syscall_return_t refuse(const void *p, size_t n)
{
    syscall_return_t r = {TOCK_FAILURE_2U32, {6 /* INVAL */, (uint32_t)(uintptr_t)p, (uint32_t)n}};
    return r;
}

void tock_ignore_upcall(int arg0, int arg1, int arg2, void *userdata) {
    (void)arg0; (void)arg1; (void)arg2; (void)userdata;
}

bool yield_no_wait(void) {
    volatile uint8_t ran = 0; /* the kernel stores 1 here if an upcall ran */
    call4(0, 0, (uint32_t)(uintptr_t)&ran, 0, 0, CALLER_PC(), CALLER_SP());
    run_upcall();
    return ran != 0;
}

void yield(void) {
    call4(0, 1, 0, 0, 0, CALLER_PC(), CALLER_SP());
    run_upcall();
}

yield_waitfor_return_t yield_wait_for(uint32_t driver, uint32_t subscribe_num) {
    syscall_return_t r = call4(0, 2, driver, subscribe_num, 0, CALLER_PC(), CALLER_SP());
    yield_waitfor_return_t ret = {r.type, r.data[0], r.data[1]};
    return ret;
}

syscall_return_t subscribe(uint32_t driver, uint32_t subscribe_num,
                           subscribe_upcall *fn, void *userdata) {
    if (!fits((const void *)(uintptr_t)fn) || !fits(userdata))
        return refuse((const void *)(uintptr_t)fn, (size_t)(uintptr_t)userdata);
    return call4(1, driver, subscribe_num, (uint32_t)(uintptr_t)fn,
                 (uint32_t)(uintptr_t)userdata, CALLER_PC(), CALLER_SP());
}

syscall_return_t command(uint32_t driver, uint32_t command_num,
                         uint32_t arg0, uint32_t arg1) {
    return call4(2, driver, command_num, arg0, arg1, CALLER_PC(), CALLER_SP());
}

static syscall_return_t allow(uint32_t cls, uint32_t driver, uint32_t num, const void *ptr,
                              size_t len, uint32_t pc, uint32_t sp) {
    if (!fits(ptr) || len > 0xffffffffu)
        return refuse(ptr, len);
    return call4(cls, driver, num, (uint32_t)(uintptr_t)ptr, (uint32_t)len, pc, sp);
}

syscall_return_t allow_readwrite(uint32_t driver, uint32_t allow_num,
                                 void *ptr, size_t len) {
    return allow(3, driver, allow_num, ptr, len, CALLER_PC(), CALLER_SP());
}

syscall_return_t allow_readonly(uint32_t driver, uint32_t allow_num,
                                const void *ptr, size_t len) {
    return allow(4, driver, allow_num, ptr, len, CALLER_PC(), CALLER_SP());
}

syscall_return_t allow_userspace_read(uint32_t driver, uint32_t allow_num,
                                      void *ptr, size_t len) {
    return allow(7, driver, allow_num, ptr, len, CALLER_PC(), CALLER_SP());
}

syscall_return_t memop(uint32_t op, uint32_t arg) {
    return call4(5, op, arg, 0, 0, CALLER_PC(), CALLER_SP());
}

static __attribute__((noreturn)) void exit_syscall(uint32_t how, uint32_t code, uint32_t pc,
                                                   uint32_t sp) {
    for (;;) {
        /* Exit only comes back on failure: ask again. */
        call4(6, how, code, 0, 0, pc, sp);
    }
}

void tock_exit(uint32_t completion_code) {
    exit_syscall(0, completion_code, CALLER_PC(), CALLER_SP());
}

void tock_restart(uint32_t completion_code) {
    exit_syscall(1, completion_code, CALLER_PC(), CALLER_SP());
}
