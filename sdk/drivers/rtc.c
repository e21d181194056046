/* Date and time driver 0x90007: command 1 read, command 2 set (date, time words),
 * subscribe 0 (status, date, time). */
#include <tock/rtc.h>

bool libtock_rtc_exists(void) {
    return driver_exists(DRIVER_NUM_RTC);
}

/* Issue a command and wait for its upcall; the upcall's status is the result. */
static returncode_t run(uint32_t cmd, uint32_t date, uint32_t time, yield_waitfor_return_t *r) {
    returncode_t rc = tock_status(command(DRIVER_NUM_RTC, cmd, date, time));
    if (rc) return rc;
    *r = yield_wait_for(DRIVER_NUM_RTC, 0);
    return tock_status_to_returncode(r->data0);
}

returncode_t libtocksync_rtc_get_date(libtock_rtc_date_t *d) {
    yield_waitfor_return_t r;
    returncode_t rc = run(1, 0, 0, &r);
    if (rc) return rc;
    d->year = (int)((r.data1 >> 9) & 0xFFF);
    d->month = (int)((r.data1 >> 5) & 0xF);
    d->day = (int)(r.data1 & 0x1F);
    d->day_of_week = (int)((r.data2 >> 17) & 0x7);
    d->hour = (int)((r.data2 >> 12) & 0x1F);
    d->minute = (int)((r.data2 >> 6) & 0x3F);
    d->seconds = (int)(r.data2 & 0x3F);
    return RETURNCODE_SUCCESS;
}

returncode_t libtocksync_rtc_set_date(const libtock_rtc_date_t *d) {
    uint32_t date = (uint32_t)d->year << 9 | (uint32_t)d->month << 5 | (uint32_t)d->day;
    uint32_t time = (uint32_t)d->day_of_week << 17 | (uint32_t)d->hour << 12 |
                    (uint32_t)d->minute << 6 | (uint32_t)d->seconds;
    yield_waitfor_return_t r;
    return run(2, date, time, &r);
}
