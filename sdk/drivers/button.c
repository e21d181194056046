/* Button driver 0x3: cmd 0 count, 1 enable irq, 2 disable irq, 3 read;
 * subscribe 0 (index, pressed, 0). */
#include <tock/button.h>

returncode_t button_count(int *count) {
    uint32_t n = 0;
    returncode_t rc = tock_return_u32(command(DRIVER_NUM_BUTTON, 0, 0, 0), &n);
    if (count) *count = rc ? 0 : (int)n;
    return rc;
}

returncode_t button_read(int index, bool *pressed) {
    uint32_t v = 0;
    returncode_t rc = tock_return_u32(command(DRIVER_NUM_BUTTON, 3, (uint32_t)index, 0), &v);
    if (pressed) *pressed = v != 0;
    return rc;
}

returncode_t button_enable_interrupt(int index) {
    return tock_status(command(DRIVER_NUM_BUTTON, 1, (uint32_t)index, 0));
}

returncode_t button_disable_interrupt(int index) {
    return tock_status(command(DRIVER_NUM_BUTTON, 2, (uint32_t)index, 0));
}

returncode_t button_subscribe(subscribe_upcall *cb, void *userdata) {
    return tock_status(subscribe(DRIVER_NUM_BUTTON, 0, cb, userdata));
}
