/* Alarm driver 0x0: a free-running tick counter and one alarm per process.
 *
 * Tick values wrap at 2^32; compare them with alarm_ticks_since() or by
 * subtracting, never with < on raw values.  The blocking helpers use
 * Yield-WaitFor on the alarm upcall, so do not mix them with an alarm
 * armed through alarm_set_*() at the same time. */
#ifndef TOCK_ALARM_H
#define TOCK_ALARM_H

#include <tock.h>

#define DRIVER_NUM_ALARM 0x0

returncode_t alarm_frequency(uint32_t *hz);
returncode_t alarm_now(uint32_t *ticks);

/* Arms the alarm `dt` ticks from now / from `reference`.
 * cb(now, expiration, 0, userdata) runs on a later yield.
 * `expiration` (may be NULL) gets the tick the alarm fires at. */
returncode_t alarm_set_relative(uint32_t dt, subscribe_upcall *cb, void *userdata,
                                uint32_t *expiration);
returncode_t alarm_set_absolute(uint32_t reference, uint32_t dt, subscribe_upcall *cb,
                                void *userdata, uint32_t *expiration);
/* Disarms the alarm (RETURNCODE_EALREADY if none was armed). */
returncode_t alarm_cancel(void);

/* Conversions using the driver's frequency (rounding up / down). */
uint64_t alarm_ms_to_ticks(uint32_t ms);
uint32_t alarm_ticks_to_ms(uint32_t ticks);
/* Ticks elapsed since `start`, correct across one wrap of the counter. */
uint32_t alarm_ticks_since(uint32_t start);

/* Blocks for at least `ms` milliseconds (any length: long delays are
 * split into several alarms). */
returncode_t delay_ms(uint32_t ms);

#endif
