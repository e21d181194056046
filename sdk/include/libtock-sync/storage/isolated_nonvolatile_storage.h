/* Blocking isolated nonvolatile storage
 * (<libtock-sync/storage/isolated_nonvolatile_storage.h>). Errors the driver reports in
 * its upcall come back as negative status codes, as from a failed command. */
#ifndef LIBTOCK_SYNC_STORAGE_ISOLATED_NONVOLATILE_STORAGE_H
#define LIBTOCK_SYNC_STORAGE_ISOLATED_NONVOLATILE_STORAGE_H

#include <libtock/storage/isolated_nonvolatile_storage.h>

bool libtocksync_isolated_nonvolatile_storage_exists(void);
returncode_t libtocksync_isolated_nonvolatile_storage_get_number_bytes(uint64_t *number_bytes);
returncode_t libtocksync_isolated_nonvolatile_storage_write(uint64_t offset, uint8_t *buffer,
                                                            uint32_t buffer_length);
returncode_t libtocksync_isolated_nonvolatile_storage_read(uint64_t offset, uint8_t *buffer,
                                                           uint32_t buffer_length);

#endif
