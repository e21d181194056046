/* Screen driver 0x90001: libtock-c's blocking API (each call waits for its upcall with
 * Yield-WaitFor). Colours for fill are RGB565, stored high byte first, as in libtock-c. */
#ifndef LIBTOCK_SYNC_DISPLAY_SCREEN_H
#define LIBTOCK_SYNC_DISPLAY_SCREEN_H

#include <libtock/display/screen.h>

bool libtocksync_screen_exists(void);
returncode_t libtocksync_screen_buffer_init(size_t len, uint8_t **buffer);
returncode_t libtocksync_screen_get_supported_resolutions(uint32_t *resolutions);
returncode_t libtocksync_screen_get_supported_resolution(size_t index, uint32_t *width,
                                                         uint32_t *height);
returncode_t libtocksync_screen_get_supported_pixel_formats(uint32_t *formats);
returncode_t libtocksync_screen_get_supported_pixel_format(size_t index,
                                                           libtock_screen_format_t *format);
int libtocksync_screen_get_bits_per_pixel(libtock_screen_format_t format);
returncode_t libtocksync_screen_set_brightness(uint32_t brightness);
returncode_t libtocksync_screen_invert_on(void);
returncode_t libtocksync_screen_invert_off(void);
returncode_t libtocksync_screen_get_pixel_format(libtock_screen_format_t *format);
returncode_t libtocksync_screen_set_pixel_format(libtock_screen_format_t format);
returncode_t libtocksync_screen_get_resolution(uint32_t *width, uint32_t *height);
returncode_t libtocksync_screen_get_rotation(libtock_screen_rotation_t *rotation);
returncode_t libtocksync_screen_set_rotation(libtock_screen_rotation_t rotation);
returncode_t libtocksync_screen_set_frame(uint16_t x, uint16_t y, uint16_t width, uint16_t height);
returncode_t libtocksync_screen_fill(uint8_t *buffer, int buffer_len, size_t color);
returncode_t libtocksync_screen_write(uint8_t *buffer, int buffer_len, size_t length);

#endif
