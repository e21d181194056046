/* Blocking SHA with libtock-c's names (libtock-sync/crypto/sha.h). */
#ifndef LIBTOCK_SYNC_CRYPTO_SHA_H
#define LIBTOCK_SYNC_CRYPTO_SHA_H

#include <libtock/crypto/sha.h>

bool libtocksync_sha_exists(void);
returncode_t libtocksync_sha_simple_hash(libtock_sha_algorithm_t hash_type, uint8_t *input_buffer,
                                         uint32_t input_length, uint8_t *hash_buffer,
                                         uint32_t hash_length);

#endif
