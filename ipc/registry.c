/* IPC registries, string name (0xA0000) and package name (0xA0001): see registry.h.
 *
 * One implementation serves both drivers; they differ only in where a name comes from
 * (registry_kind): the allowed 20 bytes, or the caller's TBF Package Name. Every piece of
 * state lives in the processes' grants, so a registry has no table to fill up and a dead
 * process's grant (and with it its name and wait) disappears with the process; the
 * process_event hook clears them explicitly anyway and traces the release. */
#include "registry.h"

#include "ipc_id.h"
#include "ipc_trace.h"
#include "tock/kstring.h"

/* Per-process data in the grant. */
struct registry_app {
    bool registered;
    bool waiting;                                   /* a discover-or-wait is pending */
    uint8_t name[REGISTRY_STRING_NAME_LEN];         /* string registry: the registered name */
    uint32_t wait_len;
    uint8_t wait_name[REGISTRY_WAIT_NAME_MAX];      /* the name the pending wait is for */
};

/* A name somewhere in kernel or process memory. */
struct name {
    const uint8_t *bytes;
    uint32_t len;
};

static const struct registry *registry_of(const struct driver *d)
{
    return (const struct registry *)d->state;
}

static bool name_equal(struct name a, struct name b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.bytes, b.bytes, a.len) == 0);
}

static bool name_all_zero(struct name n)
{
    for (uint32_t i = 0; i < n.len; i++)
        if (n.bytes[i] != 0)
            return false;
    return true;
}

static struct name package_name_of(const struct process *p)
{
    return (struct name){(const uint8_t *)p->tbf.package_name,
                         p->tbf.has_package_name ? p->tbf.package_name_len : 0};
}

/* ---- trace --------------------------------------------------------------------------- */

/* "[ipc] p(id): op[ package] "name" -> result" or "-> peer(id)" when peer is given. */
static void trace(struct kernel *k, const struct registry *r, const struct process *p,
                  const char *op, struct name name, const char *result,
                  const struct process *peer)
{
    if (!ipc_tracing(k))
        return;
    char quoted[IPC_TRACE_QUOTE_MAX];
    ipc_trace_quote(quoted, sizeof quoted, name.bytes, name.len);
    kprintf(k, "[ipc] %s(%u): %s%s %s -> ", p->name, (unsigned)p->id, op,
            r->kind == REGISTRY_PACKAGE_NAME ? " package" : "", quoted);
    if (peer)
        kprintf(k, "%s(%u)\n", peer->name, (unsigned)peer->id);
    else
        kprintf(k, "%s\n", result);
}

static void trace_error(struct kernel *k, const struct registry *r, const struct process *p,
                        const char *op, struct name name, uint32_t err)
{
    const char *text = tock_error_name(err);
    trace(k, r, p, op, name, text ? text : "?", NULL);
}

/* ---- names ----------------------------------------------------------------------------- */

/* The name p holds in this registry: false when it holds none. */
static bool held_name(const struct registry *r, const struct process *p,
                      const struct registry_app *app, struct name *out)
{
    if (!app || !app->registered)
        return false;
    if (r->kind == REGISTRY_STRING_NAME)
        *out = (struct name){app->name, REGISTRY_STRING_NAME_LEN};
    else
        *out = package_name_of(p);
    return true;
}

/* The live process other than `except` that holds name, or NULL. */
static struct process *find_holder(struct kernel *k, const struct registry *r, struct name name,
                                   const struct process *except)
{
    for (uint32_t i = 0; i < k->process_count; i++) {
        struct process *q = &k->procs[i];
        if (q == except || !process_is_alive(q))
            continue;
        struct name held;
        if (held_name(r, q, grant_peek(k, q, &r->driver), &held) && name_equal(held, name))
            return q;
    }
    return NULL;
}

/* The name p allowed as RO buffer 0, checked as this registry requires. TOCK_OK or the
 * error for the command. */
static uint32_t allowed_name(struct kernel *k, const struct registry *r, struct process *p,
                             struct name *out)
{
    uint32_t len = 0;
    const uint8_t *bytes = allowed_ro(k, p, &r->driver, REGISTRY_ALLOW_RO_NAME, &len);
    *out = (struct name){bytes, bytes ? len : 0};
    if (r->kind == REGISTRY_PACKAGE_NAME)
        return TOCK_OK;                 /* any length: it simply matches nothing */
    if (out->len != REGISTRY_STRING_NAME_LEN)
        return TOCK_SIZE;
    if (name_all_zero(*out))
        return TOCK_INVAL;              /* the value of "no name" in every grant */
    return TOCK_OK;
}

/* The name p asks to register under. */
static uint32_t registration_name(struct kernel *k, const struct registry *r, struct process *p,
                                  struct name *out)
{
    if (r->kind == REGISTRY_STRING_NAME)
        return allowed_name(k, r, p, out);
    *out = package_name_of(p);
    return out->len ? TOCK_OK : TOCK_NOMEM;     /* upstream's code for "no package name" */
}

/* ---- register -------------------------------------------------------------------------- */

static void schedule_found(struct kernel *k, const struct registry *r, struct process *p,
                           const struct process *holder)
{
    uint64_t id = ipc_id_of(holder);
    upcall_schedule(k, p, &r->driver, REGISTRY_UPCALL_DISCOVERED, TOCK_OK, ipc_id_lo(id),
                    ipc_id_hi(id));
}

/* holder just registered name: tell every process waiting for it, and only those. */
static void wake_waiters(struct kernel *k, const struct registry *r, struct process *holder,
                         struct name name)
{
    for (uint32_t i = 0; i < k->process_count; i++) {
        struct process *q = &k->procs[i];
        if (q == holder || !process_is_alive(q))
            continue;
        struct registry_app *app = grant_peek(k, q, &r->driver);
        if (!app || !app->waiting || !name_equal((struct name){app->wait_name, app->wait_len}, name))
            continue;
        app->waiting = false;
        schedule_found(k, r, q, holder);
        trace(k, r, q, "wait", name, NULL, holder);
    }
}

static struct syscall_return do_register(struct kernel *k, const struct registry *r,
                                         struct process *p, struct registry_app *app)
{
    struct name name;
    uint32_t err = registration_name(k, r, p, &name);
    /* policy before ALREADY: an imposter gets FAIL whether or not the real service runs */
    if (err == TOCK_OK && !ipc_policy_allows(r->policy, p, name.bytes, name.len))
        err = TOCK_FAIL;
    if (err == TOCK_OK && find_holder(k, r, name, p))
        err = TOCK_ALREADY;
    if (err != TOCK_OK) {
        trace_error(k, r, p, "register", name, err);
        return sr_failure(err);
    }

    if (r->kind == REGISTRY_STRING_NAME)
        memcpy(app->name, name.bytes, REGISTRY_STRING_NAME_LEN);   /* replaces any old name */
    app->registered = true;
    held_name(r, p, app, &name);        /* from here on the stored copy, not the allow */
    upcall_schedule(k, p, &r->driver, REGISTRY_UPCALL_REGISTERED, TOCK_OK, 0, 0);
    trace(k, r, p, "register", name, "ok", NULL);
    wake_waiters(k, r, p, name);
    return sr_success();
}

/* ---- discover, wait, cancel ------------------------------------------------------------ */

/* Whether some process could ever register name, so that waiting for it can end. */
static bool name_can_be_registered(struct name name)
{
    return name.len > 0 && name.len <= REGISTRY_WAIT_NAME_MAX;
}

static struct syscall_return do_discover(struct kernel *k, const struct registry *r,
                                         struct process *p, struct registry_app *app, bool wait)
{
    const char *op = wait ? "discover-or-wait" : "discover";
    struct name name;
    uint32_t err = wait && app->waiting ? TOCK_ALREADY : allowed_name(k, r, p, &name);
    if (err != TOCK_OK) {
        if (err == TOCK_ALREADY)
            name = (struct name){app->wait_name, app->wait_len};
        trace_error(k, r, p, op, name, err);
        return sr_failure(err);
    }

    struct process *holder = find_holder(k, r, name, p);
    if (holder) {
        schedule_found(k, r, p, holder);
        trace(k, r, p, op, name, NULL, holder);
    } else if (wait && name_can_be_registered(name)) {
        memcpy(app->wait_name, name.bytes, name.len);
        app->wait_len = name.len;
        app->waiting = true;
        trace(k, r, p, op, name, "waiting", NULL);
    } else {
        upcall_schedule(k, p, &r->driver, REGISTRY_UPCALL_DISCOVERED, TOCK_NODEVICE, 0, 0);
        trace(k, r, p, op, name, "NODEVICE", NULL);
    }
    return sr_success();
}

static struct syscall_return do_cancel(struct kernel *k, const struct registry *r,
                                       struct process *p, struct registry_app *app)
{
    struct name name = {app->wait_name, app->waiting ? app->wait_len : 0};
    if (!app->waiting) {
        trace_error(k, r, p, "cancel-wait", name, TOCK_INVAL);
        return sr_failure(TOCK_INVAL);
    }
    app->waiting = false;
    upcall_schedule(k, p, &r->driver, REGISTRY_UPCALL_DISCOVERED, TOCK_CANCEL, 0, 0);
    trace(k, r, p, "cancel-wait", name, "CANCEL", NULL);
    return sr_success();
}

/* ---- driver ---------------------------------------------------------------------------- */

static struct syscall_return registry_command(struct kernel *k, const struct driver *d,
                                              struct process *p, uint32_t cmd, uint32_t arg0,
                                              uint32_t arg1)
{
    const struct registry *r = registry_of(d);
    if (cmd == REGISTRY_CMD_EXISTS)
        return sr_success();
    if (cmd > REGISTRY_CMD_CANCEL_WAIT)
        return sr_failure(TOCK_NOSUPPORT);

    struct registry_app *app = grant_enter(k, p, d);
    if (!app)
        return sr_failure(TOCK_NOMEM);
    switch (cmd) {
    case REGISTRY_CMD_REGISTER:
        return do_register(k, r, p, app);
    case REGISTRY_CMD_DISCOVER:
        return do_discover(k, r, p, app, false);
    case REGISTRY_CMD_DISCOVER_OR_WAIT:
        return do_discover(k, r, p, app, true);
    default:
        return do_cancel(k, r, p, app);
    }
}

static const char *event_name(enum process_event ev)
{
    switch (ev) {
    case PROCESS_EVENT_EXITED: return "exited";
    case PROCESS_EVENT_FAULTED: return "faulted";
    case PROCESS_EVENT_RESTARTING: return "restarting";
    case PROCESS_EVENT_STOPPED: return "stopped";
    }
    return "?";
}

/* A process that exits, faults or restarts gives up its name and its wait. */
static void registry_process_event(struct kernel *k, const struct driver *d, struct process *p,
                                   enum process_event ev)
{
    const struct registry *r = registry_of(d);
    if (ev == PROCESS_EVENT_STOPPED)
        return;                         /* still alive: it keeps both */
    struct registry_app *app = grant_peek(k, p, d);
    if (!app)
        return;
    struct name name;
    if (held_name(r, p, app, &name))
        trace(k, r, p, "release", name, event_name(ev), NULL);
    if (app->waiting)
        trace(k, r, p, "drop wait", (struct name){app->wait_name, app->wait_len},
              event_name(ev), NULL);
    app->registered = false;
    app->waiting = false;
}

static const char *registry_command_name(uint32_t cmd)
{
    switch (cmd) {
    case REGISTRY_CMD_EXISTS: return "exists";
    case REGISTRY_CMD_REGISTER: return "register";
    case REGISTRY_CMD_DISCOVER: return "discover";
    case REGISTRY_CMD_DISCOVER_OR_WAIT: return "discover_or_wait";
    case REGISTRY_CMD_CANCEL_WAIT: return "cancel_wait";
    default: return NULL;
    }
}

void registry_init(struct registry *r, enum registry_kind kind, const struct ipc_policy *policy)
{
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->policy = policy;
    r->driver.num = kind == REGISTRY_STRING_NAME ? DRIVER_IPC_REGISTRY_STRING
                                                 : DRIVER_IPC_REGISTRY_PACKAGE;
    r->driver.name = kind == REGISTRY_STRING_NAME ? "ipc_registry" : "ipc_registry_pkg";
    r->driver.upcall_count = 2;
    r->driver.allow_ro_count = 1;
    r->driver.grant_size = sizeof(struct registry_app);
    r->driver.state = r;
    r->driver.command = registry_command;
    r->driver.process_event = registry_process_event;
    r->driver.command_name = registry_command_name;
}
