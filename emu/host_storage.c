/* The board's persistent storage: see host_storage.h. */
#include "host_storage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tock/capsules/app_flash.h"
#include "tock/storage_permissions.h"

/* Save the state if the board has a storage file. On failure the change stays in memory
 * for the run and the operation reports FAIL. */
static uint32_t commit(struct host_storage *h)
{
    char err[4200];
    if (!h->path[0])
        return TOCK_OK;
    if (storage_file_save(h->path, &h->st, err, sizeof err) == 0)
        return TOCK_OK;
    fprintf(stderr, "tockemu: %s\n", err);
    return TOCK_FAIL;
}

static uint32_t finish(const struct storage_client *c, uint32_t status, uint32_t length)
{
    c->done(c->ctx, status, status == TOCK_OK || status == TOCK_SIZE ? length : 0);
    return TOCK_OK;
}

/* ---- the nonvolatile storage device ------------------------------------------------------ */

static bool in_device(struct host_storage *h, uint32_t addr, uint32_t len)
{
    return addr <= h->st.flash_size && len <= h->st.flash_size - addr;
}

static uint32_t device_read(void *ctx, uint32_t addr, uint8_t *buf, uint32_t len,
                            const struct storage_client *c)
{
    struct host_storage *h = ctx;
    if (!in_device(h, addr, len))
        return TOCK_INVAL;
    memcpy(buf, h->st.flash + addr, len);
    return finish(c, TOCK_OK, len);
}

static uint32_t device_write(void *ctx, uint32_t addr, const uint8_t *buf, uint32_t len,
                             const struct storage_client *c)
{
    struct host_storage *h = ctx;
    if (!in_device(h, addr, len))
        return TOCK_INVAL;
    memcpy(h->st.flash + addr, buf, len);
    return finish(c, commit(h), len);
}

/* ---- the key-value store ----------------------------------------------------------------- */

static uint32_t used(const struct host_storage *h)
{
    uint32_t n = h->st.kv_dead;
    for (uint32_t i = 0; i < h->st.kv_count; i++)
        n += storage_kv_cost(h->st.kv[i].key_len, h->st.kv[i].value_len);
    return n;
}

static uint32_t kv_get(void *ctx, const uint8_t *key, uint32_t key_len, uint8_t *buf,
                       uint32_t cap, const struct storage_client *c)
{
    struct host_storage *h = ctx;
    struct storage_kv *e = storage_kv_find(&h->st, key, key_len);
    if (!e)
        return finish(c, TOCK_NOSUPPORT, 0);
    uint32_t n = e->value_len < cap ? e->value_len : cap;
    memcpy(buf, e->value, n);
    return finish(c, n < e->value_len ? TOCK_SIZE : TOCK_OK, e->value_len);
}

/* As a log-structured store (Tock's TicKV): a replaced or deleted value keeps its space
 * until garbage collection. Whether a new value fits is judged without the one it
 * replaces, so after a collection an app can store again as many values as it could
 * before whenever the space collected was at least one value's (libtock-c's
 * kv_unit_tests garbage_collect counts on that). */
static uint32_t kv_put(void *ctx, enum kv_op op, const uint8_t *key, uint32_t key_len,
                       const uint8_t *value, uint32_t value_len, const struct storage_client *c)
{
    struct host_storage *h = ctx;
    struct storage_kv *e = storage_kv_find(&h->st, key, key_len);
    if ((op == KV_OP_ADD && e) || (op == KV_OP_UPDATE && !e))
        return finish(c, TOCK_NOSUPPORT, 0);
    uint32_t cost = storage_kv_cost(key_len, value_len);
    uint32_t old = e ? storage_kv_cost(e->key_len, e->value_len) : 0;
    if (used(h) - old + cost > HOST_STORAGE_KV_CAPACITY)
        return finish(c, TOCK_NOMEM, 0);
    if (storage_kv_put(&h->st, key, key_len, value, value_len))
        return finish(c, TOCK_NOMEM, 0);
    h->st.kv_dead += old;
    return finish(c, commit(h), 0);
}

static uint32_t kv_remove(void *ctx, const uint8_t *key, uint32_t key_len,
                          const struct storage_client *c)
{
    struct host_storage *h = ctx;
    struct storage_kv *e = storage_kv_find(&h->st, key, key_len);
    if (!e)
        return finish(c, TOCK_NOSUPPORT, 0);
    h->st.kv_dead += storage_kv_cost(e->key_len, e->value_len);
    storage_kv_remove(&h->st, e);
    return finish(c, commit(h), 0);
}

static uint32_t kv_garbage_collect(void *ctx, const struct storage_client *c)
{
    struct host_storage *h = ctx;
    h->st.kv_dead = 0;
    return finish(c, commit(h), 0);
}

/* ---- the apps' writeable flash regions -------------------------------------------------- */

static uint32_t region_start(const struct process *p, uint32_t i)
{
    return p->flash_start + p->tbf.writeable_regions[i].offset;
}

static uint32_t app_flash_write(void *ctx, struct process *p, uint32_t addr, const uint8_t *buf,
                                uint32_t len, const struct storage_client *c)
{
    struct host_storage *h = ctx;
    int i = app_flash_region_of(p, addr, len);
    if (i < 0)
        return TOCK_INVAL;
    h->write_flash(h->write_flash_ctx, p, addr, buf, len);
    uint32_t start = region_start(p, (uint32_t)i);
    if (storage_region_put(&h->st, p->name, p->short_id, (uint32_t)i,
                           p->flash + (start - p->flash_start),
                           p->tbf.writeable_regions[i].size))
        return finish(c, TOCK_NOMEM, 0);
    return finish(c, commit(h), len);
}

void host_storage_restore(struct host_storage *h, struct process *p)
{
    struct storage_permissions perms;
    storage_permissions_of(p, &perms);
    storage_app_note(&h->st, p->name, p->short_id, perms.write_id);
    for (uint32_t i = 0; i < p->tbf.writeable_region_count; i++) {
        struct storage_app_region *r = storage_region_find(&h->st, p->name, i);
        uint32_t size = p->tbf.writeable_regions[i].size;
        if (!r)
            continue;
        if (r->len != size) {
            fprintf(stdout, "[board] storage: %s writeable flash region %u is %u bytes, the "
                    "saved one %u: not restored\n", p->name, i, size, r->len);
            continue;
        }
        h->write_flash(h->write_flash_ctx, p, region_start(p, i), r->data, size);
    }
}

/* ---- opening ---------------------------------------------------------------------------- */

int host_storage_open(struct host_storage *h, const char *path, host_flash_writer *write_flash,
                      void *ctx, char *err, size_t n)
{
    memset(h, 0, sizeof *h);
    h->write_flash = write_flash;
    h->write_flash_ctx = ctx;
    h->device = (struct storage_hil){h, HOST_STORAGE_DEVICE_SIZE, device_read, device_write};
    h->kv = (struct kv_hil){h, kv_get, kv_put, kv_remove, kv_garbage_collect};
    h->app_flash = (struct app_flash_hil){h, app_flash_write};
    int rc = 1;
    if (path && path[0]) {
        if (strlen(path) >= sizeof h->path) {
            snprintf(err, n, "storage file %s: path too long", path);
            return -1;
        }
        strcpy(h->path, path);
        rc = storage_file_load(path, &h->st, err, n);
        if (rc < 0)
            return -1;
    }
    if (rc == 0 && h->st.flash_size != HOST_STORAGE_DEVICE_SIZE) {
        snprintf(err, n, "storage file %s: its device is %u bytes, this board's %u", path,
                 h->st.flash_size, HOST_STORAGE_DEVICE_SIZE);
        storage_state_free(&h->st);
        return -1;
    }
    if (rc == 1) {   /* new: an erased device */
        h->st.flash = malloc(HOST_STORAGE_DEVICE_SIZE);
        if (!h->st.flash) {
            snprintf(err, n, "out of memory for the storage device");
            return -1;
        }
        memset(h->st.flash, 0xFF, HOST_STORAGE_DEVICE_SIZE);
        h->st.flash_size = HOST_STORAGE_DEVICE_SIZE;
        if (h->path[0] && storage_file_save(h->path, &h->st, err, n)) {
            storage_state_free(&h->st);
            return -1;
        }
    }
    return 0;
}

void host_storage_close(struct host_storage *h)
{
    storage_state_free(&h->st);
}
