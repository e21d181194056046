/* Touch driver 0x90002: subscribe 0 (status, x << 16 | y, pressure << 16 | size),
 * command 1/2 enable/disable single touch, command 100 number of touches. */
#include <libtock/sensors/touch.h>

bool libtock_touch_driver_exists(void) {
    return driver_exists(DRIVER_NUM_TOUCH);
}

returncode_t libtock_touch_set_upcall_single_touch(subscribe_upcall callback, void *opaque) {
    return tock_status(subscribe(DRIVER_NUM_TOUCH, 0, callback, opaque));
}

returncode_t libtock_touch_command_get_number_of_touches(uint32_t *touches) {
    return tock_return_u32(command(DRIVER_NUM_TOUCH, 100, 0, 0), touches);
}

returncode_t libtock_touch_command_enable_single_touch(void) {
    return tock_return_novalue(command(DRIVER_NUM_TOUCH, 1, 0, 0));
}

returncode_t libtock_touch_command_disable_single_touch(void) {
    return tock_return_novalue(command(DRIVER_NUM_TOUCH, 2, 0, 0));
}

static void single_touch_upcall(int status, int xy, int unused, void *opaque) {
    (void)unused;
    libtock_touch_touch_callback cb = (libtock_touch_touch_callback)opaque;
    cb((libtock_touch_status_t)status, (uint16_t)((uint32_t)xy >> 16), (uint16_t)(xy & 0xFFFF));
}

bool libtock_touch_exists(void) {
    return libtock_touch_driver_exists();
}

returncode_t libtock_touch_get_number_of_touches(int *touches) {
    return libtock_touch_command_get_number_of_touches((uint32_t *)touches);
}

returncode_t libtock_touch_enable_single_touch(libtock_touch_touch_callback cb) {
    returncode_t rc = libtock_touch_set_upcall_single_touch(single_touch_upcall, (void *)cb);
    if (rc != RETURNCODE_SUCCESS) return rc;
    return libtock_touch_command_enable_single_touch();
}

returncode_t libtock_touch_disable_single_touch(void) {
    returncode_t rc = libtock_touch_set_upcall_single_touch(NULL, NULL);
    if (rc != RETURNCODE_SUCCESS) return rc;
    return libtock_touch_command_disable_single_touch();
}
