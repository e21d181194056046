/* The board's simulated devices: LEDs, buttons, GPIO pins and entropy, with the HIL
 * interfaces the core capsules use. */
#ifndef EMU_HOST_DEVICES_H
#define EMU_HOST_DEVICES_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tock/hil.h"

#define HOST_MAX_LEDS 16
#define HOST_MAX_BUTTONS 16
#define HOST_MAX_GPIO 32

struct host_devices {
    FILE *out;                   /* where LED changes are shown; NULL = silent */
    bool leds[HOST_MAX_LEDS];
    bool buttons[HOST_MAX_BUTTONS];
    bool pins[HOST_MAX_GPIO];
    enum gpio_mode pin_mode[HOST_MAX_GPIO];
    enum gpio_irq_edge pin_irq[HOST_MAX_GPIO];
    uint64_t led_changes;
    uint64_t rng_state;

    struct led_hil led;
    struct button_hil button;
    struct gpio_hil gpio;
    struct entropy_hil entropy;
};

/* seed 0 = entropy from the host; any other seed gives a repeatable sequence. */
void host_devices_init(struct host_devices *d, uint32_t leds, uint32_t buttons, uint32_t pins,
                       uint64_t seed, FILE *show_leds);

#endif
