/* Moves servo 0 to 0, 90 and 180 degrees, reading each angle back (as libtock-c's servo
 * example does), then asks for what the motor cannot do. */
#include <stdio.h>

#include <libtock-sync/services/alarm.h>
#include <libtock/interface/syscalls/servo_syscalls.h>

int main(void)
{
    if (!libtock_servo_driver_exists()) {
        printf("servo: no servo\n");
        return 1;
    }
    uint32_t count = 0;
    libtock_servo_count(&count);
    printf("servo: %lu motor(s)\n", (unsigned long)count);
    static const uint16_t angles[] = {0, 90, 180};
    for (unsigned i = 0; i < 3; i++) {
        uint16_t angle = 0;
        returncode_t rc = libtock_servo_set_angle(0, angles[i]);
        libtocksync_alarm_delay_ms(100);
        libtock_servo_read_angle(0, &angle);
        printf("servo: asked %u, at %u (%s)\n", angles[i], angle, tock_strrcode(rc));
    }
    printf("servo: 200 degrees: %s\n", tock_strrcode(libtock_servo_set_angle(0, 200)));
    printf("servo: 400 degrees: %s\n", tock_strrcode(libtock_servo_set_angle(0, 400)));
    printf("servo: motor %lu: %s\n", (unsigned long)count,
           tock_strrcode(libtock_servo_set_angle(count, 10)));
    return 0;
}
