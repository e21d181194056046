/* The board's servo motors (SG90-like: 0 to 180 degrees, reporting the last angle set).
 * Each move is logged with its board time: "[servo] 0.100000 s: servo 0 to 90 degrees". */
#ifndef EMU_HOST_SERVO_H
#define EMU_HOST_SERVO_H

#include <stdint.h>

#include "drive_log.h"
#include "hmi_config.h"
#include "host_clock.h"
#include "tock/hil.h"

#define HOST_SERVO_MAX_DEGREES 180u

struct host_servo {
    const struct host_clock *clock;
    struct drive_log *log;
    uint32_t degrees[HMI_MAX_SERVOS];
    struct servo_hil hil;
};

void host_servo_init(struct host_servo *s, uint32_t count, const struct host_clock *clock,
                     struct drive_log *log);

#endif
