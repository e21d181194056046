/* Blocking nonvolatile storage (<libtock-sync/storage/nonvolatile_storage.h>). */
#ifndef LIBTOCK_SYNC_STORAGE_NONVOLATILE_STORAGE_H
#define LIBTOCK_SYNC_STORAGE_NONVOLATILE_STORAGE_H

#include <libtock/storage/nonvolatile_storage.h>

bool libtocksync_nonvolatile_storage_exists(void);
returncode_t libtocksync_nonvolatile_storage_write(uint32_t offset, uint32_t length,
                                                   uint8_t *buffer, uint32_t buffer_length,
                                                   int *length_written);
returncode_t libtocksync_nonvolatile_storage_read(uint32_t offset, uint32_t length,
                                                  uint8_t *buffer, uint32_t buffer_length,
                                                  int *length_read);

#endif
