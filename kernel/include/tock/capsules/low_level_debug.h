/* LowLevelDebug capsule, driver 0x8 (Tock capsules/core/src/low_level_debug/).
 * Command-only, no upcalls, no allows. Each command prints one line through kprintf:
 *
 *   command 0  exists
 *   command 1  "LowLevelDebug: App 0x{id} alert code 0x{arg0}\n"
 *   command 2  "LowLevelDebug: App 0x{id} prints 0x{arg0}\n"
 *   command 3  "LowLevelDebug: App 0x{id} prints 0x{arg0} 0x{arg1}\n"
 *
 * Numbers are lowercase hex without padding; {id} is the process's instance id (p->id),
 * what Tock prints as ProcessId::id(). Tock queues 4 entries per app only while its UART
 * is busy and prints "Dropped 0x{n} entries" on overflow; kprintf is synchronous, so the
 * queue is never used and nothing can be dropped. For the same reason no grant is needed
 * and commands 1-3 always return Success (Tock does too, even when its grant fails). */
#ifndef TOCK_CAPSULES_LOW_LEVEL_DEBUG_H
#define TOCK_CAPSULES_LOW_LEVEL_DEBUG_H

#include "tock/kernel.h"

enum {
    LLD_CMD_EXISTS = 0,
    LLD_CMD_ALERT = 1,
    LLD_CMD_PRINT1 = 2,
    LLD_CMD_PRINT2 = 3,
};

enum { LLD_ALERT_PANIC = 0x01, LLD_ALERT_WRONG_LOCATION = 0x02 };

struct low_level_debug_capsule {
    struct driver driver;
};

void low_level_debug_capsule_init(struct low_level_debug_capsule *d);

#endif
