/* Low-level debug driver 0x8: cmd 1 alert, 2 print one, 3 print two. */
#include <tock/lldebug.h>

returncode_t lldebug_alert(uint32_t code) {
    return tock_status(command(DRIVER_NUM_LOW_LEVEL_DEBUG, 1, code, 0));
}

returncode_t lldebug_print(uint32_t a) {
    return tock_status(command(DRIVER_NUM_LOW_LEVEL_DEBUG, 2, a, 0));
}

returncode_t lldebug_print2(uint32_t a, uint32_t b) {
    return tock_status(command(DRIVER_NUM_LOW_LEVEL_DEBUG, 3, a, b));
}
