/* Writes two lines on the text screen, as libtock-c's text_screen test does, then checks
 * what a bad cursor position gets back. */
#include <stdio.h>
#include <string.h>

#include <libtock-sync/display/text_screen.h>

static uint8_t buffer[16];

int main(void)
{
    uint32_t columns = 0, rows = 0;
    returncode_t rc = libtocksync_text_screen_get_size(&columns, &rows);
    if (rc != RETURNCODE_SUCCESS) {
        printf("text_hello: no text screen (%s)\n", tock_strrcode(rc));
        return 1;
    }
    printf("text_hello: %lu columns, %lu rows\n", (unsigned long)columns, (unsigned long)rows);
    rc = libtocksync_text_screen_display_on();
    rc |= libtocksync_text_screen_set_cursor(0, 0);
    memcpy(buffer, "Hello!", 6);
    rc |= libtocksync_text_screen_write(buffer, sizeof buffer, 6);
    rc |= libtocksync_text_screen_set_cursor(2, 1);
    memcpy(buffer, "from Tock", 9);
    rc |= libtocksync_text_screen_write(buffer, sizeof buffer, 9);
    printf("text_hello: cursor at column %lu: %s\n", (unsigned long)columns,
           tock_strrcode(libtocksync_text_screen_set_cursor(columns, 0)));
    return rc == RETURNCODE_SUCCESS ? 0 : 1;
}
