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

/* ---- storage ---------------------------------------------------------------------------- */

/* Who gets told when a storage operation ends: done(ctx, status, length) with status
 * TOCK_OK or an error code and the bytes moved. */
struct storage_client {
    void *ctx;
    void (*done)(void *ctx, uint32_t status, uint32_t length);
};

/* Nonvolatile storage (Tock's hil::nonvolatile_storage): `size` bytes at addresses
 * 0..size-1, erased bytes read 0xFF. read/write start an operation and return TOCK_OK, in
 * which case client->done is called exactly once, possibly before they return; or an
 * error, and then done is never called. The buffer must stay valid until done. */
struct storage_hil {
    void *ctx;
    uint32_t size;
    uint32_t (*read)(void *ctx, uint32_t addr, uint8_t *buf, uint32_t len,
                     const struct storage_client *client);
    uint32_t (*write)(void *ctx, uint32_t addr, const uint8_t *buf, uint32_t len,
                      const struct storage_client *client);
};

/* A key-value store (Tock's hil::kv::KV): keys and values are byte strings. Each call
 * starts an operation as in struct storage_hil. Errors through done: TOCK_NOSUPPORT when
 * get/update/delete find no such key or add finds it already there, TOCK_NOMEM when the
 * store is full (garbage_collect makes room taken by deleted and replaced values),
 * TOCK_SIZE when get's buffer is too short (the first `cap` bytes are copied). done's
 * length is the whole value's length for get, 0 otherwise. */
enum kv_op { KV_OP_SET, KV_OP_ADD, KV_OP_UPDATE };

struct kv_hil {
    void *ctx;
    uint32_t (*get)(void *ctx, const uint8_t *key, uint32_t key_len, uint8_t *buf, uint32_t cap,
                    const struct storage_client *client);
    uint32_t (*put)(void *ctx, enum kv_op op, const uint8_t *key, uint32_t key_len,
                    const uint8_t *value, uint32_t value_len, const struct storage_client *client);
    uint32_t (*remove)(void *ctx, const uint8_t *key, uint32_t key_len,
                       const struct storage_client *client);
    uint32_t (*garbage_collect)(void *ctx, const struct storage_client *client);
};

/* Writing a process's own flash (Tock's app flash: the TBF's writeable flash regions).
 * addr is a guest address the capsule has checked lies in one of p's regions. */
struct app_flash_hil {
    void *ctx;
    uint32_t (*write)(void *ctx, struct process *p, uint32_t addr, const uint8_t *buf,
                      uint32_t len, const struct storage_client *client);
};

#endif
