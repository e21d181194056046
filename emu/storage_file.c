/* The board's storage file (see storage_file.h).
 *
 * Crash safety: a save writes the whole new state to PATH.tmp, fsyncs it, renames it over
 * PATH and fsyncs the directory. rename() replaces the name atomically, so whenever the
 * process dies (kill -9 included) PATH is the complete old file or the complete new one;
 * a PATH.tmp left behind is overwritten by the next save. A write-ahead log would write
 * less per change, but the state is small (a few hundred KiB at most) and this way the
 * file on disk is always exactly one loadable state, which also keeps the loader simple.
 * The CRC in the header catches files damaged by anything else. */
#define _GNU_SOURCE
#include "storage_file.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "TOCKSTOR"
#define VERSION 1u
#define HEADER_LEN 20u

enum { REC_FLASH = 1, REC_KV = 2, REC_KV_DEAD = 3, REC_APP_REGION = 4, REC_APP = 5 };

static uint32_t crc32(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int b = 0; b < 8; b++)
            c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    }
    return ~c;
}

static uint32_t rd32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* ---- editing ---------------------------------------------------------------------------- */

static void *dup_bytes(const uint8_t *p, uint32_t n)
{
    uint8_t *d = malloc(n ? n : 1);
    if (d && n)
        memcpy(d, p, n);
    return d;
}

static void copy_name(char *dst, const char *src, size_t len)
{
    if (len > STORAGE_NAME_MAX)
        len = STORAGE_NAME_MAX;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

struct storage_kv *storage_kv_find(struct storage_state *s, const uint8_t *key, uint32_t len)
{
    for (uint32_t i = 0; i < s->kv_count; i++)
        if (s->kv[i].key_len == len && (len == 0 || !memcmp(s->kv[i].key, key, len)))
            return &s->kv[i];
    return NULL;
}

uint32_t storage_kv_cost(uint32_t key_len, uint32_t value_len)
{
    return 8u + key_len + value_len;   /* the record's two length words */
}

int storage_kv_put(struct storage_state *s, const uint8_t *key, uint32_t key_len,
                   const uint8_t *value, uint32_t value_len)
{
    uint8_t *v = dup_bytes(value, value_len);
    if (!v)
        return -1;
    struct storage_kv *e = storage_kv_find(s, key, key_len);
    if (e) {
        free(e->value);
        e->value = v;
        e->value_len = value_len;
        return 0;
    }
    uint8_t *k = dup_bytes(key, key_len);
    struct storage_kv *grown = realloc(s->kv, (s->kv_count + 1) * sizeof *s->kv);
    if (!k || !grown) {
        free(k);
        free(v);
        if (grown)
            s->kv = grown;
        return -1;
    }
    s->kv = grown;
    s->kv[s->kv_count++] = (struct storage_kv){k, v, key_len, value_len};
    return 0;
}

void storage_kv_remove(struct storage_state *s, struct storage_kv *e)
{
    free(e->key);
    free(e->value);
    *e = s->kv[--s->kv_count];
}

struct storage_app_region *storage_region_find(struct storage_state *s, const char *name,
                                               uint32_t index)
{
    for (uint32_t i = 0; i < s->region_count; i++)
        if (s->regions[i].index == index && !strcmp(s->regions[i].name, name))
            return &s->regions[i];
    return NULL;
}

int storage_region_put(struct storage_state *s, const char *name, uint32_t short_id,
                       uint32_t index, const uint8_t *data, uint32_t len)
{
    uint8_t *d = dup_bytes(data, len);
    if (!d)
        return -1;
    struct storage_app_region *r = storage_region_find(s, name, index);
    if (!r) {
        struct storage_app_region *grown =
            realloc(s->regions, (s->region_count + 1) * sizeof *s->regions);
        if (!grown) {
            free(d);
            return -1;
        }
        s->regions = grown;
        r = &s->regions[s->region_count++];
        memset(r, 0, sizeof *r);
        copy_name(r->name, name, strlen(name));
        r->index = index;
    } else {
        free(r->data);
    }
    r->short_id = short_id;
    r->data = d;
    r->len = len;
    return 0;
}

int storage_app_note(struct storage_state *s, const char *name, uint32_t short_id,
                     uint32_t write_id)
{
    for (uint32_t i = 0; i < s->app_count; i++)
        if (s->apps[i].short_id == short_id && s->apps[i].write_id == write_id &&
            !strcmp(s->apps[i].name, name))
            return 0;
    struct storage_app *grown = realloc(s->apps, (s->app_count + 1) * sizeof *s->apps);
    if (!grown)
        return -1;
    s->apps = grown;
    copy_name(s->apps[s->app_count].name, name, strlen(name));
    s->apps[s->app_count].short_id = short_id;
    s->apps[s->app_count++].write_id = write_id;
    return 0;
}

void storage_state_free(struct storage_state *s)
{
    free(s->flash);
    for (uint32_t i = 0; i < s->kv_count; i++) {
        free(s->kv[i].key);
        free(s->kv[i].value);
    }
    free(s->kv);
    for (uint32_t i = 0; i < s->region_count; i++)
        free(s->regions[i].data);
    free(s->regions);
    free(s->apps);
    memset(s, 0, sizeof *s);
}

/* ---- loading ---------------------------------------------------------------------------- */

struct reader {
    const char *path;
    uint32_t record, kind;
    size_t at;            /* file offset of the record's data */
    char *err;
    size_t n;
};

static int bad(struct reader *r, const char *what)
{
    snprintf(r->err, r->n, "storage file %s: record %u (kind %u) at byte %zu: %s", r->path,
             r->record, r->kind, r->at, what);
    return -1;
}

/* A u32 length at d[*pos] and that many bytes after it, inside len. */
static int take_counted(struct reader *r, const uint8_t *d, uint32_t len, uint32_t *pos,
                        uint32_t *out_len, const char *field)
{
    if (len - *pos < 4)
        return bad(r, field);
    uint32_t n = rd32(d + *pos);
    *pos += 4;
    if (n > len - *pos)
        return bad(r, field);
    *out_len = n;
    return 0;
}

static int oom(struct reader *r)
{
    return bad(r, "out of memory");
}

static int load_record(struct reader *r, struct storage_state *s, const uint8_t *d, uint32_t len)
{
    uint32_t pos = 0, a, b;
    switch (r->kind) {
    case REC_FLASH:
        if (s->flash)
            return bad(r, "a second FLASH record");
        s->flash = dup_bytes(d, len);
        s->flash_size = len;
        return s->flash ? 0 : oom(r);
    case REC_KV: {
        if (take_counted(r, d, len, &pos, &a, "key length runs past the record"))
            return -1;
        if (storage_kv_find(s, d + 4, a))
            return bad(r, "the key is there twice");
        return storage_kv_put(s, d + 4, a, d + pos + a, len - pos - a) ? oom(r) : 0;
    }
    case REC_KV_DEAD:
        if (len != 4)
            return bad(r, "KV_DEAD length is not 4");
        s->kv_dead = rd32(d);
        return 0;
    case REC_APP_REGION: {
        if (len < 8)
            return bad(r, "too short for ShortId and region index");
        a = rd32(d);
        b = rd32(d + 4);
        pos = 8;
        uint32_t name_len;
        if (take_counted(r, d, len, &pos, &name_len, "name length runs past the record"))
            return -1;
        if (name_len > STORAGE_NAME_MAX)
            return bad(r, "name longer than 64 bytes");
        char name[STORAGE_NAME_MAX + 1];
        copy_name(name, (const char *)d + pos, name_len);
        pos += name_len;
        return storage_region_put(s, name, a, b, d + pos, len - pos) ? oom(r) : 0;
    }
    case REC_APP:
        if (len < 8 || len - 8 > STORAGE_NAME_MAX)
            return bad(r, "APP length is not 8 + 0..64 name bytes");
        char name[STORAGE_NAME_MAX + 1];
        copy_name(name, (const char *)d + 8, len - 8);
        return storage_app_note(s, name, rd32(d), rd32(d + 4)) ? oom(r) : 0;
    default:
        return bad(r, "unknown record kind");
    }
}

static int parse(const char *path, const uint8_t *d, size_t size, struct storage_state *s,
                 char *err, size_t n)
{
    if (size < HEADER_LEN || memcmp(d, MAGIC, 8)) {
        snprintf(err, n, "storage file %s: not a storage file (no TOCKSTOR header)", path);
        return -1;
    }
    uint32_t version = rd32(d + 8), len = rd32(d + 12);
    if (version != VERSION) {
        snprintf(err, n, "storage file %s: version %u, this program reads version %u", path,
                 version, VERSION);
        return -1;
    }
    if (len != size - HEADER_LEN) {
        snprintf(err, n, "storage file %s: payload length %u, but %zu bytes follow the header",
                 path, len, size - HEADER_LEN);
        return -1;
    }
    if (crc32(d + HEADER_LEN, len) != rd32(d + 16)) {
        snprintf(err, n, "storage file %s: CRC mismatch (the file is damaged)", path);
        return -1;
    }
    struct reader r = {path, 0, 0, 0, err, n};
    for (size_t at = HEADER_LEN; at < size; r.record++) {
        r.at = at;
        r.kind = 0;
        if (size - at < 8)
            return bad(&r, "truncated record header");
        r.kind = rd32(d + at);
        uint32_t rec_len = rd32(d + at + 4);
        at += 8;
        r.at = at;
        if (rec_len > size - at)
            return bad(&r, "length runs past the end of the file");
        if (load_record(&r, s, d + at, rec_len))
            return -1;
        at += rec_len;
    }
    return 0;
}

int storage_file_load(const char *path, struct storage_state *s, char *err, size_t n)
{
    memset(s, 0, sizeof *s);
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT)
            return 1;
        snprintf(err, n, "storage file %s: %s", path, strerror(errno));
        return -1;
    }
    uint8_t *d = NULL;
    size_t size = 0, cap = 0, got;
    do {
        if (size == cap) {
            cap = cap ? cap * 2 : 65536;
            uint8_t *grown = realloc(d, cap);
            if (!grown) {
                free(d);
                fclose(f);
                snprintf(err, n, "storage file %s: out of memory", path);
                return -1;
            }
            d = grown;
        }
        got = fread(d + size, 1, cap - size, f);
        size += got;
    } while (got > 0);
    int failed = ferror(f);
    fclose(f);
    int rc = failed ? (snprintf(err, n, "storage file %s: read error", path), -1)
                    : parse(path, d, size, s, err, n);
    free(d);
    if (rc)
        storage_state_free(s);
    return rc;
}

/* ---- saving ----------------------------------------------------------------------------- */

struct out {
    uint8_t *d;
    size_t len, cap;
    bool failed;
};

static void put(struct out *o, const void *p, size_t n)
{
    if (o->failed)
        return;
    if (o->len + n > o->cap) {
        size_t cap = o->cap ? o->cap : 65536;
        while (cap < o->len + n)
            cap *= 2;
        uint8_t *grown = realloc(o->d, cap);
        if (!grown) {
            o->failed = true;
            return;
        }
        o->d = grown;
        o->cap = cap;
    }
    if (n)   /* p may be NULL for an empty field */
        memcpy(o->d + o->len, p, n);
    o->len += n;
}

static void put32(struct out *o, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    put(o, b, 4);
}

static void put_record(struct out *o, uint32_t kind, uint32_t len)
{
    put32(o, kind);
    put32(o, len);
}

static void serialize(const struct storage_state *s, struct out *o)
{
    put(o, MAGIC, 8);
    put32(o, VERSION);
    put32(o, 0);   /* payload length and CRC: filled in at the end */
    put32(o, 0);
    put_record(o, REC_FLASH, s->flash_size);
    put(o, s->flash, s->flash_size);
    for (uint32_t i = 0; i < s->kv_count; i++) {
        const struct storage_kv *e = &s->kv[i];
        put_record(o, REC_KV, 4 + e->key_len + e->value_len);
        put32(o, e->key_len);
        put(o, e->key, e->key_len);
        put(o, e->value, e->value_len);
    }
    put_record(o, REC_KV_DEAD, 4);
    put32(o, s->kv_dead);
    for (uint32_t i = 0; i < s->region_count; i++) {
        const struct storage_app_region *r = &s->regions[i];
        uint32_t name_len = (uint32_t)strlen(r->name);
        put_record(o, REC_APP_REGION, 12 + name_len + r->len);
        put32(o, r->short_id);
        put32(o, r->index);
        put32(o, name_len);
        put(o, r->name, name_len);
        put(o, r->data, r->len);
    }
    for (uint32_t i = 0; i < s->app_count; i++) {
        uint32_t name_len = (uint32_t)strlen(s->apps[i].name);
        put_record(o, REC_APP, 8 + name_len);
        put32(o, s->apps[i].short_id);
        put32(o, s->apps[i].write_id);
        put(o, s->apps[i].name, name_len);
    }
    if (o->failed)
        return;
    uint32_t len = (uint32_t)(o->len - HEADER_LEN), crc = crc32(o->d + HEADER_LEN, len);
    for (int i = 0; i < 4; i++) {
        o->d[12 + i] = (uint8_t)(len >> (8 * i));
        o->d[16 + i] = (uint8_t)(crc >> (8 * i));
    }
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* fsync the directory holding path, so the rename itself is on disk. */
static void sync_dir_of(const char *path)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash == path ? 1 : slash - path), path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int storage_file_save(const char *path, const struct storage_state *s, char *err, size_t n)
{
    struct out o = {0};
    serialize(s, &o);
    if (o.failed) {
        free(o.d);
        snprintf(err, n, "storage file %s: out of memory", path);
        return -1;
    }
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        free(o.d);
        snprintf(err, n, "storage file %s: path too long", path);
        return -1;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int rc = fd < 0 || write_all(fd, o.d, o.len) || fsync(fd) ? -1 : 0;
    int saved = errno;
    if (fd >= 0 && close(fd) && !rc) {
        rc = -1;
        saved = errno;
    }
    if (!rc && rename(tmp, path)) {
        rc = -1;
        saved = errno;
    }
    free(o.d);
    if (rc) {
        snprintf(err, n, "storage file %s: cannot write it: %s", path, strerror(saved));
        unlink(tmp);
        return -1;
    }
    sync_dir_of(path);
    return 0;
}
