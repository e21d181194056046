/* LED driver 0x2. */
#ifndef TOCK_LED_H
#define TOCK_LED_H

#include <tock.h>

#define DRIVER_NUM_LED 0x2

returncode_t led_count(int *count);
returncode_t led_on(int index);
returncode_t led_off(int index);
returncode_t led_toggle(int index);
returncode_t led_read(int index, bool *on);

#endif
