/* Button capsule, driver 0x3: see tock/capsules/button.h for the contract. */
#include "tock/capsules/button.h"

#include "tock/kstring.h"

/* Per-process data in the grant: bit i set = interrupts enabled for button i. */
struct button_app {
    uint32_t subscribe_map;
};

static struct button_capsule *button_of(const struct driver *d)
{
    return (struct button_capsule *)d->state;
}

static uint32_t button_count(const struct button_capsule *b)
{
    return b->hil->count < BUTTON_MAX ? b->hil->count : BUTTON_MAX;
}

static struct syscall_return button_set_enabled(struct kernel *k, const struct driver *d,
                                                struct process *p, uint32_t index, bool on)
{
    struct button_app *app = grant_enter(k, p, d);

    if (!app)
        return sr_failure(TOCK_NOMEM);
    if (on)
        app->subscribe_map |= 1u << index;
    else
        app->subscribe_map &= ~(1u << index);
    return sr_success();
}

static struct syscall_return button_command(struct kernel *k, const struct driver *d,
                                            struct process *p, uint32_t cmd,
                                            uint32_t arg0, uint32_t arg1)
{
    struct button_capsule *b = button_of(d);

    if (cmd == BUTTON_CMD_COUNT)
        return sr_success_u32(button_count(b));  /* Tock: count, not plain Success */
    if (cmd > BUTTON_CMD_READ)
        return sr_failure(TOCK_NOSUPPORT);
    if (arg0 >= button_count(b))
        return sr_failure(TOCK_INVAL);

    switch (cmd) {
    case BUTTON_CMD_ENABLE:
        return button_set_enabled(k, d, p, arg0, true);
    case BUTTON_CMD_DISABLE:
        return button_set_enabled(k, d, p, arg0, false);
    default: /* BUTTON_CMD_READ */
        return sr_success_u32(b->hil->read(b->hil->ctx, arg0) ? 1u : 0u);
    }
}

void button_capsule_event(struct button_capsule *b, struct kernel *k, uint32_t index,
                          bool pressed)
{
    if (index >= button_count(b))
        return;
    for (uint32_t i = 0; i < k->process_count; i++) {
        struct process *p = &k->procs[i];
        if (p->state == PROCESS_UNUSED)
            continue;
        struct button_app *app = grant_peek(k, p, &b->driver);
        if (app && (app->subscribe_map & (1u << index)))
            upcall_schedule(k, p, &b->driver, BUTTON_UPCALL_EVENT, index, pressed ? 1u : 0u, 0);
    }
}

static void button_process_event(struct kernel *k, const struct driver *d, struct process *p,
                                 enum process_event ev)
{
    struct button_app *app = grant_peek(k, p, d);

    if (ev != PROCESS_EVENT_STOPPED && app)
        app->subscribe_map = 0;
}

static const char *button_command_name(uint32_t cmd)
{
    switch (cmd) {
    case BUTTON_CMD_COUNT: return "count";
    case BUTTON_CMD_ENABLE: return "enable_interrupt";
    case BUTTON_CMD_DISABLE: return "disable_interrupt";
    case BUTTON_CMD_READ: return "read";
    default: return NULL;
    }
}

void button_capsule_init(struct button_capsule *b, const struct button_hil *hil)
{
    memset(b, 0, sizeof(*b));
    b->hil = hil;
    b->driver.num = DRIVER_BUTTON;
    b->driver.name = "button";
    b->driver.upcall_count = 1;
    b->driver.grant_size = sizeof(struct button_app);
    b->driver.state = b;
    b->driver.command = button_command;
    b->driver.process_event = button_process_event;
    b->driver.command_name = button_command_name;
}
