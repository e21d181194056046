/* Screen capsule, driver 0x90001 (Tock capsules/extra/src/screen.rs).
 *
 *   RO allow 0   pixels for write / the pixel for fill
 *   subscribe 0  an operation ended (status, 0, 0)
 *   command 0    exists                      command 1  -> u32 1: the setup API is there
 *   command 2    power (arg0 != 0)           command 3  brightness arg0
 *   command 4/5  invert on / off             command 6  invert (arg0 != 0)
 *   command 11   -> u32 number of resolutions
 *   command 12   -> (width, height) of resolution arg0; INVAL past the end
 *   command 13   -> u32 number of pixel formats
 *   command 14   -> u32 pixel format arg0; INVAL past the end
 *   command 21   -> u32 rotation             command 22 rotation arg0 (unknown: normal)
 *   command 23   -> (width, height)          command 24 resolution (arg0, arg1)
 *   command 25   -> u32 pixel format         command 26 pixel format arg0 (INVAL > 4)
 *   command 100  write frame: arg0 = x << 16 | y, arg1 = width << 16 | height
 *   command 200  write min(arg0, allowed length) bytes of pixels: NOMEM with no bytes,
 *                INVAL unless a whole number of pixels
 *   command 300  fill the write frame with the allowed buffer's first pixel: NOMEM with no
 *                buffer, INVAL unless its length is a whole number of pixels
 * The commands that act (2-6, 22, 24, 26, 100, 200, 300) run one at a time for the whole
 * board (struct op_queue): BUSY while the same process has one waiting or running; the
 * upcall carries the device's status. The getters answer at once, as in Tock 2.x (note:
 * libtock-c's libtock_screen_command_get_rotation and _get_pixel_format expect Success and
 * an upcall instead: against a Tock kernel, and here, they return EBADRVAL). */
#ifndef TOCK_CAPSULES_SCREEN_H
#define TOCK_CAPSULES_SCREEN_H

#include "tock/capsules/op_queue.h"
#include "tock/hil.h"
#include "tock/kernel.h"

#define DRIVER_SCREEN 0x90001u

enum { SCREEN_UPCALL_DONE = 0, SCREEN_ALLOW_RO_SHARED = 0 };

enum {
    SCREEN_CMD_EXISTS = 0,
    SCREEN_CMD_HAS_SETUP = 1,
    SCREEN_CMD_SET_POWER = 2,
    SCREEN_CMD_SET_BRIGHTNESS = 3,
    SCREEN_CMD_INVERT_ON = 4,
    SCREEN_CMD_INVERT_OFF = 5,
    SCREEN_CMD_SET_INVERT = 6,
    SCREEN_CMD_RESOLUTION_COUNT = 11,
    SCREEN_CMD_RESOLUTION_AT = 12,
    SCREEN_CMD_FORMAT_COUNT = 13,
    SCREEN_CMD_FORMAT_AT = 14,
    SCREEN_CMD_GET_ROTATION = 21,
    SCREEN_CMD_SET_ROTATION = 22,
    SCREEN_CMD_GET_RESOLUTION = 23,
    SCREEN_CMD_SET_RESOLUTION = 24,
    SCREEN_CMD_GET_FORMAT = 25,
    SCREEN_CMD_SET_FORMAT = 26,
    SCREEN_CMD_SET_FRAME = 100,
    SCREEN_CMD_WRITE = 200,
    SCREEN_CMD_FILL = 300,
};

struct screen_capsule {
    struct driver driver;
    const struct screen_hil *hil;
    struct op_queue queue;
};

void screen_capsule_init(struct screen_capsule *s, const struct screen_hil *hil);
/* The board: the operation the HIL started has ended with status (TOCK_OK or an error). */
void screen_capsule_done(struct screen_capsule *s, struct kernel *k, uint32_t status);
/* Bytes of one pixel in a format (Tock's pixels_in_bytes(1, bits)). */
uint32_t screen_format_bytes(enum screen_format f);

#endif
