/* Buzzer driver 0x90000: subscribe 0 (status, 0, 0) when a tone ends, command 1 tone. */
#include <libtock-sync/interface/buzzer.h>

bool libtock_buzzer_driver_exists(void) {
    return driver_exists(DRIVER_NUM_BUZZER);
}

returncode_t libtock_buzzer_set_upcall(subscribe_upcall callback, void *opaque) {
    return tock_status(subscribe(DRIVER_NUM_BUZZER, 0, callback, opaque));
}

returncode_t libtock_buzzer_command_tone(uint32_t frequency_hz, uint32_t duration_ms) {
    return tock_return_novalue(command(DRIVER_NUM_BUZZER, 1, frequency_hz, duration_ms));
}

static void buzzer_done_upcall(int status, int unused1, int unused2, void *opaque) {
    (void)status;
    (void)unused1;
    (void)unused2;
    ((libtock_buzzer_done_callback)opaque)();
}

bool libtock_buzzer_exists(void) {
    return libtock_buzzer_driver_exists();
}

returncode_t libtock_buzzer_tone(uint32_t frequency_hz, uint32_t duration_ms,
                                 libtock_buzzer_done_callback cb) {
    returncode_t rc = libtock_buzzer_set_upcall(buzzer_done_upcall, (void *)cb);
    if (rc != RETURNCODE_SUCCESS) return rc;
    return libtock_buzzer_command_tone(frequency_hz, duration_ms);
}

bool libtocksync_buzzer_exists(void) {
    return libtock_buzzer_exists();
}

returncode_t libtocksync_buzzer_tone(uint32_t frequency_hz, uint32_t duration_ms) {
    returncode_t rc = libtock_buzzer_command_tone(frequency_hz, duration_ms);
    if (rc != RETURNCODE_SUCCESS) return rc;
    yield_waitfor_return_t r = yield_wait_for(DRIVER_NUM_BUZZER, 0);
    return tock_status_to_returncode(r.data0);
}
