/* Alarm capsule, driver 0x0: see tock/capsules/alarm.h for the contract. */
#include "tock/capsules/alarm.h"

#include "tock/kstring.h"

/* Per-process alarm in the grant. The 64-bit deadline is kept as two words so the grant
 * allocator only has to guarantee 4-byte alignment. */
struct alarm_app {
    uint32_t armed;
    uint32_t deadline_lo, deadline_hi;  /* absolute tick at which it fires */
    uint32_t expiration;                /* low 32 bits of reference + dt, for the upcall */
};

static struct alarm_capsule *alarm_of(const struct driver *d)
{
    return (struct alarm_capsule *)d->state;
}

static uint64_t alarm_deadline(const struct alarm_app *app)
{
    return ((uint64_t)app->deadline_hi << 32) | app->deadline_lo;
}

static uint64_t alarm_now(const struct alarm_capsule *a)
{
    return a->hil->now(a->hil->ctx);
}

/* The most recent 64-bit time not after now whose low word is ref32 (Tock's rebasing of a
 * userspace reference onto a timer wider than 32 bits). May wrap below zero early on;
 * everything after it is wrapping arithmetic. */
static uint64_t alarm_rebase(uint64_t now, uint32_t ref32)
{
    uint64_t base = now - (uint32_t)now;

    if ((uint32_t)now < ref32)
        base -= (uint64_t)1 << 32;
    return base + ref32;
}

/* Arm app for [reference, reference + dt). Returns the low 32 bits of the expiration. */
static uint32_t alarm_set(struct alarm_app *app, uint64_t now, uint64_t reference, uint32_t dt)
{
    uint64_t elapsed = now - reference;
    uint64_t deadline;

    if (elapsed < dt) {
        deadline = now + (dt - elapsed);
    } else {
        /* Expired already (now is outside [reference, reference + dt)): its deadline is in
         * the past, which makes it fire at the next check, in expiration order. */
        uint64_t overdue = elapsed - dt;
        deadline = overdue > now ? 0 : now - overdue;
    }

    app->armed = 1;
    app->deadline_lo = (uint32_t)deadline;
    app->deadline_hi = (uint32_t)(deadline >> 32);
    app->expiration = (uint32_t)(reference + dt);
    return app->expiration;
}

/* The armed alarm with the earliest deadline (ties: lowest process slot), or NULL. */
static struct alarm_app *alarm_earliest(struct alarm_capsule *a, struct kernel *k,
                                        struct process **owner)
{
    struct alarm_app *best = NULL;

    for (uint32_t i = 0; i < k->process_count; i++) {
        struct process *p = &k->procs[i];
        if (p->state == PROCESS_UNUSED)
            continue;
        struct alarm_app *app = grant_peek(k, p, &a->driver);
        if (!app || !app->armed)
            continue;
        if (!best || alarm_deadline(app) < alarm_deadline(best)) {
            best = app;
            *owner = p;
        }
    }
    return best;
}

/* Fire every alarm whose deadline has passed, earliest first, then arm the HIL for the
 * next pending deadline or disarm it. */
static void alarm_rearm(struct alarm_capsule *a, struct kernel *k)
{
    uint64_t now = alarm_now(a);
    struct process *p = NULL;
    struct alarm_app *app;

    while ((app = alarm_earliest(a, k, &p)) != NULL && alarm_deadline(app) <= now) {
        app->armed = 0;
        upcall_schedule(k, p, &a->driver, ALARM_UPCALL_FIRED, (uint32_t)now,
                        app->expiration, 0);
    }
    if (app) {
        a->hil_armed = true;
        a->hil_deadline = alarm_deadline(app);
        a->hil->arm(a->hil->ctx, a->hil_deadline);
    } else {
        a->hil_armed = false;
        a->hil->disarm(a->hil->ctx);
    }
}

static struct syscall_return alarm_stop(struct alarm_capsule *a, struct kernel *k,
                                        struct alarm_app *app)
{
    if (!app->armed)
        return sr_failure(TOCK_ALREADY);
    app->armed = 0;
    alarm_rearm(a, k);
    return sr_success();
}

static struct syscall_return alarm_set_and_rearm(struct alarm_capsule *a, struct kernel *k,
                                                 struct alarm_app *app, uint64_t now,
                                                 uint64_t reference, uint32_t dt)
{
    uint32_t expiration = alarm_set(app, now, reference, dt);

    alarm_rearm(a, k);
    return sr_success_u32(expiration);
}

static struct syscall_return alarm_command(struct kernel *k, const struct driver *d,
                                           struct process *p, uint32_t cmd,
                                           uint32_t arg0, uint32_t arg1)
{
    struct alarm_capsule *a = alarm_of(d);
    struct alarm_app *app = grant_enter(k, p, d);

    if (!app)
        return sr_failure(TOCK_NOMEM);
    uint64_t now = alarm_now(a);
    switch (cmd) {
    case ALARM_CMD_EXISTS:
        return sr_success();
    case ALARM_CMD_FREQUENCY:
        return sr_success_u32(a->hil->frequency_hz);
    case ALARM_CMD_NOW:
        return sr_success_u32((uint32_t)now);
    case ALARM_CMD_STOP:
        return alarm_stop(a, k, app);
    case ALARM_CMD_SET_RELATIVE:
        return alarm_set_and_rearm(a, k, app, now, now, arg0);
    case ALARM_CMD_SET_ABSOLUTE:
        return alarm_set_and_rearm(a, k, app, now, alarm_rebase(now, arg0), arg1);
    case ALARM_CMD_DEPRECATED:
    default:
        return sr_failure(TOCK_NOSUPPORT);
    }
}

static void alarm_process_event(struct kernel *k, const struct driver *d, struct process *p,
                                enum process_event ev)
{
    struct alarm_capsule *a = alarm_of(d);
    struct alarm_app *app = grant_peek(k, p, d);

    if (ev == PROCESS_EVENT_STOPPED || !app || !app->armed)
        return;
    app->armed = 0;
    alarm_rearm(a, k);
}

static const char *alarm_command_name(uint32_t cmd)
{
    switch (cmd) {
    case ALARM_CMD_EXISTS: return "exists";
    case ALARM_CMD_FREQUENCY: return "frequency";
    case ALARM_CMD_NOW: return "now";
    case ALARM_CMD_STOP: return "stop";
    case ALARM_CMD_DEPRECATED: return "deprecated";
    case ALARM_CMD_SET_RELATIVE: return "set_relative";
    case ALARM_CMD_SET_ABSOLUTE: return "set_absolute";
    default: return NULL;
    }
}

void alarm_capsule_fire(struct alarm_capsule *a, struct kernel *k)
{
    alarm_rearm(a, k);
}

bool alarm_capsule_next_deadline(struct alarm_capsule *a, uint64_t *out)
{
    if (a->hil_armed && out)
        *out = a->hil_deadline;
    return a->hil_armed;
}

void alarm_capsule_init(struct alarm_capsule *a, const struct alarm_hil *hil)
{
    memset(a, 0, sizeof(*a));
    a->hil = hil;
    a->driver.num = DRIVER_ALARM;
    a->driver.name = "alarm";
    a->driver.upcall_count = 1;
    a->driver.grant_size = sizeof(struct alarm_app);
    a->driver.state = a;
    a->driver.command = alarm_command;
    a->driver.process_event = alarm_process_event;
    a->driver.command_name = alarm_command_name;
}
