/* AES driver 0x40006 with libtock-c's names (libtock/crypto/aes.h and its syscalls):
 * RO allow 0 key, 1 IV (CCM: nonce), 2 source, RW allow 0 destination, subscribe 0 done
 * (status, length, CCM tag valid), commands 1 set algorithm, 2 setup, 3 crypt, 4 finish,
 * 5-8 CCM parameters. */
#ifndef LIBTOCK_CRYPTO_AES_H
#define LIBTOCK_CRYPTO_AES_H

#include <tock.h>

#define DRIVER_NUM_AES 0x40006

typedef enum {
    LIBTOCK_AES128Ctr = 0,
    LIBTOCK_AES128CBC = 1,
    LIBTOCK_AES128ECB = 2,
    LIBTOCK_AES128CCM = 3
} libtock_aes_algorithm_t;

bool libtock_aes_driver_exists(void);
returncode_t libtock_aes_set_upcall(subscribe_upcall callback, void *opaque);
returncode_t libtock_aes_set_readonly_allow_key_buffer(const uint8_t *buffer, uint32_t len);
returncode_t libtock_aes_set_readonly_allow_iv_buffer(const uint8_t *buffer, uint32_t len);
returncode_t libtock_aes_set_readonly_allow_nonce_buffer(const uint8_t *buffer, uint32_t len);
returncode_t libtock_aes_set_readonly_allow_source_buffer(const uint8_t *buffer, uint32_t len);
returncode_t libtock_aes_set_readwrite_allow_dest_buffer(uint8_t *buffer, uint32_t len);
returncode_t libtock_aes_command_set_algorithm(uint8_t operation, bool encrypting);
returncode_t libtock_aes_command_setup(void);
returncode_t libtock_aes_command_crypt(void);
returncode_t libtock_aes_command_finish(void);
returncode_t libtock_aes_command_ccm_set_a_off(uint32_t value);
returncode_t libtock_aes_command_ccm_set_m_off(uint32_t value);
returncode_t libtock_aes_command_ccm_set_mic_len(uint32_t value);
returncode_t libtock_aes_command_ccm_set_confidential(bool value);

bool libtock_aes_exists(void);
returncode_t libtock_aes_set_algorithm(libtock_aes_algorithm_t operation, bool encrypting);
returncode_t libtock_aes_setup(void);    /* key, IV, then the source: one upcall */
returncode_t libtock_aes_crypt(void);    /* the source again, continuing: one upcall */
returncode_t libtock_aes_finish(void);   /* no upcall */
returncode_t libtock_aes_ccm_set_a_off(uint32_t value);
returncode_t libtock_aes_ccm_set_m_off(uint32_t value);
returncode_t libtock_aes_ccm_set_mic_len(uint32_t value);
returncode_t libtock_aes_ccm_set_confidential(bool value);

#endif
