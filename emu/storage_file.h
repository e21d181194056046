/* The board's storage file: what the storage drivers keep across runs (docs/storage.md).
 *
 * Format (little endian): "TOCKSTOR", u32 version (1), u32 payload length, u32 CRC-32 of
 * the payload, then the payload: records of u32 kind, u32 length, data:
 *   1 FLASH       the nonvolatile storage device's bytes (drivers 0x50001 and 0x50004)
 *   2 KV          u32 key length, key, value (the value holds the KV capsule's header)
 *   3 KV_DEAD     u32: bytes of deleted and replaced values garbage collection would free
 *   4 APP_REGION  u32 ShortId, u32 region index, u32 name length, name, the region's bytes
 *                 (an app's writeable flash region, driver 0x50000)
 *   5 APP         u32 ShortId, u32 storage write_id, name: apps seen on the board, to
 *                 name regions and keys in dumps
 * Unknown kinds are refused: a file from a newer version is not silently shortened. */
#ifndef EMU_STORAGE_FILE_H
#define EMU_STORAGE_FILE_H

#include <stddef.h>
#include <stdint.h>

#define STORAGE_NAME_MAX 64

struct storage_kv {
    uint8_t *key, *value;
    uint32_t key_len, value_len;
};

struct storage_app_region {
    char name[STORAGE_NAME_MAX + 1];
    uint32_t short_id, index;
    uint8_t *data;
    uint32_t len;
};

struct storage_app {
    char name[STORAGE_NAME_MAX + 1];
    uint32_t short_id, write_id;
};

struct storage_state {
    uint8_t *flash;
    uint32_t flash_size;
    struct storage_kv *kv;
    uint32_t kv_count;
    uint32_t kv_dead;
    struct storage_app_region *regions;
    uint32_t region_count;
    struct storage_app *apps;
    uint32_t app_count;
};

/* Read path into *s (zeroed first). Returns 0; 1 when the file does not exist; -1 with a
 * message naming the file and what is wrong. */
int storage_file_load(const char *path, struct storage_state *s, char *err, size_t n);
/* Replace path by s, atomically: see storage_file.c. Returns 0 or -1 with a message. */
int storage_file_save(const char *path, const struct storage_state *s, char *err, size_t n);
void storage_state_free(struct storage_state *s);

/* Editing a state (they return 0, or -1 when out of memory). */
struct storage_kv *storage_kv_find(struct storage_state *s, const uint8_t *key, uint32_t len);
int storage_kv_put(struct storage_state *s, const uint8_t *key, uint32_t key_len,
                   const uint8_t *value, uint32_t value_len);
void storage_kv_remove(struct storage_state *s, struct storage_kv *e);
/* Bytes an entry takes in the store (key, value and bookkeeping). */
uint32_t storage_kv_cost(uint32_t key_len, uint32_t value_len);
int storage_region_put(struct storage_state *s, const char *name, uint32_t short_id,
                       uint32_t index, const uint8_t *data, uint32_t len);
struct storage_app_region *storage_region_find(struct storage_state *s, const char *name,
                                               uint32_t index);
int storage_app_note(struct storage_state *s, const char *name, uint32_t short_id,
                     uint32_t write_id);

#endif
