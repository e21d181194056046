/* Single-value sensor capsule: see tock/capsules/sensor.h for the contract. */
#include "tock/capsules/sensor.h"

#include "tock/kstring.h"

/* What sets the kinds apart. */
struct sensor_kind_info {
    const char *name;
    uint32_t driver;
    bool status_first;      /* upcall (status, value, 0) instead of (value, 0, 0) */
    bool busy_when_reading; /* a read during another answers BUSY instead of joining it */
};

static const struct sensor_kind_info kinds[SENSOR_KIND_COUNT] = {
    [SENSOR_TEMPERATURE] = {"temperature", DRIVER_TEMPERATURE, false, false},
    [SENSOR_HUMIDITY] = {"humidity", DRIVER_HUMIDITY, false, true},
    [SENSOR_AMBIENT_LIGHT] = {"ambient_light", DRIVER_AMBIENT_LIGHT, false, false},
    [SENSOR_PROXIMITY] = {"proximity", DRIVER_PROXIMITY, false, false},
    [SENSOR_SOUND_PRESSURE] = {"sound_pressure", DRIVER_SOUND_PRESSURE, false, false},
    [SENSOR_PRESSURE] = {"pressure", DRIVER_PRESSURE, false, true},
    [SENSOR_MOISTURE] = {"moisture", DRIVER_MOISTURE, true, false},
    [SENSOR_RAINFALL] = {"rainfall", DRIVER_RAINFALL, true, false},
};

/* Per-process data in the grant. */
struct sensor_app {
    bool waiting;           /* gets the next result */
    bool on_interrupt;      /* proximity: only a result outside [low, high] */
    uint32_t low, high;
};

static struct sensor_capsule *sensor_of(const struct driver *d)
{
    return (struct sensor_capsule *)d->state;
}

static void sensor_done(void *client, uint32_t status, const int32_t value[3]);

static uint32_t sensor_start(struct sensor_capsule *s, uint32_t arg)
{
    if (s->reading)
        return TOCK_OK;
    uint32_t rc = s->hil->read(s->hil->ctx, arg, 0, sensor_done, s);
    s->reading = rc == TOCK_OK;
    return rc;
}

static bool wants(const struct sensor_app *app, int32_t v)
{
    if (!app->on_interrupt)
        return true;
    return v < (int32_t)app->low || v > (int32_t)app->high;
}

/* The HIL finished a reading: hand it to every process waiting for it, and read again
 * for processes still waiting for a proximity change. */
static void sensor_done(void *client, uint32_t status, const int32_t value[3])
{
    struct sensor_capsule *s = client;
    struct kernel *k = s->k;
    const struct sensor_kind_info *info = &kinds[s->kind];
    bool still_waiting = false;

    s->reading = false;
    for (uint32_t i = 0; i < k->process_count; i++) {
        struct process *p = &k->procs[i];
        if (!process_is_alive(p))
            continue;
        struct sensor_app *app = grant_peek(k, p, &s->driver);
        if (!app || !app->waiting)
            continue;
        if (status == TOCK_OK && !wants(app, value[0])) {
            still_waiting = true;
            continue;
        }
        app->waiting = false;
        app->on_interrupt = false;
        if (info->status_first)
            upcall_schedule(k, p, &s->driver, SENSOR_UPCALL_READING, status,
                            status == TOCK_OK ? (uint32_t)value[0] : 0, 0);
        else if (status == TOCK_OK)   /* as in Tock: a failed reading is not reported */
            upcall_schedule(k, p, &s->driver, SENSOR_UPCALL_READING, (uint32_t)value[0], 0, 0);
    }
    if (still_waiting)
        sensor_start(s, 0);
}

static struct syscall_return sensor_read(struct sensor_capsule *s, struct sensor_app *app,
                                         uint32_t arg, bool on_interrupt, uint32_t low,
                                         uint32_t high)
{
    if (s->reading && kinds[s->kind].busy_when_reading)
        return sr_failure(TOCK_BUSY);
    uint32_t rc = sensor_start(s, arg);
    if (rc != TOCK_OK)
        return sr_failure(rc);
    app->waiting = true;
    app->on_interrupt = on_interrupt;
    app->low = low;
    app->high = high;
    return sr_success();
}

static struct syscall_return sensor_command(struct kernel *k, const struct driver *d,
                                            struct process *p, uint32_t cmd, uint32_t arg0,
                                            uint32_t arg1)
{
    struct sensor_capsule *s = sensor_of(d);
    bool proximity = s->kind == SENSOR_PROXIMITY;
    bool sound = s->kind == SENSOR_SOUND_PRESSURE;

    if (cmd == SENSOR_CMD_EXISTS)
        return sr_success();
    if (sound && (cmd == SENSOR_CMD_ENABLE || cmd == SENSOR_CMD_DISABLE))
        return sr_success();   /* the model's microphone is always on */
    if (cmd != SENSOR_CMD_READ && !(proximity && cmd == SENSOR_CMD_READ_ON_INTERRUPT))
        return sr_failure(TOCK_NOSUPPORT);

    struct sensor_app *app = grant_enter(k, p, d);
    if (!app)
        return sr_failure(TOCK_NOMEM);
    if (cmd == SENSOR_CMD_READ)
        return sensor_read(s, app, s->kind == SENSOR_RAINFALL ? arg0 : 0, false, 0, 0);
    return sensor_read(s, app, 0, true, arg0, arg1);
}

static const char *sensor_command_name(uint32_t cmd)
{
    switch (cmd) {
    case SENSOR_CMD_EXISTS: return "exists";
    case SENSOR_CMD_READ: return "read";
    case SENSOR_CMD_READ_ON_INTERRUPT: return "read on interrupt / enable";
    case SENSOR_CMD_DISABLE: return "disable";
    default: return NULL;
    }
}

void sensor_capsule_init(struct sensor_capsule *s, struct kernel *k, enum sensor_kind kind,
                         const struct sensor_hil *hil)
{
    memset(s, 0, sizeof(*s));
    s->kind = kind;
    s->hil = hil;
    s->k = k;
    s->driver.num = kinds[kind].driver;
    s->driver.name = kinds[kind].name;
    s->driver.upcall_count = 1;
    s->driver.grant_size = sizeof(struct sensor_app);
    s->driver.state = s;
    s->driver.command = sensor_command;
    s->driver.command_name = sensor_command_name;
}

const char *sensor_kind_name(enum sensor_kind kind)
{
    return kind < SENSOR_KIND_COUNT ? kinds[kind].name : NULL;
}

uint32_t sensor_kind_driver(enum sensor_kind kind)
{
    return kind < SENSOR_KIND_COUNT ? kinds[kind].driver : 0;
}
