/* Date and time driver 0x90007 (libtock-c's libtock/peripherals/rtc.h names). */
#ifndef TOCK_RTC_H
#define TOCK_RTC_H

#include <stdbool.h>
#include <tock.h>

#define DRIVER_NUM_RTC 0x90007

typedef struct {
    int year;
    int month;         /* 1..12 */
    int day;           /* 1..31 */
    int day_of_week;   /* 0 Sunday .. 6 Saturday */
    int hour;
    int minute;
    int seconds;
} libtock_rtc_date_t;

bool libtock_rtc_exists(void);
/* Read the board's date and time, waiting for the answer. */
returncode_t libtocksync_rtc_get_date(libtock_rtc_date_t *date);
/* Set it, waiting until the clock took it. */
returncode_t libtocksync_rtc_set_date(const libtock_rtc_date_t *date);

#endif
