/* The board's crypto engines (SHA-2, HMAC, AES-128, CRC) as HILs (tock/hil.h), computed
 * with OpenSSL's libcrypto (CRC in software: boards/common/soft_crc.h). Each engine runs
 * one operation at a time and completes it after a latency in board time, as hardware
 * would: each engine's completion is a device event (device_events.h) the board fires. */
#ifndef EMU_HOST_CRYPTO_H
#define EMU_HOST_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "device_events.h"
#include "tock/hil.h"

/* Board time an operation over len bytes takes: fixed set-up plus a per-byte cost. */
#define HOST_CRYPTO_SETUP_NS 10000ull
#define HOST_CRYPTO_NS_PER_BYTE 16ull

struct host_crypto;

/* One engine: its operation in flight and when it completes. */
struct host_engine {
    struct host_crypto *crypto;
    struct device_event event;   /* armed while an operation is in flight */
    uint32_t status;
    crypto_done_fn *done;
    void *client;
};

struct host_crypto {
    uint64_t (*now_ns)(void *ctx);      /* board time */
    void *clock_ctx;
    struct host_engine sha_engine, hmac_engine, aes_engine, crc_engine;
    /* OpenSSL state (opaque here) */
    struct evp_md_ctx_st *md;
    struct evp_mac_st *mac;
    struct evp_mac_ctx_st *mac_ctx;
    struct evp_cipher_ctx_st *cipher;
    uint32_t hmac_len;                  /* digest length of the HMAC in progress */
    uint32_t sha_len;

    struct digest_hil sha, hmac;
    struct aes_hil aes;
    struct crc_hil crc;
};

/* Returns 0, or -1 with a message in err when OpenSSL cannot give what the engines need
 * or events has no room for the engines' completions. */
int host_crypto_init(struct host_crypto *c, uint64_t (*now_ns)(void *ctx), void *clock_ctx,
                     struct device_events *events, char *err, size_t n);
void host_crypto_destroy(struct host_crypto *c);

#endif
