/* System-call dispatch (TRD104): the eight classes, their checks and return variants. */
#include "kernel_internal.h"

#define R0_3 (REG_BIT(0) | REG_BIT(1) | REG_BIT(2) | REG_BIT(3))

/* Write a return value into r0-r3, touching only the registers its variant uses. */
static void set_return(const struct syscall_return *ret, struct cpu_regs *regs, uint32_t *mask)
{
    regs->r[0] = ret->variant;
    regs->r[1] = ret->r1;
    regs->r[2] = ret->r2;
    regs->r[3] = ret->r3;
    switch (ret->variant) {
    case RV_SUCCESS:
        *mask |= REG_BIT(0);
        break;
    case RV_FAILURE:
    case RV_SUCCESS_U32:
        *mask |= REG_BIT(0) | REG_BIT(1);
        break;
    case RV_FAILURE_U32:
    case RV_SUCCESS_2U32:
    case RV_SUCCESS_U64:
        *mask |= REG_BIT(0) | REG_BIT(1) | REG_BIT(2);
        break;
    default:
        *mask |= R0_3;
        break;
    }
}

static struct syscall_return do_subscribe(struct kernel *k, struct process *p, const struct cpu_regs *in)
{
    uint32_t driver = in->r[0], num = in->r[1], fn = in->r[2], appdata = in->r[3];
    uint32_t index;
    const struct driver *d = kernel_find_driver(k, driver, &index);
    if (!d || !tbf_driver_permitted(&p->tbf, driver))
        return sr_failure_2u32(TOCK_NODEVICE, fn, appdata);
    if (fn != 0 && !process_in_flash(p, fn & ~1u))
        return sr_failure_2u32(TOCK_INVAL, fn, appdata);
    if (num >= d->upcall_count)
        return sr_failure_2u32(TOCK_NOSUPPORT, fn, appdata);
    struct grant g;
    if (!grant_create(k, p, index, &g))
        return sr_failure_2u32(TOCK_NOMEM, fn, appdata);
    struct upcall_slot old = g.upcalls[num];
    g.upcalls[num].fn = fn;
    g.upcalls[num].appdata = appdata;
    upcall_drop_matching(p, driver, num);
    return sr_success_2u32(old.fn, old.appdata);
}

static struct syscall_return do_command(struct kernel *k, struct process *p, const struct cpu_regs *in)
{
    uint32_t driver = in->r[0], cmd = in->r[1];
    const struct driver *d = kernel_find_driver(k, driver, NULL);
    if (!d)
        return sr_failure(TOCK_NODEVICE);
    if (p->tbf.has_permissions) {   /* most apps have no Permissions header */
        if (!tbf_driver_permitted(&p->tbf, driver))
            return sr_failure(TOCK_NODEVICE);
        if (!tbf_command_permitted(&p->tbf, driver, cmd))
            return sr_failure(TOCK_NOSUPPORT);
    }
    return d->command(k, d, p, cmd, in->r[2], in->r[3]);
}

/* The buffer an allow passes must lie where the app may access it this way. */
static bool allow_buffer_ok(struct process *p, uint32_t cls, uint32_t addr, uint32_t len)
{
    if (len == 0)
        return true;   /* a null buffer may have any address */
    if (cls == SYSCALL_ALLOW_RO)
        return process_readable_ptr(p, addr, len) != NULL;
    return process_ram_ptr(p, addr, len) != NULL;
}

static struct syscall_return do_allow(struct kernel *k, struct process *p, uint32_t cls,
                                      const struct cpu_regs *in)
{
    uint32_t driver = in->r[0], num = in->r[1], addr = in->r[2], len = in->r[3];
    uint32_t index;
    const struct driver *d = kernel_find_driver(k, driver, &index);
    if (!d || !tbf_driver_permitted(&p->tbf, driver))
        return sr_failure_2u32(TOCK_NODEVICE, addr, len);
    if (!allow_buffer_ok(p, cls, addr, len))
        return sr_failure_2u32(TOCK_INVAL, addr, len);
    uint32_t count = cls == SYSCALL_ALLOW_RO   ? d->allow_ro_count
                     : cls == SYSCALL_ALLOW_RW ? d->allow_rw_count
                                               : d->allow_ur_count;
    if (num >= count)
        return sr_failure_2u32(TOCK_NOSUPPORT, addr, len);
    struct grant g;
    if (!grant_create(k, p, index, &g))
        return sr_failure_2u32(TOCK_NOMEM, addr, len);
    if (d->allow_check) {
        uint32_t err = d->allow_check(k, d, p, cls, num, addr, len);
        if (err != TOCK_OK)
            return sr_failure_2u32(err, addr, len);
    }
    struct allow_slot *slots = cls == SYSCALL_ALLOW_RO   ? g.allow_ro
                               : cls == SYSCALL_ALLOW_RW ? g.allow_rw
                                                         : g.allow_ur;
    struct allow_slot old = slots[num];
    slots[num].addr = addr;
    slots[num].len = len;
    return sr_success_2u32(old.addr, old.len);
}

/* Yield: returns true when the process keeps running. */
static bool do_yield(struct kernel *k, struct process *p, struct cpu_regs *regs, uint32_t *mask)
{
    struct upcall_task t;
    switch (regs->r[0]) {
    case YIELD_NO_WAIT: {
        bool ran = upcall_take_deliverable(p, &t);
        uint8_t *flag = regs->r[1] ? process_ram_ptr(p, regs->r[1], 1) : NULL;
        if (flag)
            *flag = ran ? 1 : 0;
        if (ran)
            upcall_deliver(k, p, &t, regs, mask);
        return true;
    }
    case YIELD_WAIT:
        if (upcall_take_deliverable(p, &t)) {
            upcall_deliver(k, p, &t, regs, mask);
            return true;
        }
        p->state = PROCESS_YIELDED;
        return false;
    case YIELD_WAIT_FOR:
        if (upcall_take_matching(p, regs->r[1], regs->r[2], &t)) {
            if (trace_on(k, TRACE_UPCALLS))
                trace_upcall_delivered(k, p, &t, true);
            regs->r[0] = t.args[0];
            regs->r[1] = t.args[1];
            regs->r[2] = t.args[2];
            *mask |= REG_BIT(0) | REG_BIT(1) | REG_BIT(2);
            return true;
        }
        p->wait_driver = regs->r[1];
        p->wait_subscribe = regs->r[2];
        p->state = PROCESS_YIELDED_FOR;
        return false;
    default:
        return true;   /* unknown yield type: returns at once */
    }
}

/* Exit: on success the process does not come back to this call. */
static bool do_exit(struct kernel *k, struct process *p, struct cpu_regs *regs, uint32_t *mask)
{
    switch (regs->r[0]) {
    case EXIT_TERMINATE:
        kernel_process_terminate(k, p, regs->r[1]);
        return false;
    case EXIT_RESTART:
        p->exit_code = regs->r[1];
        kernel_process_restart(k, p);
        return false;
    default: {
        struct syscall_return ret = sr_failure(TOCK_NOSUPPORT);
        set_return(&ret, regs, mask);
        return true;
    }
    }
}

bool kernel_syscall(struct kernel *k, struct process *p, uint32_t cls, struct cpu_regs *regs,
                    uint32_t *write_mask)
{
    /* The handlers read the arguments from `in`; the return value is written into regs
     * only afterwards, so they may share the registers. */
    const struct cpu_regs *in = regs;
    struct syscall_return ret;
    uint32_t instance = p->id;
    p->syscall_count++;

    switch (cls) {
    case SYSCALL_YIELD:
        if (trace_on(k, TRACE_SYSCALLS))
            trace_syscall(k, p, cls, in, NULL);
        return do_yield(k, p, regs, write_mask);
    case SYSCALL_EXIT:
        if (trace_on(k, TRACE_SYSCALLS))
            trace_syscall(k, p, cls, in, NULL);
        return do_exit(k, p, regs, write_mask);
    case SYSCALL_SUBSCRIBE:
        ret = do_subscribe(k, p, in);
        break;
    case SYSCALL_COMMAND:
        ret = do_command(k, p, in);
        break;
    case SYSCALL_ALLOW_RW:
    case SYSCALL_ALLOW_RO:
    case SYSCALL_ALLOW_USERSPACE_READABLE:
        ret = do_allow(k, p, cls, in);
        break;
    case SYSCALL_MEMOP:
        ret = memop_dispatch(k, p, in->r[0], in->r[1]);
        break;
    default: {
        struct cpu_fault f = {.kind = FAULT_KERNEL, .pc = regs->r[REG_PC] - 2};
        const char msg[] = "unknown system call class";
        for (unsigned i = 0; i < sizeof msg; i++)
            f.detail[i] = msg[i];
        kernel_process_fault(k, p, &f);
        return false;
    }
    }
    if (trace_on(k, TRACE_SYSCALLS))
        trace_syscall(k, p, cls, in, &ret);
    /* A command may have ended this process (a capsule faulted or terminated it) or
     * restarted it: the registers then belong to a dead or new instance, which must not
     * get this call's return value nor go on running from this svc. */
    if (p->id != instance || !process_is_alive(p))
        return false;
    set_return(&ret, regs, write_mask);
    return p->state == PROCESS_RUNNABLE;
}
