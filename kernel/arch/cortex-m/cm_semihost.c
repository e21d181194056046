/* SYS_EXIT_EXTENDED (0x20) with ADP_Stopped_ApplicationExit (0x20026): the host (QEMU with
 * -semihosting-config enable=on) exits with `status`. */
#include "cm_semihost.h"

#include <stdint.h>

void cm_semihost_exit(int status)
{
    uint32_t block[2] = {0x20026u, (uint32_t)status};
    register uint32_t op __asm__("r0") = 0x20u;
    register uint32_t arg __asm__("r1") = (uint32_t)(uintptr_t)block;
    __asm__ volatile("bkpt 0xab" : "+r"(op) : "r"(arg) : "memory");
    for (;;)
        __asm__ volatile("wfi");
}
