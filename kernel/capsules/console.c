/* Console capsule, driver 0x1: see tock/capsules/console.h for the contract. */
#include "tock/capsules/console.h"

#include "tock/kstring.h"

/* Per-process data in the grant (Tock's console App). */
struct console_app {
    uint32_t write_len;     /* bytes of the last write */
    uint32_t read_len;      /* bytes the last read asked for */
};

static struct console_capsule *console_of(const struct driver *d)
{
    return (struct console_capsule *)d->state;
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
    return a < b ? a : b;
}

/* ---- write ---------------------------------------------------------------------------- */

static struct syscall_return console_write(struct console_capsule *c, struct kernel *k,
                                           struct process *p, struct console_app *app,
                                           uint32_t want)
{
    uint32_t ro_len = 0;
    const uint8_t *buf = allowed_ro(k, p, &c->driver, CONSOLE_ALLOW_RO_WRITE, &ro_len);
    uint32_t len = buf ? min_u32(want, ro_len) : 0;

    app->write_len = len;
    if (len > 0)
        c->hil->write(c->hil->ctx, p, buf, len);
    upcall_schedule(k, p, &c->driver, CONSOLE_UPCALL_WRITE_DONE, len, 0, 0);
    return sr_success();
}

/* ---- read ----------------------------------------------------------------------------- */

static void console_rx_reset(struct console_capsule *c)
{
    c->rx_reader = 0;
    c->rx_len = 0;
    c->rx_pos = 0;
}

/* Hand the received bytes to the reader through the buffer it has allowed now. */
static void console_rx_complete(struct console_capsule *c, struct kernel *k, uint32_t status)
{
    struct process *p = kernel_process_by_id(k, c->rx_reader);
    uint32_t received = c->rx_pos;

    console_rx_reset(c);
    if (!p || !process_is_alive(p))
        return;

    uint32_t rw_len = 0;
    uint8_t *buf = allowed_rw(k, p, &c->driver, CONSOLE_ALLOW_RW_READ, &rw_len);
    if (!buf)
        rw_len = 0;
    uint32_t count = min_u32(received, rw_len);
    if (count > 0)
        memcpy(buf, c->rx_buf, count);
    if (received > rw_len)
        status = TOCK_SIZE;     /* the buffer shrank: some bytes were dropped */
    upcall_schedule(k, p, &c->driver, CONSOLE_UPCALL_READ_DONE, status, count, 0);
}

static struct syscall_return console_read(struct console_capsule *c, struct kernel *k,
                                          struct process *p, struct console_app *app,
                                          uint32_t want)
{
    if (c->rx_reader != 0)
        return sr_failure(TOCK_BUSY);

    uint32_t rw_len = 0;
    if (!allowed_rw(k, p, &c->driver, CONSOLE_ALLOW_RW_READ, &rw_len))
        rw_len = 0;
    uint32_t len = min_u32(want, rw_len);
    if (len > CONSOLE_RX_BUF)
        return sr_failure(TOCK_INVAL);
    if (len == 0)
        return sr_failure(TOCK_SIZE);

    app->read_len = len;
    c->rx_reader = p->id;
    c->rx_len = len;
    c->rx_pos = 0;
    return sr_success();
}

static struct syscall_return console_abort(struct console_capsule *c, struct kernel *k,
                                           struct process *p)
{
    if (c->rx_reader != 0 && c->rx_reader == p->id)
        console_rx_complete(c, k, TOCK_CANCEL);
    return sr_success();
}

void console_capsule_receive(struct console_capsule *c, struct kernel *k,
                             const uint8_t *bytes, uint32_t len)
{
    if (c->rx_reader == 0 || len == 0)
        return;             /* no receive posted: the bytes are lost, as on a UART */

    uint32_t n = min_u32(len, c->rx_len - c->rx_pos);
    memcpy(c->rx_buf + c->rx_pos, bytes, n);
    c->rx_pos += n;
    if (c->rx_pos == c->rx_len)
        console_rx_complete(c, k, TOCK_OK);
}

uint32_t console_capsule_rx_wanted(const struct console_capsule *c)
{
    return c->rx_reader != 0 ? c->rx_len - c->rx_pos : 0;
}

/* ---- driver --------------------------------------------------------------------------- */

static struct syscall_return console_command(struct kernel *k, const struct driver *d,
                                             struct process *p, uint32_t cmd,
                                             uint32_t arg0, uint32_t arg1)
{
    struct console_capsule *c = console_of(d);
    struct console_app *app = grant_enter(k, p, d);

    if (!app)
        return sr_failure(TOCK_NOMEM);
    switch (cmd) {
    case CONSOLE_CMD_EXISTS:
        return sr_success();
    case CONSOLE_CMD_WRITE:
        return console_write(c, k, p, app, arg0);
    case CONSOLE_CMD_READ:
        return console_read(c, k, p, app, arg0);
    case CONSOLE_CMD_ABORT_READ:
        return console_abort(c, k, p);
    default:
        return sr_failure(TOCK_NOSUPPORT);
    }
}

static void console_process_event(struct kernel *k, const struct driver *d, struct process *p,
                                  enum process_event ev)
{
    struct console_capsule *c = console_of(d);

    if (ev != PROCESS_EVENT_STOPPED && c->rx_reader != 0 && c->rx_reader == p->id)
        console_rx_reset(c);    /* the reader is gone: its read ends without an upcall */
}

static const char *console_command_name(uint32_t cmd)
{
    switch (cmd) {
    case CONSOLE_CMD_EXISTS: return "exists";
    case CONSOLE_CMD_WRITE: return "write";
    case CONSOLE_CMD_READ: return "read";
    case CONSOLE_CMD_ABORT_READ: return "abort_read";
    default: return NULL;
    }
}

void console_capsule_init(struct console_capsule *c, const struct console_hil *hil)
{
    memset(c, 0, sizeof(*c));
    c->hil = hil;
    c->driver.num = DRIVER_CONSOLE;
    c->driver.name = "console";
    c->driver.upcall_count = 3;     /* Tock: indices 1 and 2 used, so 3 slots */
    c->driver.allow_ro_count = 2;
    c->driver.allow_rw_count = 2;
    c->driver.grant_size = sizeof(struct console_app);
    c->driver.state = c;
    c->driver.command = console_command;
    c->driver.process_event = console_process_event;
    c->driver.command_name = console_command_name;
}
