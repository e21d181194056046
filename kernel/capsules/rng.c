/* RNG capsule, driver 0x40001: see tock/capsules/rng.h for the contract. */
#include "tock/capsules/rng.h"

#include "tock/kstring.h"

/* Per-process data in the grant (Tock's rng App). */
struct rng_app {
    uint32_t requested;     /* bytes the last request asked for */
    uint32_t filled;        /* bytes it got */
};

static struct rng_capsule *rng_of(const struct driver *d)
{
    return (struct rng_capsule *)d->state;
}

static struct syscall_return rng_get(struct rng_capsule *r, struct kernel *k,
                                     struct process *p, struct rng_app *app, uint32_t want)
{
    app->requested = want;
    app->filled = 0;
    if (want == 0)
        return sr_success();    /* Tock: nothing to deliver, so no upcall ever */

    uint32_t len = 0;
    uint8_t *buf = allowed_rw(k, p, &r->driver, RNG_ALLOW_RW_BUFFER, &len);
    uint32_t n = buf ? (want < len ? want : len) : 0;

    if (n > 0)
        r->hil->fill(r->hil->ctx, buf, n);
    app->filled = n;
    upcall_schedule(k, p, &r->driver, RNG_UPCALL_DONE, 0, n, 0);
    return sr_success();
}

static struct syscall_return rng_command(struct kernel *k, const struct driver *d,
                                         struct process *p, uint32_t cmd,
                                         uint32_t arg0, uint32_t arg1)
{
    struct rng_app *app;

    switch (cmd) {
    case RNG_CMD_EXISTS:
        return sr_success();
    case RNG_CMD_GET:
        app = grant_enter(k, p, d);
        if (!app)
            return sr_failure(TOCK_NOMEM);
        return rng_get(rng_of(d), k, p, app, arg0);
    default:
        return sr_failure(TOCK_NOSUPPORT);
    }
}

static const char *rng_command_name(uint32_t cmd)
{
    switch (cmd) {
    case RNG_CMD_EXISTS: return "exists";
    case RNG_CMD_GET: return "get";
    default: return NULL;
    }
}

void rng_capsule_init(struct rng_capsule *r, const struct entropy_hil *hil)
{
    memset(r, 0, sizeof(*r));
    r->hil = hil;
    r->driver.num = DRIVER_RNG;
    r->driver.name = "rng";
    r->driver.upcall_count = 1;
    r->driver.allow_rw_count = 1;
    r->driver.grant_size = sizeof(struct rng_app);
    r->driver.state = r;
    r->driver.command = rng_command;
    r->driver.command_name = rng_command_name;
}
