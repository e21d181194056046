/* Text screen capsule, driver 0x90003: see tock/capsules/text_screen.h for the contract. */
#include "tock/capsules/text_screen.h"

#include "tock/kstring.h"

static struct text_screen_capsule *text_screen_of(const struct driver *d)
{
    return (struct text_screen_capsule *)d->state;
}

static uint32_t text_screen_write(struct text_screen_capsule *t, struct kernel *k,
                                  struct process *p, uint32_t want)
{
    uint32_t have = 0;
    const uint8_t *text = allowed_ro(k, p, &t->driver, TEXT_SCREEN_ALLOW_RO_TEXT, &have);
    uint32_t len = text ? (have < want ? have : want) : 0;

    if (len == 0)
        return TOCK_NOMEM;
    t->written = len;
    return t->hil->print(t->hil->ctx, text, len);
}

/* The device operation of each command. */
static const enum text_screen_op control_ops[] = {
    [TEXT_SCREEN_CMD_ON] = TEXT_SCREEN_ON,
    [TEXT_SCREEN_CMD_OFF] = TEXT_SCREEN_OFF,
    [TEXT_SCREEN_CMD_BLINK_ON] = TEXT_SCREEN_BLINK_ON,
    [TEXT_SCREEN_CMD_BLINK_OFF] = TEXT_SCREEN_BLINK_OFF,
    [TEXT_SCREEN_CMD_SHOW_CURSOR] = TEXT_SCREEN_CURSOR_ON,
    [TEXT_SCREEN_CMD_HIDE_CURSOR] = TEXT_SCREEN_CURSOR_OFF,
    [TEXT_SCREEN_CMD_WRITE] = TEXT_SCREEN_ON,   /* unused */
    [TEXT_SCREEN_CMD_CLEAR] = TEXT_SCREEN_CLEAR,
    [TEXT_SCREEN_CMD_HOME] = TEXT_SCREEN_HOME,
};

static uint32_t text_screen_start(void *capsule, struct kernel *k, struct process *p,
                                  struct queued_op *op)
{
    struct text_screen_capsule *t = capsule;
    const struct text_screen_hil *h = t->hil;

    t->written = 0;
    switch (op->cmd) {
    case TEXT_SCREEN_CMD_GET_SIZE:
        upcall_schedule(k, p, &t->driver, TEXT_SCREEN_UPCALL_DONE, TOCK_OK, h->columns, h->rows);
        return OP_FINISHED;
    case TEXT_SCREEN_CMD_WRITE:
        return text_screen_write(t, k, p, op->arg0);
    case TEXT_SCREEN_CMD_SET_CURSOR:
        return h->set_cursor(h->ctx, op->arg0, op->arg1);
    default:
        return h->control(h->ctx, control_ops[op->cmd]);
    }
}

static struct syscall_return text_screen_command(struct kernel *k, const struct driver *d,
                                                 struct process *p, uint32_t cmd,
                                                 uint32_t arg0, uint32_t arg1)
{
    if (cmd == TEXT_SCREEN_CMD_EXISTS)
        return sr_success();
    if (cmd > TEXT_SCREEN_CMD_SET_CURSOR)
        return sr_failure(TOCK_NOSUPPORT);
    return op_queue_submit(&text_screen_of(d)->queue, k, p, cmd, arg0, arg1);
}

static void text_screen_process_event(struct kernel *k, const struct driver *d,
                                      struct process *p, enum process_event ev)
{
    (void)k;
    if (ev != PROCESS_EVENT_STOPPED)
        op_queue_forget(&text_screen_of(d)->queue, p);
}

static const char *text_screen_command_name(uint32_t cmd)
{
    static const char *const names[] = {"exists", "get_size", "display_on", "display_off",
                                        "blink_on", "blink_off", "show_cursor", "hide_cursor",
                                        "write", "clear", "home", "set_cursor"};
    return cmd < sizeof names / sizeof names[0] ? names[cmd] : NULL;
}

void text_screen_capsule_done(struct text_screen_capsule *t, struct kernel *k, uint32_t status)
{
    uint32_t written = t->written;
    t->written = 0;
    op_queue_done(&t->queue, k, status, written, 0);
}

void text_screen_capsule_init(struct text_screen_capsule *t, const struct text_screen_hil *hil)
{
    memset(t, 0, sizeof(*t));
    t->hil = hil;
    t->driver.num = DRIVER_TEXT_SCREEN;
    t->driver.name = "text_screen";
    t->driver.upcall_count = 1;
    t->driver.allow_ro_count = 1;
    t->driver.grant_size = sizeof(struct queued_op);
    t->driver.state = t;
    t->driver.command = text_screen_command;
    t->driver.process_event = text_screen_process_event;
    t->driver.command_name = text_screen_command_name;
    op_queue_init(&t->queue, &t->driver, t, text_screen_start, TEXT_SCREEN_UPCALL_DONE,
                  TOCK_BUSY, true);
}
