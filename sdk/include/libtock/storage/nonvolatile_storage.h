/* Nonvolatile storage, driver 0x50001, with libtock-c's names
 * (<libtock/storage/nonvolatile_storage.h>): one storage range shared by all apps. */
#ifndef LIBTOCK_STORAGE_NONVOLATILE_STORAGE_H
#define LIBTOCK_STORAGE_NONVOLATILE_STORAGE_H

#include <tock.h>

#define DRIVER_NUM_NONVOLATILE_STORAGE 0x50001

/* cb(status, bytes moved) */
typedef void (*libtock_nonvolatile_storage_callback_write)(returncode_t, int);
typedef void (*libtock_nonvolatile_storage_callback_read)(returncode_t, int);

bool libtock_nonvolatile_storage_exists(void);
returncode_t libtock_nonvolatile_storage_get_number_bytes(uint32_t *number_bytes);
/* Write/read `length` bytes at `offset` from/into buffer (which the kernel keeps until cb). */
returncode_t libtock_nonvolatile_storage_write(uint32_t offset, uint32_t length, uint8_t *buffer,
                                               uint32_t buffer_length,
                                               libtock_nonvolatile_storage_callback_write cb);
returncode_t libtock_nonvolatile_storage_read(uint32_t offset, uint32_t length, uint8_t *buffer,
                                              uint32_t buffer_length,
                                              libtock_nonvolatile_storage_callback_read cb);

#endif
