/* SHA driver 0x40005 with libtock-c's names (libtock/crypto/sha.h and its syscalls):
 * RO allow 0 data, RW allow 0 destination (exactly 32 bytes), subscribe 0 hash done
 * (status, 0, 0), command 1 set algorithm, command 2 hash. */
#ifndef LIBTOCK_CRYPTO_SHA_H
#define LIBTOCK_CRYPTO_SHA_H

#include <tock.h>

#define DRIVER_NUM_SHA 0x40005

typedef enum {
    LIBTOCK_SHA256 = 0,
    LIBTOCK_SHA384 = 1,
    LIBTOCK_SHA512 = 2,
} libtock_sha_algorithm_t;

/* The hash is done: its status. */
typedef void (*libtock_sha_callback_hash)(returncode_t);

bool libtock_sha_driver_exists(void);
returncode_t libtock_sha_set_hash_upcall(subscribe_upcall callback, void *opaque);
returncode_t libtock_sha_set_readonly_allow_data_buffer(uint8_t *buffer, uint32_t len);
returncode_t libtock_sha_set_readwrite_allow_destination_buffer(uint8_t *buffer, uint32_t len);
returncode_t libtock_sha_command_set_algorithm(uint8_t hash);
returncode_t libtock_sha_command_hash(void);

bool libtock_sha_exists(void);
/* Hash input into hash_buffer; cb once done (the buffers stay lent until then). */
returncode_t libtock_sha_simple_hash(libtock_sha_algorithm_t hash_type, uint8_t *input_buffer,
                                     uint32_t input_length, uint8_t *hash_buffer,
                                     uint32_t hash_length, libtock_sha_callback_hash cb);

#endif
