/* Text screen driver 0x90003: RO allow 0 text, subscribe 0 (status, a, b) when an
 * operation ends; see kernel/include/tock/capsules/text_screen.h for the commands. */
#include <libtock-sync/display/text_screen.h>

static returncode_t text_command(uint32_t num, uint32_t arg0, uint32_t arg1) {
    return tock_return_novalue(command(DRIVER_NUM_TEXT_SCREEN, num, arg0, arg1));
}

bool libtock_text_screen_driver_exists(void) {
    return driver_exists(DRIVER_NUM_TEXT_SCREEN);
}

returncode_t libtock_text_screen_set_upcall(subscribe_upcall callback, void *opaque) {
    return tock_status(subscribe(DRIVER_NUM_TEXT_SCREEN, 0, callback, opaque));
}

returncode_t libtock_text_screen_set_readonly_allow(const uint8_t *ptr, uint32_t size) {
    return tock_status(allow_readonly(DRIVER_NUM_TEXT_SCREEN, 0, ptr, size));
}

returncode_t libtock_text_screen_command_get_size(void) { return text_command(1, 0, 0); }
returncode_t libtock_text_screen_command_on(void) { return text_command(2, 0, 0); }
returncode_t libtock_text_screen_command_off(void) { return text_command(3, 0, 0); }
returncode_t libtock_text_screen_command_blink_on(void) { return text_command(4, 0, 0); }
returncode_t libtock_text_screen_command_blink_off(void) { return text_command(5, 0, 0); }
returncode_t libtock_text_screen_command_show_cursor(void) { return text_command(6, 0, 0); }
returncode_t libtock_text_screen_command_hide_cursor(void) { return text_command(7, 0, 0); }
returncode_t libtock_text_screen_command_write(uint32_t len) { return text_command(8, len, 0); }
returncode_t libtock_text_screen_command_clear(void) { return text_command(9, 0, 0); }
returncode_t libtock_text_screen_command_home(void) { return text_command(10, 0, 0); }

returncode_t libtock_text_screen_command_set_cursor(uint32_t col, uint32_t row) {
    return text_command(11, col, row);
}

/* ---- blocking API ---------------------------------------------------------------------- */

static yield_waitfor_return_t text_wait(void) {
    return yield_wait_for(DRIVER_NUM_TEXT_SCREEN, 0);
}

static returncode_t text_done(returncode_t started) {
    if (started != RETURNCODE_SUCCESS) return started;
    return tock_status_to_returncode(text_wait().data0);
}

bool libtocksync_text_screen_exists(void) { return libtock_text_screen_driver_exists(); }
returncode_t libtocksync_text_screen_display_on(void) { return text_done(libtock_text_screen_command_on()); }
returncode_t libtocksync_text_screen_display_off(void) { return text_done(libtock_text_screen_command_off()); }
returncode_t libtocksync_text_screen_blink_on(void) { return text_done(libtock_text_screen_command_blink_on()); }
returncode_t libtocksync_text_screen_blink_off(void) { return text_done(libtock_text_screen_command_blink_off()); }
returncode_t libtocksync_text_screen_show_cursor(void) { return text_done(libtock_text_screen_command_show_cursor()); }
returncode_t libtocksync_text_screen_hide_cursor(void) { return text_done(libtock_text_screen_command_hide_cursor()); }
returncode_t libtocksync_text_screen_clear(void) { return text_done(libtock_text_screen_command_clear()); }
returncode_t libtocksync_text_screen_home(void) { return text_done(libtock_text_screen_command_home()); }

returncode_t libtocksync_text_screen_set_cursor(uint8_t col, uint8_t row) {
    return text_done(libtock_text_screen_command_set_cursor(col, row));
}

returncode_t libtocksync_text_screen_write(uint8_t *buffer, uint32_t buffer_len, uint32_t write_len) {
    returncode_t rc = libtock_text_screen_set_readonly_allow(buffer, buffer_len);
    if (rc != RETURNCODE_SUCCESS) return rc;
    rc = text_done(libtock_text_screen_command_write(write_len));
    libtock_text_screen_set_readonly_allow(NULL, 0);
    return rc;
}

returncode_t libtocksync_text_screen_get_size(uint32_t *width, uint32_t *height) {
    returncode_t rc = libtock_text_screen_command_get_size();
    if (rc != RETURNCODE_SUCCESS) return rc;
    yield_waitfor_return_t r = text_wait();
    rc = tock_status_to_returncode(r.data0);
    if (rc == RETURNCODE_SUCCESS) {
        *width = r.data1;
        *height = r.data2;
    }
    return rc;
}
