/* storagedump: print what a board's storage file holds (docs/storage.md). */
#include <ctype.h>
#include <stdbool.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "host_storage.h"
#include "storage_file.h"
#include "tock/capsules/isolated_nonvolatile_storage.h"
#include "tock/capsules/kv.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: storagedump [-h] STORAGE_FILE\n"
            "Print what a board's storage file (tockemu --storage FILE) holds:\n"
            "  nonvolatile storage (driver 0x50001): size and bytes in use (not 0xFF)\n"
            "  isolated nonvolatile storage (0x50004): each app's region, by write_id\n"
            "    (the app's ShortId unless its TBF says otherwise) and app name when known\n"
            "  key-value store (0x50003): each key, the write_id it was stored with and the\n"
            "    value's size; the bytes garbage collection would free\n"
            "  app state (0x50000): each app's saved writeable flash regions\n"
            "Exit status: 0, or 2 when the file cannot be read or is not a storage file.\n");
}

/* The app that stores with write_id (its ShortId unless its TBF says otherwise). */
static const char *app_name(const struct storage_state *s, uint32_t write_id)
{
    for (uint32_t i = 0; i < s->app_count; i++)
        if (s->apps[i].write_id == write_id && write_id != 0)
            return s->apps[i].name;
    return "?";
}

static uint32_t bytes_in_use(const uint8_t *p, uint32_t n)
{
    uint32_t used = 0;
    for (uint32_t i = 0; i < n; i++)
        used += p[i] != 0xFF;
    return used;
}

static void print_key(const uint8_t *k, uint32_t n)
{
    bool text = true;
    for (uint32_t i = 0; i < n; i++)
        text = text && (isprint(k[i]) || (k[i] == 0 && i > 0));
    if (text) {
        putchar('"');
        for (uint32_t i = 0; i < n && k[i]; i++)
            putchar(k[i] == '"' || k[i] == '\\' ? '?' : k[i]);
        printf("\"%s", n && !k[n - 1] ? " (NUL-padded)" : "");
    } else {
        printf("0x");
        for (uint32_t i = 0; i < n; i++)
            printf("%02x", k[i]);
    }
}

static void dump_isolated(const struct storage_state *s)
{
    uint32_t start = HOST_STORAGE_NV_SIZE, at = start, n = 0;
    printf("isolated nonvolatile storage (0x50004): %u bytes at device offset 0x%x\n",
           s->flash_size - start, start);
    uint32_t id, len;
    while (at + INVS_HEADER_LEN <= s->flash_size &&
           invs_header_decode(s->flash + at, &id, &len)) {
        uint32_t data = at + INVS_HEADER_LEN;
        uint32_t shown = len <= s->flash_size - data ? len : s->flash_size - data;
        printf("  region %u: write_id 0x%08x (%s), %u bytes at 0x%x, %u in use\n", n++, id,
               app_name(s, id), len, data, bytes_in_use(s->flash + data, shown));
        at = data + len;
    }
    if (n == 0)
        printf("  no regions\n");
}

static void dump_kv(const struct storage_state *s)
{
    uint32_t used = s->kv_dead;
    for (uint32_t i = 0; i < s->kv_count; i++)
        used += storage_kv_cost(s->kv[i].key_len, s->kv[i].value_len);
    printf("key-value store (0x50003): %u keys, %u of %u bytes used, %u freed by garbage "
           "collection\n", s->kv_count, used, HOST_STORAGE_KV_CAPACITY, s->kv_dead);
    for (uint32_t i = 0; i < s->kv_count; i++) {
        const struct storage_kv *e = &s->kv[i];
        uint32_t id, len;
        printf("  ");
        print_key(e->key, e->key_len);
        if (kv_header_decode(e->value, e->value_len, &id, &len))
            printf(": %u bytes, write_id 0x%08x (%s)\n", len, id, app_name(s, id));
        else
            printf(": %u bytes without the KV header\n", e->value_len);
    }
}

int main(int argc, char **argv)
{
    int opt;
    while ((opt = getopt(argc, argv, "h")) != -1) {
        if (opt == 'h') {
            usage(stdout);
            return 0;
        }
        usage(stderr);
        return 2;
    }
    if (optind + 1 != argc) {
        usage(stderr);
        return 2;
    }
    const char *path = argv[optind];
    struct storage_state s;
    char err[4200];
    int rc = storage_file_load(path, &s, err, sizeof err);
    if (rc) {
        if (rc > 0)
            fprintf(stderr, "storagedump: storage file %s does not exist\n", path);
        else
            fprintf(stderr, "storagedump: %s\n", err);
        return 2;
    }
    printf("storage file %s\n", path);
    uint32_t nv = s.flash_size < HOST_STORAGE_NV_SIZE ? s.flash_size : HOST_STORAGE_NV_SIZE;
    printf("nonvolatile storage (0x50001): %u bytes, %u in use\n", nv,
           bytes_in_use(s.flash, nv));
    dump_isolated(&s);
    dump_kv(&s);
    printf("app state (0x50000): %u saved regions\n", s.region_count);
    for (uint32_t i = 0; i < s.region_count; i++)
        printf("  %s (ShortId 0x%08x) region %u: %u bytes\n", s.regions[i].name,
               s.regions[i].short_id, s.regions[i].index, s.regions[i].len);
    printf("apps seen: %u\n", s.app_count);
    for (uint32_t i = 0; i < s.app_count; i++)
        printf("  %s ShortId 0x%08x write_id 0x%08x\n", s.apps[i].name, s.apps[i].short_id,
               s.apps[i].write_id);
    storage_state_free(&s);
    return 0;
}
