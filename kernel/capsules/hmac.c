/* HMAC capsule, driver 0x40003: see tock/capsules/hmac.h for the contract. */
#include "tock/capsules/hmac.h"

#include "tock/kstring.h"

/* Operations are the command numbers that start them. */
enum { HMAC_OP_NONE = 0 };

struct hmac_app {
    uint8_t alg;            /* enum digest_alg + 1; 0: not set */
    uint8_t waiting;        /* the command (run, update, verify) waiting for the engine */
};

static struct hmac_capsule *hmac_of(const struct driver *d)
{
    return (struct hmac_capsule *)d->state;
}

static bool hmac_waits(const void *app)
{
    return ((const struct hmac_app *)app)->waiting != HMAC_OP_NONE;
}

static bool is_verify(uint8_t op)
{
    return op == HMAC_CMD_VERIFY || op == HMAC_CMD_VERIFY_FINISH;
}

static void hmac_added(void *client, uint32_t status);
static void hmac_finished(void *client, uint32_t status);

/* Run, update or verify for p, which owns the engine or may take it: open the stream
 * (algorithm, key) unless open, then add the data buffer. */
static uint32_t hmac_start(struct hmac_capsule *h, struct process *p, uint8_t op)
{
    struct kernel *k = h->user.k;
    struct hmac_app *app = grant_peek(k, p, &h->driver);
    if (!app)
        return TOCK_NOMEM;
    if (!h->stream_open) {
        if (!app->alg)
            return TOCK_INVAL;
        uint32_t key_len = 0;
        const uint8_t *key = allowed_ro(k, p, &h->driver, HMAC_ALLOW_RO_KEY, &key_len);
        if (key_len > HMAC_MAX_KEY_LEN)
            key_len = HMAC_MAX_KEY_LEN;
        uint32_t err = h->hil->begin(h->hil->ctx, (enum digest_alg)(app->alg - 1),
                                     key ? key : h->digest, key_len);
        if (err != TOCK_OK)
            return err;
        h->alg = (uint8_t)(app->alg - 1);
    }
    uint32_t len = 0;
    const uint8_t *data = allowed_ro(k, p, &h->driver, HMAC_ALLOW_RO_DATA, &len);
    uint32_t err = h->hil->add(h->hil->ctx, data, len, hmac_added, h);
    if (err != TOCK_OK) {
        h->stream_open = false;
        h->user.owner = 0;
        return err;
    }
    h->stream_open = true;
    h->user.owner = p->id;
    h->user.in_flight = true;
    h->op = op;
    return TOCK_OK;
}

static void hmac_upcall(struct hmac_capsule *h, struct process *p, uint8_t op, uint32_t status,
                        uint32_t equal)
{
    upcall_schedule(h->user.k, p, &h->driver, is_verify(op) ? HMAC_UPCALL_VERIFY : HMAC_UPCALL_DONE,
                    status, equal, 0);
}

static void hmac_release(struct hmac_capsule *h)
{
    h->user.owner = 0;
    h->stream_open = false;
    memset(h->digest, 0, sizeof h->digest);
}

/* The engine is free: start the waiting requests in turn. */
static void hmac_run_queue(struct hmac_capsule *h)
{
    struct process *p;
    while (engine_user_free(&h->user) &&
           (p = engine_user_next_waiting(h->user.k, &h->driver, hmac_waits))) {
        struct hmac_app *app = grant_peek(h->user.k, p, &h->driver);
        uint8_t op = app->waiting;
        app->waiting = HMAC_OP_NONE;
        hmac_release(h);
        uint32_t err = hmac_start(h, p, op);
        if (err != TOCK_OK)
            hmac_upcall(h, p, op, err, 0);
    }
}

static uint32_t hmac_finish(struct hmac_capsule *h, uint8_t op)
{
    uint32_t err = h->hil->finish(h->hil->ctx, h->digest, hmac_finished, h);
    if (err == TOCK_OK) {
        h->user.in_flight = true;
        h->op = op;
    }
    return err;
}

static void hmac_added(void *client, uint32_t status)
{
    struct hmac_capsule *h = client;
    h->user.in_flight = false;
    struct process *p = engine_user_owner(&h->user);
    if (p && status == TOCK_OK) {
        if (h->op == HMAC_CMD_UPDATE) {
            hmac_upcall(h, p, h->op, TOCK_OK, 0);   /* the stream stays open for p */
            return;
        }
        status = hmac_finish(h, h->op);
        if (status == TOCK_OK)
            return;
    }
    hmac_release(h);
    if (p)
        hmac_upcall(h, p, h->op, status, 0);
    hmac_run_queue(h);
}

/* The MAC is ready: copy it out (run, finish) or compare it (verify). */
static void hmac_finished(void *client, uint32_t status)
{
    struct hmac_capsule *h = client;
    h->user.in_flight = false;
    struct process *p = engine_user_owner(&h->user);
    if (p) {
        uint32_t len = 0, equal = 0, mac_len = digest_len((enum digest_alg)h->alg);
        if (status == TOCK_OK && is_verify(h->op)) {
            const uint8_t *cmp = allowed_ro(h->user.k, p, &h->driver, HMAC_ALLOW_RO_COMPARE, &len);
            equal = len == mac_len && memcmp(cmp, h->digest, mac_len) == 0;
        } else if (status == TOCK_OK) {
            uint8_t *dest = allowed_rw(h->user.k, p, &h->driver, HMAC_ALLOW_RW_DEST, &len);
            if (dest)
                memcpy(dest, h->digest, len < mac_len ? len : mac_len);
        }
        hmac_upcall(h, p, h->op, status, equal);
    }
    hmac_release(h);
    hmac_run_queue(h);
}

/* run, update, verify: start now if the engine is free or p's, else wait. */
static struct syscall_return hmac_request(struct hmac_capsule *h, struct process *p,
                                          struct hmac_app *app, uint8_t op)
{
    if (engine_user_is(&h->user, p) || engine_user_free(&h->user)) {
        if (h->user.in_flight)
            return sr_failure(TOCK_BUSY);
        if (!engine_user_is(&h->user, p))
            hmac_release(h);          /* a stream left open by a process that died */
        uint32_t err = hmac_start(h, p, op);
        if (err != TOCK_OK) {
            hmac_release(h);
            hmac_run_queue(h);
            return sr_failure(err);
        }
        return sr_success();
    }
    if (app->waiting != HMAC_OP_NONE)
        return sr_failure(TOCK_NOMEM);
    app->waiting = op;
    return sr_success();
}

/* finish, verify-finish: only the owner, after its updates. */
static struct syscall_return hmac_end(struct hmac_capsule *h, struct process *p, uint8_t op)
{
    if (!engine_user_is(&h->user, p))
        return sr_failure(TOCK_OFF);
    if (h->user.in_flight)
        return sr_failure(TOCK_BUSY);
    uint32_t err = hmac_finish(h, op);
    return err == TOCK_OK ? sr_success() : sr_failure(err);
}

static struct syscall_return hmac_command(struct kernel *k, const struct driver *d,
                                          struct process *p, uint32_t cmd,
                                          uint32_t arg0, uint32_t arg1)
{
    (void)arg1;
    struct hmac_capsule *h = hmac_of(d);
    struct hmac_app *app = grant_enter(k, p, d);
    if (!app)
        return sr_failure(TOCK_NOMEM);
    h->user.k = k;
    switch (cmd) {
    case HMAC_CMD_SET_ALGORITHM:
        if (arg0 > DIGEST_SHA512)
            return sr_failure(TOCK_NOSUPPORT);
        app->alg = (uint8_t)(arg0 + 1);
        return sr_success();
    case HMAC_CMD_RUN:
    case HMAC_CMD_UPDATE:
    case HMAC_CMD_VERIFY:
        return hmac_request(h, p, app, (uint8_t)cmd);
    case HMAC_CMD_FINISH:
    case HMAC_CMD_VERIFY_FINISH:
        return hmac_end(h, p, (uint8_t)cmd);
    default:
        return sr_failure(TOCK_NOSUPPORT);
    }
}

/* A process died: it waits no more; if it owned the engine, the engine is free once its
 * operation in flight (if any) finishes, unreported. */
static void hmac_process_event(struct kernel *k, const struct driver *d, struct process *p,
                               enum process_event ev)
{
    struct hmac_capsule *h = hmac_of(d);
    if (ev == PROCESS_EVENT_STOPPED)
        return;
    struct hmac_app *app = grant_peek(k, p, d);
    if (app)
        app->waiting = HMAC_OP_NONE;
    if (!engine_user_is(&h->user, p))
        return;
    h->user.k = k;
    h->user.owner = 0;
    if (!h->user.in_flight) {
        hmac_release(h);
        hmac_run_queue(h);
    }
}

static const char *hmac_command_name(uint32_t cmd)
{
    switch (cmd) {
    case HMAC_CMD_SET_ALGORITHM: return "set_algorithm";
    case HMAC_CMD_RUN: return "run";
    case HMAC_CMD_UPDATE: return "update";
    case HMAC_CMD_FINISH: return "finish";
    case HMAC_CMD_VERIFY: return "verify";
    case HMAC_CMD_VERIFY_FINISH: return "verify_finish";
    default: return NULL;
    }
}

void hmac_capsule_init(struct hmac_capsule *h, const struct digest_hil *hil)
{
    memset(h, 0, sizeof(*h));
    h->hil = hil;
    h->driver.num = DRIVER_HMAC;
    h->driver.name = "hmac";
    h->driver.upcall_count = 2;
    h->driver.allow_ro_count = 3;
    h->driver.allow_rw_count = 3;
    h->driver.grant_size = sizeof(struct hmac_app);
    h->driver.state = h;
    h->driver.command = hmac_command;
    h->driver.process_event = hmac_process_event;
    h->driver.command_name = hmac_command_name;
}
