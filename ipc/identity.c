/* Identity driver 0xA0002: see identity.h. */
#include "identity.h"

#include "ipc_id.h"
#include "ipc_trace.h"
#include "tock/kstring.h"

/* "[ipc] p(id): op 0x<id> -> " with the rest of the line left to the caller. */
static void trace_begin(struct kernel *k, const struct process *p, const char *op, uint64_t id)
{
    kprintf(k, "[ipc] %s(%u): %s 0x%llx -> ", p->name, (unsigned)p->id, op,
            (unsigned long long)id);
}

static struct syscall_return identity_short_id(struct kernel *k, struct process *p, uint64_t id)
{
    struct process *target = ipc_process_of(k, id);
    if (ipc_tracing(k)) {
        trace_begin(k, p, "identity", id);
        if (target)
            kprintf(k, "%s(%u) short 0x%x\n", target->name, (unsigned)target->id,
                    (unsigned)target->short_id);
        else
            kprintf(k, "NODEVICE\n");
    }
    if (!target)
        return sr_failure(TOCK_NODEVICE);
    return sr_success_u32_u64(target->short_id, id);
}

static struct syscall_return identity_app_id(struct kernel *k, const struct driver *d,
                                             struct process *p, uint64_t id)
{
    struct process *target = ipc_process_of(k, id);
    if (!target) {
        if (ipc_tracing(k)) {
            trace_begin(k, p, "app-id", id);
            kprintf(k, "NODEVICE\n");
        }
        return sr_failure(TOCK_NODEVICE);
    }

    uint32_t room = 0;
    uint8_t *buf = allowed_rw(k, p, d, IDENTITY_ALLOW_RW_APP_ID, &room);
    uint32_t full = target->app_identifier_len;
    uint32_t n = full < room ? full : room;
    if (n > 0)
        memcpy(buf, target->app_identifier, n);
    if (ipc_tracing(k)) {
        char quoted[IPC_TRACE_QUOTE_MAX];
        ipc_trace_quote(quoted, sizeof quoted, target->app_identifier, full);
        trace_begin(k, p, "app-id", id);
        kprintf(k, "%s (%u of %u bytes)\n", quoted, (unsigned)n, (unsigned)full);
    }
    if (n < full)
        return sr_failure_u32(TOCK_SIZE, full);
    return sr_success_u32(full);
}

/* The live process whose application identifier is exactly want[0..len), or NULL. */
static struct process *find_app_id(struct kernel *k, const uint8_t *want, uint32_t len)
{
    if (len == 0)
        return NULL;
    for (uint32_t i = 0; i < k->process_count; i++) {
        struct process *q = &k->procs[i];
        if (process_is_alive(q) && q->app_identifier_len == len &&
            memcmp(q->app_identifier, want, len) == 0)
            return q;
    }
    return NULL;
}

static struct syscall_return identity_find(struct kernel *k, const struct driver *d,
                                           struct process *p)
{
    uint32_t len = 0;
    const uint8_t *want = allowed_ro(k, p, d, IDENTITY_ALLOW_RO_APP_ID, &len);
    struct process *target = want ? find_app_id(k, want, len) : NULL;
    if (ipc_tracing(k)) {
        char quoted[IPC_TRACE_QUOTE_MAX];
        ipc_trace_quote(quoted, sizeof quoted, want, want ? len : 0);
        kprintf(k, "[ipc] %s(%u): find app-id %s -> ", p->name, (unsigned)p->id, quoted);
        if (target)
            kprintf(k, "%s(%u)\n", target->name, (unsigned)target->id);
        else
            kprintf(k, "NODEVICE\n");
    }
    if (!target)
        return sr_failure(TOCK_NODEVICE);
    return sr_success_u64(ipc_id_of(target));
}

static struct syscall_return identity_command(struct kernel *k, const struct driver *d,
                                              struct process *p, uint32_t cmd, uint32_t arg0,
                                              uint32_t arg1)
{
    switch (cmd) {
    case IDENTITY_CMD_EXISTS:
        return sr_success();
    case IDENTITY_CMD_SHORT_ID:
        return identity_short_id(k, p, ipc_id_join(arg0, arg1));
    case IDENTITY_CMD_APP_ID:
        return identity_app_id(k, d, p, ipc_id_join(arg0, arg1));
    case IDENTITY_CMD_FIND_APP_ID:
        return identity_find(k, d, p);
    default:
        return sr_failure(TOCK_NOSUPPORT);
    }
}

static const char *identity_command_name(uint32_t cmd)
{
    switch (cmd) {
    case IDENTITY_CMD_EXISTS: return "exists";
    case IDENTITY_CMD_SHORT_ID: return "short_id";
    case IDENTITY_CMD_APP_ID: return "app_id";
    case IDENTITY_CMD_FIND_APP_ID: return "find_app_id";
    default: return NULL;
    }
}

void identity_init(struct identity *c)
{
    memset(c, 0, sizeof *c);
    c->driver.num = DRIVER_IPC_IDENTITY;
    c->driver.name = "ipc_identity";
    c->driver.allow_ro_count = 1;
    c->driver.allow_rw_count = 1;
    c->driver.state = c;
    c->driver.command = identity_command;
    c->driver.command_name = identity_command_name;
}
