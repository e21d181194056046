/* Nine-axis motion sensor capsule, driver 0x60004: see tock/capsules/ninedof.h. */
#include "tock/capsules/ninedof.h"

#include "tock/kstring.h"

/* Per-process data in the grant. */
struct ninedof_app {
    bool pending;            /* a command waits for the sensor */
    uint32_t channel;        /* its instrument */
};

static struct ninedof_capsule *ninedof_of(const struct driver *d)
{
    return (struct ninedof_capsule *)d->state;
}

static void ninedof_done(void *client, uint32_t status, const int32_t value[3]);

static uint32_t ninedof_start(struct ninedof_capsule *n, struct process *p, uint32_t channel)
{
    uint32_t rc = n->hil->read(n->hil->ctx, channel, 0, ninedof_done, n);
    if (rc == TOCK_OK) {
        n->reading = true;
        n->current = p->id;
        n->current_channel = channel;
    }
    return rc;
}

static void ninedof_deliver(struct ninedof_capsule *n, struct process *p, const int32_t v[3])
{
    upcall_schedule(n->k, p, &n->driver, NINEDOF_UPCALL_READING, (uint32_t)v[0],
                    (uint32_t)v[1], (uint32_t)v[2]);
}

static void ninedof_done(void *client, uint32_t status, const int32_t value[3])
{
    struct ninedof_capsule *n = client;
    struct kernel *k = n->k;
    uint32_t channel = n->current_channel;
    struct process *owner = kernel_process_by_id(k, n->current);

    (void)status;   /* the model's readings do not fail */
    n->reading = false;
    n->current = 0;
    if (owner && process_is_alive(owner))
        ninedof_deliver(n, owner, value);

    /* queued commands: the same instrument shares this reading; the first other one
     * starts next */
    for (uint32_t i = 0; i < k->process_count; i++) {
        struct process *p = &k->procs[i];
        if (!process_is_alive(p))
            continue;
        struct ninedof_app *app = grant_peek(k, p, &n->driver);
        if (!app || !app->pending)
            continue;
        if (app->channel == channel) {
            app->pending = false;
            ninedof_deliver(n, p, value);
        } else if (!n->reading) {
            app->pending = false;
            ninedof_start(n, p, app->channel);
        }
    }
}

static uint32_t channel_of(uint32_t cmd)
{
    switch (cmd) {
    case NINEDOF_CMD_ACCELEROMETER: return NINEDOF_ACCELEROMETER;
    case NINEDOF_CMD_MAGNETOMETER: return NINEDOF_MAGNETOMETER;
    case NINEDOF_CMD_GYROSCOPE: return NINEDOF_GYROSCOPE;
    default: return UINT32_MAX;
    }
}

static struct syscall_return ninedof_command(struct kernel *k, const struct driver *d,
                                             struct process *p, uint32_t cmd, uint32_t arg0,
                                             uint32_t arg1)
{
    struct ninedof_capsule *n = ninedof_of(d);
    (void)arg0;
    (void)arg1;

    if (cmd == NINEDOF_CMD_EXISTS)
        return sr_success();
    uint32_t channel = channel_of(cmd);
    if (channel == UINT32_MAX)
        return sr_failure(TOCK_NOSUPPORT);
    struct ninedof_app *app = grant_enter(k, p, d);
    if (!app)
        return sr_failure(TOCK_NOMEM);

    if (!n->reading) {
        uint32_t rc = ninedof_start(n, p, channel);
        return rc == TOCK_OK ? sr_success() : sr_failure(rc);
    }
    if (app->pending)
        return sr_failure(TOCK_BUSY);
    app->pending = true;
    app->channel = channel;
    return sr_success();
}

static const char *ninedof_command_name(uint32_t cmd)
{
    switch (cmd) {
    case NINEDOF_CMD_EXISTS: return "exists";
    case NINEDOF_CMD_ACCELEROMETER: return "read accelerometer";
    case NINEDOF_CMD_MAGNETOMETER: return "read magnetometer";
    case NINEDOF_CMD_GYROSCOPE: return "read gyroscope";
    default: return NULL;
    }
}

void ninedof_capsule_init(struct ninedof_capsule *n, struct kernel *k,
                          const struct sensor_hil *hil)
{
    memset(n, 0, sizeof(*n));
    n->hil = hil;
    n->k = k;
    n->driver.num = DRIVER_NINEDOF;
    n->driver.name = "ninedof";
    n->driver.upcall_count = 1;
    n->driver.grant_size = sizeof(struct ninedof_app);
    n->driver.state = n;
    n->driver.command = ninedof_command;
    n->driver.command_name = ninedof_command_name;
}
