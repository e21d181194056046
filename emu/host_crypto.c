/* The board's crypto engines on OpenSSL: see host_crypto.h. */
#include "host_crypto.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soft_crc.h"
#include "tock/syscall_abi.h"

/* ---- engines: one operation in flight each, completed in board time ---------------------- */

static uint32_t engine_start(struct host_engine *e, uint32_t len, uint32_t status,
                             crypto_done_fn *done, void *client)
{
    struct host_crypto *c = e->crypto;
    device_event_arm(&e->event,
                     c->now_ns(c->clock_ctx) + HOST_CRYPTO_SETUP_NS + len * HOST_CRYPTO_NS_PER_BYTE);
    e->status = status;
    e->done = done;
    e->client = client;
    return TOCK_OK;
}

static struct host_engine *engines(struct host_crypto *c, uint32_t i)
{
    struct host_engine *all[] = {&c->sha_engine, &c->hmac_engine, &c->aes_engine, &c->crc_engine};
    return i < 4 ? all[i] : NULL;
}

/* The event fires disarmed, so done may start the next operation. */
static void engine_done(void *ctx)
{
    struct host_engine *e = ctx;
    e->done(e->client, e->status);
}

/* ---- SHA-2 --------------------------------------------------------------------------------- */

static const char *digest_name(enum digest_alg alg)
{
    switch (alg) {
    case DIGEST_SHA256: return "SHA256";
    case DIGEST_SHA384: return "SHA384";
    case DIGEST_SHA512: return "SHA512";
    default: return NULL;
    }
}

static uint32_t sha_begin(void *ctx, enum digest_alg alg, const uint8_t *key, uint32_t key_len)
{
    struct host_crypto *c = ctx;
    (void)key_len;
    if (c->sha_engine.event.armed)
        return TOCK_BUSY;
    const EVP_MD *md = key ? NULL : EVP_get_digestbyname(digest_name(alg) ? digest_name(alg) : "");
    if (!md)
        return TOCK_NOSUPPORT;            /* this engine hashes; HMAC is the other one */
    c->sha_len = digest_len(alg);
    return EVP_DigestInit_ex(c->md, md, NULL) == 1 ? TOCK_OK : TOCK_FAIL;
}

static uint32_t sha_add(void *ctx, const uint8_t *data, uint32_t len, crypto_done_fn *done,
                        void *client)
{
    struct host_crypto *c = ctx;
    if (c->sha_engine.event.armed)
        return TOCK_BUSY;
    uint32_t status = len == 0 || EVP_DigestUpdate(c->md, data, len) == 1 ? TOCK_OK : TOCK_FAIL;
    return engine_start(&c->sha_engine, len, status, done, client);
}

static uint32_t sha_finish(void *ctx, uint8_t *out, crypto_done_fn *done, void *client)
{
    struct host_crypto *c = ctx;
    if (c->sha_engine.event.armed)
        return TOCK_BUSY;
    unsigned int n = 0;
    uint32_t status = EVP_DigestFinal_ex(c->md, out, &n) == 1 && n == c->sha_len ? TOCK_OK
                                                                                 : TOCK_FAIL;
    return engine_start(&c->sha_engine, 0, status, done, client);
}

/* ---- HMAC ---------------------------------------------------------------------------------- */

static uint32_t hmac_begin(void *ctx, enum digest_alg alg, const uint8_t *key, uint32_t key_len)
{
    struct host_crypto *c = ctx;
    static const uint8_t no_key[1];
    if (c->hmac_engine.event.armed)
        return TOCK_BUSY;
    const char *name = digest_name(alg);
    if (!name)
        return TOCK_NOSUPPORT;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)name, 0),
        OSSL_PARAM_construct_end(),
    };
    c->hmac_len = digest_len(alg);
    /* a NULL key would mean "keep the last one" to OpenSSL */
    return EVP_MAC_init(c->mac_ctx, key_len ? key : no_key, key_len, params) == 1 ? TOCK_OK
                                                                                  : TOCK_FAIL;
}

static uint32_t hmac_add(void *ctx, const uint8_t *data, uint32_t len, crypto_done_fn *done,
                         void *client)
{
    struct host_crypto *c = ctx;
    if (c->hmac_engine.event.armed)
        return TOCK_BUSY;
    uint32_t status = len == 0 || EVP_MAC_update(c->mac_ctx, data, len) == 1 ? TOCK_OK : TOCK_FAIL;
    return engine_start(&c->hmac_engine, len, status, done, client);
}

static uint32_t hmac_finish(void *ctx, uint8_t *out, crypto_done_fn *done, void *client)
{
    struct host_crypto *c = ctx;
    if (c->hmac_engine.event.armed)
        return TOCK_BUSY;
    size_t n = 0;
    uint32_t status = EVP_MAC_final(c->mac_ctx, out, &n, DIGEST_MAX_LEN) == 1 && n == c->hmac_len
                          ? TOCK_OK
                          : TOCK_FAIL;
    return engine_start(&c->hmac_engine, 0, status, done, client);
}

/* ---- AES-128 ------------------------------------------------------------------------------- */

static uint32_t aes_begin(void *ctx, enum aes_mode mode, bool encrypt, const uint8_t *key,
                          const uint8_t *iv)
{
    struct host_crypto *c = ctx;
    if (c->aes_engine.event.armed)
        return TOCK_BUSY;
    const EVP_CIPHER *cipher = mode == AES_CTR ? EVP_aes_128_ctr()
                               : mode == AES_CBC ? EVP_aes_128_cbc()
                               : mode == AES_ECB ? EVP_aes_128_ecb()
                                                 : NULL;
    if (!cipher)
        return TOCK_NOSUPPORT;     /* CCM is one call: aes_ccm */
    if (mode != AES_ECB && !iv)
        return TOCK_INVAL;
    if (EVP_CipherInit_ex(c->cipher, cipher, NULL, key, iv, encrypt) != 1)
        return TOCK_FAIL;
    EVP_CIPHER_CTX_set_padding(c->cipher, 0);
    return TOCK_OK;
}

static uint32_t aes_crypt(void *ctx, uint8_t *buf, uint32_t len, crypto_done_fn *done,
                          void *client)
{
    struct host_crypto *c = ctx;
    if (c->aes_engine.event.armed)
        return TOCK_BUSY;
    if (!EVP_CIPHER_CTX_get0_cipher(c->cipher))
        return TOCK_OFF;            /* no begin yet */
    if (EVP_CIPHER_CTX_get_mode(c->cipher) != EVP_CIPH_CTR_MODE && len % AES_BLOCK_LEN)
        return TOCK_INVAL;
    int out = 0;
    uint32_t status = len == 0 || (EVP_CipherUpdate(c->cipher, buf, &out, buf, (int)len) == 1 &&
                                   out == (int)len)
                          ? TOCK_OK
                          : TOCK_FAIL;
    return engine_start(&c->aes_engine, len, status, done, client);
}

/* CCM encryption of job's message with its tag written after it. */
static bool ccm_seal(const struct aes_ccm_job *j, const uint8_t *msg, uint8_t *out, uint8_t *tag)
{
    EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
    int n = 0;
    uint32_t a_len = j->m_off - j->a_off;
    bool ok = x && EVP_EncryptInit_ex(x, EVP_aes_128_ccm(), NULL, NULL, NULL) == 1 &&
              EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_CCM_SET_IVLEN, AES_CCM_NONCE_LEN, NULL) == 1 &&
              EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_CCM_SET_TAG, (int)j->mic_len, NULL) == 1 &&
              EVP_EncryptInit_ex(x, NULL, NULL, j->key, j->nonce) == 1 &&
              EVP_EncryptUpdate(x, NULL, &n, NULL, (int)j->m_len) == 1 &&
              (a_len == 0 || EVP_EncryptUpdate(x, NULL, &n, j->buf + j->a_off, (int)a_len) == 1) &&
              (j->m_len == 0 || EVP_EncryptUpdate(x, out, &n, msg, (int)j->m_len) == 1) &&
              EVP_EncryptFinal_ex(x, out + n, &n) == 1 &&
              EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_CCM_GET_TAG, (int)j->mic_len, tag) == 1;
    EVP_CIPHER_CTX_free(x);
    return ok;
}

/* CCM decryption is CTR from counter block 1 (flags byte: the length field's size minus
 * one); the tag is then checked by sealing the plaintext again. OpenSSL's own CCM
 * decryption would withhold the plaintext when the tag does not match, and Tock hands it
 * over with the verdict. */
static bool ccm_open(const struct aes_ccm_job *j, uint8_t *msg)
{
    const uint32_t length_field = 15 - AES_CCM_NONCE_LEN;
    uint8_t counter[AES_BLOCK_LEN] = {(uint8_t)(length_field - 1)};
    memcpy(counter + 1, j->nonce, AES_CCM_NONCE_LEN);
    counter[AES_BLOCK_LEN - 1] = 1;
    EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
    int n = 0;
    bool ok = x && EVP_EncryptInit_ex(x, EVP_aes_128_ctr(), NULL, j->key, counter) == 1 &&
              (j->m_len == 0 || EVP_EncryptUpdate(x, msg, &n, msg, (int)j->m_len) == 1);
    EVP_CIPHER_CTX_free(x);
    uint8_t *scratch = malloc(j->m_len + 1);
    uint8_t tag[16];
    ok = ok && scratch && ccm_seal(j, msg, scratch, tag);
    free(scratch);
    if (ok)
        *j->tag_valid = memcmp(tag, msg + j->m_len, j->mic_len) == 0;
    return ok;
}

static uint32_t aes_ccm(void *ctx, const struct aes_ccm_job *job, crypto_done_fn *done,
                        void *client)
{
    struct host_crypto *c = ctx;
    if (c->aes_engine.event.armed)
        return TOCK_BUSY;
    uint8_t *msg = job->buf + job->m_off;
    *job->tag_valid = false;
    bool ok = job->encrypt ? ccm_seal(job, msg, msg, msg + job->m_len) : ccm_open(job, msg);
    return engine_start(&c->aes_engine, job->m_off + job->m_len, ok ? TOCK_OK : TOCK_FAIL, done,
                        client);
}

/* ---- CRC ----------------------------------------------------------------------------------- */

static uint32_t crc_compute(void *ctx, enum crc_alg alg, const uint8_t *data, uint32_t len,
                            uint32_t *result, crypto_done_fn *done, void *client)
{
    struct host_crypto *c = ctx;
    if (c->crc_engine.event.armed)
        return TOCK_BUSY;
    if (alg > CRC_16CCITT)
        return TOCK_INVAL;
    *result = soft_crc(alg, data, len);
    return engine_start(&c->crc_engine, len, TOCK_OK, done, client);
}

/* ---- set-up -------------------------------------------------------------------------------- */

int host_crypto_init(struct host_crypto *c, uint64_t (*now_ns)(void *ctx), void *clock_ctx,
                     struct device_events *events, char *err, size_t n)
{
    memset(c, 0, sizeof *c);
    c->now_ns = now_ns;
    c->clock_ctx = clock_ctx;
    struct host_engine *e;
    for (uint32_t i = 0; (e = engines(c, i)); i++) {
        e->crypto = c;
        if (device_events_add(events, &e->event, engine_done, e)) {
            snprintf(err, n, "crypto engines: the board has no room for more device events");
            return -1;
        }
    }
    c->md = EVP_MD_CTX_new();
    c->mac = EVP_MAC_fetch(NULL, OSSL_MAC_NAME_HMAC, NULL);
    c->mac_ctx = c->mac ? EVP_MAC_CTX_new(c->mac) : NULL;
    c->cipher = EVP_CIPHER_CTX_new();
    if (!c->md || !c->mac_ctx || !c->cipher) {
        snprintf(err, n, "crypto engines: OpenSSL's libcrypto gave no %s",
                 !c->md ? "digest context" : !c->mac_ctx ? "HMAC" : "cipher context");
        host_crypto_destroy(c);
        return -1;
    }
    c->sha = (struct digest_hil){c, sha_begin, sha_add, sha_finish};
    c->hmac = (struct digest_hil){c, hmac_begin, hmac_add, hmac_finish};
    c->aes = (struct aes_hil){c, aes_begin, aes_crypt, aes_ccm};
    c->crc = (struct crc_hil){c, crc_compute};
    return 0;
}

void host_crypto_destroy(struct host_crypto *c)
{
    EVP_MD_CTX_free(c->md);
    EVP_MAC_CTX_free(c->mac_ctx);
    EVP_MAC_free(c->mac);
    EVP_CIPHER_CTX_free(c->cipher);
    c->md = NULL;
    c->mac_ctx = NULL;
    c->mac = NULL;
    c->cipher = NULL;
}
