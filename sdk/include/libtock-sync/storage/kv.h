/* Blocking key-value store (<libtock-sync/storage/kv.h>). */
#ifndef LIBTOCK_SYNC_STORAGE_KV_H
#define LIBTOCK_SYNC_STORAGE_KV_H

#include <libtock/storage/kv.h>

bool libtocksync_kv_exists(void);
/* value_len gets the whole value's length, also when ret_buffer was too short (ESIZE). */
returncode_t libtocksync_kv_get(const uint8_t *key_buffer, uint32_t key_len, uint8_t *ret_buffer,
                                uint32_t ret_len, uint32_t *value_len);
returncode_t libtocksync_kv_set(const uint8_t *key_buffer, uint32_t key_len,
                                const uint8_t *val_buffer, uint32_t val_len);
returncode_t libtocksync_kv_add(const uint8_t *key_buffer, uint32_t key_len,
                                const uint8_t *val_buffer, uint32_t val_len);
returncode_t libtocksync_kv_update(const uint8_t *key_buffer, uint32_t key_len,
                                   const uint8_t *val_buffer, uint32_t val_len);
returncode_t libtocksync_kv_delete(const uint8_t *key_buffer, uint32_t key_len);
returncode_t libtocksync_kv_garbage_collect(void);

#endif
