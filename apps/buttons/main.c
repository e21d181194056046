/* buttons: reports button presses and releases, toggling LED i when button i
 * is pressed.  Exits after MAX_EVENTS events or TIMEOUT_MS without them. */
#include <stdbool.h>
#include <stdio.h>
#include <tock/alarm.h>
#include <tock/button.h>
#include <tock/led.h>

#define MAX_EVENTS 6
#define TIMEOUT_MS 10000

/* Set by the upcalls; yield() runs one upcall at a time, so main sees every
 * event before the next one can arrive. */
static volatile bool event_pending;
static volatile int event_button;
static volatile bool event_pressed;
static volatile bool timed_out;

static void button_upcall(int index, int pressed, int unused, void *ud) {
    (void)unused; (void)ud;
    event_button = index;
    event_pressed = pressed != 0;
    event_pending = true;
}

static void timeout_upcall(int now, int expiration, int unused, void *ud) {
    (void)now; (void)expiration; (void)unused; (void)ud;
    timed_out = true;
}

int main(void) {
    int buttons = 0, leds = 0;
    if (button_count(&buttons) != RETURNCODE_SUCCESS || buttons == 0) {
        printf("buttons: no buttons\n");
        return 1;
    }
    led_count(&leds);

    button_subscribe(button_upcall, NULL);
    for (int i = 0; i < buttons; i++) {
        button_enable_interrupt(i);
    }
    alarm_set_relative((uint32_t)alarm_ms_to_ticks(TIMEOUT_MS), timeout_upcall, NULL, NULL);
    printf("buttons: %d buttons, waiting for %d events (timeout %d ms)\n",
           buttons, MAX_EVENTS, TIMEOUT_MS);

    int events = 0;
    while (events < MAX_EVENTS && !timed_out) {
        yield();
        if (!event_pending) {
            continue;
        }
        event_pending = false;
        events++;
        printf("button %d %s\n", event_button, event_pressed ? "pressed" : "released");
        if (event_pressed && leds > 0) {
            led_toggle(event_button % leds);
        }
    }

    if (!timed_out) {
        alarm_cancel();
    }
    for (int i = 0; i < buttons; i++) {
        button_disable_interrupt(i);
    }
    printf("buttons: done after %d events%s\n", events, timed_out ? " (timeout)" : "");
    return 0;
}
