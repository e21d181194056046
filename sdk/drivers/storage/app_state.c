/* App state over the app flash driver 0x50000: RO allow 0 the bytes, subscribe 0 done
 * (status, 0, 0), command 1 write them at a flash address. */
#include <string.h>

#include <libtock-sync/storage/app_state.h>

static void save_done(int status, int unused1, int unused2, void *opaque) {
    (void)unused1, (void)unused2;
    ((libtock_app_state_callback)opaque)(tock_status_to_returncode((uint32_t)status));
}

bool libtock_app_state_exists(void) { return driver_exists(DRIVER_NUM_APP_STATE); }
bool libtocksync_app_state_exists(void) { return driver_exists(DRIVER_NUM_APP_STATE); }

/* Where the state lives: the app's first writeable flash region. */
static returncode_t init(void) {
    if (_app_state_inited) return RETURNCODE_SUCCESS;
    if (tock_app_number_writeable_flash_regions() == 0) return RETURNCODE_ENOMEM;
    _app_state_flash_pointer = tock_app_writeable_flash_region_begins_at(0);
    _app_state_inited = true;
    return RETURNCODE_SUCCESS;
}

returncode_t libtock_app_state_load(void) {
    returncode_t rc = init();
    if (rc) return rc;
    memcpy(_app_state_ram_pointer, _app_state_flash_pointer, _app_state_size);
    return RETURNCODE_SUCCESS;
}

static returncode_t start(subscribe_upcall *fn, void *opaque) {
    returncode_t rc = init();
    if (rc) return rc;
    rc = tock_status(subscribe(DRIVER_NUM_APP_STATE, 0, fn, opaque));
    if (rc) return rc;
    rc = tock_status(allow_readonly(DRIVER_NUM_APP_STATE, 0, _app_state_ram_pointer, _app_state_size));
    if (rc) return rc;
    return tock_return_novalue(command(DRIVER_NUM_APP_STATE, 1, (uint32_t)(uintptr_t)_app_state_flash_pointer, 0));
}

returncode_t libtock_app_state_save(libtock_app_state_callback cb) {
    return start(save_done, (void *)cb);
}

returncode_t libtocksync_app_state_save(void) {
    returncode_t rc = start(tock_ignore_upcall, NULL);
    if (rc) return rc;
    return tock_status_to_returncode(yield_wait_for(DRIVER_NUM_APP_STATE, 0).data0);
}
