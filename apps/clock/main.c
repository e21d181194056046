/* The board's real-time clock: set it to one second before midnight, then read it as
 * the day rolls over. Prints what it reads; exits 1 if the clock is missing or wrong. */
#include <stdio.h>
#include <tock/alarm.h>
#include <tock/rtc.h>

static const char *const weekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

static int show(const char *when) {
    libtock_rtc_date_t d;
    returncode_t rc = libtocksync_rtc_get_date(&d);
    if (rc != RETURNCODE_SUCCESS) {
        printf("clock: read failed (%d)\n", rc);
        return -1;
    }
    printf("clock: %s %04d-%02d-%02d %s %02d:%02d:%02d\n", when, d.year, d.month, d.day,
           weekdays[d.day_of_week % 7], d.hour, d.minute, d.seconds);
    return d.day * 86400 + d.hour * 3600 + d.minute * 60 + d.seconds;
}

int main(void) {
    if (!libtock_rtc_exists()) {
        printf("clock: the board has no RTC\n");
        return 1;
    }
    show("at start");
    libtock_rtc_date_t eve = {.year = 2023, .month = 12, .day = 31, .day_of_week = 0,
                              .hour = 23, .minute = 59, .seconds = 59};
    if (libtocksync_rtc_set_date(&eve) != RETURNCODE_SUCCESS) {
        printf("clock: set failed\n");
        return 1;
    }
    int before = show("set to");
    delay_ms(1000);
    int after = show("1 s later");
    libtock_rtc_date_t bad = eve;
    bad.month = 13;
    returncode_t rc = libtocksync_rtc_set_date(&bad);
    printf("clock: month 13 is %s\n", rc == RETURNCODE_EINVAL ? "refused (INVAL)" : "accepted");
    return before >= 0 && after >= 0 && rc == RETURNCODE_EINVAL ? 0 : 1;
}
