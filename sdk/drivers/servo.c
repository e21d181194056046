/* Servo driver 0x90009: command 1 count, 2 set angle, 3 read angle. */
#include <libtock/interface/syscalls/servo_syscalls.h>

bool libtock_servo_driver_exists(void) {
    return driver_exists(DRIVER_NUM_SERVO);
}

returncode_t libtock_servo_count(uint32_t *servo_count) {
    uint32_t value = 0;
    returncode_t rc = tock_return_u32(command(DRIVER_NUM_SERVO, 1, 0, 0), &value);
    *servo_count = (uint16_t)value;
    return rc;
}

returncode_t libtock_servo_set_angle(uint16_t index, uint16_t angle) {
    return tock_return_novalue(command(DRIVER_NUM_SERVO, 2, index, angle));
}

returncode_t libtock_servo_read_angle(uint16_t index, uint16_t *angle) {
    uint32_t value = 0;
    returncode_t rc = tock_return_u32(command(DRIVER_NUM_SERVO, 3, index, 0), &value);
    *angle = (uint16_t)value;
    return rc;
}
