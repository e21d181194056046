/* Relay message capsule, driver 0xA0011: see relay_message.h for the contract. */
#include "relay_message.h"

#include "relay_common.h"
#include "tock/kstring.h"

#define SLICE_KNOWN_FLAGS (RELAY_SLICE_FLAG_EXCEEDED | RELAY_SLICE_FLAG_HALT)

/* Per-process data in the grant. */
struct message_app {
    bool receiving;
    bool accept_any;
};

/* A receiver's slice as read from its header just now. */
struct slice {
    uint8_t *buf;
    uint32_t len;           /* whole buffer, header included (>= RELAY_SLICE_HEADER) */
    uint16_t flags;
    uint32_t offset;        /* as the app left it: not trusted */
};

/* TOCK_OK when [buf, buf+len) holds a v0 header the kernel may append after. */
static uint32_t slice_check(const uint8_t *buf, uint32_t len)
{
    if (len < RELAY_SLICE_HEADER)
        return TOCK_SIZE;
    if (relay_get16(buf) != 0 || (relay_get16(buf + 2) & ~SLICE_KNOWN_FLAGS) != 0)
        return TOCK_INVAL;
    return TOCK_OK;
}

static bool slice_open(struct kernel *k, const struct driver *d, struct process *r,
                       struct slice *s)
{
    s->buf = allowed_rw(k, r, d, RELAY_MESSAGE_ALLOW_RW_SLICE, &s->len);
    if (!s->buf || slice_check(s->buf, s->len) != TOCK_OK)
        return false;
    s->flags = relay_get16(s->buf + 2);
    s->offset = relay_get32(s->buf + 4);
    return true;
}

static void slice_set_flag(struct slice *s, uint16_t flag)
{
    s->flags |= flag;
    relay_put16(s->buf + 2, s->flags);
}

/* Append one record; TOCK_SIZE (and E set) when it does not fit or the slice is halted. */
static uint32_t slice_append(struct slice *s, uint64_t sender, const uint8_t *payload,
                             uint32_t len)
{
    const uint16_t halted = RELAY_SLICE_FLAG_EXCEEDED | RELAY_SLICE_FLAG_HALT;
    uint32_t data_len = s->len - RELAY_SLICE_HEADER;
    uint64_t padded = ((uint64_t)len + 3u) & ~(uint64_t)3u;
    uint64_t need = RELAY_RECORD_HEADER + padded;

    if ((s->flags & halted) == halted)
        return TOCK_SIZE;
    if (s->offset > data_len || need > data_len - s->offset) {
        slice_set_flag(s, RELAY_SLICE_FLAG_EXCEEDED);
        return TOCK_SIZE;
    }
    uint8_t *rec = s->buf + RELAY_SLICE_HEADER + s->offset;
    relay_put64(rec, sender);
    relay_put32(rec + 8, len);
    if (len > 0)
        memcpy(rec + RELAY_RECORD_HEADER, payload, len);
    memset(rec + RELAY_RECORD_HEADER + len, 0, (size_t)(padded - len));
    s->offset += (uint32_t)need;
    relay_put32(s->buf + 4, s->offset);
    return TOCK_OK;
}

/* Whether receiver r (with data rapp) takes messages from sender now. */
static bool accepts(struct kernel *k, const struct driver *d, struct process *r,
                    const struct message_app *rapp, uint64_t sender)
{
    if (!rapp || !rapp->receiving)
        return false;
    if (rapp->accept_any)
        return true;
    uint32_t len = 0;
    const uint8_t *list = allowed_ro(k, r, d, RELAY_MESSAGE_ALLOW_RO_ALLOWLIST, &len);
    return relay_list_has(list, len, sender);
}

static struct syscall_return message_send(struct kernel *k, const struct driver *d,
                                          struct process *p, uint64_t to)
{
    struct process *r;
    struct message_app *rapp = relay_find(k, d, to, &r);
    uint64_t me = ipc_id_of(p);
    struct slice s;

    if (r == p)
        return sr_failure(TOCK_INVAL);
    if (!r || !accepts(k, d, r, rapp, me) || !slice_open(k, d, r, &s)) {
        RELAY_HOP(k, p, to, "message refused", "message refused: not receiving\n");
        return sr_failure(TOCK_NODEVICE);
    }

    uint32_t len = 0;
    const uint8_t *payload = allowed_ro(k, p, d, RELAY_MESSAGE_ALLOW_RO_PAYLOAD, &len);
    uint32_t at = s.offset;
    uint32_t status = slice_append(&s, me, payload, len);
    if (status != TOCK_OK) {
        RELAY_HOP(k, p, to, "message dropped", "message %u bytes dropped: no room\n",
                  (unsigned)len);
        return sr_failure(status);
    }
    upcall_schedule(k, r, d, RELAY_MESSAGE_UPCALL_RECEIVED, s.offset, 0, 0);
    RELAY_HOP(k, p, to, "message", "message %u bytes at offset %u\n", (unsigned)len,
              (unsigned)at);
    return sr_success();
}

/* ---- driver --------------------------------------------------------------------------- */

static struct syscall_return relay_message_command(struct kernel *k, const struct driver *d,
                                                   struct process *p, uint32_t cmd,
                                                   uint32_t arg0, uint32_t arg1)
{
    struct message_app *app = grant_enter(k, p, d);

    if (!app)
        return sr_failure(TOCK_NOMEM);
    switch (cmd) {
    case RELAY_MESSAGE_CMD_EXISTS:
        return sr_success();
    case RELAY_MESSAGE_CMD_ENABLE:
        app->receiving = true;
        app->accept_any = (arg0 & RELAY_MESSAGE_ACCEPT_ANY) != 0;
        return sr_success();
    case RELAY_MESSAGE_CMD_DISABLE:
        app->receiving = false;
        return sr_success();
    case RELAY_MESSAGE_CMD_SEND:
        return message_send(k, d, p, ipc_id_join(arg0, arg1));
    default:
        return sr_failure(TOCK_NOSUPPORT);
    }
}

/* A new slice must carry a header the kernel understands; the null buffer is always fine. */
static uint32_t relay_message_allow_check(struct kernel *k, const struct driver *d,
                                          struct process *p, uint32_t kind, uint32_t num,
                                          uint32_t addr, uint32_t len)
{
    if (kind != SYSCALL_ALLOW_RW || num != RELAY_MESSAGE_ALLOW_RW_SLICE || len == 0)
        return TOCK_OK;
    const uint8_t *buf = process_ram_ptr(p, addr, len);
    return buf ? slice_check(buf, len) : TOCK_INVAL;
}

/* Tell every receiver that lists p that this instance of p is gone. */
static void relay_message_process_event(struct kernel *k, const struct driver *d,
                                        struct process *p, enum process_event ev)
{
    if (ev == PROCESS_EVENT_STOPPED)
        return;
    uint64_t gone = ipc_id_of(p);

    for (uint32_t i = 0; i < k->process_count; i++) {
        struct process *r;
        uint32_t len = 0;
        if (!relay_slot(k, d, i, &r) || r == p)
            continue;
        const uint8_t *list = allowed_ro(k, r, d, RELAY_MESSAGE_ALLOW_RO_ALLOWLIST, &len);
        if (!relay_list_has(list, len, gone))
            continue;
        upcall_schedule(k, r, d, RELAY_MESSAGE_UPCALL_SENDER_GONE, ipc_id_lo(gone),
                        ipc_id_hi(gone), 0);
        RELAY_HOP(k, p, ipc_id_of(r), "listed sender gone", "listed sender gone\n");
    }
}

static const char *relay_message_command_name(uint32_t cmd)
{
    switch (cmd) {
    case RELAY_MESSAGE_CMD_EXISTS: return "exists";
    case RELAY_MESSAGE_CMD_ENABLE: return "enable";
    case RELAY_MESSAGE_CMD_DISABLE: return "disable";
    case RELAY_MESSAGE_CMD_SEND: return "send";
    default: return NULL;
    }
}

void relay_message_capsule_init(struct relay_message_capsule *c)
{
    memset(c, 0, sizeof(*c));
    c->driver.num = DRIVER_RELAY_MESSAGE;
    c->driver.name = "relay_message";
    c->driver.upcall_count = 2;
    c->driver.allow_ro_count = 2;
    c->driver.allow_rw_count = 1;
    c->driver.grant_size = sizeof(struct message_app);
    c->driver.state = c;
    c->driver.command = relay_message_command;
    c->driver.allow_check = relay_message_allow_check;
    c->driver.process_event = relay_message_process_event;
    c->driver.command_name = relay_message_command_name;
}
