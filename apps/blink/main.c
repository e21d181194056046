/* blink: walks through the LEDs, toggling one every 250 ms, then turns them
 * all off and exits (finite, so tests terminate). */
#include <stdint.h>
#include <stdio.h>
#include <tock/alarm.h>
#include <tock/led.h>

#define STEPS 8
#define STEP_MS 250

int main(void) {
    int leds = 0;
    if (led_count(&leds) != RETURNCODE_SUCCESS || leds == 0) {
        printf("blink: no LEDs\n");
        return 1;
    }
    printf("blink: %d LEDs\n", leds);

    uint32_t lit = 0; /* bit i = LED i is on */
    for (int step = 0; step < STEPS; step++) {
        int led = step % leds;
        led_toggle(led);
        lit ^= 1u << (led % 32);
        printf("blink: step %d LED %d %s\n", step, led, (lit >> (led % 32)) & 1 ? "on" : "off");
        delay_ms(STEP_MS);
    }

    for (int led = 0; led < leds; led++) {
        led_off(led);
    }
    printf("blink: done\n");
    return 0;
}
