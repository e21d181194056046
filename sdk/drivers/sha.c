/* SHA driver 0x40005: libtock-c's syscalls, asynchronous and blocking APIs
 * (<libtock/crypto/sha.h>, <libtock-sync/crypto/sha.h>). */
#include <libtock-sync/crypto/sha.h>

bool libtock_sha_driver_exists(void) { return driver_exists(DRIVER_NUM_SHA); }

returncode_t libtock_sha_set_hash_upcall(subscribe_upcall callback, void *opaque) {
    return tock_status(subscribe(DRIVER_NUM_SHA, 0, callback, opaque));
}

returncode_t libtock_sha_set_readonly_allow_data_buffer(uint8_t *buffer, uint32_t len) {
    return tock_status(allow_readonly(DRIVER_NUM_SHA, 0, buffer, len));
}

returncode_t libtock_sha_set_readwrite_allow_destination_buffer(uint8_t *buffer, uint32_t len) {
    return tock_status(allow_readwrite(DRIVER_NUM_SHA, 0, buffer, len));
}

returncode_t libtock_sha_command_set_algorithm(uint8_t hash) {
    return tock_return_novalue(command(DRIVER_NUM_SHA, 1, hash, 0));
}

returncode_t libtock_sha_command_hash(void) {
    return tock_return_novalue(command(DRIVER_NUM_SHA, 2, 0, 0));
}

bool libtock_sha_exists(void) { return libtock_sha_driver_exists(); }

static void sha_upcall(int status, int unused1, int unused2, void *opaque) {
    (void)unused1;
    (void)unused2;
    ((libtock_sha_callback_hash)opaque)(tock_status_to_returncode((uint32_t)status));
}

/* Algorithm, buffers, and (for the asynchronous call) the upcall. */
static returncode_t sha_prepare(libtock_sha_algorithm_t hash_type, uint8_t *input_buffer,
                                uint32_t input_length, uint8_t *hash_buffer, uint32_t hash_length) {
    returncode_t rc = libtock_sha_command_set_algorithm((uint8_t)hash_type);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_sha_set_readonly_allow_data_buffer(input_buffer, input_length);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_sha_set_readwrite_allow_destination_buffer(hash_buffer, hash_length);
    return rc;
}

returncode_t libtock_sha_simple_hash(libtock_sha_algorithm_t hash_type, uint8_t *input_buffer,
                                     uint32_t input_length, uint8_t *hash_buffer,
                                     uint32_t hash_length, libtock_sha_callback_hash cb) {
    returncode_t rc = sha_prepare(hash_type, input_buffer, input_length, hash_buffer, hash_length);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_sha_set_hash_upcall(sha_upcall, (void *)cb);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_sha_command_hash();
    return rc;
}

bool libtocksync_sha_exists(void) { return libtock_sha_driver_exists(); }

returncode_t libtocksync_sha_simple_hash(libtock_sha_algorithm_t hash_type, uint8_t *input_buffer,
                                         uint32_t input_length, uint8_t *hash_buffer,
                                         uint32_t hash_length) {
    returncode_t rc = sha_prepare(hash_type, input_buffer, input_length, hash_buffer, hash_length);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_sha_command_hash();
    if (rc == RETURNCODE_SUCCESS)
        rc = tock_status_to_returncode(yield_wait_for(DRIVER_NUM_SHA, 0).data0);
    libtock_sha_set_readonly_allow_data_buffer(NULL, 0);
    libtock_sha_set_readwrite_allow_destination_buffer(NULL, 0);
    return rc;
}
