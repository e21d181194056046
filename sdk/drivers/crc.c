/* CRC driver 0x40002: libtock-c's syscalls, asynchronous and blocking APIs
 * (<libtock/peripherals/crc.h>, <libtock-sync/peripherals/crc.h>). */
#include <libtock-sync/peripherals/crc.h>

bool libtock_crc_driver_exists(void) { return driver_exists(DRIVER_NUM_CRC); }

returncode_t libtock_crc_set_upcall(subscribe_upcall callback, void *opaque) {
    return tock_status(subscribe(DRIVER_NUM_CRC, 0, callback, opaque));
}

returncode_t libtock_crc_set_readonly_allow(const uint8_t *buf, uint32_t len) {
    return tock_status(allow_readonly(DRIVER_NUM_CRC, 0, buf, len));
}

returncode_t libtock_crc_command_request(uint32_t algorithm, uint32_t len) {
    return tock_return_novalue(command(DRIVER_NUM_CRC, 1, algorithm, len));
}

bool libtock_crc_exists(void) { return libtock_crc_driver_exists(); }

static void crc_upcall(int status, int crc, int alg, void *opaque) {
    (void)alg;
    ((libtock_crc_callback_computed)opaque)(tock_status_to_returncode((uint32_t)status),
                                            (uint32_t)crc);
}

returncode_t libtock_crc_compute(const uint8_t *buf, uint32_t buflen, libtock_crc_alg_t algorithm,
                                 libtock_crc_callback_computed cb) {
    returncode_t rc = libtock_crc_set_readonly_allow(buf, buflen);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_crc_set_upcall(crc_upcall, (void *)cb);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_crc_command_request((uint32_t)algorithm, buflen);
    return rc;
}

bool libtocksync_crc_exists(void) { return libtock_crc_driver_exists(); }

returncode_t libtocksync_crc_compute(const uint8_t *buf, size_t buflen, libtock_crc_alg_t algorithm,
                                     uint32_t *crc) {
    returncode_t rc = libtock_crc_set_readonly_allow(buf, (uint32_t)buflen);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_crc_command_request((uint32_t)algorithm, (uint32_t)buflen);
    if (rc == RETURNCODE_SUCCESS) {
        yield_waitfor_return_t r = yield_wait_for(DRIVER_NUM_CRC, 0);
        rc = tock_status_to_returncode(r.data0);
        if (rc == RETURNCODE_SUCCESS && crc)
            *crc = r.data1;
    }
    libtock_crc_set_readonly_allow(NULL, 0);
    return rc;
}
