/* GPIO driver 0x4. */
#ifndef TOCK_GPIO_H
#define TOCK_GPIO_H

#include <tock.h>

#define DRIVER_NUM_GPIO 0x4

typedef enum { GPIO_PULL_NONE = 0, GPIO_PULL_UP = 1, GPIO_PULL_DOWN = 2 } gpio_pull_t;
typedef enum { GPIO_IRQ_CHANGE = 0, GPIO_IRQ_RISING = 1, GPIO_IRQ_FALLING = 2 } gpio_irq_t;

returncode_t gpio_count(int *count);
returncode_t gpio_enable_output(int pin);
returncode_t gpio_set(int pin);
returncode_t gpio_clear(int pin);
returncode_t gpio_toggle(int pin);
returncode_t gpio_enable_input(int pin, gpio_pull_t pull);
returncode_t gpio_read(int pin, int *value);
returncode_t gpio_enable_interrupt(int pin, gpio_irq_t mode);
returncode_t gpio_disable_interrupt(int pin);
returncode_t gpio_disable(int pin);
/* cb(pin, value, 0, userdata) on an enabled pin interrupt. */
returncode_t gpio_subscribe(subscribe_upcall *cb, void *userdata);

#endif
