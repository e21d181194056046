/* Screen capsule, driver 0x90001: see tock/capsules/screen.h for the contract. */
#include "tock/capsules/screen.h"

#include "tock/kstring.h"

static struct screen_capsule *screen_of(const struct driver *d)
{
    return (struct screen_capsule *)d->state;
}

uint32_t screen_format_bytes(enum screen_format f)
{
    switch (f) {
    case SCREEN_MONO: return 1;     /* 1 bit, rounded up to a byte as Tock does */
    case SCREEN_RGB_233: return 1;
    case SCREEN_RGB_565: return 2;
    case SCREEN_RGB_888: return 3;
    case SCREEN_ARGB_8888: return 4;
    default: return 1;
    }
}

/* The allowed pixels, checked as Tock checks them; *len is at most `want`. */
static uint32_t screen_pixels(struct screen_capsule *s, struct kernel *k, struct process *p,
                              uint32_t want, const uint8_t **data, uint32_t *len)
{
    uint32_t have = 0;
    *data = allowed_ro(k, p, &s->driver, SCREEN_ALLOW_RO_SHARED, &have);
    *len = *data ? (have < want ? have : want) : 0;
    if (*len == 0)
        return TOCK_NOMEM;
    if (*len % screen_format_bytes(s->hil->format(s->hil->ctx)) != 0)
        return TOCK_INVAL;
    return TOCK_OK;
}

static uint32_t screen_start(void *capsule, struct kernel *k, struct process *p,
                             struct queued_op *op)
{
    struct screen_capsule *s = capsule;
    const struct screen_hil *h = s->hil;
    const uint8_t *data;
    uint32_t len, st;

    switch (op->cmd) {
    case SCREEN_CMD_SET_POWER:
        return h->set_power(h->ctx, op->arg0 != 0);
    case SCREEN_CMD_SET_BRIGHTNESS:
        return h->set_brightness(h->ctx, op->arg0);
    case SCREEN_CMD_INVERT_ON:
    case SCREEN_CMD_INVERT_OFF:
        return h->set_invert(h->ctx, op->cmd == SCREEN_CMD_INVERT_ON);
    case SCREEN_CMD_SET_INVERT:
        return h->set_invert(h->ctx, op->arg0 != 0);
    case SCREEN_CMD_SET_ROTATION:
        return h->set_rotation(h->ctx, op->arg0 <= SCREEN_ROTATION_270
                                           ? (enum screen_rotation)op->arg0
                                           : SCREEN_ROTATION_NORMAL);
    case SCREEN_CMD_SET_RESOLUTION:
        return h->set_resolution(h->ctx, op->arg0, op->arg1);
    case SCREEN_CMD_SET_FORMAT:
        return h->set_format(h->ctx, (enum screen_format)op->arg0);
    case SCREEN_CMD_SET_FRAME:
        return h->set_write_frame(h->ctx, op->arg0 >> 16, op->arg0 & 0xFFFF, op->arg1 >> 16,
                                  op->arg1 & 0xFFFF);
    case SCREEN_CMD_WRITE:
        st = screen_pixels(s, k, p, op->arg0, &data, &len);
        return st != TOCK_OK ? st : h->write(h->ctx, data, len);
    case SCREEN_CMD_FILL:
        st = screen_pixels(s, k, p, UINT32_MAX, &data, &len);
        return st != TOCK_OK ? st : h->fill(h->ctx, data, screen_format_bytes(h->format(h->ctx)));
    default:
        return TOCK_NOSUPPORT;
    }
}

static struct syscall_return screen_getter(const struct screen_hil *h, uint32_t cmd,
                                           uint32_t arg0)
{
    uint32_t w = 0, hgt = 0;

    switch (cmd) {
    case SCREEN_CMD_RESOLUTION_COUNT:
        return sr_success_u32(h->resolution_count);
    case SCREEN_CMD_RESOLUTION_AT:
        if (arg0 >= h->resolution_count)
            return sr_failure(TOCK_INVAL);
        h->supported_resolution(h->ctx, arg0, &w, &hgt);
        return sr_success_2u32(w, hgt);
    case SCREEN_CMD_FORMAT_COUNT:
        return sr_success_u32(h->format_count);
    case SCREEN_CMD_FORMAT_AT:
        if (arg0 >= h->format_count)
            return sr_failure(TOCK_INVAL);
        return sr_success_u32(h->supported_format(h->ctx, arg0));
    case SCREEN_CMD_GET_ROTATION:
        return sr_success_u32(h->rotation(h->ctx));
    case SCREEN_CMD_GET_RESOLUTION:
        h->resolution(h->ctx, &w, &hgt);
        return sr_success_2u32(w, hgt);
    default:    /* SCREEN_CMD_GET_FORMAT */
        return sr_success_u32(h->format(h->ctx));
    }
}

static struct syscall_return screen_command(struct kernel *k, const struct driver *d,
                                            struct process *p, uint32_t cmd,
                                            uint32_t arg0, uint32_t arg1)
{
    struct screen_capsule *s = screen_of(d);

    switch (cmd) {
    case SCREEN_CMD_EXISTS:
        return sr_success();
    case SCREEN_CMD_HAS_SETUP:
        return sr_success_u32(1);
    case SCREEN_CMD_RESOLUTION_COUNT:
    case SCREEN_CMD_RESOLUTION_AT:
    case SCREEN_CMD_FORMAT_COUNT:
    case SCREEN_CMD_FORMAT_AT:
    case SCREEN_CMD_GET_ROTATION:
    case SCREEN_CMD_GET_RESOLUTION:
    case SCREEN_CMD_GET_FORMAT:
        return screen_getter(s->hil, cmd, arg0);
    case SCREEN_CMD_SET_FORMAT:
        if (arg0 >= SCREEN_FORMAT_COUNT)
            return sr_failure(TOCK_INVAL);
        return op_queue_submit(&s->queue, k, p, cmd, arg0, arg1);
    case SCREEN_CMD_SET_POWER:
    case SCREEN_CMD_SET_BRIGHTNESS:
    case SCREEN_CMD_INVERT_ON:
    case SCREEN_CMD_INVERT_OFF:
    case SCREEN_CMD_SET_INVERT:
    case SCREEN_CMD_SET_ROTATION:
    case SCREEN_CMD_SET_RESOLUTION:
    case SCREEN_CMD_SET_FRAME:
    case SCREEN_CMD_WRITE:
    case SCREEN_CMD_FILL:
        return op_queue_submit(&s->queue, k, p, cmd, arg0, arg1);
    default:
        return sr_failure(TOCK_NOSUPPORT);
    }
}

static void screen_process_event(struct kernel *k, const struct driver *d, struct process *p,
                                 enum process_event ev)
{
    (void)k;
    if (ev != PROCESS_EVENT_STOPPED)
        op_queue_forget(&screen_of(d)->queue, p);
}

static const char *screen_command_name(uint32_t cmd)
{
    switch (cmd) {
    case SCREEN_CMD_EXISTS: return "exists";
    case SCREEN_CMD_HAS_SETUP: return "has_setup";
    case SCREEN_CMD_SET_POWER: return "set_power";
    case SCREEN_CMD_SET_BRIGHTNESS: return "set_brightness";
    case SCREEN_CMD_INVERT_ON: return "invert_on";
    case SCREEN_CMD_INVERT_OFF: return "invert_off";
    case SCREEN_CMD_SET_INVERT: return "set_invert";
    case SCREEN_CMD_RESOLUTION_COUNT: return "resolution_count";
    case SCREEN_CMD_RESOLUTION_AT: return "resolution_at";
    case SCREEN_CMD_FORMAT_COUNT: return "format_count";
    case SCREEN_CMD_FORMAT_AT: return "format_at";
    case SCREEN_CMD_GET_ROTATION: return "get_rotation";
    case SCREEN_CMD_SET_ROTATION: return "set_rotation";
    case SCREEN_CMD_GET_RESOLUTION: return "get_resolution";
    case SCREEN_CMD_SET_RESOLUTION: return "set_resolution";
    case SCREEN_CMD_GET_FORMAT: return "get_pixel_format";
    case SCREEN_CMD_SET_FORMAT: return "set_pixel_format";
    case SCREEN_CMD_SET_FRAME: return "set_write_frame";
    case SCREEN_CMD_WRITE: return "write";
    case SCREEN_CMD_FILL: return "fill";
    default: return NULL;
    }
}

void screen_capsule_done(struct screen_capsule *s, struct kernel *k, uint32_t status)
{
    op_queue_done(&s->queue, k, status, 0, 0);
}

void screen_capsule_init(struct screen_capsule *s, const struct screen_hil *hil)
{
    memset(s, 0, sizeof(*s));
    s->hil = hil;
    s->driver.num = DRIVER_SCREEN;
    s->driver.name = "screen";
    s->driver.upcall_count = 1;
    s->driver.allow_ro_count = 1;
    s->driver.grant_size = sizeof(struct queued_op);
    s->driver.state = s;
    s->driver.command = screen_command;
    s->driver.process_event = screen_process_event;
    s->driver.command_name = screen_command_name;
    op_queue_init(&s->queue, &s->driver, s, screen_start, SCREEN_UPCALL_DONE, TOCK_BUSY, true);
}
