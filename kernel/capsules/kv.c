/* Key-value capsule, driver 0x50003: see tock/capsules/kv.h. */
#include "tock/capsules/kv.h"

#include "tock/kstring.h"

#define KV_HEADER_VERSION 0u

/* Per-process data: the command the app is waiting for (0: none). */
struct kv_app {
    uint8_t op;
};

static struct kv_capsule *kv_of(const struct driver *d)
{
    return (struct kv_capsule *)d->state;
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

bool kv_header_decode(const uint8_t *v, uint32_t len, uint32_t *write_id, uint32_t *length)
{
    if (len < KV_HEADER_LEN || v[0] != KV_HEADER_VERSION)
        return false;
    *length = rd32(v + 1);
    *write_id = rd32(v + 5);
    return true;
}

static void kv_next(struct kv_capsule *c);

/* The running command ends: tell its app. */
static void kv_finish(struct kv_capsule *c, uint32_t status, uint32_t length)
{
    c->busy = false;
    c->checking = false;
    struct process *p = kernel_process_by_id(c->k, c->owner);
    struct kv_app *app = p ? grant_peek(c->k, p, &c->driver) : NULL;
    if (app && app->op) {
        app->op = 0;
        upcall_schedule(c->k, p, &c->driver, KV_UPCALL_DONE, status, length, 0);
    }
    kv_next(c);
}

/* Start p's command on the store; an error means it did not start. */
static uint32_t kv_run(struct kv_capsule *c, struct process *p, uint8_t op)
{
    uint32_t len = 0;
    if (op != KV_CMD_GC) {
        const uint8_t *key = allowed_ro(c->k, p, &c->driver, KV_ALLOW_RO_KEY, &len);
        if (len > KV_MAX_KEY)
            return TOCK_SIZE;
        if (len)
            memcpy(c->key, key, len);
        c->key_len = len;
    }
    storage_permissions_of(p, &c->perms);
    if (op == KV_CMD_SET || op == KV_CMD_ADD || op == KV_CMD_UPDATE) {
        const uint8_t *value = allowed_ro(c->k, p, &c->driver, KV_ALLOW_RO_VALUE, &len);
        if (len > KV_MAX_VALUE)
            return TOCK_SIZE;
        if (c->perms.write_id == 0)
            return TOCK_INVAL;
        c->value[0] = KV_HEADER_VERSION;
        wr32(c->value + 1, len);
        wr32(c->value + 5, c->perms.write_id);
        if (len)
            memcpy(c->value + KV_HEADER_LEN, value, len);
        c->value_len = KV_HEADER_LEN + len;
    }
    c->busy = true;
    c->op = op;
    c->owner = p->id;
    c->checking = op != KV_CMD_GET && op != KV_CMD_GC;
    const struct kv_hil *h = c->hil;
    uint32_t st;
    if (op == KV_CMD_GC)
        st = h->garbage_collect(h->ctx, &c->client);
    else if (c->checking)   /* a change: first see what it would replace */
        st = h->get(h->ctx, c->key, c->key_len, c->existing, KV_HEADER_LEN, &c->client);
    else
        st = h->get(h->ctx, c->key, c->key_len, c->value, KV_VALUE_BUFFER, &c->client);
    if (st != TOCK_OK)
        c->busy = c->checking = false;
    return st;
}

/* The store is free: start the first waiting command that can start. */
static void kv_next(struct kv_capsule *c)
{
    for (uint32_t i = 0; i < c->k->process_count && !c->busy; i++) {
        struct process *p = &c->k->procs[i];
        struct kv_app *app = process_is_alive(p) ? grant_peek(c->k, p, &c->driver) : NULL;
        if (!app || !app->op)
            continue;
        uint32_t st = kv_run(c, p, app->op);
        if (st != TOCK_OK) {
            app->op = 0;
            upcall_schedule(c->k, p, &c->driver, KV_UPCALL_DONE, st, 0, 0);
        }
    }
}

/* The header of the value a change would replace is in (or the key is missing): go on
 * with the change, or refuse it. */
static void kv_checked(struct kv_capsule *c, uint32_t status, uint32_t length)
{
    c->checking = false;
    if (status != TOCK_OK && status != TOCK_SIZE && status != TOCK_NOSUPPORT) {
        kv_finish(c, status, 0);
        return;
    }
    bool exists = status != TOCK_NOSUPPORT;
    uint32_t id, len;
    bool mine = exists && kv_header_decode(c->existing, length, &id, &len) &&
                storage_may_modify(&c->perms, id);
    if ((exists && (c->op == KV_CMD_ADD || !mine)) ||
        (!exists && (c->op == KV_CMD_UPDATE || c->op == KV_CMD_DELETE))) {
        kv_finish(c, TOCK_NOSUPPORT, 0);
        return;
    }
    const struct kv_hil *h = c->hil;
    uint32_t st;
    if (c->op == KV_CMD_DELETE) {
        st = h->remove(h->ctx, c->key, c->key_len, &c->client);
    } else {
        enum kv_op op = c->op == KV_CMD_ADD ? KV_OP_ADD
                        : c->op == KV_CMD_UPDATE ? KV_OP_UPDATE : KV_OP_SET;
        st = h->put(h->ctx, op, c->key, c->key_len, c->value, c->value_len, &c->client);
    }
    if (st != TOCK_OK)
        kv_finish(c, st, 0);
}

/* A get is done: hand the value to the app if it may read it. */
static void kv_got(struct kv_capsule *c, uint32_t status, uint32_t length)
{
    uint32_t id, len;
    if (status != TOCK_OK && status != TOCK_SIZE) {
        kv_finish(c, status, 0);
        return;
    }
    if (!kv_header_decode(c->value, length, &id, &len) || len > length - KV_HEADER_LEN ||
        len > KV_MAX_VALUE || !storage_may_read(&c->perms, id)) {
        kv_finish(c, TOCK_NOSUPPORT, 0);
        return;
    }
    struct process *p = kernel_process_by_id(c->k, c->owner);
    uint32_t cap = 0;
    uint8_t *dst = p ? allowed_rw(c->k, p, &c->driver, KV_ALLOW_RW_VALUE, &cap) : NULL;
    uint32_t n = len < cap ? len : cap;
    if (n)
        memcpy(dst, c->value + KV_HEADER_LEN, n);
    kv_finish(c, n < len ? TOCK_SIZE : TOCK_OK, len);
}

static void kv_done(void *ctx, uint32_t status, uint32_t length)
{
    struct kv_capsule *c = ctx;
    if (c->checking)
        kv_checked(c, status, length);
    else if (c->op == KV_CMD_GET)
        kv_got(c, status, length);
    else
        kv_finish(c, status, 0);
}

static struct syscall_return kv_command(struct kernel *k, const struct driver *d,
                                        struct process *p, uint32_t cmd, uint32_t arg0,
                                        uint32_t arg1)
{
    (void)k, (void)arg0, (void)arg1;
    struct kv_capsule *c = kv_of(d);
    if (cmd == KV_CMD_EXISTS)
        return sr_success();
    if (cmd > KV_CMD_GC)
        return sr_failure(TOCK_NOSUPPORT);
    struct kv_app *app = grant_enter(c->k, p, d);
    if (!app)
        return sr_failure(TOCK_NOMEM);
    if (app->op)
        return sr_failure(TOCK_NOMEM);   /* Tock: one command per app waits */
    app->op = (uint8_t)cmd;
    if (c->busy)
        return sr_success();
    uint32_t st = kv_run(c, p, (uint8_t)cmd);
    if (st != TOCK_OK) {
        app->op = 0;
        return sr_failure(st);
    }
    return sr_success();
}

static const char *kv_command_name(uint32_t cmd)
{
    static const char *const names[] = {"exists", "get", "set", "delete", "add", "update",
                                        "garbage-collect"};
    return cmd <= KV_CMD_GC ? names[cmd] : NULL;
}

void kv_capsule_init(struct kv_capsule *c, struct kernel *k, const struct kv_hil *hil)
{
    memset(c, 0, sizeof *c);
    c->k = k;
    c->hil = hil;
    c->client = (struct storage_client){c, kv_done};
    c->driver.num = DRIVER_KV;
    c->driver.name = "kv";
    c->driver.upcall_count = 1;
    c->driver.allow_ro_count = 2;
    c->driver.allow_rw_count = 1;
    c->driver.grant_size = sizeof(struct kv_app);
    c->driver.state = c;
    c->driver.command = kv_command;
    c->driver.command_name = kv_command_name;
}
