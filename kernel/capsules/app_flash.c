/* App flash capsule, driver 0x50000: see tock/capsules/app_flash.h. */
#include "tock/capsules/app_flash.h"

#include "tock/kstring.h"

/* Per-process data: a write waiting for the one running. */
struct app_flash_app {
    bool pending;
    uint32_t address;
};

static struct app_flash_capsule *af_of(const struct driver *d)
{
    return (struct app_flash_capsule *)d->state;
}

int app_flash_region_of(const struct process *p, uint32_t addr, uint32_t len)
{
    const struct tbf_header *t = &p->tbf;
    for (uint32_t i = 0; i < t->writeable_region_count; i++) {
        uint32_t start = p->flash_start + t->writeable_regions[i].offset;
        uint32_t size = t->writeable_regions[i].size;
        if (addr >= start && addr - start <= size && len <= size - (addr - start))
            return (int)i;
    }
    return -1;
}

/* Start writing p's buffer at addr; an error means nothing started. */
static uint32_t af_start(struct app_flash_capsule *c, struct process *p, uint32_t addr)
{
    uint32_t len = 0;
    const uint8_t *src = allowed_ro(c->k, p, &c->driver, APP_FLASH_ALLOW_RO_BUFFER, &len);
    if (len == 0)
        return TOCK_RESERVE;
    if (app_flash_region_of(p, addr, len) < 0)
        return TOCK_INVAL;
    uint32_t n = len < APP_FLASH_BUFFER_LEN ? len : APP_FLASH_BUFFER_LEN;
    memcpy(c->buffer, src, n);
    c->busy = true;
    c->owner = p->id;
    uint32_t st = c->hil->write(c->hil->ctx, p, addr, c->buffer, n, &c->client);
    if (st != TOCK_OK)
        c->busy = false;
    return st;
}

static void af_done(void *ctx, uint32_t status, uint32_t length)
{
    (void)length;
    struct app_flash_capsule *c = ctx;
    c->busy = false;
    struct process *p = kernel_process_by_id(c->k, c->owner);
    if (p)
        upcall_schedule(c->k, p, &c->driver, APP_FLASH_UPCALL_DONE, status, 0, 0);
    for (uint32_t i = 0; i < c->k->process_count && !c->busy; i++) {
        struct process *q = &c->k->procs[i];
        struct app_flash_app *app = process_is_alive(q) ? grant_peek(c->k, q, &c->driver) : NULL;
        if (!app || !app->pending)
            continue;
        app->pending = false;
        uint32_t st = af_start(c, q, app->address);
        if (st != TOCK_OK)
            upcall_schedule(c->k, q, &c->driver, APP_FLASH_UPCALL_DONE, st, 0, 0);
    }
}

static struct syscall_return af_command(struct kernel *k, const struct driver *d,
                                        struct process *p, uint32_t cmd, uint32_t arg0,
                                        uint32_t arg1)
{
    (void)k, (void)arg1;
    struct app_flash_capsule *c = af_of(d);
    if (cmd == APP_FLASH_CMD_EXISTS)
        return sr_success();
    if (cmd != APP_FLASH_CMD_WRITE)
        return sr_failure(TOCK_NOSUPPORT);
    struct app_flash_app *app = grant_enter(c->k, p, d);
    if (!app)
        return sr_failure(TOCK_NOMEM);
    uint32_t len = 0;
    allowed_ro(c->k, p, d, APP_FLASH_ALLOW_RO_BUFFER, &len);
    if (app_flash_region_of(p, arg0, len) < 0)
        return sr_failure(TOCK_INVAL);
    if (len == 0)
        return sr_failure(TOCK_RESERVE);
    if (!c->busy) {
        uint32_t st = af_start(c, p, arg0);
        return st == TOCK_OK ? sr_success() : sr_failure(st);
    }
    if (app->pending)
        return sr_failure(TOCK_NOMEM);
    *app = (struct app_flash_app){true, arg0};
    return sr_success();
}

static const char *af_command_name(uint32_t cmd)
{
    return cmd == APP_FLASH_CMD_EXISTS ? "exists" : cmd == APP_FLASH_CMD_WRITE ? "write" : NULL;
}

void app_flash_capsule_init(struct app_flash_capsule *c, struct kernel *k,
                            const struct app_flash_hil *hil)
{
    memset(c, 0, sizeof *c);
    c->k = k;
    c->hil = hil;
    c->client = (struct storage_client){c, af_done};
    c->driver.num = DRIVER_APP_FLASH;
    c->driver.name = "appflash";
    c->driver.upcall_count = 1;
    c->driver.allow_ro_count = 1;
    c->driver.grant_size = sizeof(struct app_flash_app);
    c->driver.state = c;
    c->driver.command = af_command;
    c->driver.command_name = af_command_name;
}
