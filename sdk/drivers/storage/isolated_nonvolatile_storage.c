/* Isolated nonvolatile storage driver 0x50004: RW allow 0 read buffer, RO allow 0 write
 * buffer; subscribe 0 size (status, lo, hi), 1 read (status, len, 0), 2 write (status,
 * len, 0); command 1 size, 2 read (offset lo, hi), 3 write (offset lo, hi). */
#include <libtock-sync/storage/isolated_nonvolatile_storage.h>

#define DRV DRIVER_NUM_ISOLATED_NONVOLATILE_STORAGE

static void size_done(int status, int lo, int hi, void *opaque) {
    uint64_t n = (uint64_t)(uint32_t)lo | (uint64_t)(uint32_t)hi << 32;
    ((libtock_isolated_nonvolatile_storage_callback_get_number_bytes)opaque)(
        tock_status_to_returncode((uint32_t)status), n);
}

static void status_done(int status, int unused1, int unused2, void *opaque) {
    (void)unused1, (void)unused2;
    ((libtock_isolated_nonvolatile_storage_callback_write)opaque)(
        tock_status_to_returncode((uint32_t)status));
}

bool libtock_isolated_nonvolatile_storage_exists(void) {
    return driver_exists(DRV);
}

bool libtocksync_isolated_nonvolatile_storage_exists(void) {
    return driver_exists(DRV);
}

returncode_t libtock_isolated_nonvolatile_storage_get_number_bytes(
    libtock_isolated_nonvolatile_storage_callback_get_number_bytes cb) {
    returncode_t rc = tock_status(subscribe(DRV, 0, size_done, (void *)cb));
    if (rc) return rc;
    return tock_return_novalue(command(DRV, 1, 0, 0));
}

static returncode_t start(bool read, uint64_t offset, uint8_t *buffer, size_t len,
                          subscribe_upcall *fn, void *opaque) {
    returncode_t rc = tock_status(subscribe(DRV, read ? 1 : 2, fn, opaque));
    if (rc) return rc;
    rc = tock_status(read ? allow_readwrite(DRV, 0, buffer, len) : allow_readonly(DRV, 0, buffer, len));
    if (rc) return rc;
    return tock_return_novalue(command(DRV, read ? 2 : 3, (uint32_t)offset, (uint32_t)(offset >> 32)));
}

returncode_t libtock_isolated_nonvolatile_storage_write(
    uint64_t offset, uint8_t *buffer, size_t buffer_length,
    libtock_isolated_nonvolatile_storage_callback_write cb) {
    return start(false, offset, buffer, buffer_length, status_done, (void *)cb);
}

returncode_t libtock_isolated_nonvolatile_storage_read(
    uint64_t offset, uint8_t *buffer, size_t buffer_length,
    libtock_isolated_nonvolatile_storage_callback_read cb) {
    return start(true, offset, buffer, buffer_length, status_done, (void *)cb);
}

returncode_t libtocksync_isolated_nonvolatile_storage_get_number_bytes(uint64_t *number_bytes) {
    returncode_t rc = tock_return_novalue(command(DRV, 1, 0, 0));
    if (rc) return rc;
    yield_waitfor_return_t r = yield_wait_for(DRV, 0);
    rc = tock_status_to_returncode(r.data0);
    if (rc == RETURNCODE_SUCCESS && number_bytes)
        *number_bytes = (uint64_t)r.data1 | (uint64_t)r.data2 << 32;
    return rc;
}

static returncode_t transfer_sync(bool read, uint64_t offset, uint8_t *buffer, uint32_t len) {
    returncode_t rc = start(read, offset, buffer, len, tock_ignore_upcall, NULL);
    if (rc == RETURNCODE_SUCCESS)
        rc = tock_status_to_returncode(yield_wait_for(DRV, read ? 1 : 2).data0);
    if (read)   /* take the buffer back */
        allow_readwrite(DRV, 0, NULL, 0);
    else
        allow_readonly(DRV, 0, NULL, 0);
    return rc;
}

returncode_t libtocksync_isolated_nonvolatile_storage_write(uint64_t offset, uint8_t *buffer,
                                                            uint32_t buffer_length) {
    return transfer_sync(false, offset, buffer, buffer_length);
}

returncode_t libtocksync_isolated_nonvolatile_storage_read(uint64_t offset, uint8_t *buffer,
                                                           uint32_t buffer_length) {
    return transfer_sync(true, offset, buffer, buffer_length);
}
