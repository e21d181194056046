/* Alarm driver 0x0 (spec 1.11): cmd 1 frequency, 2 now, 3 stop,
 * 5 set relative, 6 set at reference+dt; subscribe 0 (now, expiration, 0). */
#include <tock/alarm.h>

enum { CMD_FREQUENCY = 1, CMD_NOW = 2, CMD_STOP = 3, CMD_SET_RELATIVE = 5, CMD_SET_ABSOLUTE = 6 };
enum { SUB_FIRED = 0 };

/* Longest single wait: half the counter range keeps comparisons sane. */
#define MAX_DT 0x7fffffffu

returncode_t alarm_frequency(uint32_t *hz) {
    return tock_return_u32(command(DRIVER_NUM_ALARM, CMD_FREQUENCY, 0, 0), hz);
}

returncode_t alarm_now(uint32_t *ticks) {
    return tock_return_u32(command(DRIVER_NUM_ALARM, CMD_NOW, 0, 0), ticks);
}

returncode_t alarm_set_relative(uint32_t dt, subscribe_upcall *cb, void *userdata,
                                uint32_t *expiration) {
    returncode_t rc = tock_status(subscribe(DRIVER_NUM_ALARM, SUB_FIRED, cb, userdata));
    if (rc) return rc;
    return tock_return_u32(command(DRIVER_NUM_ALARM, CMD_SET_RELATIVE, dt, 0), expiration);
}

returncode_t alarm_set_absolute(uint32_t reference, uint32_t dt, subscribe_upcall *cb,
                                void *userdata, uint32_t *expiration) {
    returncode_t rc = tock_status(subscribe(DRIVER_NUM_ALARM, SUB_FIRED, cb, userdata));
    if (rc) return rc;
    return tock_return_u32(command(DRIVER_NUM_ALARM, CMD_SET_ABSOLUTE, reference, dt),
                           expiration);
}

returncode_t alarm_cancel(void) {
    return tock_status(command(DRIVER_NUM_ALARM, CMD_STOP, 0, 0));
}

uint64_t alarm_ms_to_ticks(uint32_t ms) {
    uint32_t hz = 0;
    alarm_frequency(&hz);
    return ((uint64_t)ms * hz + 999) / 1000;
}

uint32_t alarm_ticks_to_ms(uint32_t ticks) {
    uint32_t hz = 0;
    alarm_frequency(&hz);
    return hz ? (uint32_t)((uint64_t)ticks * 1000 / hz) : 0;
}

uint32_t alarm_ticks_since(uint32_t start) {
    uint32_t now = start;
    alarm_now(&now);
    return now - start; /* modulo 2^32 */
}

returncode_t delay_ms(uint32_t ms) {
    uint32_t hz;
    returncode_t rc = alarm_frequency(&hz);
    if (rc) return rc;
    uint64_t remaining = ((uint64_t)ms * hz + 999) / 1000;
    uint32_t reference;
    rc = alarm_now(&reference);
    if (rc) return rc;
    /* Chain alarms from the same reference so long delays do not drift. */
    while (remaining > 0) {
        uint32_t dt = remaining > MAX_DT ? MAX_DT : (uint32_t)remaining;
        rc = alarm_set_absolute(reference, dt, tock_ignore_upcall, NULL, NULL);
        if (rc) return rc;
        yield_wait_for(DRIVER_NUM_ALARM, SUB_FIRED);
        reference += dt; /* wraps like the counter does */
        remaining -= dt;
    }
    return RETURNCODE_SUCCESS;
}
