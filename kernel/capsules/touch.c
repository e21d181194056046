/* Touch capsule, driver 0x90002: see tock/capsules/touch.h for the contract. */
#include "tock/capsules/touch.h"

#include "tock/kstring.h"

/* Per-process data in the grant (Tock's touch App). */
struct touch_app {
    uint32_t enabled;
    uint32_t multi_enabled, multi_ack;
    uint32_t delivered;             /* (status, x, y) hold the last event it got */
    uint32_t status, x, y;
};

static struct touch_capsule *touch_of(const struct driver *d)
{
    return (struct touch_capsule *)d->state;
}

/* The panel listens while some live process enabled single touch. */
static void touch_update_panel(struct touch_capsule *t, struct kernel *k)
{
    bool any = false;
    for (uint32_t i = 0; i < k->process_count && !any; i++) {
        struct process *p = &k->procs[i];
        struct touch_app *app = process_is_alive(p) ? grant_peek(k, p, &t->driver) : NULL;
        any = app && app->enabled;
    }
    t->hil->enable(t->hil->ctx, any);
}

static struct syscall_return touch_command(struct kernel *k, const struct driver *d,
                                           struct process *p, uint32_t cmd,
                                           uint32_t arg0, uint32_t arg1)
{
    struct touch_capsule *t = touch_of(d);
    struct touch_app *app;

    if (cmd == TOUCH_CMD_EXISTS)
        return sr_success();
    if (cmd == TOUCH_CMD_COUNT)
        return sr_success_u32(1);
    if (cmd != TOUCH_CMD_ENABLE && cmd != TOUCH_CMD_DISABLE && cmd != TOUCH_CMD_MULTI_ACK &&
        cmd != TOUCH_CMD_MULTI_ENABLE && cmd != TOUCH_CMD_MULTI_DISABLE)
        return sr_failure(TOCK_NOSUPPORT);
    app = grant_enter(k, p, d);
    if (!app)
        return sr_failure(TOCK_NOMEM);
    switch (cmd) {
    case TOUCH_CMD_ENABLE:
    case TOUCH_CMD_DISABLE:
        app->enabled = cmd == TOUCH_CMD_ENABLE;
        touch_update_panel(t, k);
        break;
    case TOUCH_CMD_MULTI_ACK:
        app->multi_ack = 1;
        break;
    default:
        app->multi_enabled = cmd == TOUCH_CMD_MULTI_ENABLE;
        break;
    }
    return sr_success();
}

void touch_capsule_event(struct touch_capsule *t, struct kernel *k, uint32_t status,
                         uint32_t x, uint32_t y)
{
    for (uint32_t i = 0; i < k->process_count; i++) {
        struct process *p = &k->procs[i];
        struct touch_app *app = process_is_alive(p) ? grant_peek(k, p, &t->driver) : NULL;
        if (!app || !app->enabled ||
            (app->delivered && app->status == status && app->x == x && app->y == y))
            continue;
        app->delivered = 1;
        app->status = status;
        app->x = x;
        app->y = y;
        upcall_schedule(k, p, &t->driver, TOUCH_UPCALL_SINGLE, status,
                        (x & 0xFFFF) << 16 | (y & 0xFFFF), 0);
    }
}

static void touch_process_event(struct kernel *k, const struct driver *d, struct process *p,
                                enum process_event ev)
{
    struct touch_app *app = grant_peek(k, p, d);
    if (ev != PROCESS_EVENT_STOPPED && app && app->enabled) {
        app->enabled = 0;
        touch_update_panel(touch_of(d), k);
    }
}

static const char *touch_command_name(uint32_t cmd)
{
    switch (cmd) {
    case TOUCH_CMD_EXISTS: return "exists";
    case TOUCH_CMD_ENABLE: return "enable";
    case TOUCH_CMD_DISABLE: return "disable";
    case TOUCH_CMD_MULTI_ACK: return "multi_touch_ack";
    case TOUCH_CMD_MULTI_ENABLE: return "multi_touch_enable";
    case TOUCH_CMD_MULTI_DISABLE: return "multi_touch_disable";
    case TOUCH_CMD_COUNT: return "touches";
    default: return NULL;
    }
}

void touch_capsule_init(struct touch_capsule *t, const struct touch_hil *hil)
{
    memset(t, 0, sizeof(*t));
    t->hil = hil;
    t->driver.num = DRIVER_TOUCH;
    t->driver.name = "touch";
    t->driver.upcall_count = 3;
    t->driver.allow_rw_count = 3;
    t->driver.grant_size = sizeof(struct touch_app);
    t->driver.state = t;
    t->driver.command = touch_command;
    t->driver.process_event = touch_process_event;
    t->driver.command_name = touch_command_name;
}
