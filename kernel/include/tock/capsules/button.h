/* Button capsule, driver 0x3 (Tock capsules/core/src/button.rs).
 *
 *   subscribe 0  (button index, pressed 1/0, 0) to every process that enabled the button
 *   command 0    -> u32 number of buttons
 *   command 1    enable interrupts for button i (this process)
 *   command 2    disable interrupts for button i (this process)
 *   command 3    read button i -> u32 1 pressed / 0 released
 * An index >= count is INVAL. Like Tock each process keeps a 32-bit map, so at most 32
 * buttons are exposed. Exit, fault and restart forget the process's map. */
#ifndef TOCK_CAPSULES_BUTTON_H
#define TOCK_CAPSULES_BUTTON_H

#include <stdbool.h>
#include <stdint.h>

#include "tock/hil.h"
#include "tock/kernel.h"

#define BUTTON_MAX 32u

enum { BUTTON_UPCALL_EVENT = 0 };

enum {
    BUTTON_CMD_COUNT = 0,
    BUTTON_CMD_ENABLE = 1,
    BUTTON_CMD_DISABLE = 2,
    BUTTON_CMD_READ = 3,
};

struct button_capsule {
    struct driver driver;
    const struct button_hil *hil;
};

void button_capsule_init(struct button_capsule *b, const struct button_hil *hil);
/* The board reports that button `index` is now pressed or released. */
void button_capsule_event(struct button_capsule *b, struct kernel *k, uint32_t index,
                          bool pressed);

#endif
