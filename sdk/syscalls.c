/* The raw system calls: one `svc` per class (TRD104, spec 1.1-1.9).
 *
 * Register rules that matter here:
 *  - the kernel writes only the registers the return variant uses, so every
 *    argument register is an in/out operand and nothing is assumed about the
 *    ones the variant leaves alone;
 *  - on Yield the kernel may turn the `svc` into a call of an upcall, which
 *    is an ordinary AAPCS function: r0-r3, r12, lr and the flags are
 *    clobbered, and it may write any memory;
 *  - r9 (our GOT base) is never touched by the kernel. */
#include <tock.h>

void tock_ignore_upcall(int arg0, int arg1, int arg2, void *userdata) {
    (void)arg0; (void)arg1; (void)arg2; (void)userdata;
}

#define YIELD_CLOBBERS "r12", "lr", "cc", "memory"

bool yield_no_wait(void) {
    volatile uint8_t ran = 0; /* the kernel stores 1 here if an upcall ran */
    register uint32_t r0 __asm__("r0") = 0;
    register uint32_t r1 __asm__("r1") = (uint32_t)&ran;
    __asm__ volatile("svc 0"
                     : "+r"(r0), "+r"(r1)
                     :
                     : "r2", "r3", YIELD_CLOBBERS);
    return ran != 0;
}

void yield(void) {
    register uint32_t r0 __asm__("r0") = 1;
    __asm__ volatile("svc 0"
                     : "+r"(r0)
                     :
                     : "r1", "r2", "r3", YIELD_CLOBBERS);
}

yield_waitfor_return_t yield_wait_for(uint32_t driver, uint32_t subscribe_num) {
    register uint32_t r0 __asm__("r0") = 2;
    register uint32_t r1 __asm__("r1") = driver;
    register uint32_t r2 __asm__("r2") = subscribe_num;
    __asm__ volatile("svc 0"
                     : "+r"(r0), "+r"(r1), "+r"(r2)
                     :
                     : "r3", YIELD_CLOBBERS);
    yield_waitfor_return_t ret = { r0, r1, r2 };
    return ret;
}

/* Classes 1-4 and 7 all take four arguments in r0-r3 and answer in r0-r3. */
#define SYSCALL4(class_id, a, b, c, d)                                        \
    do {                                                                      \
        register uint32_t r0 __asm__("r0") = (uint32_t)(a);                   \
        register uint32_t r1 __asm__("r1") = (uint32_t)(b);                   \
        register uint32_t r2 __asm__("r2") = (uint32_t)(c);                   \
        register uint32_t r3 __asm__("r3") = (uint32_t)(d);                   \
        __asm__ volatile("svc " #class_id                                     \
                         : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)             \
                         :                                                    \
                         : "memory");                                         \
        syscall_return_t ret = { r0, { r1, r2, r3 } };                        \
        return ret;                                                           \
    } while (0)

syscall_return_t subscribe(uint32_t driver, uint32_t subscribe_num,
                           subscribe_upcall *fn, void *userdata) {
    SYSCALL4(1, driver, subscribe_num, fn, userdata);
}

syscall_return_t command(uint32_t driver, uint32_t command_num,
                         uint32_t arg0, uint32_t arg1) {
    SYSCALL4(2, driver, command_num, arg0, arg1);
}

syscall_return_t allow_readwrite(uint32_t driver, uint32_t allow_num,
                                 void *ptr, size_t len) {
    SYSCALL4(3, driver, allow_num, ptr, len);
}

syscall_return_t allow_readonly(uint32_t driver, uint32_t allow_num,
                                const void *ptr, size_t len) {
    SYSCALL4(4, driver, allow_num, ptr, len);
}

syscall_return_t allow_userspace_read(uint32_t driver, uint32_t allow_num,
                                      void *ptr, size_t len) {
    SYSCALL4(7, driver, allow_num, ptr, len);
}

syscall_return_t memop(uint32_t op, uint32_t arg) {
    SYSCALL4(5, op, arg, 0, 0);
}

static __attribute__((noreturn)) void exit_syscall(uint32_t how, uint32_t code) {
    for (;;) {
        register uint32_t r0 __asm__("r0") = how;
        register uint32_t r1 __asm__("r1") = code;
        __asm__ volatile("svc 6"
                         : "+r"(r0), "+r"(r1)
                         :
                         : "r2", "r3", "memory");
        /* Exit only comes back on failure; there is nothing better to do
         * than to ask again. */
    }
}

void tock_exit(uint32_t completion_code) {
    exit_syscall(0, completion_code);
}

void tock_restart(uint32_t completion_code) {
    exit_syscall(1, completion_code);
}
