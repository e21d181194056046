/* Upcall queue exhaustion (tests/integration/fault_matrix.py): subscribe to button 0, then
 * stay busy for 300 ms without yielding while the board presses the button six times
 * (twelve upcalls). The queue holds 10 (Tock's CALLBACK_LEN): the rest are dropped and
 * counted by the kernel, and the 10 queued ones are delivered once the app yields. */
#include <stdio.h>
#include <tock.h>
#include <tock/alarm.h>
#include <tock/button.h>

static volatile int delivered;

static void on_button(int index, int pressed, int unused, void *ud) {
    (void)index; (void)pressed; (void)unused; (void)ud;
    delivered++;
}

int main(void) {
    button_subscribe(on_button, NULL);
    button_enable_interrupt(0);
    uint32_t start;
    alarm_now(&start);
    while (alarm_ticks_to_ms(alarm_ticks_since(start)) < 300) {
    }
    while (yield_no_wait()) {
    }
    printf("fm_flood: %d button upcalls delivered after 300 ms without yielding\n", delivered);
    return 0;
}
