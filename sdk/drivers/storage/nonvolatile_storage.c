/* Nonvolatile storage driver 0x50001: RW allow 0 read buffer, RO allow 0 write buffer,
 * subscribe 0 read done / 1 write done (length, 0, 0), command 1 size, 2 read, 3 write. */
#include <libtock-sync/storage/nonvolatile_storage.h>

static void length_done(int length, int unused1, int unused2, void *opaque) {
    (void)unused1, (void)unused2;
    ((libtock_nonvolatile_storage_callback_read)opaque)(RETURNCODE_SUCCESS, length);
}

bool libtock_nonvolatile_storage_exists(void) {
    return driver_exists(DRIVER_NUM_NONVOLATILE_STORAGE);
}

bool libtocksync_nonvolatile_storage_exists(void) {
    return libtock_nonvolatile_storage_exists();
}

returncode_t libtock_nonvolatile_storage_get_number_bytes(uint32_t *number_bytes) {
    return tock_return_u32(command(DRIVER_NUM_NONVOLATILE_STORAGE, 1, 0, 0), number_bytes);
}

/* Lend buffer for a read (RW) or a write (RO), subscribe, and start the command. */
static returncode_t start(bool read, uint32_t offset, uint32_t length, uint8_t *buffer,
                          uint32_t buffer_length, subscribe_upcall *fn, void *opaque) {
    returncode_t rc = tock_status(subscribe(DRIVER_NUM_NONVOLATILE_STORAGE, read ? 0 : 1, fn, opaque));
    if (rc) return rc;
    rc = tock_status(read ? allow_readwrite(DRIVER_NUM_NONVOLATILE_STORAGE, 0, buffer, buffer_length)
                          : allow_readonly(DRIVER_NUM_NONVOLATILE_STORAGE, 0, buffer, buffer_length));
    if (rc) return rc;
    return tock_return_novalue(command(DRIVER_NUM_NONVOLATILE_STORAGE, read ? 2 : 3, offset, length));
}

returncode_t libtock_nonvolatile_storage_write(uint32_t offset, uint32_t length, uint8_t *buffer,
                                               uint32_t buffer_length,
                                               libtock_nonvolatile_storage_callback_write cb) {
    return start(false, offset, length, buffer, buffer_length, length_done, (void *)cb);
}

returncode_t libtock_nonvolatile_storage_read(uint32_t offset, uint32_t length, uint8_t *buffer,
                                              uint32_t buffer_length,
                                              libtock_nonvolatile_storage_callback_read cb) {
    return start(true, offset, length, buffer, buffer_length, length_done, (void *)cb);
}

static returncode_t transfer_sync(bool read, uint32_t offset, uint32_t length, uint8_t *buffer,
                                  uint32_t buffer_length, int *moved) {
    returncode_t rc = start(read, offset, length, buffer, buffer_length, tock_ignore_upcall, NULL);
    if (rc == RETURNCODE_SUCCESS) {
        yield_waitfor_return_t r = yield_wait_for(DRIVER_NUM_NONVOLATILE_STORAGE, read ? 0 : 1);
        if (moved) *moved = (int)r.data0;
    }
    if (read)   /* take the buffer back */
        allow_readwrite(DRIVER_NUM_NONVOLATILE_STORAGE, 0, NULL, 0);
    else
        allow_readonly(DRIVER_NUM_NONVOLATILE_STORAGE, 0, NULL, 0);
    return rc;
}

returncode_t libtocksync_nonvolatile_storage_write(uint32_t offset, uint32_t length,
                                                   uint8_t *buffer, uint32_t buffer_length,
                                                   int *length_written) {
    return transfer_sync(false, offset, length, buffer, buffer_length, length_written);
}

returncode_t libtocksync_nonvolatile_storage_read(uint32_t offset, uint32_t length,
                                                  uint8_t *buffer, uint32_t buffer_length,
                                                  int *length_read) {
    return transfer_sync(true, offset, length, buffer, buffer_length, length_read);
}
