/* drivers: one pass over the SDK's driver API (alarm, RNG, GPIO, LEDs,
 * buttons, low-level debug, memop, error codes) with output that does not
 * depend on timing or random values. */
#include <stdio.h>
#include <tock.h>
#include <tock/alarm.h>
#include <tock/button.h>
#include <tock/gpio.h>
#include <tock/led.h>
#include <tock/lldebug.h>
#include <tock/rng.h>

static const char *rc_name(returncode_t rc) {
    return tock_strrcode(rc);
}

static void alarm_part(void) {
    uint32_t hz = 0, start = 0, expiration = 0;
    returncode_t rc = alarm_frequency(&hz);
    printf("alarm: frequency %s%s\n", rc_name(rc), hz > 0 ? ", nonzero" : ", ZERO");
    alarm_now(&start);
    delay_ms(20);
    uint32_t elapsed = alarm_ticks_to_ms(alarm_ticks_since(start));
    printf("alarm: delay_ms(20) took %s\n", elapsed >= 20 ? ">= 20 ms" : "too little");
    rc = alarm_set_relative((uint32_t)alarm_ms_to_ticks(1000), tock_ignore_upcall, NULL, &expiration);
    printf("alarm: set %s, expires %s\n", rc_name(rc), expiration != start ? "later" : "now?");
    printf("alarm: cancel %s, again %s\n", rc_name(alarm_cancel()), rc_name(alarm_cancel()));
}

static volatile int fired;

static void count_upcall(int now, int expiration, int unused, void *ud) {
    (void)now; (void)expiration; (void)unused; (void)ud;
    fired++;
}

/* yield_no_wait returns at once: false with nothing pending, true once the
 * alarm's upcall has run (polled while the alarm is armed). */
static void yield_part(void) {
    bool idle = yield_no_wait();
    alarm_set_relative((uint32_t)alarm_ms_to_ticks(5), count_upcall, NULL, NULL);
    int polls = 0;
    while (!yield_no_wait()) {
        polls++;
    }
    printf("yield: no-wait idle %s, then ran the upcall (fired %d) after %s\n",
           idle ? "RAN?" : "ok", fired, polls > 0 ? "polling" : "no polling");
}

static void rng_part(void) {
    uint8_t bytes[16];
    uint32_t got = 0;
    returncode_t rc = rng_get_sync(bytes, sizeof bytes, &got);
    printf("rng: %s, %lu/%u bytes\n", rc_name(rc), (unsigned long)got, (unsigned)sizeof bytes);
}

static void gpio_part(void) {
    int pins = 0, v1 = -1, v0 = -1;
    gpio_count(&pins);
    printf("gpio: %d pins\n", pins);
    if (pins == 0) return;
    gpio_enable_output(0);
    gpio_set(0);
    gpio_read(0, &v1);
    gpio_clear(0);
    gpio_read(0, &v0);
    printf("gpio: pin 0 set reads %d, clear reads %d\n", v1, v0);
    printf("gpio: input with pull-up %s, irq %s, disable %s\n",
           rc_name(gpio_enable_input(1, GPIO_PULL_UP)),
           rc_name(gpio_enable_interrupt(1, GPIO_IRQ_CHANGE)),
           rc_name(gpio_disable(1)));
    printf("gpio: bad pin %s\n", rc_name(gpio_set(pins)));
}

static void led_button_part(void) {
    int leds = 0, buttons = 0;
    bool on = false, pressed = true;
    led_count(&leds);
    button_count(&buttons);
    led_on(0);
    led_read(0, &on);
    led_off(0);
    button_read(0, &pressed);
    printf("leds: %d, led 0 on reads %d; buttons: %d, button 0 %s\n", leds, on, buttons,
           pressed ? "pressed" : "released");
    printf("leds: bad index %s\n", rc_name(led_on(leds)));
}

static void misc_part(void) {
    printf("lldebug: print %s\n", rc_name(lldebug_print2(0x1234, 0x5678)));
    printf("memop: flash %s, ram %s\n",
           tock_flash_end() > tock_flash_start() ? "ok" : "BAD",
           tock_memory_end() > tock_memory_start() ? "ok" : "BAD");
    printf("driver 0x12345 exists: %s, command -> %s\n", driver_exists(0x12345) ? "yes" : "no",
           rc_name(tock_status(command(0x12345, 1, 0, 0))));
}

int main(void) {
    alarm_part();
    yield_part();
    rng_part();
    gpio_part();
    led_button_part();
    misc_part();
    printf("drivers: done\n");
    return 0;
}
