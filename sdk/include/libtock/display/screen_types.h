/* libtock-c's screen pixel formats and rotations (Tock's numbers). */
#ifndef LIBTOCK_DISPLAY_SCREEN_TYPES_H
#define LIBTOCK_DISPLAY_SCREEN_TYPES_H

typedef enum {
    MONO = 0,
    RGB_233 = 1,
    RGB_565 = 2,
    RGB_888 = 3,
    ARGB_8888 = 4,
} libtock_screen_format_t;

typedef enum {
    ROTATION_NORMAL = 0,
    ROTATION_90 = 1,
    ROTATION_180 = 2,
    ROTATION_270 = 3,
} libtock_screen_rotation_t;

#endif
