/* CRC capsule, driver 0x40002: see tock/capsules/crc.h for the contract. */
#include "tock/capsules/crc.h"

#include "tock/kstring.h"

struct crc_app {
    bool requested;         /* a request not answered yet */
    uint8_t alg;            /* enum crc_alg */
    uint32_t len;
};

static struct crc_capsule *crc_of(const struct driver *d)
{
    return (struct crc_capsule *)d->state;
}

static bool crc_waits(const void *app)
{
    return ((const struct crc_app *)app)->requested;
}

static void crc_done(void *client, uint32_t status);

static void crc_answer(struct crc_capsule *c, struct process *p, struct crc_app *app,
                       uint32_t status, uint32_t value)
{
    app->requested = false;
    upcall_schedule(c->user.k, p, &c->driver, CRC_UPCALL_DONE, status,
                    status == TOCK_OK ? value : 0, status == TOCK_OK ? app->alg : 0);
}

/* Start the first waiting request that can start (Tock's next_request): those with
 * nothing to compute over are answered with SIZE. TOCK_OK when one started. */
static uint32_t crc_next_request(struct crc_capsule *c)
{
    struct process *p;
    while (engine_user_free(&c->user) &&
           (p = engine_user_next_waiting(c->user.k, &c->driver, crc_waits))) {
        struct crc_app *app = grant_peek(c->user.k, p, &c->driver);
        uint32_t len = 0;
        const uint8_t *data = allowed_ro(c->user.k, p, &c->driver, CRC_ALLOW_RO_DATA, &len);
        uint32_t n = app->len < len ? app->len : len;
        uint32_t err = n == 0 ? TOCK_SIZE
                              : c->hil->compute(c->hil->ctx, (enum crc_alg)app->alg, data, n,
                                                &c->result, crc_done, c);
        if (err == TOCK_OK) {
            c->user.owner = p->id;
            c->user.in_flight = true;
            return TOCK_OK;
        }
        crc_answer(c, p, app, err, 0);
    }
    return TOCK_FAIL;
}

static void crc_done(void *client, uint32_t status)
{
    struct crc_capsule *c = client;
    struct process *p = engine_user_owner(&c->user);
    c->user.in_flight = false;
    c->user.owner = 0;
    struct crc_app *app = p ? grant_peek(c->user.k, p, &c->driver) : NULL;
    if (app)
        crc_answer(c, p, app, status, c->result);
    crc_next_request(c);
}

static struct syscall_return crc_request(struct crc_capsule *c, struct kernel *k,
                                         struct process *p, uint32_t alg, uint32_t len)
{
    if (alg > CRC_16CCITT)
        return sr_failure(TOCK_INVAL);
    struct crc_app *app = grant_enter(k, p, &c->driver);
    if (!app)
        return sr_failure(TOCK_NOMEM);
    if (app->requested)
        return sr_failure(TOCK_BUSY);
    uint32_t buf_len = 0;
    allowed_ro(k, p, &c->driver, CRC_ALLOW_RO_DATA, &buf_len);
    if (len > buf_len)
        return sr_failure(TOCK_SIZE);
    c->user.k = k;
    *app = (struct crc_app){true, (uint8_t)alg, len};
    if (!engine_user_free(&c->user))
        return sr_success();       /* waits its turn */
    uint32_t err = crc_next_request(c);
    return err == TOCK_OK ? sr_success() : sr_failure(err);
}

static struct syscall_return crc_command(struct kernel *k, const struct driver *d,
                                         struct process *p, uint32_t cmd,
                                         uint32_t arg0, uint32_t arg1)
{
    switch (cmd) {
    case CRC_CMD_EXISTS:
        return sr_success();
    case CRC_CMD_REQUEST:
        return crc_request(crc_of(d), k, p, arg0, arg1);
    default:
        return sr_failure(TOCK_NOSUPPORT);
    }
}

static void crc_process_event(struct kernel *k, const struct driver *d, struct process *p,
                              enum process_event ev)
{
    (void)k;
    if (ev == PROCESS_EVENT_STOPPED)
        return;
    struct crc_app *app = grant_peek(k, p, d);
    if (app)
        app->requested = false;    /* its CRC, if running, ends unreported */
}

static const char *crc_command_name(uint32_t cmd)
{
    switch (cmd) {
    case CRC_CMD_EXISTS: return "exists";
    case CRC_CMD_REQUEST: return "request";
    default: return NULL;
    }
}

void crc_capsule_init(struct crc_capsule *c, const struct crc_hil *hil)
{
    memset(c, 0, sizeof(*c));
    c->hil = hil;
    c->driver.num = DRIVER_CRC;
    c->driver.name = "crc";
    c->driver.upcall_count = 1;
    c->driver.allow_ro_count = 1;
    c->driver.grant_size = sizeof(struct crc_app);
    c->driver.state = c;
    c->driver.command = crc_command;
    c->driver.process_event = crc_process_event;
    c->driver.command_name = crc_command_name;
}
