/* AES capsule, driver 0x40006: see tock/capsules/aes.h for the contract. */
#include "tock/capsules/aes.h"

#include "tock/kstring.h"

struct aes_app {
    uint8_t mode;           /* enum aes_mode + 1; 0: not set */
    bool encrypt;
    bool waiting;           /* setup waits for the engine */
    bool confidential;      /* recorded; CCM always encrypts (see aes.h) */
    uint32_t a_off, m_off, mic_len;
};

static struct aes_capsule *aes_of(const struct driver *d)
{
    return (struct aes_capsule *)d->state;
}

static bool aes_waits(const void *app)
{
    return ((const struct aes_app *)app)->waiting;
}

static void aes_crypted(void *client, uint32_t status);
static void aes_ccm_done(void *client, uint32_t status);

static void aes_upcall(struct aes_capsule *a, struct process *p, uint32_t status,
                       uint32_t len, uint32_t tag_valid)
{
    upcall_schedule(a->user.k, p, &a->driver, AES_UPCALL_DONE, status, len, tag_valid);
}

/* The next chunk of p's source to the engine (which keeps the stream's state). */
static uint32_t aes_next_chunk(struct aes_capsule *a, struct process *p)
{
    uint32_t len = 0;
    const uint8_t *src = allowed_ro(a->user.k, p, &a->driver, AES_ALLOW_RO_SOURCE, &len);
    uint32_t left = a->total - a->offset;
    a->chunk = left < AES_BUF_LEN ? left : AES_BUF_LEN;
    if (a->offset + a->chunk > len)
        return TOCK_FAIL;               /* the source shrank meanwhile */
    memcpy(a->buf, src + a->offset, a->chunk);
    uint32_t err = a->hil->crypt(a->hil->ctx, a->buf, a->chunk, aes_crypted, a);
    a->user.in_flight = err == TOCK_OK;
    return err;
}

/* CCM over the whole source in one go. */
static uint32_t aes_ccm(struct aes_capsule *a, struct process *p, const struct aes_app *app)
{
    struct kernel *k = a->user.k;
    uint32_t key_len = 0, nonce_len = 0;
    const uint8_t *key = allowed_ro(k, p, &a->driver, AES_ALLOW_RO_KEY, &key_len);
    const uint8_t *nonce = allowed_ro(k, p, &a->driver, AES_ALLOW_RO_IV, &nonce_len);
    const uint8_t *src = allowed_ro(k, p, &a->driver, AES_ALLOW_RO_SOURCE, &a->total);
    if (key_len != AES_BLOCK_LEN || nonce_len < AES_CCM_NONCE_LEN)
        return TOCK_INVAL;
    if (app->a_off > app->m_off || app->m_off > a->total || app->mic_len < 4 ||
        app->mic_len > 16 || app->mic_len % 2)
        return TOCK_INVAL;
    if (a->total + app->mic_len > AES_BUF_LEN)
        return TOCK_SIZE;
    memset(a->buf, 0, sizeof a->buf);
    if (a->total)
        memcpy(a->buf, src, a->total);
    const struct aes_ccm_job job = {key, nonce, a->buf, app->a_off, app->m_off,
                                    a->total - app->m_off, app->mic_len, app->encrypt,
                                    &a->tag_valid};
    uint32_t err = a->hil->ccm(a->hil->ctx, &job, aes_ccm_done, a);
    a->user.in_flight = err == TOCK_OK;
    return err;
}

/* Process p's whole source: the first chunk now, the others as each completes. */
static uint32_t aes_process(struct aes_capsule *a, struct process *p, const struct aes_app *app)
{
    if (a->mode == AES_CCM)
        return aes_ccm(a, p, app);
    allowed_ro(a->user.k, p, &a->driver, AES_ALLOW_RO_SOURCE, &a->total);
    a->offset = 0;
    return aes_next_chunk(a, p);
}

/* setup: key, IV, then the source; p owns the engine from here on. */
static uint32_t aes_setup(struct aes_capsule *a, struct process *p, const struct aes_app *app)
{
    if (!app->mode)
        return TOCK_INVAL;
    a->mode = (uint8_t)(app->mode - 1);
    if (a->mode != AES_CCM) {
        uint32_t key_len = 0, iv_len = 0;
        const uint8_t *key = allowed_ro(a->user.k, p, &a->driver, AES_ALLOW_RO_KEY, &key_len);
        const uint8_t *iv = allowed_ro(a->user.k, p, &a->driver, AES_ALLOW_RO_IV, &iv_len);
        if (key_len != AES_BLOCK_LEN)
            return TOCK_INVAL;
        if (a->mode != AES_ECB && iv_len != AES_BLOCK_LEN)
            return TOCK_INVAL;
        uint32_t err = a->hil->begin(a->hil->ctx, (enum aes_mode)a->mode, app->encrypt, key,
                                     a->mode == AES_ECB ? NULL : iv);
        if (err != TOCK_OK)
            return err;
    }
    a->user.owner = p->id;
    uint32_t err = aes_process(a, p, app);
    if (err != TOCK_OK)
        a->user.owner = 0;
    return err;
}

/* The engine is free: start the waiting setups in turn. */
static void aes_run_queue(struct aes_capsule *a)
{
    struct process *p;
    while (engine_user_free(&a->user) &&
           (p = engine_user_next_waiting(a->user.k, &a->driver, aes_waits))) {
        struct aes_app *app = grant_peek(a->user.k, p, &a->driver);
        app->waiting = false;
        uint32_t err = aes_setup(a, p, app);
        if (err != TOCK_OK)
            aes_upcall(a, p, err, 0, 0);
    }
}

/* The owner is gone while its operation ran: free the engine for the next. */
static void aes_owner_gone(struct aes_capsule *a)
{
    a->user.owner = 0;
    aes_run_queue(a);
}

static void aes_crypted(void *client, uint32_t status)
{
    struct aes_capsule *a = client;
    a->user.in_flight = false;
    struct process *p = engine_user_owner(&a->user);
    if (!p) {
        aes_owner_gone(a);
        return;
    }
    if (status == TOCK_OK) {
        uint32_t len = 0;
        uint8_t *dest = allowed_rw(a->user.k, p, &a->driver, AES_ALLOW_RW_DEST, &len);
        if (a->offset < len)
            memcpy(dest + a->offset, a->buf,
                   len - a->offset < a->chunk ? len - a->offset : a->chunk);
        a->offset += a->chunk;
        if (a->offset < a->total) {
            status = aes_next_chunk(a, p);
            if (status == TOCK_OK)
                return;
        }
    }
    aes_upcall(a, p, status, status == TOCK_OK ? a->total : 0, 0);
}

static void aes_ccm_done(void *client, uint32_t status)
{
    struct aes_capsule *a = client;
    a->user.in_flight = false;
    struct process *p = engine_user_owner(&a->user);
    if (!p) {
        aes_owner_gone(a);
        return;
    }
    struct aes_app *app = grant_peek(a->user.k, p, &a->driver);
    if (status == TOCK_OK) {
        uint32_t len = 0, out = a->total + (app && app->encrypt ? app->mic_len : 0);
        uint8_t *dest = allowed_rw(a->user.k, p, &a->driver, AES_ALLOW_RW_DEST, &len);
        if (dest)
            memcpy(dest, a->buf, len < out ? len : out);
    }
    aes_upcall(a, p, status, status == TOCK_OK ? a->total : 0,
               status == TOCK_OK && a->tag_valid);
}

static struct syscall_return aes_request_setup(struct aes_capsule *a, struct process *p,
                                               struct aes_app *app)
{
    if (engine_user_is(&a->user, p) || engine_user_free(&a->user)) {
        if (a->user.in_flight)
            return sr_failure(TOCK_BUSY);
        uint32_t err = aes_setup(a, p, app);
        if (err != TOCK_OK) {
            aes_run_queue(a);
            return sr_failure(err);
        }
        return sr_success();
    }
    if (app->waiting)
        return sr_failure(TOCK_NOMEM);
    app->waiting = true;
    return sr_success();
}

static struct syscall_return aes_crypt(struct aes_capsule *a, struct process *p,
                                       const struct aes_app *app)
{
    if (!engine_user_is(&a->user, p))
        return sr_failure(TOCK_OFF);
    if (a->user.in_flight)
        return sr_failure(TOCK_BUSY);
    uint32_t err = aes_process(a, p, app);
    if (err != TOCK_OK)
        aes_upcall(a, p, err, 0, 0);    /* Tock: crypt reports its errors in the upcall */
    return sr_success();
}

static struct syscall_return aes_finish(struct aes_capsule *a, struct process *p)
{
    if (!engine_user_is(&a->user, p))
        return sr_failure(TOCK_OFF);
    a->user.owner = 0;        /* an operation in flight still ends on the engine, unreported */
    aes_run_queue(a);
    return sr_success();
}

static struct syscall_return aes_command(struct kernel *k, const struct driver *d,
                                         struct process *p, uint32_t cmd,
                                         uint32_t arg0, uint32_t arg1)
{
    struct aes_capsule *a = aes_of(d);
    struct aes_app *app = grant_enter(k, p, d);
    if (!app)
        return sr_failure(TOCK_NOMEM);
    a->user.k = k;
    switch (cmd) {
    case AES_CMD_EXISTS:
        return sr_success();
    case AES_CMD_SET_ALGORITHM:
        if (arg0 > AES_CCM)
            return sr_failure(TOCK_NOSUPPORT);
        app->mode = (uint8_t)(arg0 + 1);
        app->encrypt = arg1 != 0;
        return sr_success();
    case AES_CMD_SETUP:
        return aes_request_setup(a, p, app);
    case AES_CMD_CRYPT:
        return aes_crypt(a, p, app);
    case AES_CMD_FINISH:
        return aes_finish(a, p);
    case AES_CMD_CCM_AOFF:
        app->a_off = arg0;
        return sr_success();
    case AES_CMD_CCM_MOFF:
        app->m_off = arg0;
        return sr_success();
    case AES_CMD_CCM_MIC_LEN:
        app->mic_len = arg0;
        return sr_success();
    case AES_CMD_CCM_CONFIDENTIAL:
        app->confidential = arg0 != 0;
        return sr_success();
    default:
        return sr_failure(TOCK_NOSUPPORT);
    }
}

static void aes_process_event(struct kernel *k, const struct driver *d, struct process *p,
                              enum process_event ev)
{
    struct aes_capsule *a = aes_of(d);
    if (ev == PROCESS_EVENT_STOPPED)
        return;
    struct aes_app *app = grant_peek(k, p, d);
    if (app)
        app->waiting = false;
    if (!engine_user_is(&a->user, p))
        return;
    a->user.k = k;
    aes_owner_gone(a);
}

static const char *aes_command_name(uint32_t cmd)
{
    static const char *const names[] = {"exists", "set_algorithm", "setup", "crypt", "finish",
                                        "ccm_set_a_off", "ccm_set_m_off", "ccm_set_mic_len",
                                        "ccm_set_confidential"};
    return cmd < sizeof names / sizeof names[0] ? names[cmd] : NULL;
}

void aes_capsule_init(struct aes_capsule *a, const struct aes_hil *hil)
{
    memset(a, 0, sizeof(*a));
    a->hil = hil;
    a->driver.num = DRIVER_AES;
    a->driver.name = "aes";
    a->driver.upcall_count = 1;
    a->driver.allow_ro_count = 3;
    a->driver.allow_rw_count = 1;
    a->driver.grant_size = sizeof(struct aes_app);
    a->driver.state = a;
    a->driver.command = aes_command;
    a->driver.process_event = aes_process_event;
    a->driver.command_name = aes_command_name;
}
