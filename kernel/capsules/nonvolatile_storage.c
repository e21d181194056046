/* Nonvolatile storage capsule, driver 0x50001: see tock/capsules/nonvolatile_storage.h. */
#include "tock/capsules/nonvolatile_storage.h"

#include "tock/kstring.h"

/* Per-process data: the operation waiting for the device, if any. */
struct nv_app {
    uint8_t pending;        /* 0, NV_CMD_READ or NV_CMD_WRITE */
    uint32_t offset, length;
};

static struct nv_storage_capsule *nv_of(const struct driver *d)
{
    return (struct nv_storage_capsule *)d->state;
}

static uint32_t min_u32(uint32_t a, uint32_t b) { return a < b ? a : b; }

static uint32_t allowed_len(struct nv_storage_capsule *c, struct process *p, bool read)
{
    uint32_t len = 0;
    if (read)
        allowed_rw(c->k, p, &c->driver, NV_ALLOW_RW_READ, &len);
    else
        allowed_ro(c->k, p, &c->driver, NV_ALLOW_RO_WRITE, &len);
    return len;
}

/* Start p's operation on the device; an error means nothing started. */
static uint32_t nv_start(struct nv_storage_capsule *c, struct process *p, bool read,
                         uint32_t offset, uint32_t length)
{
    uint32_t buf_len = 0;
    const uint8_t *src = read ? NULL : allowed_ro(c->k, p, &c->driver, NV_ALLOW_RO_WRITE, &buf_len);
    uint32_t n = min_u32(min_u32(length, read ? allowed_len(c, p, true) : buf_len), NV_BUFFER_LEN);
    if (n == 0)
        return TOCK_RESERVE;
    if (!read)
        memcpy(c->buffer, src, n);
    c->busy = true;
    c->busy_read = read;
    c->owner = p->id;
    uint32_t st = read ? c->hil->read(c->hil->ctx, c->start + offset, c->buffer, n, &c->client)
                       : c->hil->write(c->hil->ctx, c->start + offset, c->buffer, n, &c->client);
    if (st != TOCK_OK)
        c->busy = false;
    return st;
}

/* The device is free: start the first queued operation that can start. */
static void nv_next(struct nv_storage_capsule *c)
{
    for (uint32_t i = 0; i < c->k->process_count && !c->busy; i++) {
        struct process *p = &c->k->procs[i];
        struct nv_app *app = process_is_alive(p) ? grant_peek(c->k, p, &c->driver) : NULL;
        if (!app || !app->pending)
            continue;
        bool read = app->pending == NV_CMD_READ;
        app->pending = 0;
        if (nv_start(c, p, read, app->offset, app->length) != TOCK_OK)
            upcall_schedule(c->k, p, &c->driver, read ? NV_UPCALL_READ_DONE : NV_UPCALL_WRITE_DONE,
                            0, 0, 0);
    }
}

static void nv_done(void *ctx, uint32_t status, uint32_t length)
{
    struct nv_storage_capsule *c = ctx;
    c->busy = false;
    struct process *p = kernel_process_by_id(c->k, c->owner);
    if (p) {
        if (status != TOCK_OK)
            length = 0;
        if (c->busy_read) {
            uint32_t cap = 0;
            uint8_t *dst = allowed_rw(c->k, p, &c->driver, NV_ALLOW_RW_READ, &cap);
            length = min_u32(length, cap);
            if (length)
                memcpy(dst, c->buffer, length);
        }
        upcall_schedule(c->k, p, &c->driver,
                        c->busy_read ? NV_UPCALL_READ_DONE : NV_UPCALL_WRITE_DONE, length, 0, 0);
    }
    nv_next(c);
}

static struct syscall_return nv_transfer(struct nv_storage_capsule *c, struct process *p,
                                         uint32_t cmd, uint32_t offset, uint32_t length)
{
    if (offset >= c->size || length > c->size || offset + length > c->size)
        return sr_failure(TOCK_INVAL);
    struct nv_app *app = grant_enter(c->k, p, &c->driver);
    if (!app)
        return sr_failure(TOCK_NOMEM);
    bool read = cmd == NV_CMD_READ;
    if (allowed_len(c, p, read) == 0)
        return sr_failure(TOCK_RESERVE);
    if (!c->busy) {
        uint32_t st = nv_start(c, p, read, offset, length);
        return st == TOCK_OK ? sr_success() : sr_failure(st);
    }
    if (app->pending)
        return sr_failure(TOCK_NOMEM);   /* Tock: one queued operation per app */
    *app = (struct nv_app){(uint8_t)cmd, offset, length};
    return sr_success();
}

static struct syscall_return nv_command(struct kernel *k, const struct driver *d,
                                        struct process *p, uint32_t cmd, uint32_t arg0,
                                        uint32_t arg1)
{
    (void)k;
    struct nv_storage_capsule *c = nv_of(d);
    switch (cmd) {
    case NV_CMD_EXISTS:
        return sr_success();
    case NV_CMD_SIZE:
        return sr_success_u32(c->size);
    case NV_CMD_READ:
    case NV_CMD_WRITE:
        return nv_transfer(c, p, cmd, arg0, arg1);
    default:
        return sr_failure(TOCK_NOSUPPORT);
    }
}

static const char *nv_command_name(uint32_t cmd)
{
    switch (cmd) {
    case NV_CMD_EXISTS: return "exists";
    case NV_CMD_SIZE: return "size";
    case NV_CMD_READ: return "read";
    case NV_CMD_WRITE: return "write";
    default: return NULL;
    }
}

void nv_storage_capsule_init(struct nv_storage_capsule *c, struct kernel *k,
                             const struct storage_hil *hil, uint32_t start, uint32_t size)
{
    memset(c, 0, sizeof *c);
    c->k = k;
    c->hil = hil;
    c->start = start;
    c->size = size;
    c->client = (struct storage_client){c, nv_done};
    c->driver.num = DRIVER_NONVOLATILE_STORAGE;
    c->driver.name = "nvstorage";
    c->driver.upcall_count = 2;
    c->driver.allow_ro_count = 1;
    c->driver.allow_rw_count = 1;
    c->driver.grant_size = sizeof(struct nv_app);
    c->driver.state = c;
    c->driver.command = nv_command;
    c->driver.command_name = nv_command_name;
}
