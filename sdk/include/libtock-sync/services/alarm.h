/* libtock-c compatibility: the blocking alarm helpers of <libtock-sync/services/alarm.h>. */
#ifndef LIBTOCK_SYNC_SERVICES_ALARM_H
#define LIBTOCK_SYNC_SERVICES_ALARM_H

#include <tock/alarm.h>

static inline returncode_t libtocksync_alarm_delay_ms(uint32_t ms) {
    return delay_ms(ms);
}

#endif
