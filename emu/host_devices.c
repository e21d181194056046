/* Simulated LEDs, buttons, GPIO and a random number source. */
#include "host_devices.h"

#include <string.h>
#include <sys/random.h>

static void led_set(void *ctx, uint32_t i, bool on)
{
    struct host_devices *d = ctx;
    if (d->leds[i] == on)
        return;
    d->leds[i] = on;
    d->led_changes++;
    if (d->out) {
        fprintf(d->out, "[leds] ");
        for (uint32_t n = 0; n < d->led.count; n++)
            fputs(d->leds[n] ? "*" : ".", d->out);
        fputc('\n', d->out);
        fflush(d->out);
    }
}

static bool led_get(void *ctx, uint32_t i) { return ((struct host_devices *)ctx)->leds[i]; }
static bool button_read(void *ctx, uint32_t i) { return ((struct host_devices *)ctx)->buttons[i]; }

static void gpio_configure(void *ctx, uint32_t pin, enum gpio_mode mode)
{
    struct host_devices *d = ctx;
    d->pin_mode[pin] = mode;
    if (mode == GPIO_INPUT_PULLUP)
        d->pins[pin] = true;
    else if (mode == GPIO_INPUT_PULLDOWN)
        d->pins[pin] = false;
}

static void gpio_write(void *ctx, uint32_t pin, bool high) { ((struct host_devices *)ctx)->pins[pin] = high; }
static bool gpio_read(void *ctx, uint32_t pin) { return ((struct host_devices *)ctx)->pins[pin]; }

static void gpio_set_irq(void *ctx, uint32_t pin, enum gpio_irq_edge edge)
{
    ((struct host_devices *)ctx)->pin_irq[pin] = edge;
}

/* xorshift64*: repeatable when seeded, which tests rely on. */
static void entropy_fill(void *ctx, uint8_t *buf, uint32_t len)
{
    struct host_devices *d = ctx;
    for (uint32_t i = 0; i < len; i++) {
        d->rng_state ^= d->rng_state >> 12;
        d->rng_state ^= d->rng_state << 25;
        d->rng_state ^= d->rng_state >> 27;
        buf[i] = (uint8_t)((d->rng_state * 0x2545F4914F6CDD1Dull) >> 56);
    }
}

static uint32_t clamp(uint32_t v, uint32_t max) { return v > max ? max : v; }

void host_devices_init(struct host_devices *d, uint32_t leds, uint32_t buttons, uint32_t pins,
                       uint64_t seed, FILE *show_leds)
{
    memset(d, 0, sizeof *d);
    d->out = show_leds;
    if (seed == 0 && getrandom(&seed, sizeof seed, 0) != sizeof seed)
        seed = 0x9E3779B97F4A7C15ull;
    d->rng_state = seed ? seed : 1;
    d->led = (struct led_hil){d, clamp(leds, HOST_MAX_LEDS), led_set, led_get};
    d->button = (struct button_hil){d, clamp(buttons, HOST_MAX_BUTTONS), button_read};
    d->gpio = (struct gpio_hil){d, clamp(pins, HOST_MAX_GPIO), gpio_configure, gpio_write,
                                gpio_read, gpio_set_irq};
    d->entropy = (struct entropy_hil){d, entropy_fill};
}
