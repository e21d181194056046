/* LED driver 0x2: cmd 0 count, 1 on, 2 off, 3 toggle, 4 read. */
#include <tock/led.h>

returncode_t led_count(int *count) {
    uint32_t n = 0;
    returncode_t rc = tock_return_u32(command(DRIVER_NUM_LED, 0, 0, 0), &n);
    if (count) *count = rc ? 0 : (int)n;
    return rc;
}

returncode_t led_on(int index) {
    return tock_status(command(DRIVER_NUM_LED, 1, (uint32_t)index, 0));
}

returncode_t led_off(int index) {
    return tock_status(command(DRIVER_NUM_LED, 2, (uint32_t)index, 0));
}

returncode_t led_toggle(int index) {
    return tock_status(command(DRIVER_NUM_LED, 3, (uint32_t)index, 0));
}

returncode_t led_read(int index, bool *on) {
    uint32_t v = 0;
    returncode_t rc = tock_return_u32(command(DRIVER_NUM_LED, 4, (uint32_t)index, 0), &v);
    if (on) *on = v != 0;
    return rc;
}
