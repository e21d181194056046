/* Alarm capsule, driver 0x0 (Tock capsules/core/src/alarm.rs), one alarm per process,
 * virtualized over one struct alarm_hil (a 64-bit tick counter).
 *
 *   subscribe 0  fired (now, expiration, 0), both the low 32 bits of the tick counter
 *   command 0    exists            command 1  -> u32 frequency in Hz
 *   command 2    -> u32 now        command 3  stop (ALREADY if no alarm is armed)
 *   command 4    NOSUPPORT (deprecated)
 *   command 5    set relative: dt = arg0                       -> u32 expiration
 *   command 6    set absolute: reference = arg0, dt = arg1     -> u32 expiration
 *
 * Internally everything is 64-bit. A 32-bit reference is rebased like Tock does for timers
 * wider than 32 bits: onto the most recent 64-bit time whose low word equals it (so it is
 * never in the future), and the alarm has expired once now leaves [reference,
 * reference + dt). An alarm already expired when set (dt 0, a reference far enough in the
 * past) fires during the command. Expired alarms fire in deadline order (ties: process
 * slot order) and the HIL is armed for the earliest pending deadline, or disarmed.
 * Exit, fault and restart cancel the process's alarm; a console stop does not. */
#ifndef TOCK_CAPSULES_ALARM_H
#define TOCK_CAPSULES_ALARM_H

#include <stdbool.h>
#include <stdint.h>

#include "tock/hil.h"
#include "tock/kernel.h"

enum { ALARM_UPCALL_FIRED = 0 };

enum {
    ALARM_CMD_EXISTS = 0,
    ALARM_CMD_FREQUENCY = 1,
    ALARM_CMD_NOW = 2,
    ALARM_CMD_STOP = 3,
    ALARM_CMD_DEPRECATED = 4,
    ALARM_CMD_SET_RELATIVE = 5,
    ALARM_CMD_SET_ABSOLUTE = 6,
};

struct alarm_capsule {
    struct driver driver;
    const struct alarm_hil *hil;
    bool hil_armed;                 /* the HIL is armed for hil_deadline */
    uint64_t hil_deadline;
};

void alarm_capsule_init(struct alarm_capsule *a, const struct alarm_hil *hil);
/* The board calls this once the HIL deadline has passed: fires every expired alarm and
 * re-arms the HIL for the next one. Calling it early is harmless. */
void alarm_capsule_fire(struct alarm_capsule *a, struct kernel *k);
/* The earliest pending deadline (what the HIL is armed for); false when none. */
bool alarm_capsule_next_deadline(struct alarm_capsule *a, uint64_t *out);

#endif
