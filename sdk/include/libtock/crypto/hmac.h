/* HMAC driver 0x40003 with libtock-c's names (libtock/crypto/hmac.h and its syscalls):
 * RO allow 0 key, 1 data, RW allow 2 destination, subscribe 0 done (status, 0, 0),
 * commands 0 set algorithm, 1 run, 2 update, 3 finish. */
#ifndef LIBTOCK_CRYPTO_HMAC_H
#define LIBTOCK_CRYPTO_HMAC_H

#include <tock.h>

#define DRIVER_NUM_HMAC 0x40003

typedef enum {
    LIBTOCK_HMAC_SHA256 = 0,
    LIBTOCK_HMAC_SHA384 = 1,
    LIBTOCK_HMAC_SHA512 = 2,
} libtock_hmac_algorithm_t;

typedef void (*libtock_hmac_callback_hmac)(returncode_t);

bool libtock_hmac_driver_exists(void);
returncode_t libtock_hmac_set_upcall(subscribe_upcall callback, void *opaque);
returncode_t libtock_hmac_set_readonly_allow_key_buffer(const uint8_t *buffer, uint32_t len);
returncode_t libtock_hmac_set_readonly_allow_data_buffer(const uint8_t *buffer, uint32_t len);
returncode_t libtock_hmac_set_readwrite_allow_destination_buffer(uint8_t *buffer, uint32_t len);
returncode_t libtock_hmac_command_set_algorithm(uint32_t hash);
returncode_t libtock_hmac_command_run(void);
returncode_t libtock_hmac_command_update(void);
returncode_t libtock_hmac_command_finish(void);

bool libtock_hmac_exists(void);
returncode_t libtock_hmac_simple(libtock_hmac_algorithm_t hmac_type, uint8_t *key_buffer,
                                 uint32_t key_length, uint8_t *input_buffer, uint32_t input_length,
                                 uint8_t *hmac_buffer, uint32_t hmac_length,
                                 libtock_hmac_callback_hmac cb);

#endif
