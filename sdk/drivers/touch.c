/* Touch driver 0x90002: subscribe 0 (status, x << 16 | y, pressure << 16 | size),
 * command 1/2 enable/disable single touch, command 100 number of touches. */
#include <libtock/sensors/touch.h>
#include <stdlib.h>

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

/* ---- multi touch and gestures ------------------------------------------------------------ */

static void multi_touch_upcall(int touches, int dropped, int lost, void *opaque) {
    ((libtock_touch_multi_touch_callback)opaque)(RETURNCODE_SUCCESS, touches, dropped, lost);
}

static void gesture_upcall(int gesture, int unused1, int unused2, void *opaque) {
    (void)unused1;
    (void)unused2;
    ((libtock_touch_gesture_callback)opaque)(RETURNCODE_SUCCESS, (libtock_touch_gesture_t)gesture);
}

returncode_t libtock_touch_enable_multi_touch(libtock_touch_event_t *buffer, int max_touches,
                                              libtock_touch_multi_touch_callback cb) {
    returncode_t rc = tock_status(allow_readwrite(DRIVER_NUM_TOUCH, 2, buffer,
                                                  max_touches * sizeof(libtock_touch_event_t)));
    if (rc != RETURNCODE_SUCCESS) return rc;
    rc = tock_status(subscribe(DRIVER_NUM_TOUCH, 2, multi_touch_upcall, (void *)cb));
    if (rc != RETURNCODE_SUCCESS) return rc;
    return tock_return_novalue(command(DRIVER_NUM_TOUCH, 11, 0, 0));
}

returncode_t libtock_touch_disable_multi_touch(void) {
    allow_readwrite(DRIVER_NUM_TOUCH, 2, NULL, 0);
    subscribe(DRIVER_NUM_TOUCH, 2, NULL, NULL);
    return tock_return_novalue(command(DRIVER_NUM_TOUCH, 12, 0, 0));
}

returncode_t libtock_touch_allocate_multi_touch_buffer(int max_touches,
                                                       libtock_touch_event_t **buffer) {
    *buffer = malloc(max_touches * sizeof(libtock_touch_event_t));
    return *buffer ? RETURNCODE_SUCCESS : RETURNCODE_ENOMEM;
}

returncode_t libtock_touch_read_touch_from_buffer(libtock_touch_event_t *buffer, int index,
                                                  uint8_t *id, uint8_t *status, uint8_t *x,
                                                  uint8_t *y, uint8_t *size, uint8_t *pressure) {
    if (buffer == NULL) return RETURNCODE_ENOMEM;
    *id = buffer[index].id;
    *status = buffer[index].status;
    *x = buffer[index].x;
    *y = buffer[index].y;
    *size = buffer[index].size;
    *pressure = buffer[index].pressure;
    return RETURNCODE_SUCCESS;
}

returncode_t libtock_touch_get_gestures(libtock_touch_gesture_callback cb) {
    return tock_status(subscribe(DRIVER_NUM_TOUCH, 1, gesture_upcall, (void *)cb));
}

returncode_t libtock_touch_multi_touch_next(void) {
    return tock_return_novalue(command(DRIVER_NUM_TOUCH, 10, 0, 0));
}
