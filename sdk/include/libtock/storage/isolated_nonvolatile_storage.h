/* Isolated nonvolatile storage, driver 0x50004, with libtock-c's names
 * (<libtock/storage/isolated_nonvolatile_storage.h>): a region of storage of the app's
 * own, at offsets from 0. Reads and writes move the whole buffer. */
#ifndef LIBTOCK_STORAGE_ISOLATED_NONVOLATILE_STORAGE_H
#define LIBTOCK_STORAGE_ISOLATED_NONVOLATILE_STORAGE_H

#include <tock.h>

#define DRIVER_NUM_ISOLATED_NONVOLATILE_STORAGE 0x50004

typedef void (*libtock_isolated_nonvolatile_storage_callback_get_number_bytes)(returncode_t,
                                                                                uint64_t);
typedef void (*libtock_isolated_nonvolatile_storage_callback_write)(returncode_t);
typedef void (*libtock_isolated_nonvolatile_storage_callback_read)(returncode_t);

bool libtock_isolated_nonvolatile_storage_exists(void);
returncode_t libtock_isolated_nonvolatile_storage_get_number_bytes(
    libtock_isolated_nonvolatile_storage_callback_get_number_bytes cb);
returncode_t libtock_isolated_nonvolatile_storage_write(
    uint64_t offset, uint8_t *buffer, size_t buffer_length,
    libtock_isolated_nonvolatile_storage_callback_write cb);
returncode_t libtock_isolated_nonvolatile_storage_read(
    uint64_t offset, uint8_t *buffer, size_t buffer_length,
    libtock_isolated_nonvolatile_storage_callback_read cb);

#endif
