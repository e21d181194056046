/* Vector table and reset for the MPS2 AN386: copy .data, clear .bss, run main. The
 * system exceptions go to the Cortex-M HAL; every device interrupt to its deferred
 * handler (cm_irq.h). */
#include <stdint.h>

#include "cm_cpu.h"

#define DEVICE_IRQS 32

extern uint32_t _stack_top[], _data_load[], _data_start[], _data_end[], _bss_start[], _bss_end[];
int main(void);

static void reset_handler(void)
{
    for (uint32_t *s = _data_load, *d = _data_start; d < _data_end;)
        *d++ = *s++;
    for (uint32_t *d = _bss_start; d < _bss_end;)
        *d++ = 0;
    main();
    for (;;)
        __asm__ volatile("wfi");
}

static void unused_handler(void)
{
    for (;;)
        __asm__ volatile("wfi");
}

typedef void (*vector)(void);

__attribute__((section(".vectors"), used))
const vector vectors[16 + DEVICE_IRQS] = {
    [0] = (vector)(uintptr_t)_stack_top,
    [1] = reset_handler,
    [2] = unused_handler,          /* NMI */
    [3] = cm_fault_handler,        /* HardFault */
    [4] = cm_fault_handler,        /* MemManage */
    [5] = cm_fault_handler,        /* BusFault */
    [6] = cm_fault_handler,        /* UsageFault */
    [11] = cm_svc_handler,
    [12] = unused_handler,         /* DebugMonitor */
    [14] = cm_pendsv_handler,
    [15] = cm_systick_handler,
    [16 ... 16 + DEVICE_IRQS - 1] = cm_irq_handler,
};
