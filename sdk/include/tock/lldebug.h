/* Low-level debug driver 0x8: kernel-printed numbers and alerts, usable
 * even when the console is not.  Fire and forget (no completion upcall). */
#ifndef TOCK_LLDEBUG_H
#define TOCK_LLDEBUG_H

#include <tock.h>

#define DRIVER_NUM_LOW_LEVEL_DEBUG 0x8

#define LLDEBUG_ALERT_PANIC 0x01     /* app panic */
#define LLDEBUG_ALERT_WRONG_LOC 0x02 /* statically linked app at the wrong address */

returncode_t lldebug_alert(uint32_t code);
returncode_t lldebug_print(uint32_t a);
returncode_t lldebug_print2(uint32_t a, uint32_t b);

#endif
