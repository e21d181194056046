/* Date and time capsule, driver 0x90007: see tock/capsules/date_time.h for the contract. */
#include "tock/capsules/date_time.h"

#include "tock/kstring.h"

/* Per-process data in the grant (Tock's AppData). */
struct date_time_app {
    bool waiting;   /* answered when the request in flight completes */
};

static struct date_time_capsule *date_time_of(const struct driver *d)
{
    return (struct date_time_capsule *)d->state;
}

static uint32_t date_word(const struct date_time *dt)
{
    return (uint32_t)dt->year << 9 | (uint32_t)dt->month << 5 | dt->day;
}

static uint32_t time_word(const struct date_time *dt)
{
    return (uint32_t)dt->day_of_week << 17 | (uint32_t)dt->hour << 12 |
           (uint32_t)dt->minute << 6 | dt->seconds;
}

/* The two words into a date, with Tock's range checks; false: INVAL. */
static bool unpack(uint32_t date, uint32_t time, struct date_time *out)
{
    *out = (struct date_time){
        .year = (uint16_t)((date >> 9) & 0xFFF),
        .month = (uint8_t)((date >> 5) & 0xF),
        .day = (uint8_t)(date & 0x1F),
        .day_of_week = (uint8_t)((time >> 17) & 0x7),
        .hour = (uint8_t)((time >> 12) & 0x1F),
        .minute = (uint8_t)((time >> 6) & 0x3F),
        .seconds = (uint8_t)(time & 0x3F),
    };
    return out->month >= 1 && out->month <= 12 && out->day_of_week <= 6 && out->hour <= 24 &&
           out->minute <= 60 && out->seconds <= 60;
}

static struct syscall_return start(struct date_time_capsule *c, uint32_t cmd, uint32_t arg0,
                                   uint32_t arg1)
{
    uint32_t status;
    if (cmd == DATE_TIME_CMD_READ) {
        status = c->hil->read(c->hil->ctx);
    } else {
        struct date_time dt;
        if (!unpack(arg0, arg1, &dt))
            return sr_failure(TOCK_INVAL);
        status = c->hil->set(c->hil->ctx, &dt);
    }
    if (status != TOCK_OK)
        return sr_failure(status);
    c->in_flight = true;
    return sr_success();
}

static struct syscall_return date_time_command(struct kernel *k, const struct driver *d,
                                               struct process *p, uint32_t cmd, uint32_t arg0,
                                               uint32_t arg1)
{
    struct date_time_capsule *c = date_time_of(d);
    if (cmd == DATE_TIME_CMD_EXISTS)
        return sr_success();
    if (cmd != DATE_TIME_CMD_READ && cmd != DATE_TIME_CMD_SET)
        return sr_failure(TOCK_NOSUPPORT);
    struct date_time_app *app = grant_enter(k, p, d);
    if (!app)
        return sr_failure(TOCK_FAIL);   /* Tock: a grant that cannot be entered is FAIL */
    app->waiting = true;
    if (c->in_flight)
        return sr_success();   /* answered with the request in flight */
    return start(c, cmd, arg0, arg1);
}

void date_time_capsule_done(struct date_time_capsule *c, struct kernel *k, uint32_t status,
                            const struct date_time *now)
{
    c->in_flight = false;
    uint32_t date = 0, time = 0;
    if (status == TOCK_OK && now) {
        date = date_word(now);
        time = time_word(now);
    }
    for (uint32_t i = 0; i < k->process_count; i++) {
        struct process *p = &k->procs[i];
        if (p->state == PROCESS_UNUSED)
            continue;
        struct date_time_app *app = grant_peek(k, p, &c->driver);
        if (!app || !app->waiting)
            continue;
        app->waiting = false;
        upcall_schedule(k, p, &c->driver, DATE_TIME_UPCALL_DONE, status, date, time);
    }
}

static void date_time_process_event(struct kernel *k, const struct driver *d, struct process *p,
                                    enum process_event ev)
{
    struct date_time_app *app = grant_peek(k, p, d);
    if (ev != PROCESS_EVENT_STOPPED && app)
        app->waiting = false;
}

static const char *date_time_command_name(uint32_t cmd)
{
    switch (cmd) {
    case DATE_TIME_CMD_EXISTS: return "exists";
    case DATE_TIME_CMD_READ: return "read";
    case DATE_TIME_CMD_SET: return "set";
    default: return NULL;
    }
}

void date_time_capsule_init(struct date_time_capsule *c, const struct date_time_hil *hil)
{
    memset(c, 0, sizeof(*c));
    c->hil = hil;
    c->driver.num = DRIVER_DATE_TIME;
    c->driver.name = "date_time";
    c->driver.upcall_count = 1;
    c->driver.grant_size = sizeof(struct date_time_app);
    c->driver.state = c;
    c->driver.command = date_time_command;
    c->driver.process_event = date_time_process_event;
    c->driver.command_name = date_time_command_name;
}
