/* Button driver 0x3. */
#ifndef TOCK_BUTTON_H
#define TOCK_BUTTON_H

#include <tock.h>

#define DRIVER_NUM_BUTTON 0x3

returncode_t button_count(int *count);
returncode_t button_read(int index, bool *pressed);
returncode_t button_enable_interrupt(int index);
returncode_t button_disable_interrupt(int index);
/* cb(button_index, pressed, 0, userdata) on every change of an enabled
 * button; pass NULL to unsubscribe. */
returncode_t button_subscribe(subscribe_upcall *cb, void *userdata);

#endif
