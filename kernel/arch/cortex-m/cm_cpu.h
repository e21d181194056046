/* The Cortex-M (ARMv7-M) CPU backend: struct cpu_ops on real hardware.
 *
 * The kernel runs in privileged thread mode on the main stack (MSP). A process runs in
 * unprivileged thread mode on its own stack (PSP), inside the MPU regions of its flash and
 * of its RAM up to the app break. To run a process the kernel executes `svc`; the SVC
 * handler drops privilege and returns into the process. The process comes back to the
 * kernel only through an exception: `svc` (a system call), PendSV (a device interrupt or
 * the SysTick time slice ended) or a fault. Each of those handlers, when it interrupted a
 * process, restores privilege and returns to the kernel right after its `svc`, which then
 * saves the process's r4-r11. r0-r3, r12, lr, pc and xPSR stay in the 8-word frame the
 * hardware pushed at PSP, where get_regs/set_regs read and write them.
 *
 * Device interrupts never call into the kernel: they are masked, marked pending and
 * handed to the board's loop (cm_irq.h), so the kernel is never re-entered. */
#ifndef CM_CPU_H
#define CM_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "mpu_plan.h"
#include "tock/kernel.h"

/* Saved by cm_switch_to_process: the layout is used by cm_switch.S. */
struct cm_context {
    uint32_t psp;
    uint32_t r4_r11[8];
};

struct cm_process {
    struct cm_context ctx;
    struct mpu_plan mpu;
    uint32_t planned_break;   /* app break the plan was made for (0: no plan) */
    uint32_t rw_end;          /* end of the RAM the plan opens to the process */
};

struct cm_fault_regs {        /* captured by the fault handler */
    uint32_t exception;       /* 3 HardFault, 4 MemManage, 5 BusFault, 6 UsageFault */
    uint32_t cfsr, hfsr, mmfar, bfar;
};

struct cm_cpu {
    struct kernel *k;
    uint32_t slice_ticks;     /* SysTick reload: one time slice in processor clocks */
    uint32_t mpu_regions;     /* regions the core's MPU has */
    struct process *mpu_owner; /* whose plan is loaded in the MPU */
    struct cm_process procs[KERNEL_MAX_PROCESSES];
};

extern const struct cpu_ops cm_cpu_ops;

/* Set up exception priorities, fault handlers, the MPU and SysTick. cpu_hz clocks SysTick
 * (CLKSOURCE = processor clock); slice_us is the time slice. Call after kernel_init(). */
void cm_cpu_init(struct cm_cpu *c, struct kernel *k, uint32_t cpu_hz, uint32_t slice_us);

/* Where a kernel fault report goes (the board's polled console) and how the board stops. */
void cm_set_panic_output(void (*write)(const char *s, uint32_t n), void (*halt)(int status));

/* ---- used by cm_switch.S and the fault handler ---- */
enum cm_trap { CM_TRAP_NONE = 0, CM_TRAP_SVC = 1, CM_TRAP_INTERRUPT = 2, CM_TRAP_FAULT = 3 };
extern volatile uint32_t cm_trap_reason;
extern volatile uint32_t cm_slice_expired;
extern struct cm_fault_regs cm_last_fault;
void cm_switch_to_process(struct cm_context *ctx);

/* Exception handlers for the board's vector table. */
void cm_svc_handler(void);
void cm_pendsv_handler(void);
void cm_systick_handler(void);
void cm_fault_handler(void);   /* HardFault, MemManage, BusFault, UsageFault */
void cm_irq_handler(void);     /* every device interrupt */

#endif
