/* Text screen capsule, driver 0x90003 (Tock capsules/extra/src/text_screen.rs).
 *
 *   RO allow 0   the text to write
 *   subscribe 0  an operation ended (status, 0, 0); after command 1 (OK, columns, rows);
 *                after command 8 (status, bytes written, 0)
 *   command 0    exists
 *   command 1    get size               command 2/3   display on / off
 *   command 4/5  cursor blink on / off  command 6/7   cursor shown / hidden
 *   command 8    write min(arg0, allowed length) bytes at the cursor: NOMEM when that is 0
 *   command 9    clear (and home)       command 10    cursor home (Tock's capsule clears
 *                                                     here: a bug this one does not copy)
 *   command 11   cursor to column arg0, row arg1 (the device answers INVAL outside)
 * Every command but 0 runs one at a time for the whole board (struct op_queue), BUSY while
 * the same process has one waiting or running. */
#ifndef TOCK_CAPSULES_TEXT_SCREEN_H
#define TOCK_CAPSULES_TEXT_SCREEN_H

#include "tock/capsules/op_queue.h"
#include "tock/hil.h"
#include "tock/kernel.h"

#define DRIVER_TEXT_SCREEN 0x90003u

enum { TEXT_SCREEN_UPCALL_DONE = 0, TEXT_SCREEN_ALLOW_RO_TEXT = 0 };

enum {
    TEXT_SCREEN_CMD_EXISTS = 0,
    TEXT_SCREEN_CMD_GET_SIZE = 1,
    TEXT_SCREEN_CMD_ON = 2,
    TEXT_SCREEN_CMD_OFF = 3,
    TEXT_SCREEN_CMD_BLINK_ON = 4,
    TEXT_SCREEN_CMD_BLINK_OFF = 5,
    TEXT_SCREEN_CMD_SHOW_CURSOR = 6,
    TEXT_SCREEN_CMD_HIDE_CURSOR = 7,
    TEXT_SCREEN_CMD_WRITE = 8,
    TEXT_SCREEN_CMD_CLEAR = 9,
    TEXT_SCREEN_CMD_HOME = 10,
    TEXT_SCREEN_CMD_SET_CURSOR = 11,
};

struct text_screen_capsule {
    struct driver driver;
    const struct text_screen_hil *hil;
    struct op_queue queue;
    uint32_t written;               /* bytes the running write handed to the device */
};

void text_screen_capsule_init(struct text_screen_capsule *t, const struct text_screen_hil *hil);
/* The board: the operation the HIL started has ended with status. */
void text_screen_capsule_done(struct text_screen_capsule *t, struct kernel *k, uint32_t status);

#endif
