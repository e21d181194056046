/* Servo capsule, driver 0x90009 (Tock capsules/extra/src/servo.rs, doc/syscalls/90009).
 *
 *   command 0  exists
 *   command 1  -> u32 number of servo motors
 *   command 2  servo arg0 to arg1 degrees: NODEVICE for an index past the count, INVAL
 *              beyond 360 degrees, FAIL when the motor cannot reach it
 *   command 3  -> u32 angle of servo arg0: NODEVICE past the count, NOSUPPORT when the
 *              motor cannot report it */
#ifndef TOCK_CAPSULES_SERVO_H
#define TOCK_CAPSULES_SERVO_H

#include "tock/hil.h"
#include "tock/kernel.h"

#define DRIVER_SERVO 0x90009u

enum { SERVO_CMD_EXISTS = 0, SERVO_CMD_COUNT = 1, SERVO_CMD_SET_ANGLE = 2, SERVO_CMD_ANGLE = 3 };

struct servo_capsule {
    struct driver driver;
    const struct servo_hil *hil;
};

void servo_capsule_init(struct servo_capsule *s, const struct servo_hil *hil);

#endif
