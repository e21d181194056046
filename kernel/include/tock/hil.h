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

#endif
