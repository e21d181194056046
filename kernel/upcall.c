/* The per-process upcall queue (10 entries, as Tock's CALLBACK_LEN) and TRD104 delivery:
 * the svc that yielded becomes a call of the upcall function, which returns past it. */
#include "kernel_internal.h"

static struct upcall_task *queue_at(struct process *p, uint32_t i)
{
    return &p->queue[(p->queue_head + i) % UPCALL_QUEUE_LEN];
}

/* Remove entry i, keeping the order of the others. */
static void queue_remove(struct process *p, uint32_t i)
{
    for (; i + 1 < p->queue_count; i++)
        *queue_at(p, i) = *queue_at(p, i + 1);
    p->queue_count--;
}

uint32_t upcall_schedule(struct kernel *k, struct process *p, const struct driver *d,
                         uint32_t subscribe_num, uint32_t a0, uint32_t a1, uint32_t a2)
{
    if (!process_is_alive(p))
        return TOCK_OFF;
    if (p->queue_count == UPCALL_QUEUE_LEN) {
        p->dropped_upcalls++;
        if (trace_on(k, TRACE_UPCALLS))
            trace_upcall_dropped(k, p, d->num, subscribe_num);
        return TOCK_NOMEM;
    }
    struct upcall_task *t = queue_at(p, p->queue_count++);
    t->driver = d->num;
    t->subscribe = subscribe_num;
    t->args[0] = a0;
    t->args[1] = a1;
    t->args[2] = a2;
    t->fn = 0;
    t->appdata = 0;
    t->trace_id = 0;
    uint32_t index;
    if (kernel_find_driver(k, d->num, &index)) {
        struct grant g;
        if (grant_view(k, p, index, &g) && subscribe_num < d->upcall_count) {
            t->fn = g.upcalls[subscribe_num].fn;
            t->appdata = g.upcalls[subscribe_num].appdata;
        }
    }
    if (trace_on(k, TRACE_UPCALLS))
        trace_upcall_queued(k, p, t);
    return TOCK_OK;
}

bool upcall_take_deliverable(struct process *p, struct upcall_task *out)
{
    while (p->queue_count) {
        *out = *queue_at(p, 0);
        queue_remove(p, 0);
        if (out->fn)
            return true;
        /* bound to the Null upcall: dropped, it does not count as a delivery */
    }
    return false;
}

bool upcall_take_matching(struct process *p, uint32_t driver, uint32_t sub, struct upcall_task *out)
{
    for (uint32_t i = 0; i < p->queue_count; i++) {
        struct upcall_task *t = queue_at(p, i);
        if (t->driver == driver && t->subscribe == sub) {
            *out = *t;
            queue_remove(p, i);
            return true;
        }
    }
    return false;
}

void upcall_drop_matching(struct process *p, uint32_t driver, uint32_t sub)
{
    for (uint32_t i = 0; i < p->queue_count;) {
        struct upcall_task *t = queue_at(p, i);
        if (t->driver == driver && t->subscribe == sub)
            queue_remove(p, i);
        else
            i++;
    }
}

/* regs->r[REG_PC] is the address after the svc: the upcall returns there. */
void upcall_deliver(struct kernel *k, struct process *p, const struct upcall_task *t,
                    struct cpu_regs *regs, uint32_t *mask)
{
    regs->r[0] = t->args[0];
    regs->r[1] = t->args[1];
    regs->r[2] = t->args[2];
    regs->r[3] = t->appdata;
    regs->r[REG_LR] = regs->r[REG_PC] | 1u;
    regs->r[REG_PC] = t->fn & ~1u;
    *mask |= REG_BIT(0) | REG_BIT(1) | REG_BIT(2) | REG_BIT(3) | REG_BIT(REG_LR) | REG_BIT(REG_PC);
    p->upcall_count++;
    if (trace_on(k, TRACE_UPCALLS))
        trace_upcall_delivered(k, p, t, false);
}
