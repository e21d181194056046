/* Touch driver 0x90002 with libtock-c's names: single touch (the panel this board has). */
#ifndef LIBTOCK_SENSORS_TOUCH_H
#define LIBTOCK_SENSORS_TOUCH_H

#include <tock.h>

#define DRIVER_NUM_TOUCH 0x90002

typedef enum {
    LIBTOCK_TOUCH_STATUS_RELEASED = 0,
    LIBTOCK_TOUCH_STATUS_PRESSED = 1,
    LIBTOCK_TOUCH_STATUS_MOVED = 2,
    LIBTOCK_TOUCH_STATUS_UNSTARTED = 3,
} libtock_touch_status_t;

/* cb(status, x, y) from an upcall, i.e. during a yield. */
typedef void (*libtock_touch_touch_callback)(libtock_touch_status_t, uint16_t, uint16_t);

bool libtock_touch_driver_exists(void);
returncode_t libtock_touch_set_upcall_single_touch(subscribe_upcall callback, void *opaque);
returncode_t libtock_touch_command_get_number_of_touches(uint32_t *touches);
returncode_t libtock_touch_command_enable_single_touch(void);
returncode_t libtock_touch_command_disable_single_touch(void);

bool libtock_touch_exists(void);
returncode_t libtock_touch_get_number_of_touches(int *touches);
returncode_t libtock_touch_enable_single_touch(libtock_touch_touch_callback cb);
returncode_t libtock_touch_disable_single_touch(void);

#endif
