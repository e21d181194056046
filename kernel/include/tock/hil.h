/* Hardware interface layers: what a board gives each core capsule. A board (the host HAL
 * in emu/, or a Cortex-M board) fills these in; capsules never see anything else. */
#ifndef TOCK_HIL_H
#define TOCK_HIL_H

#include <stdbool.h>
#include <stdint.h>

struct process;

/* Console output. write() is synchronous on the host: it returns once the bytes are
 * accepted. Input goes the other way: the board calls console_capsule_receive(). */
struct console_hil {
    void *ctx;
    void (*write)(void *ctx, struct process *p, const uint8_t *buf, uint32_t len);
};

/* A free-running 64-bit tick counter and one hardware alarm. The board calls
 * alarm_capsule_fire() once now() >= the last armed deadline. */
struct alarm_hil {
    void *ctx;
    uint32_t frequency_hz;
    uint64_t (*now)(void *ctx);
    void (*arm)(void *ctx, uint64_t deadline);
    void (*disarm)(void *ctx);
};

struct led_hil {
    void *ctx;
    uint32_t count;
    void (*set)(void *ctx, uint32_t index, bool on);
    bool (*get)(void *ctx, uint32_t index);
};

/* The board calls button_capsule_event() when a button changes. */
struct button_hil {
    void *ctx;
    uint32_t count;
    bool (*read)(void *ctx, uint32_t index);   /* true = pressed */
};

enum gpio_mode { GPIO_DISABLED = 0, GPIO_OUTPUT, GPIO_INPUT_FLOATING, GPIO_INPUT_PULLUP,
                 GPIO_INPUT_PULLDOWN };
enum gpio_irq_edge { GPIO_IRQ_NONE = 0, GPIO_IRQ_EITHER, GPIO_IRQ_RISING, GPIO_IRQ_FALLING };

/* The board calls gpio_capsule_interrupt() when an enabled pin sees its edge. */
struct gpio_hil {
    void *ctx;
    uint32_t count;
    void (*configure)(void *ctx, uint32_t pin, enum gpio_mode mode);
    void (*write)(void *ctx, uint32_t pin, bool high);
    bool (*read)(void *ctx, uint32_t pin);
    void (*set_irq)(void *ctx, uint32_t pin, enum gpio_irq_edge edge);
};

struct entropy_hil {
    void *ctx;
    void (*fill)(void *ctx, uint8_t *buf, uint32_t len);
};

/* A sensor, a nine-axis motion sensor or an ADC. read() starts one reading of `channel`
 * and returns TOCK_OK or an error code (TOCK_BUSY while a reading is under way, TOCK_INVAL
 * for a channel the device lacks); the board later calls done(client, TOCK_OK, value) once
 * board time has moved on by the device's own latency, or by period_ns when the capsule
 * paces samples itself (ADC sampling at a frequency; 0 = the device's latency).
 * value[0] is the reading in the unit of the driver's ABI; x, y, z for motion sensors. */
typedef void sensor_done_fn(void *client, uint32_t status, const int32_t value[3]);

struct sensor_hil {
    void *ctx;
    uint32_t channels;          /* ADC channels; motion: 3 (accelerometer, magnetometer,
                                 * gyroscope); every other sensor: 1 */
    uint32_t resolution_bits;   /* ADC only: samples are left-aligned to 16 bits */
    uint32_t reference_mv;      /* ADC only; 0 = no reference voltage */
    uint32_t (*read)(void *ctx, uint32_t channel, uint32_t period_ns, sensor_done_fn *done,
                     void *client);
    void (*cancel)(void *ctx);  /* forget the reading under way: done() will not come */
};

#endif
