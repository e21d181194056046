/* Device interrupts on a Cortex-M board, in Tock's style: the handler only masks the
 * interrupt in the NVIC, marks it pending and pends PendSV (which takes the CPU back from
 * a running process). The board's loop then services it in thread mode, where calling
 * into capsules and the kernel is safe, and unmasks it. */
#ifndef CM_IRQ_H
#define CM_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#define CM_MAX_IRQS 256u

void cm_irq_enable(uint32_t irq);     /* device priority, unmasked, serviced by the loop */
void cm_irq_disable(uint32_t irq);
/* The lowest pending interrupt, now no longer pending and still masked; -1 when none. */
int cm_irq_take_pending(void);
/* Unmask an interrupt the loop has serviced (if it is still enabled). */
void cm_irq_done(uint32_t irq);
bool cm_irq_any_pending(void);

/* Sleep until an interrupt is pending unless one already is (no wake-up can be lost). */
void cm_sleep_until_interrupt(void);

static inline void cm_irq_lock(void) { __asm__ volatile("cpsid i" ::: "memory"); }
static inline void cm_irq_unlock(void) { __asm__ volatile("cpsie i" ::: "memory"); }

#endif
