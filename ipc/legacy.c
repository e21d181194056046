/* Legacy IPC, driver 0x10000: see legacy.h for the contract. */
#include "legacy.h"

#include <stdbool.h>
#include <stddef.h>

#include "ipc_trace.h"
#include "tock/kstring.h"

static struct legacy_ipc *ipc_of(const struct driver *d)
{
    return (struct legacy_ipc *)d->state;
}

/* p's grant record for this driver (upcall and allow slots); false if it never used it. */
static bool grant_of(struct kernel *k, struct process *p, const struct driver *d,
                     struct grant *out)
{
    uint32_t i;
    return kernel_find_driver(k, d->num, &i) && grant_view(k, p, i, out);
}

/* The live process in table slot `index`, or NULL. */
static struct process *process_at(struct kernel *k, uint32_t index)
{
    if (index >= k->process_count)
        return NULL;
    struct process *p = &k->procs[index];
    return process_is_alive(p) ? p : NULL;
}

static bool package_name_is(const struct process *p, const uint8_t *name, uint32_t len)
{
    return p->tbf.has_package_name && p->tbf.package_name_len == len &&
           memcmp(p->tbf.package_name, name, len) == 0;
}

static struct syscall_return legacy_discover(struct kernel *k, const struct driver *d,
                                             struct process *p)
{
    uint32_t len;
    const uint8_t *name = allowed_ro(k, p, d, LEGACY_IPC_ALLOW_RO_SEARCH, &len);
    if (!name)
        return sr_failure(TOCK_INVAL);
    char quoted[IPC_TRACE_QUOTE_MAX];
    if (ipc_tracing(k))
        ipc_trace_quote(quoted, sizeof quoted, name, len);
    for (uint32_t i = 0; i < k->process_count; i++) {
        struct process *q = &k->procs[i];
        if (process_is_alive(q) && package_name_is(q, name, len)) {
            if (ipc_tracing(k))
                kprintf(k, "[ipc] %s(%u): legacy discover %s -> index %u\n", p->name,
                        (unsigned)p->id, quoted, (unsigned)i);
            return sr_success_u32(i);
        }
    }
    if (ipc_tracing(k))
        kprintf(k, "[ipc] %s(%u): legacy discover %s -> none\n", p->name, (unsigned)p->id,
                quoted);
    return sr_failure(TOCK_NODEVICE);
}

/* Notify the process at index `target_index`: a service notify (to_service) lands on the
 * target's own-index upcall, a client notify on the caller's index. Either way the upcall
 * carries the buffer the caller shares with the target, mapped into the target first. */
static struct syscall_return legacy_notify(struct kernel *k, const struct driver *d,
                                           struct process *caller, uint32_t target_index,
                                           bool to_service)
{
    struct legacy_ipc *ipc = ipc_of(d);
    struct process *target = process_at(k, target_index);
    struct grant cg;
    if (!target || !grant_of(k, caller, d, &cg) || target_index >= ipc->max_procs ||
        caller->index >= ipc->max_procs)
        return sr_failure(TOCK_INVAL);

    uint32_t sub = to_service ? target->index : caller->index;
    if (to_service) {
        /* Older libtock-c registered services on subscribe 0. */
        struct grant tg;
        if (grant_of(k, target, d, &tg) && tg.upcalls[sub].fn == 0 && tg.upcalls[0].fn != 0)
            sub = 0;
    }

    struct allow_slot s = cg.allow_rw[target->index];
    uint32_t addr = 0, len = 0;
    if (s.len && process_ram_ptr(caller, s.addr, s.len)) {
        addr = s.addr;
        len = s.len;
    }
    if (len && target != caller) {
        if (!k->cpu->share_memory)
            return sr_failure(TOCK_NOSUPPORT);
        if (k->cpu->share_memory(k->cpu_ctx, caller, addr, len, target) != 0)
            return sr_failure(TOCK_FAIL);
    }
    uint32_t err = upcall_schedule(k, target, d, sub, caller->index, len, addr);
    if (ipc_tracing(k))
        kprintf(k, "[ipc] %s(%u): legacy notify %s %s(%u) (index %u) upcall %u, buffer "
                   "0x%08x+%u%s\n",
                caller->name, (unsigned)caller->id, to_service ? "service" : "client",
                target->name, (unsigned)target->id, (unsigned)target->index, (unsigned)sub,
                (unsigned)addr, (unsigned)len, err == TOCK_OK ? "" : ": not queued");
    if (err != TOCK_OK)
        return sr_failure(err == TOCK_OFF ? TOCK_INVAL : err);
    return sr_success();
}

static struct syscall_return legacy_command(struct kernel *k, const struct driver *d,
                                            struct process *p, uint32_t cmd, uint32_t arg0,
                                            uint32_t arg1)
{
    (void)arg1;
    if (cmd == LEGACY_IPC_CMD_EXISTS)
        return sr_success();
    if (cmd > LEGACY_IPC_CMD_NOTIFY_CLIENT)
        return sr_failure(TOCK_NOSUPPORT);
    if (!grant_enter(k, p, d))
        return sr_failure(TOCK_NOMEM);
    switch (cmd) {
    case LEGACY_IPC_CMD_DISCOVER:
        return legacy_discover(k, d, p);
    case LEGACY_IPC_CMD_NOTIFY_SERVICE:
        return legacy_notify(k, d, p, arg0, true);
    default:
        return legacy_notify(k, d, p, arg0, false);
    }
}

/* A process replaces the buffer it shares with the process at index num: the target loses
 * the pages of the old one (the next notify maps the new one). */
static uint32_t legacy_allow_check(struct kernel *k, const struct driver *d, struct process *p,
                                   uint32_t kind, uint32_t num, uint32_t addr, uint32_t len)
{
    if (kind != SYSCALL_ALLOW_RW || !k->cpu->share_memory || num >= k->process_count)
        return TOCK_OK;
    struct grant g;
    struct process *target = &k->procs[num];
    if (!grant_of(k, p, d, &g) || target == p)
        return TOCK_OK;
    struct allow_slot old = g.allow_rw[num];
    if (old.len && (old.addr != addr || old.len != len))
        k->cpu->share_memory(k->cpu_ctx, p, 0, 0, target);
    return TOCK_OK;
}

/* Exit, fault, restart: every page p gave or was given is taken back. */
static void legacy_process_event(struct kernel *k, const struct driver *d, struct process *p,
                                 enum process_event ev)
{
    (void)d;
    if (ev == PROCESS_EVENT_STOPPED || !k->cpu->share_memory)
        return;
    k->cpu->share_memory(k->cpu_ctx, p, 0, 0, NULL);
}

static const char *legacy_command_name(uint32_t cmd)
{
    switch (cmd) {
    case LEGACY_IPC_CMD_EXISTS: return "exists";
    case LEGACY_IPC_CMD_DISCOVER: return "discover";
    case LEGACY_IPC_CMD_NOTIFY_SERVICE: return "notify_service";
    case LEGACY_IPC_CMD_NOTIFY_CLIENT: return "notify_client";
    default: return NULL;
    }
}

void legacy_ipc_init(struct legacy_ipc *ipc, uint32_t max_procs)
{
    memset(ipc, 0, sizeof *ipc);
    if (max_procs == 0)
        max_procs = 1;
    if (max_procs > LEGACY_IPC_MAX_PROCS_LIMIT)
        max_procs = LEGACY_IPC_MAX_PROCS_LIMIT;
    ipc->max_procs = max_procs;
    ipc->driver.num = DRIVER_IPC_LEGACY;
    ipc->driver.name = "ipc";
    ipc->driver.upcall_count = (uint8_t)max_procs;
    ipc->driver.allow_ro_count = 1;
    ipc->driver.allow_rw_count = (uint8_t)max_procs;
    ipc->driver.grant_size = 0;
    ipc->driver.state = ipc;
    ipc->driver.command = legacy_command;
    ipc->driver.allow_check = legacy_allow_check;
    ipc->driver.process_event = legacy_process_event;
    ipc->driver.command_name = legacy_command_name;
}
