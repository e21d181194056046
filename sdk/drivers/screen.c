/* Screen driver 0x90001: RO allow 0 pixels, subscribe 0 (status, 0, 0) when an operation
 * ends; see kernel/include/tock/capsules/screen.h for the commands. */
#include <libtock-sync/display/screen.h>
#include <stdlib.h>

static syscall_return_t screen_command(uint32_t num, uint32_t arg0, uint32_t arg1) {
    return command(DRIVER_NUM_SCREEN, num, arg0, arg1);
}

bool libtock_screen_driver_exists(void) {
    return driver_exists(DRIVER_NUM_SCREEN);
}

returncode_t libtock_screen_set_upcall(subscribe_upcall cb, void *opaque) {
    return tock_status(subscribe(DRIVER_NUM_SCREEN, 0, cb, opaque));
}

returncode_t libtock_screen_set_readonly_allow(const void *ptr, size_t size) {
    return tock_status(allow_readonly(DRIVER_NUM_SCREEN, 0, ptr, size));
}

returncode_t libtock_screen_command_get_supported_resolutions(uint32_t *resolutions) {
    return tock_return_u32(screen_command(11, 0, 0), resolutions);
}

returncode_t libtock_screen_command_get_supported_resolution(uint32_t index, uint32_t *width,
                                                             uint32_t *height) {
    return tock_return_u32_u32(screen_command(12, index, 0), width, height);
}

returncode_t libtock_screen_command_get_resolution(uint32_t *width, uint32_t *height) {
    return tock_return_u32_u32(screen_command(23, 0, 0), width, height);
}

returncode_t libtock_screen_command_set_resolution(uint32_t width, uint32_t height) {
    return tock_return_novalue(screen_command(24, width, height));
}

returncode_t libtock_screen_command_get_supported_pixel_formats(uint32_t *formats) {
    return tock_return_u32(screen_command(13, 0, 0), formats);
}

returncode_t libtock_screen_command_get_supported_pixel_format(uint32_t index, uint32_t *format) {
    return tock_return_u32(screen_command(14, index, 0), format);
}

returncode_t libtock_screen_command_enabled(uint32_t *enabled) {
    return tock_return_u32(screen_command(1, 0, 0), enabled);
}

returncode_t libtock_screen_command_set_brightness(uint32_t brightness) {
    return tock_return_novalue(screen_command(3, brightness, 0));
}

returncode_t libtock_screen_command_invert_on(void) {
    return tock_return_novalue(screen_command(4, 0, 0));
}

returncode_t libtock_screen_command_invert_off(void) {
    return tock_return_novalue(screen_command(5, 0, 0));
}

returncode_t libtock_screen_command_get_pixel_format(uint32_t *format) {
    return tock_return_u32(screen_command(25, 0, 0), format);
}

returncode_t libtock_screen_command_set_pixel_format(uint32_t format) {
    return tock_return_novalue(screen_command(26, format, 0));
}

returncode_t libtock_screen_command_get_rotation(uint32_t *rotation) {
    return tock_return_u32(screen_command(21, 0, 0), rotation);
}

returncode_t libtock_screen_command_set_rotation(uint32_t rotation) {
    return tock_return_novalue(screen_command(22, rotation, 0));
}

returncode_t libtock_screen_command_set_frame(uint16_t x, uint16_t y, uint16_t width,
                                              uint16_t height) {
    return tock_return_novalue(screen_command(100, (uint32_t)x << 16 | y,
                                              (uint32_t)width << 16 | height));
}

returncode_t libtock_screen_command_write(uint32_t length) {
    return tock_return_novalue(screen_command(200, length, 0));
}

returncode_t libtock_screen_command_fill(void) {
    return tock_return_novalue(screen_command(300, 0, 0));
}

/* ---- helpers ------------------------------------------------------------------------- */

bool libtock_screen_exists(void) {
    return libtock_screen_driver_exists();
}

returncode_t libtock_screen_buffer_init(size_t len, uint8_t **buffer) {
    if (*buffer != NULL) return RETURNCODE_EALREADY;
    *buffer = calloc(1, len);
    return *buffer ? RETURNCODE_SUCCESS : RETURNCODE_FAIL;
}

int libtock_screen_get_bits_per_pixel(libtock_screen_format_t format) {
    switch (format) {
    case MONO: return 1;
    case RGB_233: return 8;
    case RGB_565: return 16;
    case RGB_888: return 24;
    case ARGB_8888: return 32;
    default: return 0;
    }
}

/* ---- blocking API ---------------------------------------------------------------------- */

/* The command started an operation: wait for its upcall's status. */
static returncode_t screen_wait(returncode_t started) {
    if (started != RETURNCODE_SUCCESS) return started;
    yield_waitfor_return_t r = yield_wait_for(DRIVER_NUM_SCREEN, 0);
    return tock_status_to_returncode(r.data0);
}

bool libtocksync_screen_exists(void) {
    return libtock_screen_exists();
}

returncode_t libtocksync_screen_buffer_init(size_t len, uint8_t **buffer) {
    return libtock_screen_buffer_init(len, buffer);
}

returncode_t libtocksync_screen_get_supported_resolutions(uint32_t *resolutions) {
    return libtock_screen_command_get_supported_resolutions(resolutions);
}

returncode_t libtocksync_screen_get_supported_resolution(size_t index, uint32_t *width,
                                                         uint32_t *height) {
    return libtock_screen_command_get_supported_resolution(index, width, height);
}

returncode_t libtocksync_screen_get_supported_pixel_formats(uint32_t *formats) {
    return libtock_screen_command_get_supported_pixel_formats(formats);
}

returncode_t libtocksync_screen_get_supported_pixel_format(size_t index,
                                                           libtock_screen_format_t *format) {
    uint32_t f = 0;
    returncode_t rc = libtock_screen_command_get_supported_pixel_format(index, &f);
    *format = (libtock_screen_format_t)f;
    return rc;
}

int libtocksync_screen_get_bits_per_pixel(libtock_screen_format_t format) {
    return libtock_screen_get_bits_per_pixel(format);
}

returncode_t libtocksync_screen_set_brightness(uint32_t brightness) {
    return screen_wait(libtock_screen_command_set_brightness(brightness));
}

returncode_t libtocksync_screen_invert_on(void) {
    return screen_wait(libtock_screen_command_invert_on());
}

returncode_t libtocksync_screen_invert_off(void) {
    return screen_wait(libtock_screen_command_invert_off());
}

returncode_t libtocksync_screen_get_pixel_format(libtock_screen_format_t *format) {
    uint32_t f = 0;
    returncode_t rc = libtock_screen_command_get_pixel_format(&f);
    *format = (libtock_screen_format_t)f;
    return rc;
}

returncode_t libtocksync_screen_set_pixel_format(libtock_screen_format_t format) {
    return screen_wait(libtock_screen_command_set_pixel_format(format));
}

returncode_t libtocksync_screen_get_resolution(uint32_t *width, uint32_t *height) {
    return libtock_screen_command_get_resolution(width, height);
}

returncode_t libtocksync_screen_get_rotation(libtock_screen_rotation_t *rotation) {
    uint32_t r = 0;
    returncode_t rc = libtock_screen_command_get_rotation(&r);
    *rotation = (libtock_screen_rotation_t)r;
    return rc;
}

returncode_t libtocksync_screen_set_rotation(libtock_screen_rotation_t rotation) {
    return screen_wait(libtock_screen_command_set_rotation(rotation));
}

returncode_t libtocksync_screen_set_frame(uint16_t x, uint16_t y, uint16_t width, uint16_t height) {
    return screen_wait(libtock_screen_command_set_frame(x, y, width, height));
}

/* Allow buffer, run the command, wait, take the buffer back. */
static returncode_t screen_with_buffer(uint8_t *buffer, int buffer_len, uint32_t cmd,
                                       uint32_t arg0) {
    returncode_t rc = libtock_screen_set_readonly_allow(buffer, buffer_len);
    if (rc != RETURNCODE_SUCCESS) return rc;
    rc = screen_wait(tock_return_novalue(screen_command(cmd, arg0, 0)));
    libtock_screen_set_readonly_allow(NULL, 0);
    return rc;
}

returncode_t libtocksync_screen_fill(uint8_t *buffer, int buffer_len, size_t color) {
    if (buffer_len < 2) return RETURNCODE_ESIZE;
    buffer[0] = (color >> 8) & 0xFF;
    buffer[1] = color & 0xFF;
    return screen_with_buffer(buffer, buffer_len, 300, 0);
}

returncode_t libtocksync_screen_write(uint8_t *buffer, int buffer_len, size_t length) {
    return screen_with_buffer(buffer, buffer_len, 200, length);
}
