/* GPIO capsule, driver 0x4 (Tock capsules/core/src/gpio.rs). Pin numbers are 0..count-1;
 * any other pin is INVAL (the board has no holes, so Tock's NODEVICE never happens).
 *
 *   subscribe 0  interrupt (pin, value 0/1, 0) to every process that uses this driver
 *   command 0   exists                 command 1  enable output(pin)
 *   command 2   set(pin)               command 3  clear(pin)
 *   command 4   toggle(pin)            command 5  enable input(pin, arg1 pull: 0 none,
 *                                                 1 up, 2 down, other NOSUPPORT)
 *   command 6   read(pin) -> u32       command 7  configure interrupt(pin, arg1 edge:
 *                                                 0 either, 1 rising, 2 falling, other
 *                                                 NOSUPPORT)
 *   command 8   disable interrupt(pin); like Tock this also disables the pin
 *   command 9   disable pin            command 10 -> u32 number of pins
 * Pins are shared by all processes, as in Tock. */
#ifndef TOCK_CAPSULES_GPIO_H
#define TOCK_CAPSULES_GPIO_H

#include <stdbool.h>
#include <stdint.h>

#include "tock/hil.h"
#include "tock/kernel.h"

enum { GPIO_UPCALL_INTERRUPT = 0 };

enum {
    GPIO_CMD_EXISTS = 0,
    GPIO_CMD_OUTPUT = 1,
    GPIO_CMD_SET = 2,
    GPIO_CMD_CLEAR = 3,
    GPIO_CMD_TOGGLE = 4,
    GPIO_CMD_INPUT = 5,
    GPIO_CMD_READ = 6,
    GPIO_CMD_IRQ_ENABLE = 7,
    GPIO_CMD_IRQ_DISABLE = 8,
    GPIO_CMD_DISABLE = 9,
    GPIO_CMD_COUNT = 10,
};

struct gpio_capsule {
    struct driver driver;
    const struct gpio_hil *hil;
};

void gpio_capsule_init(struct gpio_capsule *g, const struct gpio_hil *hil);
/* The board reports an interrupt on an enabled pin with the pin's new value. */
void gpio_capsule_interrupt(struct gpio_capsule *g, struct kernel *k, uint32_t pin,
                            bool value);

#endif
