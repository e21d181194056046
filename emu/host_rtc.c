/* The emulated board's real-time clock (see host_rtc.h). */
#define _GNU_SOURCE   /* timegm */
#include "host_rtc.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int64_t now_s(const struct host_rtc *r)
{
    return r->epoch_s + (int64_t)(host_clock_now_ns(r->clock) / 1000000000ull);
}

void host_rtc_now(const struct host_rtc *r, struct date_time *out)
{
    time_t t = (time_t)now_s(r);
    struct tm tm;
    gmtime_r(&t, &tm);
    *out = (struct date_time){
        .year = (uint16_t)(tm.tm_year + 1900),
        .month = (uint8_t)(tm.tm_mon + 1),
        .day = (uint8_t)tm.tm_mday,
        .day_of_week = (uint8_t)((tm.tm_wday + r->weekday_shift) % 7),
        .hour = (uint8_t)tm.tm_hour,
        .minute = (uint8_t)tm.tm_min,
        .seconds = (uint8_t)tm.tm_sec,
    };
}

static uint32_t rtc_read(void *ctx)
{
    struct host_rtc *r = ctx;
    if (r->done.armed)
        return TOCK_BUSY;
    r->setting = false;
    device_event_arm(&r->done, host_clock_now_ns(r->clock) + RTC_LATENCY_NS);
    return TOCK_OK;
}

/* Like a hardware RTC, the clock takes the fields as given (an hour of 24 rolls over to
 * the next day) and keeps counting from them, weekday included. */
static uint32_t rtc_set(void *ctx, const struct date_time *dt)
{
    struct host_rtc *r = ctx;
    if (r->done.armed)
        return TOCK_BUSY;
    struct tm tm = {.tm_year = dt->year - 1900, .tm_mon = dt->month - 1, .tm_mday = dt->day,
                    .tm_hour = dt->hour, .tm_min = dt->minute, .tm_sec = dt->seconds};
    int64_t t = (int64_t)timegm(&tm);
    r->epoch_s = t - (int64_t)(host_clock_now_ns(r->clock) / 1000000000ull);
    r->weekday_shift = 0;
    struct date_time now;
    host_rtc_now(r, &now);
    r->weekday_shift = (7u + dt->day_of_week - now.day_of_week) % 7u;
    r->setting = true;
    device_event_arm(&r->done, host_clock_now_ns(r->clock) + RTC_LATENCY_NS);
    return TOCK_OK;
}

static void rtc_done(void *ctx)
{
    struct host_rtc *r = ctx;
    if (!r->capsule)
        return;
    struct date_time now;
    host_rtc_now(r, &now);
    date_time_capsule_done(r->capsule, r->k, TOCK_OK, r->setting ? NULL : &now);
}

int host_rtc_init(struct host_rtc *r, struct kernel *k, const struct host_clock *clock,
                  struct device_events *events, int64_t start_s)
{
    memset(r, 0, sizeof *r);
    r->hil = (struct date_time_hil){r, rtc_read, rtc_set};
    r->k = k;
    r->clock = clock;
    r->epoch_s = start_s;
    return device_events_add(events, &r->done, rtc_done, r);
}

void host_rtc_attach(struct host_rtc *r, struct date_time_capsule *capsule)
{
    r->capsule = capsule;
}

int host_rtc_parse(const char *text, int64_t *out_s)
{
    struct tm tm = {0};
    int n = 0;
    if (sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 || text[n] != '\0')
        return -1;
    if (tm.tm_year < 1970 || tm.tm_year > 4095 || tm.tm_mon < 1 || tm.tm_mon > 12 ||
        tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    struct tm check = tm;
    *out_s = (int64_t)timegm(&tm);
    return tm.tm_mday == check.tm_mday ? 0 : -1;   /* 2023-02-30 is not a date */
}
