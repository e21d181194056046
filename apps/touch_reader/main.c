/* Prints every single-touch event, as libtock-c's touch test does, and exits after the
 * second release. */
#include <stdio.h>

#include <libtock/sensors/touch.h>

static int releases;

static void touch_event(libtock_touch_status_t status, uint16_t x, uint16_t y)
{
    const char *what = status == LIBTOCK_TOUCH_STATUS_PRESSED    ? "pressed"
                       : status == LIBTOCK_TOUCH_STATUS_RELEASED ? "released"
                       : status == LIBTOCK_TOUCH_STATUS_MOVED    ? "moved"
                                                                 : "error";
    printf("%s (%d): %d y %d\n", what, status, x, y);
    releases += status == LIBTOCK_TOUCH_STATUS_RELEASED;
}

int main(void)
{
    int touches = 0;
    libtock_touch_get_number_of_touches(&touches);
    printf("Number of touches: %d\n", touches);
    if (touches != 1) {
        printf("No single touch panel\n");
        return 1;
    }
    libtock_touch_enable_single_touch(touch_event);
    while (releases < 2)
        yield();
    return 0;
}
