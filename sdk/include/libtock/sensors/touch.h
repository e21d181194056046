/* Touch driver 0x90002 with libtock-c's names. The board's panel tracks one touch; the
 * multi-touch and gesture calls are here so libtock-c apps build, and never get an event. */
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
/* cb(status, touches, dropped events, touches that did not fit) */
typedef void (*libtock_touch_multi_touch_callback)(returncode_t, int, int, int);

typedef enum {
    LIBTOCK_TOUCH_GESTURE_NO = 0,
    LIBTOCK_TOUCH_GESTURE_SWIPE_UP = 1,
    LIBTOCK_TOUCH_GESTURE_SWIPE_DOWN = 2,
    LIBTOCK_TOUCH_GESTURE_SWIPE_LEFT = 3,
    LIBTOCK_TOUCH_GESTURE_SWIPE_RIGHT = 4,
    LIBTOCK_TOUCH_GESTURE_ZOOM_IN = 5,
    LIBTOCK_TOUCH_GESTURE_ZOOM_OUT = 6,
} libtock_touch_gesture_t;
typedef void (*libtock_touch_gesture_callback)(returncode_t, libtock_touch_gesture_t);

/* One entry of the multi-touch buffer (8 bytes, as the driver writes it). */
typedef struct __attribute__((__packed__)) {
    unsigned char id;
    unsigned char status;
    unsigned short x;
    unsigned short y;
    unsigned char size;
    unsigned char pressure;
} libtock_touch_event_t;

bool libtock_touch_driver_exists(void);
returncode_t libtock_touch_set_upcall_single_touch(subscribe_upcall callback, void *opaque);
returncode_t libtock_touch_command_get_number_of_touches(uint32_t *touches);
returncode_t libtock_touch_command_enable_single_touch(void);
returncode_t libtock_touch_command_disable_single_touch(void);

bool libtock_touch_exists(void);
returncode_t libtock_touch_get_number_of_touches(int *touches);
returncode_t libtock_touch_enable_single_touch(libtock_touch_touch_callback cb);
returncode_t libtock_touch_disable_single_touch(void);
returncode_t libtock_touch_enable_multi_touch(libtock_touch_event_t *buffer, int max_touches,
                                              libtock_touch_multi_touch_callback cb);
returncode_t libtock_touch_disable_multi_touch(void);
returncode_t libtock_touch_allocate_multi_touch_buffer(int max_touches,
                                                       libtock_touch_event_t **buffer);
returncode_t libtock_touch_read_touch_from_buffer(libtock_touch_event_t *buffer, int index,
                                                  uint8_t *id, uint8_t *status, uint8_t *x,
                                                  uint8_t *y, uint8_t *size, uint8_t *pressure);
returncode_t libtock_touch_get_gestures(libtock_touch_gesture_callback cb);
/* Acknowledge a multi-touch event: the next one may come. */
returncode_t libtock_touch_multi_touch_next(void);

#endif
