/* Blocking HMAC with libtock-c's names (libtock-sync/crypto/hmac.h). */
#ifndef LIBTOCK_SYNC_CRYPTO_HMAC_H
#define LIBTOCK_SYNC_CRYPTO_HMAC_H

#include <libtock/crypto/hmac.h>

bool libtocksync_hmac_exists(void);
returncode_t libtocksync_hmac_simple(libtock_hmac_algorithm_t hmac_type, uint8_t *key_buffer,
                                     uint32_t key_length, uint8_t *input_buffer,
                                     uint32_t input_length, uint8_t *hmac_buffer,
                                     uint32_t hmac_length);
/* Waits for the pending run/update/finish upcall; its status. */
returncode_t libtocksync_hmac_yield_wait_for(void);

#endif
