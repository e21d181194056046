/* Draws on the screen the way libtock-c's screen tests do: a dark blue background, a red
 * square filled at (10, 20) and a 16x16 square written pixel by pixel at (60, 20), half
 * green, half white. Run it with --screen FILE.png to see the result. */
#include <stdio.h>

#include <libtock-sync/display/screen.h>

#define RED 0xF800
#define DARK_BLUE 0x0010
#define GREEN 0x07E0
#define WHITE 0xFFFF

static uint8_t fill_buffer[64];
static uint8_t square[16 * 16 * 2];

static void put565(uint8_t *at, uint16_t color)
{
    at[0] = color >> 8;
    at[1] = color & 0xFF;
}

int main(void)
{
    if (!libtocksync_screen_exists()) {
        printf("screen: no screen\n");
        return 1;
    }
    uint32_t count = 0, width = 0, height = 0;
    libtocksync_screen_get_supported_resolutions(&count);
    for (uint32_t i = 0; i < count; i++) {
        libtocksync_screen_get_supported_resolution(i, &width, &height);
        printf("screen: resolution %lu x %lu\n", (unsigned long)width, (unsigned long)height);
    }
    libtocksync_screen_get_supported_pixel_formats(&count);
    for (uint32_t i = 0; i < count; i++) {
        libtock_screen_format_t format;
        libtocksync_screen_get_supported_pixel_format(i, &format);
        printf("screen: %d bpp\n", libtocksync_screen_get_bits_per_pixel(format));
    }
    libtock_screen_format_t format;
    libtocksync_screen_get_pixel_format(&format);
    if (format != RGB_565) {
        printf("screen: this demo draws in RGB565, the screen uses format %d\n", format);
        return 1;
    }

    returncode_t rc = libtocksync_screen_set_brightness(100);
    libtocksync_screen_get_resolution(&width, &height);
    rc |= libtocksync_screen_set_frame(0, 0, width, height);
    rc |= libtocksync_screen_fill(fill_buffer, sizeof fill_buffer, DARK_BLUE);
    rc |= libtocksync_screen_set_frame(10, 20, 30, 30);
    rc |= libtocksync_screen_fill(fill_buffer, sizeof fill_buffer, RED);
    for (int y = 0; y < 16; y++)
        for (int x = 0; x < 16; x++)
            put565(square + (y * 16 + x) * 2, y < 8 ? GREEN : WHITE);
    rc |= libtocksync_screen_set_frame(60, 20, 16, 16);
    rc |= libtocksync_screen_write(square, sizeof square, sizeof square);

    /* what a bad request gets back */
    returncode_t outside = libtocksync_screen_set_frame(width - 4, 0, 8, 8);
    printf("screen: frame past the edge: %s\n", tock_strrcode(outside));
    returncode_t odd = libtocksync_screen_write(square, sizeof square, 3);
    printf("screen: 3 bytes of RGB565: %s\n", tock_strrcode(odd));

    printf("screen: drew on %lu x %lu: %s\n", (unsigned long)width, (unsigned long)height,
           rc == RETURNCODE_SUCCESS ? "ok" : "failed");
    return rc == RETURNCODE_SUCCESS ? 0 : 1;
}
