/* Key-value store, driver 0x50003, with libtock-c's names (<libtock/storage/kv.h>).
 * Keys up to 64 bytes, values up to 503; an app sees the keys its storage permissions
 * allow (by default its own). */
#ifndef LIBTOCK_STORAGE_KV_H
#define LIBTOCK_STORAGE_KV_H

#include <tock.h>

#define DRIVER_NUM_KV 0x50003

/* get: cb(status, value length); the others: cb(status). */
typedef void (*libtock_kv_callback_get)(returncode_t, int);
typedef void (*libtock_kv_callback_done)(returncode_t);

bool libtock_kv_exists(void);
returncode_t libtock_kv_get(const uint8_t *key_buffer, uint32_t key_len, uint8_t *ret_buffer,
                            uint32_t ret_len, libtock_kv_callback_get cb);
returncode_t libtock_kv_set(const uint8_t *key_buffer, uint32_t key_len, const uint8_t *val_buffer,
                            uint32_t val_len, libtock_kv_callback_done cb);
returncode_t libtock_kv_add(const uint8_t *key_buffer, uint32_t key_len, const uint8_t *val_buffer,
                            uint32_t val_len, libtock_kv_callback_done cb);
returncode_t libtock_kv_update(const uint8_t *key_buffer, uint32_t key_len,
                               const uint8_t *val_buffer, uint32_t val_len,
                               libtock_kv_callback_done cb);
returncode_t libtock_kv_delete(const uint8_t *key_buffer, uint32_t key_len,
                               libtock_kv_callback_done cb);
returncode_t libtock_kv_garbage_collect(libtock_kv_callback_done cb);

#endif
