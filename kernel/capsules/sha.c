/* SHA capsule, driver 0x40005: see tock/capsules/sha.h for the contract. */
#include "tock/capsules/sha.h"

#include "tock/kstring.h"

enum sha_op { SHA_OP_NONE = 0, SHA_OP_HASH, SHA_OP_VERIFY };

/* Per-process data in the grant. The only algorithm is SHA-256, so none is stored. */
struct sha_app {
    uint8_t op;             /* enum sha_op: requested, running or waiting for the engine */
};

static struct sha_capsule *sha_of(const struct driver *d)
{
    return (struct sha_capsule *)d->state;
}

static bool sha_waits(const void *app)
{
    return ((const struct sha_app *)app)->op != SHA_OP_NONE;
}

static void sha_added(void *client, uint32_t status);
static void sha_finished(void *client, uint32_t status);

/* Start p's operation on the free engine: its whole data buffer, then the digest. */
static uint32_t sha_start(struct sha_capsule *s, struct process *p)
{
    uint32_t len = 0;
    const uint8_t *data = allowed_ro(s->user.k, p, &s->driver, SHA_ALLOW_RO_DATA, &len);
    uint32_t err = s->hil->begin(s->hil->ctx, DIGEST_SHA256, NULL, 0);
    if (err == TOCK_OK)
        err = s->hil->add(s->hil->ctx, data, len, sha_added, s);
    if (err == TOCK_OK) {
        s->user.owner = p->id;
        s->user.in_flight = true;
    }
    return err;
}

/* p's operation is over: the upcall of its kind. */
static void sha_complete(struct sha_capsule *s, struct process *p, uint32_t status,
                         uint32_t arg1)
{
    struct sha_app *app = grant_peek(s->user.k, p, &s->driver);
    if (!app)
        return;
    uint32_t num = app->op == SHA_OP_VERIFY ? SHA_UPCALL_VERIFY : SHA_UPCALL_HASH;
    app->op = SHA_OP_NONE;
    upcall_schedule(s->user.k, p, &s->driver, num, status, arg1, 0);
}

/* The engine is free: start the waiting processes' operations in turn. */
static void sha_run_queue(struct sha_capsule *s)
{
    struct process *p;
    while (engine_user_free(&s->user) &&
           (p = engine_user_next_waiting(s->user.k, &s->driver, sha_waits))) {
        uint32_t err = sha_start(s, p);
        if (err != TOCK_OK)
            sha_complete(s, p, err, 0);
    }
}

static void sha_added(void *client, uint32_t status)
{
    struct sha_capsule *s = client;
    s->user.in_flight = false;
    struct process *p = engine_user_owner(&s->user);
    if (p && status == TOCK_OK) {
        status = s->hil->finish(s->hil->ctx, s->digest, sha_finished, s);
        if (status == TOCK_OK) {
            s->user.in_flight = true;
            return;
        }
    }
    s->user.owner = 0;
    if (p)
        sha_complete(s, p, status, 0);
    sha_run_queue(s);
}

/* The digest is ready: copy it out (hash) or compare it (verify). */
static void sha_finished(void *client, uint32_t status)
{
    struct sha_capsule *s = client;
    s->user.in_flight = false;
    struct process *p = engine_user_owner(&s->user);
    s->user.owner = 0;
    if (p) {
        struct sha_app *app = grant_peek(s->user.k, p, &s->driver);
        uint32_t equal = 0, len = 0;
        if (status == TOCK_OK && app && app->op == SHA_OP_HASH) {
            uint8_t *dest = allowed_rw(s->user.k, p, &s->driver, SHA_ALLOW_RW_DEST, &len);
            if (len == SHA_DIGEST_LEN)
                memcpy(dest, s->digest, SHA_DIGEST_LEN);
            else
                status = TOCK_NOMEM;
        } else if (status == TOCK_OK) {
            const uint8_t *cmp = allowed_ro(s->user.k, p, &s->driver, SHA_ALLOW_RO_COMPARE, &len);
            if (len == SHA_DIGEST_LEN)
                equal = memcmp(cmp, s->digest, SHA_DIGEST_LEN) == 0;
            else
                status = TOCK_NOMEM;
        }
        sha_complete(s, p, status, equal);
    }
    memset(s->digest, 0, sizeof s->digest);
    sha_run_queue(s);
}

static struct syscall_return sha_request(struct sha_capsule *s, struct kernel *k,
                                         struct process *p, struct sha_app *app, enum sha_op op)
{
    if (app->op != SHA_OP_NONE)
        return sr_failure(TOCK_NOMEM);     /* Tock: no room to queue a second request */
    s->user.k = k;
    app->op = (uint8_t)op;
    if (engine_user_free(&s->user)) {
        uint32_t err = sha_start(s, p);
        if (err != TOCK_OK) {
            app->op = SHA_OP_NONE;
            return sr_failure(err);
        }
    }
    return sr_success();
}

static struct syscall_return sha_command(struct kernel *k, const struct driver *d,
                                         struct process *p, uint32_t cmd,
                                         uint32_t arg0, uint32_t arg1)
{
    (void)arg1;
    if (cmd == SHA_CMD_EXISTS)
        return sr_success();
    struct sha_app *app = grant_enter(k, p, d);
    if (!app && cmd <= SHA_CMD_VERIFY)
        return sr_failure(TOCK_NOMEM);
    switch (cmd) {
    case SHA_CMD_SET_ALGORITHM:
        return arg0 == DIGEST_SHA256 ? sr_success() : sr_failure(TOCK_NOSUPPORT);
    case SHA_CMD_HASH:
        return sha_request(sha_of(d), k, p, app, SHA_OP_HASH);
    case SHA_CMD_VERIFY:
        return sha_request(sha_of(d), k, p, app, SHA_OP_VERIFY);
    default:
        return sr_failure(TOCK_NOSUPPORT);
    }
}

/* A process died: it waits no more; if it owned the engine, its operation still
 * finishes there, unreported. */
static void sha_process_event(struct kernel *k, const struct driver *d, struct process *p,
                              enum process_event ev)
{
    struct sha_capsule *s = sha_of(d);
    if (ev == PROCESS_EVENT_STOPPED)
        return;
    struct sha_app *app = grant_peek(k, p, d);
    if (app)
        app->op = SHA_OP_NONE;     /* it no longer waits */
    if (!engine_user_is(&s->user, p))
        return;
    s->user.k = k;
    s->user.owner = 0;
    sha_run_queue(s);
}

static const char *sha_command_name(uint32_t cmd)
{
    switch (cmd) {
    case SHA_CMD_EXISTS: return "exists";
    case SHA_CMD_SET_ALGORITHM: return "set_algorithm";
    case SHA_CMD_HASH: return "hash";
    case SHA_CMD_VERIFY: return "verify";
    default: return NULL;
    }
}

void sha_capsule_init(struct sha_capsule *s, const struct digest_hil *hil)
{
    memset(s, 0, sizeof(*s));
    s->hil = hil;
    s->driver.num = DRIVER_SHA;
    s->driver.name = "sha";
    s->driver.upcall_count = 2;
    s->driver.allow_ro_count = 2;
    s->driver.allow_rw_count = 1;
    s->driver.grant_size = sizeof(struct sha_app);
    s->driver.state = s;
    s->driver.command = sha_command;
    s->driver.process_event = sha_process_event;
    s->driver.command_name = sha_command_name;
}
