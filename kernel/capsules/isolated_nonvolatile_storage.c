/* Isolated nonvolatile storage capsule, driver 0x50004: see
 * tock/capsules/isolated_nonvolatile_storage.h. */
#include "tock/capsules/isolated_nonvolatile_storage.h"

#include "tock/kstring.h"
#include "tock/storage_permissions.h"

/* Per-process data: the app's region once known, and its operation waiting to run. */
struct invs_app {
    bool has_region;
    uint8_t pending;              /* 0 or INVS_CMD_SIZE/READ/WRITE */
    uint32_t region, length;      /* device address of the region's data, its size */
    uint32_t offset_lo, offset_hi;
};

static struct invs_capsule *invs_of(const struct driver *d)
{
    return (struct invs_capsule *)d->state;
}

static uint32_t rd32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void wr32(uint8_t *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

bool invs_header_decode(const uint8_t h[INVS_HEADER_LEN], uint32_t *write_id, uint32_t *length)
{
    uint32_t version_length = rd32(h), id = rd32(h + 4);
    if (version_length >> 24 != INVS_HEADER_VERSION || rd32(h + 8) != (version_length ^ id))
        return false;
    *write_id = id;
    *length = version_length & 0xFFFFFFu;
    return true;
}

static uint32_t upcall_of(uint8_t cmd)
{
    return cmd == INVS_CMD_SIZE ? INVS_UPCALL_SIZE
                                : cmd == INVS_CMD_READ ? INVS_UPCALL_READ : INVS_UPCALL_WRITE;
}

/* End p's pending operation with an error in its upcall. */
static void invs_fail(struct invs_capsule *c, struct process *p, struct invs_app *app,
                      uint32_t err)
{
    uint8_t cmd = app->pending;
    app->pending = 0;
    upcall_schedule(c->k, p, &c->driver, upcall_of(cmd), err, 0, 0);
}

/* The process the current task is for, and its data; false when it is gone. */
static bool invs_owner(struct invs_capsule *c, struct process **p, struct invs_app **app)
{
    *p = kernel_process_by_id(c->k, c->owner);
    *app = *p ? grant_peek(c->k, *p, &c->driver) : NULL;
    return *app != NULL;
}

static void invs_next(struct invs_capsule *c);

/* The task could not go on: its owner's operation fails with err. */
static void invs_abort(struct invs_capsule *c, uint32_t err)
{
    struct process *p;
    struct invs_app *app;
    c->task = INVS_IDLE;
    if (invs_owner(c, &p, &app) && app->pending)
        invs_fail(c, p, app, err);
}

/* Start task on the device at addr; on an error abort it. */
static void invs_device(struct invs_capsule *c, enum invs_task task, uint32_t addr, uint32_t len,
                        bool read)
{
    c->task = task;
    uint32_t st = read ? c->hil->read(c->hil->ctx, addr, c->buffer, len, &c->client)
                       : c->hil->write(c->hil->ctx, addr, c->buffer, len, &c->client);
    if (st != TOCK_OK)
        invs_abort(c, st);
}

static bool fits(const struct invs_capsule *c, uint32_t addr, uint32_t len)
{
    return addr >= c->start && addr - c->start <= c->size && len <= c->size - (addr - c->start);
}

/* Read the region header at c->at, or allocate there when no header can be there. */
static void invs_find_at(struct invs_capsule *c);

static void invs_allocate(struct invs_capsule *c)
{
    if (!fits(c, c->at, INVS_HEADER_LEN + c->region_size)) {
        invs_abort(c, TOCK_NOMEM);
        return;
    }
    uint32_t version_length = INVS_HEADER_VERSION << 24 | c->region_size;
    wr32(c->buffer, version_length);
    wr32(c->buffer + 4, c->owner_write_id);
    wr32(c->buffer + 8, version_length ^ c->owner_write_id);
    c->region = c->at + INVS_HEADER_LEN;
    invs_device(c, INVS_WRITE_HEADER, c->at, INVS_HEADER_LEN, false);
}

static void invs_find_at(struct invs_capsule *c)
{
    if (!fits(c, c->at, INVS_HEADER_LEN))
        invs_abort(c, TOCK_NOMEM);
    else
        invs_device(c, INVS_FIND, c->at, INVS_HEADER_LEN, true);
}

static void invs_erase_step(struct invs_capsule *c)
{
    uint32_t n = c->remaining < INVS_BUFFER_LEN ? c->remaining : INVS_BUFFER_LEN;
    memset(c->buffer, 0xFF, n);
    uint32_t addr = c->at;
    c->at += n;
    c->remaining -= n;
    invs_device(c, INVS_ERASE, addr, n, false);
}

/* Run p's pending operation now that its region is known; true when it started on the
 * device (it ends in invs_done), false when it ended at once. */
static bool invs_run(struct invs_capsule *c, struct process *p, struct invs_app *app)
{
    if (app->pending == INVS_CMD_SIZE) {
        app->pending = 0;
        upcall_schedule(c->k, p, &c->driver, INVS_UPCALL_SIZE, TOCK_OK, app->length, 0);
        return false;
    }
    bool read = app->pending == INVS_CMD_READ;
    uint32_t len = 0;
    const uint8_t *src = NULL;
    if (read)
        allowed_rw(c->k, p, &c->driver, INVS_ALLOW_RW_READ, &len);
    else
        src = allowed_ro(c->k, p, &c->driver, INVS_ALLOW_RO_WRITE, &len);
    uint32_t off = app->offset_lo;
    if (len == 0) {
        invs_fail(c, p, app, TOCK_RESERVE);
        return false;
    }
    if (app->offset_hi != 0 || off >= app->length || len > app->length - off) {
        invs_fail(c, p, app, TOCK_INVAL);
        return false;
    }
    uint32_t n = len < INVS_BUFFER_LEN ? len : INVS_BUFFER_LEN;
    if (!read)
        memcpy(c->buffer, src, n);
    c->owner = p->id;
    invs_device(c, read ? INVS_APP_READ : INVS_APP_WRITE, app->region + off, n, read);
    return true;
}

/* The device is free: serve waiting apps until one needs the device. */
static void invs_next(struct invs_capsule *c)
{
    for (uint32_t i = 0; i < c->k->process_count && c->task == INVS_IDLE; i++) {
        struct process *p = &c->k->procs[i];
        struct invs_app *app = process_is_alive(p) ? grant_peek(c->k, p, &c->driver) : NULL;
        if (!app || !app->pending)
            continue;
        if (app->has_region) {
            invs_run(c, p, app);
            continue;
        }
        struct storage_permissions perms;
        storage_permissions_of(p, &perms);
        c->owner = p->id;
        c->owner_write_id = perms.write_id;
        c->at = c->start;
        invs_find_at(c);
    }
}

/* A header was read at c->at: the owner's region, another's, or the end of the list. */
static void invs_found_header(struct invs_capsule *c, uint32_t status)
{
    uint32_t id, len;
    if (status != TOCK_OK || !invs_header_decode(c->buffer, &id, &len)) {
        invs_allocate(c);
        return;
    }
    if (id != c->owner_write_id) {
        c->at += INVS_HEADER_LEN + len;
        invs_find_at(c);
        return;
    }
    struct process *p;
    struct invs_app *app;
    c->task = INVS_IDLE;
    if (invs_owner(c, &p, &app))
        *app = (struct invs_app){true, app->pending, c->at + INVS_HEADER_LEN, len,
                                 app->offset_lo, app->offset_hi};
}

static void invs_done(void *ctx, uint32_t status, uint32_t length)
{
    struct invs_capsule *c = ctx;
    struct process *p;
    struct invs_app *app;
    switch (c->task) {
    case INVS_FIND:
        invs_found_header(c, status);
        break;
    case INVS_WRITE_HEADER:
        if (status != TOCK_OK) {
            invs_abort(c, status);
            break;
        }
        c->at = c->region;
        c->remaining = c->region_size;
        invs_erase_step(c);
        break;
    case INVS_ERASE:
        if (status != TOCK_OK) {
            invs_abort(c, status);
        } else if (c->remaining > 0) {
            invs_erase_step(c);
        } else {
            c->task = INVS_IDLE;
            if (invs_owner(c, &p, &app)) {
                app->has_region = true;
                app->region = c->region;
                app->length = c->region_size;
            }
        }
        break;
    case INVS_APP_READ:
    case INVS_APP_WRITE:
        c->task = INVS_IDLE;
        if (!invs_owner(c, &p, &app))
            break;
        bool read = app->pending == INVS_CMD_READ;
        app->pending = 0;
        if (status != TOCK_OK)
            length = 0;
        if (read) {
            uint32_t cap = 0;
            uint8_t *dst = allowed_rw(c->k, p, &c->driver, INVS_ALLOW_RW_READ, &cap);
            length = length < cap ? length : cap;
            if (length)
                memcpy(dst, c->buffer, length);
        }
        upcall_schedule(c->k, p, &c->driver, read ? INVS_UPCALL_READ : INVS_UPCALL_WRITE,
                        status, length, 0);
        break;
    case INVS_IDLE:
        break;
    }
    if (c->task == INVS_IDLE)
        invs_next(c);
}

static struct syscall_return invs_command(struct kernel *k, const struct driver *d,
                                          struct process *p, uint32_t cmd, uint32_t arg0,
                                          uint32_t arg1)
{
    (void)k;
    struct invs_capsule *c = invs_of(d);
    if (cmd == INVS_CMD_EXISTS)
        return sr_success();
    if (cmd != INVS_CMD_SIZE && cmd != INVS_CMD_READ && cmd != INVS_CMD_WRITE)
        return sr_failure(TOCK_NOSUPPORT);

    struct storage_permissions perms;
    storage_permissions_of(p, &perms);
    uint32_t id = perms.write_id;
    if (id == 0 || (cmd == INVS_CMD_READ && !storage_may_read(&perms, id)) ||
        (cmd == INVS_CMD_WRITE && !storage_may_modify(&perms, id)))
        return sr_failure(TOCK_NOSUPPORT);
    struct invs_app *app = grant_enter(c->k, p, d);
    if (!app)
        return sr_failure(TOCK_NOMEM);
    if (app->pending)
        return sr_failure(TOCK_BUSY);
    app->pending = (uint8_t)cmd;
    app->offset_lo = arg0;
    app->offset_hi = arg1;
    if (c->task == INVS_IDLE)
        invs_next(c);
    return sr_success();
}

static const char *invs_command_name(uint32_t cmd)
{
    switch (cmd) {
    case INVS_CMD_EXISTS: return "exists";
    case INVS_CMD_SIZE: return "size";
    case INVS_CMD_READ: return "read";
    case INVS_CMD_WRITE: return "write";
    default: return NULL;
    }
}

void invs_capsule_init(struct invs_capsule *c, struct kernel *k, const struct storage_hil *hil,
                       uint32_t start, uint32_t size, uint32_t region_size)
{
    memset(c, 0, sizeof *c);
    c->k = k;
    c->hil = hil;
    c->start = start;
    c->size = size;
    c->region_size = region_size;
    c->client = (struct storage_client){c, invs_done};
    c->driver.num = DRIVER_ISOLATED_NONVOLATILE_STORAGE;
    c->driver.name = "invs";
    c->driver.upcall_count = 3;
    c->driver.allow_ro_count = 1;
    c->driver.allow_rw_count = 1;
    c->driver.grant_size = sizeof(struct invs_app);
    c->driver.state = c;
    c->driver.command = invs_command;
    c->driver.command_name = invs_command_name;
}
