/* The emulated board's real-time clock: a calendar that starts at a date (the host's UTC
 * time when the board starts, or the `rtc` setting for repeatable runs) and runs with
 * board time. A request completes RTC_LATENCY_NS of board time later. */
#ifndef EMU_HOST_RTC_H
#define EMU_HOST_RTC_H

#include <stdbool.h>
#include <stdint.h>

#include "device_events.h"
#include "host_clock.h"
#include "tock/capsules/date_time.h"

#define RTC_LATENCY_NS 100000ull   /* 100 us */

struct host_rtc {
    struct date_time_hil hil;
    struct date_time_capsule *capsule;   /* answered when a request completes */
    struct kernel *k;
    const struct host_clock *clock;
    struct device_event done;
    int64_t epoch_s;          /* Unix time at board time 0 */
    uint32_t weekday_shift;   /* added to the calendar's weekday: set() keeps the one given */
    bool setting;             /* the request in flight is a set */
};

/* start_s: Unix time at board time 0. */
int host_rtc_init(struct host_rtc *r, struct kernel *k, const struct host_clock *clock,
                  struct device_events *events, int64_t start_s);
/* Once the capsule exists; before that the clock answers nobody. */
void host_rtc_attach(struct host_rtc *r, struct date_time_capsule *capsule);
/* The date now, on the board's calendar. */
void host_rtc_now(const struct host_rtc *r, struct date_time *out);
/* "2023-01-01T12:30:00" (UTC) into Unix time; -1 when it is not such a date. */
int host_rtc_parse(const char *text, int64_t *out_s);

#endif
