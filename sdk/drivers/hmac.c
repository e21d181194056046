/* HMAC driver 0x40003: libtock-c's syscalls, asynchronous and blocking APIs
 * (<libtock/crypto/hmac.h>, <libtock-sync/crypto/hmac.h>). */
#include <libtock-sync/crypto/hmac.h>

bool libtock_hmac_driver_exists(void) { return driver_exists(DRIVER_NUM_HMAC); }

returncode_t libtock_hmac_set_upcall(subscribe_upcall callback, void *opaque) {
    return tock_status(subscribe(DRIVER_NUM_HMAC, 0, callback, opaque));
}

returncode_t libtock_hmac_set_readonly_allow_key_buffer(const uint8_t *buffer, uint32_t len) {
    return tock_status(allow_readonly(DRIVER_NUM_HMAC, 0, buffer, len));
}

returncode_t libtock_hmac_set_readonly_allow_data_buffer(const uint8_t *buffer, uint32_t len) {
    return tock_status(allow_readonly(DRIVER_NUM_HMAC, 1, buffer, len));
}

returncode_t libtock_hmac_set_readwrite_allow_destination_buffer(uint8_t *buffer, uint32_t len) {
    return tock_status(allow_readwrite(DRIVER_NUM_HMAC, 2, buffer, len));
}

returncode_t libtock_hmac_command_set_algorithm(uint32_t hash) {
    return tock_return_novalue(command(DRIVER_NUM_HMAC, 0, hash, 0));
}

returncode_t libtock_hmac_command_run(void) {
    return tock_return_novalue(command(DRIVER_NUM_HMAC, 1, 0, 0));
}

returncode_t libtock_hmac_command_update(void) {
    return tock_return_novalue(command(DRIVER_NUM_HMAC, 2, 0, 0));
}

returncode_t libtock_hmac_command_finish(void) {
    return tock_return_novalue(command(DRIVER_NUM_HMAC, 3, 0, 0));
}

bool libtock_hmac_exists(void) { return libtock_hmac_driver_exists(); }

static void hmac_upcall(int status, int unused1, int unused2, void *opaque) {
    (void)unused1;
    (void)unused2;
    ((libtock_hmac_callback_hmac)opaque)(tock_status_to_returncode((uint32_t)status));
}

static returncode_t hmac_prepare(libtock_hmac_algorithm_t hmac_type, uint8_t *key_buffer,
                                 uint32_t key_length, uint8_t *input_buffer, uint32_t input_length,
                                 uint8_t *hmac_buffer, uint32_t hmac_length) {
    returncode_t rc = libtock_hmac_command_set_algorithm((uint32_t)hmac_type);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_hmac_set_readonly_allow_key_buffer(key_buffer, key_length);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_hmac_set_readonly_allow_data_buffer(input_buffer, input_length);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_hmac_set_readwrite_allow_destination_buffer(hmac_buffer, hmac_length);
    return rc;
}

returncode_t libtock_hmac_simple(libtock_hmac_algorithm_t hmac_type, uint8_t *key_buffer,
                                 uint32_t key_length, uint8_t *input_buffer, uint32_t input_length,
                                 uint8_t *hmac_buffer, uint32_t hmac_length,
                                 libtock_hmac_callback_hmac cb) {
    returncode_t rc = hmac_prepare(hmac_type, key_buffer, key_length, input_buffer, input_length,
                                   hmac_buffer, hmac_length);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_hmac_set_upcall(hmac_upcall, (void *)cb);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_hmac_command_run();
    return rc;
}

bool libtocksync_hmac_exists(void) { return libtock_hmac_driver_exists(); }

returncode_t libtocksync_hmac_yield_wait_for(void) {
    return tock_status_to_returncode(yield_wait_for(DRIVER_NUM_HMAC, 0).data0);
}

returncode_t libtocksync_hmac_simple(libtock_hmac_algorithm_t hmac_type, uint8_t *key_buffer,
                                     uint32_t key_length, uint8_t *input_buffer,
                                     uint32_t input_length, uint8_t *hmac_buffer,
                                     uint32_t hmac_length) {
    returncode_t rc = hmac_prepare(hmac_type, key_buffer, key_length, input_buffer, input_length,
                                   hmac_buffer, hmac_length);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_hmac_command_run();
    if (rc == RETURNCODE_SUCCESS)
        rc = libtocksync_hmac_yield_wait_for();
    libtock_hmac_set_readonly_allow_key_buffer(NULL, 0);
    libtock_hmac_set_readonly_allow_data_buffer(NULL, 0);
    libtock_hmac_set_readwrite_allow_destination_buffer(NULL, 0);
    return rc;
}
