/* bench_sleep: sleeps 60 s of board time in one-second steps, then exits. Under the
 * virtual clock this should take a small fraction of a second of host time
 * (tests/bench/clock_bench.c measures it). */
#include <stdio.h>
#include <tock/alarm.h>

int main(void)
{
    uint32_t start;
    alarm_now(&start);
    for (int s = 0; s < 60; s++)
        delay_ms(1000);
    printf("bench_sleep: slept %lu ms of board time\n",
           (unsigned long)alarm_ticks_to_ms(alarm_ticks_since(start)));
    return 0;
}
