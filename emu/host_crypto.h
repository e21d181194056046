/* The board's crypto engines (SHA-2, HMAC, AES-128, CRC) as HILs (tock/hil.h), computed
 * with OpenSSL's libcrypto (CRC in software: boards/common/soft_crc.h). Each engine runs
 * one operation at a time and completes it after a latency in board time, as hardware
 * would: the board asks when the next completion is due (host_crypto_next_due) and fires
 * it then (host_crypto_fire_due). */
#ifndef EMU_HOST_CRYPTO_H
#define EMU_HOST_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tock/hil.h"

/* Board time an operation over len bytes takes: fixed set-up plus a per-byte cost. */
#define HOST_CRYPTO_SETUP_NS 10000ull
#define HOST_CRYPTO_NS_PER_BYTE 16ull

struct host_crypto;

/* One engine: its operation in flight and when it completes. */
struct host_engine {
    struct host_crypto *crypto;
    bool pending;
    uint64_t due_ns;
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

/* Returns 0, or -1 with a message in err when OpenSSL cannot give what the engines need. */
int host_crypto_init(struct host_crypto *c, uint64_t (*now_ns)(void *ctx), void *clock_ctx,
                     char *err, size_t n);
void host_crypto_destroy(struct host_crypto *c);

/* The board time of the earliest completion; false when no engine works. */
bool host_crypto_next_due(const struct host_crypto *c, uint64_t *at);
/* Complete every operation due at board time now (their done callbacks run here). */
void host_crypto_fire_due(struct host_crypto *c, uint64_t now);

#endif
