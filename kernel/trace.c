/* One line per system call when syscall tracing is on: who called what, and the result. */
#include "kernel_internal.h"

static void trace_driver(struct kernel *k, uint32_t driver, uint32_t cmd, bool is_command)
{
    const struct driver *d = kernel_find_driver(k, driver, NULL);
    if (!d) {
        kprintf(k, "driver 0x%x (no such driver)", (unsigned)driver);
        return;
    }
    const char *name = is_command && d->command_name ? d->command_name(cmd) : NULL;
    if (name)
        kprintf(k, "%s.%s", d->name, name);
    else
        kprintf(k, "%s/%u", d->name, (unsigned)cmd);
}

static void trace_return(struct kernel *k, const struct syscall_return *ret)
{
    const char *variant = return_variant_name(ret->variant);
    kprintf(k, " -> %s", variant ? variant : "?");
    if (ret->variant < RV_SUCCESS) {
        const char *err = tock_error_name(ret->r1);
        kprintf(k, " %s", err ? err : "?");
    } else if (ret->variant != RV_SUCCESS) {
        kprintf(k, " 0x%x 0x%x 0x%x", (unsigned)ret->r1, (unsigned)ret->r2, (unsigned)ret->r3);
    }
}

void trace_syscall(struct kernel *k, struct process *p, uint32_t cls, const struct cpu_regs *in,
                   const struct syscall_return *ret)
{
    const char *name = syscall_class_name(cls);
    kprintf(k, "[trace] %s(%u): %s ", p->name, (unsigned)p->id, name ? name : "?");
    switch (cls) {
    case SYSCALL_COMMAND:
        trace_driver(k, in->r[0], in->r[1], true);
        kprintf(k, "(0x%x, 0x%x)", (unsigned)in->r[2], (unsigned)in->r[3]);
        break;
    case SYSCALL_SUBSCRIBE:
    case SYSCALL_ALLOW_RW:
    case SYSCALL_ALLOW_RO:
    case SYSCALL_ALLOW_USERSPACE_READABLE:
        trace_driver(k, in->r[0], in->r[1], false);
        kprintf(k, "(0x%x, %u)", (unsigned)in->r[2], (unsigned)in->r[3]);
        break;
    default:
        kprintf(k, "(0x%x, 0x%x)", (unsigned)in->r[0], (unsigned)in->r[1]);
        break;
    }
    if (ret)
        trace_return(k, ret);
    kprintf(k, "\n");
}
