/* What the soak apps do in each life: sleep a little, then move the app break up and down
 * across a page boundary many times (each move changes what the app may access). */
#ifndef SOAK_CHURN_H
#define SOAK_CHURN_H

#include <stdint.h>
#include <tock.h>
#include <tock/alarm.h>

#define SOAK_SLEEP_MS 500
#define SOAK_BREAK_MOVES 200

static inline void soak_live_a_little(void)
{
    delay_ms(SOAK_SLEEP_MS);
    for (int i = 0; i < SOAK_BREAK_MOVES; i++) {
        tock_sbrk(2048);
        tock_sbrk(-2048);
    }
}

#endif
