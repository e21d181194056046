/* Touch capsule, driver 0x90002 (Tock capsules/extra/src/touch.rs), single touch.
 *
 *   subscribe 0  single touch (status, x << 16 | y, pressure << 16 | size): status 0
 *                released, 1 pressed, 2 moved
 *   subscribe 1  gestures, subscribe 2 multi touch (never delivered: one-touch panel)
 *   RW allow 2   multi-touch events (accepted, unused)
 *   command 0    exists
 *   command 1/2  enable / disable single touch for this process
 *   command 10   multi-touch acknowledge   command 11/12 multi touch on / off (accepted)
 *   command 100  -> u32 number of touches the panel tracks (1)
 * An event goes to every process that enabled single touch, unless it repeats the last
 * (status, x, y) that process got, as in Tock. The panel is enabled while some process
 * listens. Unlike Tock, coordinates are not turned with the screen's rotation. */
#ifndef TOCK_CAPSULES_TOUCH_H
#define TOCK_CAPSULES_TOUCH_H

#include <stdbool.h>
#include <stdint.h>

#include "tock/hil.h"
#include "tock/kernel.h"

#define DRIVER_TOUCH 0x90002u

enum { TOUCH_UPCALL_SINGLE = 0, TOUCH_UPCALL_GESTURE = 1, TOUCH_UPCALL_MULTI = 2,
       TOUCH_ALLOW_RW_EVENTS = 2 };

enum { TOUCH_RELEASED = 0, TOUCH_PRESSED = 1, TOUCH_MOVED = 2 };

enum {
    TOUCH_CMD_EXISTS = 0,
    TOUCH_CMD_ENABLE = 1,
    TOUCH_CMD_DISABLE = 2,
    TOUCH_CMD_MULTI_ACK = 10,
    TOUCH_CMD_MULTI_ENABLE = 11,
    TOUCH_CMD_MULTI_DISABLE = 12,
    TOUCH_CMD_COUNT = 100,
};

struct touch_capsule {
    struct driver driver;
    const struct touch_hil *hil;
};

void touch_capsule_init(struct touch_capsule *t, const struct touch_hil *hil);
/* The board: the panel saw a touch (status TOUCH_*) at (x, y). */
void touch_capsule_event(struct touch_capsule *t, struct kernel *k, uint32_t status,
                         uint32_t x, uint32_t y);

#endif
