/* RNG driver 0x40001: RW allow 0 buffer, subscribe 0 (0, bytes, 0),
 * command 1 = get N bytes. */
#include <tock/rng.h>

returncode_t rng_get(uint8_t *buf, uint32_t len, subscribe_upcall *cb, void *userdata) {
    returncode_t rc = tock_status(allow_readwrite(DRIVER_NUM_RNG, 0, buf, len));
    if (rc) return rc;
    rc = tock_status(subscribe(DRIVER_NUM_RNG, 0, cb, userdata));
    if (rc) return rc;
    return tock_status(command(DRIVER_NUM_RNG, 1, len, 0));
}

returncode_t rng_get_sync(uint8_t *buf, uint32_t len, uint32_t *received) {
    returncode_t rc = rng_get(buf, len, tock_ignore_upcall, NULL);
    uint32_t got = 0;
    if (rc == RETURNCODE_SUCCESS) {
        yield_waitfor_return_t r = yield_wait_for(DRIVER_NUM_RNG, 0);
        got = r.data1 <= len ? r.data1 : len;
    }
    allow_readwrite(DRIVER_NUM_RNG, 0, NULL, 0); /* take the buffer back */
    if (received) *received = got;
    return rc;
}
