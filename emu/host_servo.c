/* The servo model: see host_servo.h. */
#include "host_servo.h"

#include <string.h>

#include "tock/syscall_abi.h"

static uint32_t hil_set_angle(void *ctx, uint32_t index, uint32_t degrees)
{
    struct host_servo *s = ctx;
    if (degrees > HOST_SERVO_MAX_DEGREES)
        return TOCK_FAIL;
    s->degrees[index] = degrees;
    drive_log_line(s->log, "servo", host_clock_now_ns(s->clock), "servo %u to %u degrees",
                   index, degrees);
    return TOCK_OK;
}

static bool hil_angle(void *ctx, uint32_t index, uint32_t *degrees)
{
    *degrees = ((struct host_servo *)ctx)->degrees[index];
    return true;
}

void host_servo_init(struct host_servo *s, uint32_t count, const struct host_clock *clock,
                     struct drive_log *log)
{
    memset(s, 0, sizeof *s);
    s->clock = clock;
    s->log = log;
    s->hil = (struct servo_hil){s, count, hil_set_angle, hil_angle};
}
