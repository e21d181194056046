/* LED capsule, driver 0x2 (Tock capsules/core/src/led.rs). Command-only, no grant.
 *
 *   command 0  -> u32 number of LEDs (Tock returns the count, not plain Success)
 *   command 1  on(i)    command 2  off(i)    command 3  toggle(i)
 *   command 4  read(i) -> u32 0/1 (listed in the project's ABI spec; upstream led.rs has
 *              no command 4 and answers NOSUPPORT)
 * An index >= count is INVAL. Init turns every LED off, as Tock's LedDriver::new does. */
#ifndef TOCK_CAPSULES_LED_H
#define TOCK_CAPSULES_LED_H

#include "tock/hil.h"
#include "tock/kernel.h"

enum {
    LED_CMD_COUNT = 0,
    LED_CMD_ON = 1,
    LED_CMD_OFF = 2,
    LED_CMD_TOGGLE = 3,
    LED_CMD_READ = 4,
};

struct led_capsule {
    struct driver driver;
    const struct led_hil *hil;
};

void led_capsule_init(struct led_capsule *l, const struct led_hil *hil);

#endif
