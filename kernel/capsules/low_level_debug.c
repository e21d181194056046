/* LowLevelDebug capsule, driver 0x8: see tock/capsules/low_level_debug.h for the contract. */
#include "tock/capsules/low_level_debug.h"

#include "tock/kstring.h"

static struct syscall_return lld_command(struct kernel *k, const struct driver *d,
                                         struct process *p, uint32_t cmd,
                                         uint32_t arg0, uint32_t arg1)
{
    unsigned long id = p->id, a = arg0, b = arg1;

    switch (cmd) {
    case LLD_CMD_EXISTS:
        break;
    case LLD_CMD_ALERT:
        kprintf(k, "LowLevelDebug: App 0x%lx alert code 0x%lx\n", id, a);
        break;
    case LLD_CMD_PRINT1:
        kprintf(k, "LowLevelDebug: App 0x%lx prints 0x%lx\n", id, a);
        break;
    case LLD_CMD_PRINT2:
        kprintf(k, "LowLevelDebug: App 0x%lx prints 0x%lx 0x%lx\n", id, a, b);
        break;
    default:
        return sr_failure(TOCK_NOSUPPORT);
    }
    return sr_success();
}

static const char *lld_command_name(uint32_t cmd)
{
    switch (cmd) {
    case LLD_CMD_EXISTS: return "exists";
    case LLD_CMD_ALERT: return "alert_code";
    case LLD_CMD_PRINT1: return "print1";
    case LLD_CMD_PRINT2: return "print2";
    default: return NULL;
    }
}

void low_level_debug_capsule_init(struct low_level_debug_capsule *d)
{
    memset(d, 0, sizeof(*d));
    d->driver.num = DRIVER_LOW_LEVEL_DEBUG;
    d->driver.name = "low_level_debug";
    d->driver.state = d;
    d->driver.command = lld_command;
    d->driver.command_name = lld_command_name;
}
