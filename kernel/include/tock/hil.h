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

/* A real-time clock: calendar date and time of day. read() and set() start a request and
 * return TOCK_OK or an error; the board answers with date_time_capsule_done(). */
struct date_time {
    uint16_t year;
    uint8_t month;          /* 1..12 */
    uint8_t day;            /* 1..31 */
    uint8_t day_of_week;    /* 0 Sunday .. 6 Saturday */
    uint8_t hour, minute, seconds;
};

struct date_time_hil {
    void *ctx;
    uint32_t (*read)(void *ctx);
    uint32_t (*set)(void *ctx, const struct date_time *dt);
};

/* ---- crypto engines: SHA-2 digests and HMAC, AES-128, CRC ----------------------------
 * A capsule runs one operation at a time on an engine. A start function either returns
 * an error (nothing started: TOCK_BUSY while an operation is in flight, TOCK_INVAL for a
 * bad length, TOCK_NOSUPPORT for an algorithm the engine lacks) or TOCK_OK; then the
 * engine works for a while, in board time, and calls done(client, status) once, as a real
 * engine's interrupt would. The engine reads its inputs (data, key, IV) during the start
 * call; outputs are written to the capsule's buffers by the time done is called. */
typedef void crypto_done_fn(void *client, uint32_t status);

enum digest_alg { DIGEST_SHA256 = 0, DIGEST_SHA384 = 1, DIGEST_SHA512 = 2 };
#define DIGEST_MAX_LEN 64u

static inline uint32_t digest_len(enum digest_alg alg)
{
    return alg == DIGEST_SHA256 ? 32u : alg == DIGEST_SHA384 ? 48u : 64u;
}

/* A digest engine: plain hashes (key NULL) or HMAC (key, key_len: any length, even 0). */
struct digest_hil {
    void *ctx;
    uint32_t (*begin)(void *ctx, enum digest_alg alg, const uint8_t *key, uint32_t key_len);
    uint32_t (*add)(void *ctx, const uint8_t *data, uint32_t len, crypto_done_fn *done,
                    void *client);
    /* digest_len(alg) bytes into out; the engine is then ready for a new begin */
    uint32_t (*finish)(void *ctx, uint8_t *out, crypto_done_fn *done, void *client);
};

/* Tock's numbering of the AES-128 modes. */
enum aes_mode { AES_CTR = 0, AES_CBC = 1, AES_ECB = 2, AES_CCM = 3 };
#define AES_BLOCK_LEN 16u
#define AES_CCM_NONCE_LEN 13u

/* One CCM operation in place on buf: authenticated data [a_off, m_off), message
 * [m_off, m_off + m_len), then the mic_len-byte tag (written when encrypting, checked when
 * decrypting: *tag_valid). */
struct aes_ccm_job {
    const uint8_t *key;            /* AES_BLOCK_LEN bytes */
    const uint8_t *nonce;          /* AES_CCM_NONCE_LEN bytes */
    uint8_t *buf;
    uint32_t a_off, m_off, m_len, mic_len;
    bool encrypt;
    bool *tag_valid;
};

struct aes_hil {
    void *ctx;
    /* key: AES_BLOCK_LEN bytes; iv: AES_BLOCK_LEN bytes for CTR and CBC, NULL for ECB */
    uint32_t (*begin)(void *ctx, enum aes_mode mode, bool encrypt, const uint8_t *key,
                      const uint8_t *iv);
    /* len bytes of buf in place, continuing the stream begun (CBC, ECB: whole blocks) */
    uint32_t (*crypt)(void *ctx, uint8_t *buf, uint32_t len, crypto_done_fn *done,
                      void *client);
    uint32_t (*ccm)(void *ctx, const struct aes_ccm_job *job, crypto_done_fn *done,
                    void *client);
};

/* Tock's CRC algorithms (capsules/extra/src/crc.rs), input bytes taken LSB first:
 * CRC-32 (0x04C11DB7, output reversed and inverted), CRC-32C (0x1EDC6F41, the same) and
 * CRC-16-CCITT (0x1021, initial 0xFFFF, no post-processing). */
enum crc_alg { CRC_32 = 0, CRC_32C = 1, CRC_16CCITT = 2 };

struct crc_hil {
    void *ctx;
    uint32_t (*compute)(void *ctx, enum crc_alg alg, const uint8_t *data, uint32_t len,
                        uint32_t *result, crypto_done_fn *done, void *client);
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
