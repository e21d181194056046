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

/* ---- display, touch and sound (screen, text screen, touch, buzzer, servo) ---------------- */

/* Tock's ScreenPixelFormat and ScreenRotation numbers. */
enum screen_format { SCREEN_MONO = 0, SCREEN_RGB_233, SCREEN_RGB_565, SCREEN_RGB_888,
                     SCREEN_ARGB_8888, SCREEN_FORMAT_COUNT };
enum screen_rotation { SCREEN_ROTATION_NORMAL = 0, SCREEN_ROTATION_90, SCREEN_ROTATION_180,
                       SCREEN_ROTATION_270 };

/* A framebuffer screen with the setup API (Tock's hil::screen Screen + ScreenSetup). Every
 * set_* and write returns TOCK_OK when the operation started, or an error; a started one
 * ends later with screen_capsule_done(), called by the board. Resolutions are the logical
 * ones (as rotated). */
struct screen_hil {
    void *ctx;
    uint32_t resolution_count;                       /* supported resolutions */
    void (*supported_resolution)(void *ctx, uint32_t index, uint32_t *width, uint32_t *height);
    uint32_t format_count;                           /* supported pixel formats */
    enum screen_format (*supported_format)(void *ctx, uint32_t index);
    void (*resolution)(void *ctx, uint32_t *width, uint32_t *height);
    enum screen_format (*format)(void *ctx);
    enum screen_rotation (*rotation)(void *ctx);
    uint32_t (*set_resolution)(void *ctx, uint32_t width, uint32_t height);
    uint32_t (*set_format)(void *ctx, enum screen_format format);
    uint32_t (*set_rotation)(void *ctx, enum screen_rotation rotation);
    uint32_t (*set_brightness)(void *ctx, uint32_t brightness);
    uint32_t (*set_power)(void *ctx, bool on);
    uint32_t (*set_invert)(void *ctx, bool on);
    uint32_t (*set_write_frame)(void *ctx, uint32_t x, uint32_t y, uint32_t width,
                                uint32_t height);
    /* Pixels in the current format, from the start of the write frame. */
    uint32_t (*write)(void *ctx, const uint8_t *data, uint32_t len);
    /* Every pixel of the write frame set to the one pixel in data. */
    uint32_t (*fill)(void *ctx, const uint8_t *pixel, uint32_t len);
};

enum text_screen_op { TEXT_SCREEN_ON, TEXT_SCREEN_OFF, TEXT_SCREEN_BLINK_ON,
                      TEXT_SCREEN_BLINK_OFF, TEXT_SCREEN_CURSOR_ON, TEXT_SCREEN_CURSOR_OFF,
                      TEXT_SCREEN_CLEAR, TEXT_SCREEN_HOME };

/* A character display (Tock's hil::text_screen). Operations return TOCK_OK when started
 * and end with text_screen_capsule_done(). */
struct text_screen_hil {
    void *ctx;
    uint32_t columns, rows;
    uint32_t (*control)(void *ctx, enum text_screen_op op);
    uint32_t (*set_cursor)(void *ctx, uint32_t column, uint32_t row);
    uint32_t (*print)(void *ctx, const uint8_t *text, uint32_t len);
};

/* A single-touch panel: the board calls touch_capsule_event(). enable() tells the panel
 * whether any app listens. */
struct touch_hil {
    void *ctx;
    void (*enable)(void *ctx, bool on);
};

/* A buzzer (Tock's hil::buzzer): buzz() returns TOCK_OK when the tone started; it ends
 * (by itself after duration_ms, or at once after stop()) with buzzer_capsule_done(). */
struct buzzer_hil {
    void *ctx;
    uint32_t (*buzz)(void *ctx, uint32_t frequency_hz, uint32_t duration_ms);
    uint32_t (*stop)(void *ctx);
};

/* Servo motors (Tock's hil::servo): set_angle returns TOCK_OK or TOCK_FAIL (beyond the
 * motor's range); angle() false when the motor cannot report it. */
struct servo_hil {
    void *ctx;
    uint32_t count;
    uint32_t (*set_angle)(void *ctx, uint32_t index, uint32_t degrees);
    bool (*angle)(void *ctx, uint32_t index, uint32_t *degrees);
};

#endif
