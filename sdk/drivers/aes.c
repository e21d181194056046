/* AES driver 0x40006: libtock-c's syscalls and API (<libtock/crypto/aes.h>). */
#include <libtock/crypto/aes.h>

bool libtock_aes_driver_exists(void) { return driver_exists(DRIVER_NUM_AES); }

returncode_t libtock_aes_set_upcall(subscribe_upcall callback, void *opaque) {
    return tock_status(subscribe(DRIVER_NUM_AES, 0, callback, opaque));
}

returncode_t libtock_aes_set_readonly_allow_key_buffer(const uint8_t *buffer, uint32_t len) {
    return tock_status(allow_readonly(DRIVER_NUM_AES, 0, buffer, len));
}

returncode_t libtock_aes_set_readonly_allow_iv_buffer(const uint8_t *buffer, uint32_t len) {
    return tock_status(allow_readonly(DRIVER_NUM_AES, 1, buffer, len));
}

returncode_t libtock_aes_set_readonly_allow_nonce_buffer(const uint8_t *buffer, uint32_t len) {
    return libtock_aes_set_readonly_allow_iv_buffer(buffer, len);
}

returncode_t libtock_aes_set_readonly_allow_source_buffer(const uint8_t *buffer, uint32_t len) {
    return tock_status(allow_readonly(DRIVER_NUM_AES, 2, buffer, len));
}

returncode_t libtock_aes_set_readwrite_allow_dest_buffer(uint8_t *buffer, uint32_t len) {
    return tock_status(allow_readwrite(DRIVER_NUM_AES, 0, buffer, len));
}

static returncode_t aes_command(uint32_t num, uint32_t arg0, uint32_t arg1) {
    return tock_return_novalue(command(DRIVER_NUM_AES, num, arg0, arg1));
}

returncode_t libtock_aes_command_set_algorithm(uint8_t operation, bool encrypting) {
    return aes_command(1, operation, encrypting);
}

returncode_t libtock_aes_command_setup(void) { return aes_command(2, 0, 0); }
returncode_t libtock_aes_command_crypt(void) { return aes_command(3, 0, 0); }
returncode_t libtock_aes_command_finish(void) { return aes_command(4, 0, 0); }
returncode_t libtock_aes_command_ccm_set_a_off(uint32_t value) { return aes_command(5, value, 0); }
returncode_t libtock_aes_command_ccm_set_m_off(uint32_t value) { return aes_command(6, value, 0); }
returncode_t libtock_aes_command_ccm_set_mic_len(uint32_t value) { return aes_command(7, value, 0); }
returncode_t libtock_aes_command_ccm_set_confidential(bool value) { return aes_command(8, value, 0); }

bool libtock_aes_exists(void) { return libtock_aes_driver_exists(); }

returncode_t libtock_aes_set_algorithm(libtock_aes_algorithm_t operation, bool encrypting) {
    return libtock_aes_command_set_algorithm((uint8_t)operation, encrypting);
}

returncode_t libtock_aes_setup(void) { return libtock_aes_command_setup(); }
returncode_t libtock_aes_crypt(void) { return libtock_aes_command_crypt(); }
returncode_t libtock_aes_finish(void) { return libtock_aes_command_finish(); }
returncode_t libtock_aes_ccm_set_a_off(uint32_t value) { return libtock_aes_command_ccm_set_a_off(value); }
returncode_t libtock_aes_ccm_set_m_off(uint32_t value) { return libtock_aes_command_ccm_set_m_off(value); }
returncode_t libtock_aes_ccm_set_mic_len(uint32_t value) { return libtock_aes_command_ccm_set_mic_len(value); }
returncode_t libtock_aes_ccm_set_confidential(bool value) { return libtock_aes_command_ccm_set_confidential(value); }
