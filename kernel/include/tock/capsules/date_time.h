/* Date and time capsule, driver 0x90007 (Tock capsules/extra/src/date_time.rs; libtock-c's
 * libtock/peripherals/rtc.h).
 *
 *   subscribe 0  (status, date, time) after a read; (status, 0, 0) after a set
 *   command 0    exists
 *   command 1    read the date and time
 *   command 2    set it to (arg0 = date, arg1 = time)
 * The two words: date = year << 9 | month << 5 | day; time = day_of_week << 17 |
 * hour << 12 | minute << 6 | seconds. A set with month outside 1..12, day_of_week outside
 * 0..6, day > 31, hour > 24, minute > 60 or seconds > 60 is INVAL (Tock's checks).
 * One request is in flight on the board at a time. As in Tock, a command while one is in
 * flight succeeds without starting another: the process is answered with the result of
 * the request in flight. Every process waiting gets the upcall when it completes. */
#ifndef TOCK_CAPSULES_DATE_TIME_H
#define TOCK_CAPSULES_DATE_TIME_H

#include <stdbool.h>
#include <stdint.h>

#include "tock/hil.h"
#include "tock/kernel.h"

#define DRIVER_DATE_TIME 0x90007u

enum { DATE_TIME_UPCALL_DONE = 0 };

enum { DATE_TIME_CMD_EXISTS = 0, DATE_TIME_CMD_READ = 1, DATE_TIME_CMD_SET = 2 };

struct date_time_capsule {
    struct driver driver;
    const struct date_time_hil *hil;
    bool in_flight;
};

void date_time_capsule_init(struct date_time_capsule *c, const struct date_time_hil *hil);

/* The board answers a hil->read (status TOCK_OK and the date) or a hil->set (now NULL). */
void date_time_capsule_done(struct date_time_capsule *c, struct kernel *k, uint32_t status,
                            const struct date_time *now);

#endif
