/* GPIO driver 0x4: cmd 1 output, 2 set, 3 clear, 4 toggle, 5 input(pull),
 * 6 read, 7 irq(mode), 8 disable irq, 9 disable pin, 10 count;
 * subscribe 0 (pin, value, 0). */
#include <tock/gpio.h>

static returncode_t pin_command(uint32_t cmd, int pin, uint32_t arg) {
    return tock_status(command(DRIVER_NUM_GPIO, cmd, (uint32_t)pin, arg));
}

returncode_t gpio_count(int *count) {
    uint32_t n = 0;
    returncode_t rc = tock_return_u32(command(DRIVER_NUM_GPIO, 10, 0, 0), &n);
    if (count) *count = rc ? 0 : (int)n;
    return rc;
}

returncode_t gpio_enable_output(int pin) { return pin_command(1, pin, 0); }
returncode_t gpio_set(int pin) { return pin_command(2, pin, 0); }
returncode_t gpio_clear(int pin) { return pin_command(3, pin, 0); }
returncode_t gpio_toggle(int pin) { return pin_command(4, pin, 0); }
returncode_t gpio_enable_input(int pin, gpio_pull_t pull) { return pin_command(5, pin, pull); }
returncode_t gpio_enable_interrupt(int pin, gpio_irq_t mode) { return pin_command(7, pin, mode); }
returncode_t gpio_disable_interrupt(int pin) { return pin_command(8, pin, 0); }
returncode_t gpio_disable(int pin) { return pin_command(9, pin, 0); }

returncode_t gpio_read(int pin, int *value) {
    uint32_t v = 0;
    returncode_t rc = tock_return_u32(command(DRIVER_NUM_GPIO, 6, (uint32_t)pin, 0), &v);
    if (value) *value = (int)v;
    return rc;
}

returncode_t gpio_subscribe(subscribe_upcall *cb, void *userdata) {
    return tock_status(subscribe(DRIVER_NUM_GPIO, 0, cb, userdata));
}
