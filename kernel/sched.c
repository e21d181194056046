/* Round-robin scheduling. A yielded process becomes ready when an upcall it can take is
 * queued; the backend preempts a process whose time slice runs out. */
#include "kernel_internal.h"

/* Make p ready to run if it can be, delivering the upcall that wakes it. */
static bool process_ready(struct kernel *k, struct process *p)
{
    struct upcall_task t;
    struct cpu_regs regs;
    uint32_t mask = 0;
    switch (p->state) {
    case PROCESS_RUNNABLE:
        return true;
    case PROCESS_YIELDED:
        if (!upcall_take_deliverable(p, &t))
            return false;
        k->cpu->get_regs(k->cpu_ctx, p, &regs);
        upcall_deliver(k, p, &t, &regs, &mask);
        break;
    case PROCESS_YIELDED_FOR:
        if (!upcall_take_matching(p, p->wait_driver, p->wait_subscribe, &t))
            return false;
        if (trace_on(k, TRACE_UPCALLS))
            trace_upcall_delivered(k, p, &t, true);
        k->cpu->get_regs(k->cpu_ctx, p, &regs);
        regs.r[0] = t.args[0];
        regs.r[1] = t.args[1];
        regs.r[2] = t.args[2];
        mask = REG_BIT(0) | REG_BIT(1) | REG_BIT(2);
        break;
    default:
        return false;
    }
    k->cpu->set_regs(k->cpu_ctx, p, &regs, mask);
    p->state = PROCESS_RUNNABLE;
    return true;
}

bool kernel_run_next(struct kernel *k)
{
    if (k->panicked)
        return false;
    for (uint32_t i = 0; i < k->process_count; i++) {
        uint32_t index = (k->sched_cursor + i) % k->process_count;
        struct process *p = &k->procs[index];
        if (!process_ready(k, p))
            continue;
        k->sched_cursor = index + 1;
        if (trace_on(k, TRACE_SCHED))
            trace_slice_begin(k, p);
        enum cpu_stop stop = k->cpu->run(k->cpu_ctx, p);
        if (trace_on(k, TRACE_SCHED))
            trace_slice_end(k, p, stop);
        switch (stop) {
        case CPU_STOP_PREEMPTED:
            p->timeslice_expirations++;
            break;
        case CPU_STOP_FAULT:
            kernel_process_fault(k, p, &p->fault);
            break;
        case CPU_STOP_SWITCH:
        case CPU_STOP_IDLE:
        case CPU_STOP_HALT:
            break;
        }
        return true;
    }
    return false;
}
