/* Deferred device interrupts (see cm_irq.h). */
#include "cm_irq.h"

#include "cm_cpu.h"
#include "cm_regs.h"

static volatile uint32_t pending[CM_MAX_IRQS / 32];
static uint32_t enabled[CM_MAX_IRQS / 32];

void cm_irq_handler(void)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    uint32_t irq = (ipsr & 0x1FFu) - 16u;
    if (irq >= CM_MAX_IRQS)
        return;
    NVIC_ICER(irq / 32) = 1u << (irq % 32);
    pending[irq / 32] |= 1u << (irq % 32);   /* device handlers never nest: same priority */
    SCB_ICSR = ICSR_PENDSVSET;
}

void cm_irq_enable(uint32_t irq)
{
    if (irq >= CM_MAX_IRQS)
        return;
    NVIC_IPR8(irq) = CM_PRIO_DEVICE;
    enabled[irq / 32] |= 1u << (irq % 32);
    NVIC_ISER(irq / 32) = 1u << (irq % 32);
}

void cm_irq_disable(uint32_t irq)
{
    if (irq >= CM_MAX_IRQS)
        return;
    enabled[irq / 32] &= ~(1u << (irq % 32));
    NVIC_ICER(irq / 32) = 1u << (irq % 32);
}

int cm_irq_take_pending(void)
{
    for (uint32_t w = 0; w < CM_MAX_IRQS / 32; w++) {
        if (!pending[w])
            continue;
        cm_irq_lock();
        uint32_t bits = pending[w];
        uint32_t bit = bits & -bits;
        pending[w] = bits & ~bit;
        cm_irq_unlock();
        if (bit)
            return (int)(w * 32 + (uint32_t)__builtin_ctz(bit));
    }
    return -1;
}

void cm_irq_done(uint32_t irq)
{
    if (irq < CM_MAX_IRQS && (enabled[irq / 32] & (1u << (irq % 32))))
        NVIC_ISER(irq / 32) = 1u << (irq % 32);
}

bool cm_irq_any_pending(void)
{
    for (uint32_t w = 0; w < CM_MAX_IRQS / 32; w++)
        if (pending[w])
            return true;
    return false;
}

void cm_sleep_until_interrupt(void)
{
    /* With interrupts masked, wfi still wakes on a pending interrupt; the handler runs
     * once they are unmasked again. */
    cm_irq_lock();
    if (!cm_irq_any_pending())
        __asm__ volatile("dsb\n wfi" ::: "memory");
    cm_irq_unlock();
}
