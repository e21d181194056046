/* Servo driver 0x90009 with libtock-c's names. */
#ifndef LIBTOCK_INTERFACE_SERVO_SYSCALLS_H
#define LIBTOCK_INTERFACE_SERVO_SYSCALLS_H

#include <tock.h>

#define DRIVER_NUM_SERVO 0x90009

bool libtock_servo_driver_exists(void);
returncode_t libtock_servo_count(uint32_t *servo_count);
/* RETURNCODE_ENODEVICE past the count, EINVAL beyond 360, FAIL beyond the motor's range. */
returncode_t libtock_servo_set_angle(uint16_t index, uint16_t angle);
returncode_t libtock_servo_read_angle(uint16_t index, uint16_t *angle);

#endif
