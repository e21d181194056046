/* Relay request capsule, driver 0xA0010: see relay_request.h for the contract.
 *
 * The only state is each process's transaction in its grant. Whether a request is pending,
 * held by a server, cancelled or orphaned is read from the two peers' states, never copied
 * into a third place, so a process that dies (its grant wiped) cannot leave stale entries. */
#include "relay_request.h"

#include "relay_common.h"
#include "tock/kstring.h"

enum relay_role { ROLE_NONE = 0, ROLE_CLIENT, ROLE_SERVER };

/* Per-process data in the grant. */
struct relay_app {
    uint64_t peer;           /* Client: the server's id; Server: the client's id */
    uint32_t cursor;         /* server: process slot where the next take-any scan starts */
    uint8_t role;            /* enum relay_role */
    bool requests_enabled;
    bool taken;              /* client: the server holds this request */
};

static void transaction_clear(struct relay_app *app)
{
    app->role = ROLE_NONE;
    app->peer = 0;
    app->taken = false;
}

static bool is_client_of(const struct relay_app *c, uint64_t server)
{
    return c && c->role == ROLE_CLIENT && c->peer == server;
}

static bool is_pending_on(const struct relay_app *c, uint64_t server)
{
    return is_client_of(c, server) && !c->taken;
}

/* Copy src's RO buffer into dst's RW buffer: bytes copied in *copied, SIZE if truncated. */
static uint32_t copy_allowed(struct kernel *k, const struct driver *d, struct process *src,
                             struct process *dst, uint32_t *copied)
{
    uint32_t src_len = 0, dst_len = 0;
    const uint8_t *from = allowed_ro(k, src, d, RELAY_REQUEST_ALLOW_RO_SEND, &src_len);
    uint8_t *to = allowed_rw(k, dst, d, RELAY_REQUEST_ALLOW_RW_RECEIVE, &dst_len);
    uint32_t n = relay_min(src_len, dst_len);

    if (n > 0)
        memcpy(to, from, n);
    *copied = n;
    return src_len > dst_len ? TOCK_SIZE : TOCK_OK;
}

static uint32_t request_len(struct kernel *k, const struct driver *d, struct process *client)
{
    uint32_t len = 0;
    allowed_ro(k, client, d, RELAY_REQUEST_ALLOW_RO_SEND, &len);
    return len;
}

/* End the transaction of every client of server (taken or pending) with upcall 0 (status). */
static void fail_clients(struct kernel *k, const struct driver *d, struct process *server,
                         uint32_t status, const char *why)
{
    uint64_t server_id = ipc_id_of(server);

    for (uint32_t i = 0; i < k->process_count; i++) {
        struct process *c;
        struct relay_app *capp = relay_slot(k, d, i, &c);
        if (!is_client_of(capp, server_id))
            continue;
        transaction_clear(capp);
        upcall_schedule(k, c, d, RELAY_REQUEST_UPCALL_RESPONSE, status, 0, 0);
        RELAY_HOP(k, server, ipc_id_of(c), "request ends", "request ends: %s (%s)\n", tock_error_name(status),
                  why);
    }
}

/* ---- client --------------------------------------------------------------------------- */

static struct syscall_return client_send(struct kernel *k, const struct driver *d,
                                         struct process *p, struct relay_app *app, uint64_t to)
{
    if (app->role != ROLE_NONE)
        return sr_failure(TOCK_ALREADY);
    struct process *server;
    struct relay_app *sapp = relay_find(k, d, to, &server);
    if (!server) {
        RELAY_HOP(k, p, to, "request refused", "request refused: no such process\n");
        return sr_failure(TOCK_NODEVICE);
    }
    if (server == p)
        return sr_failure(TOCK_INVAL);
    if (!sapp || !sapp->requests_enabled) {
        RELAY_HOP(k, p, to, "request refused", "request refused: not accepting\n");
        return sr_failure(TOCK_UNINSTALLED);
    }

    uint64_t me = ipc_id_of(p);
    app->role = ROLE_CLIENT;
    app->peer = to;
    app->taken = false;
    upcall_schedule(k, server, d, RELAY_REQUEST_UPCALL_REQUEST, ipc_id_lo(me), ipc_id_hi(me), 0);
    RELAY_HOP(k, p, to, "request", "request %u bytes\n", (unsigned)request_len(k, d, p));
    return sr_success();
}

static struct syscall_return client_cancel(struct kernel *k, const struct driver *d,
                                           struct process *p, struct relay_app *app)
{
    if (app->role != ROLE_CLIENT)
        return sr_failure(TOCK_INVAL);
    RELAY_HOP(k, p, app->peer, "request cancelled", "request cancelled%s\n",
              app->taken ? " (taken)" : "");
    transaction_clear(app);
    upcall_schedule(k, p, d, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_CANCEL, 0, 0);
    return sr_success();
}

/* ---- server --------------------------------------------------------------------------- */

static struct syscall_return server_disable(struct kernel *k, const struct driver *d,
                                            struct process *p, struct relay_app *app)
{
    app->requests_enabled = false;
    if (app->role == ROLE_SERVER)
        transaction_clear(app);
    fail_clients(k, d, p, TOCK_UNINSTALLED, "server disabled requests");
    return sr_success();
}

/* The next client pending on server, round robin from the server's cursor; NULL if none. */
static struct process *next_pending(struct kernel *k, const struct driver *d,
                                    struct process *server, struct relay_app *sapp)
{
    uint32_t n = k->process_count;
    uint64_t server_id = ipc_id_of(server);

    for (uint32_t step = 0; step < n; step++) {
        uint32_t i = (sapp->cursor + step) % n;
        struct process *c;
        if (is_pending_on(relay_slot(k, d, i, &c), server_id)) {
            sapp->cursor = (i + 1) % n;
            return c;
        }
    }
    return NULL;
}

/* The client named by id if its request is pending on server; else NULL. */
static struct process *pending_from(struct kernel *k, const struct driver *d,
                                    struct process *server, uint64_t id)
{
    struct process *c;
    struct relay_app *capp = relay_find(k, d, id, &c);
    return c && is_pending_on(capp, ipc_id_of(server)) ? c : NULL;
}

static struct syscall_return server_take(struct kernel *k, const struct driver *d,
                                         struct process *p, struct relay_app *app,
                                         struct process *client)
{
    if (!client)
        return sr_failure_u64(TOCK_NODEVICE, 0);

    uint64_t client_id = ipc_id_of(client);
    struct relay_app *capp = grant_peek(k, client, d);
    uint32_t copied;
    uint32_t status = copy_allowed(k, d, client, p, &copied);

    capp->taken = true;
    app->role = ROLE_SERVER;
    app->peer = client_id;
    RELAY_HOP(k, client, ipc_id_of(p), "request taken", "request taken, %u bytes%s\n", (unsigned)copied,
              status == TOCK_SIZE ? " (truncated)" : "");
    if (status != TOCK_OK)
        return sr_failure_u64(status, client_id);
    return sr_success_u32_u64(copied, client_id);
}

static struct syscall_return server_respond(struct kernel *k, const struct driver *d,
                                            struct process *p, struct relay_app *app)
{
    if (app->role != ROLE_SERVER)
        return sr_failure(TOCK_INVAL);

    uint64_t client_id = app->peer;
    transaction_clear(app);
    struct process *client;
    struct relay_app *capp = relay_find(k, d, client_id, &client);
    if (!client || !is_client_of(capp, ipc_id_of(p)) || !capp->taken) {
        RELAY_HOP(k, p, client_id, "response dropped",
                  "response dropped: client cancelled or gone\n");
        return sr_failure(TOCK_NODEVICE);
    }

    uint32_t copied;
    uint32_t status = copy_allowed(k, d, p, client, &copied);
    transaction_clear(capp);
    upcall_schedule(k, client, d, RELAY_REQUEST_UPCALL_RESPONSE, status, copied, 0);
    RELAY_HOP(k, p, client_id, "response", "response %u bytes%s\n", (unsigned)copied,
              status == TOCK_SIZE ? " (truncated)" : "");
    return sr_success();
}

/* ---- driver --------------------------------------------------------------------------- */

static struct syscall_return relay_request_command(struct kernel *k, const struct driver *d,
                                                   struct process *p, uint32_t cmd,
                                                   uint32_t arg0, uint32_t arg1)
{
    struct relay_app *app = grant_enter(k, p, d);

    if (!app)
        return sr_failure(TOCK_NOMEM);
    switch (cmd) {
    case RELAY_REQUEST_CMD_EXISTS:
        return sr_success();
    case RELAY_REQUEST_CMD_SEND:
        return client_send(k, d, p, app, ipc_id_join(arg0, arg1));
    case RELAY_REQUEST_CMD_CANCEL:
        return client_cancel(k, d, p, app);
    case RELAY_REQUEST_CMD_ENABLE:
        app->requests_enabled = true;
        return sr_success();
    case RELAY_REQUEST_CMD_DISABLE:
        return server_disable(k, d, p, app);
    case RELAY_REQUEST_CMD_TAKE_ANY:
        if (app->role != ROLE_NONE)
            return sr_failure_u64(TOCK_ALREADY, 0);
        return server_take(k, d, p, app, next_pending(k, d, p, app));
    case RELAY_REQUEST_CMD_TAKE_FROM:
        if (app->role != ROLE_NONE)
            return sr_failure_u64(TOCK_ALREADY, 0);
        return server_take(k, d, p, app, pending_from(k, d, p, ipc_id_join(arg0, arg1)));
    case RELAY_REQUEST_CMD_RESPOND:
        return server_respond(k, d, p, app);
    default:
        return sr_failure(TOCK_NOSUPPORT);
    }
}

/* A dying server ends its clients' requests at once; a dying client needs nothing here (see
 * the file comment), only a trace line. */
static void relay_request_process_event(struct kernel *k, const struct driver *d,
                                        struct process *p, enum process_event ev)
{
    if (ev == PROCESS_EVENT_STOPPED)
        return;             /* a stopped process is still alive and may be resumed */
    struct relay_app *app = grant_peek(k, p, d);
    if (app && app->role == ROLE_CLIENT)
        RELAY_HOP(k, p, app->peer, "request dropped", "request dropped: client gone\n");
    fail_clients(k, d, p, TOCK_NODEVICE, "server gone");
}

static const char *relay_request_command_name(uint32_t cmd)
{
    switch (cmd) {
    case RELAY_REQUEST_CMD_EXISTS: return "exists";
    case RELAY_REQUEST_CMD_SEND: return "send";
    case RELAY_REQUEST_CMD_CANCEL: return "cancel";
    case RELAY_REQUEST_CMD_ENABLE: return "enable";
    case RELAY_REQUEST_CMD_DISABLE: return "disable";
    case RELAY_REQUEST_CMD_TAKE_ANY: return "take_any";
    case RELAY_REQUEST_CMD_TAKE_FROM: return "take_from";
    case RELAY_REQUEST_CMD_RESPOND: return "respond";
    default: return NULL;
    }
}

void relay_request_capsule_init(struct relay_request_capsule *c)
{
    memset(c, 0, sizeof(*c));
    c->driver.num = DRIVER_RELAY_REQUEST;
    c->driver.name = "relay_request";
    c->driver.upcall_count = 2;
    c->driver.allow_ro_count = 1;
    c->driver.allow_rw_count = 1;
    c->driver.grant_size = sizeof(struct relay_app);
    c->driver.state = c;
    c->driver.command = relay_request_command;
    c->driver.process_event = relay_request_process_event;
    c->driver.command_name = relay_request_command_name;
}
