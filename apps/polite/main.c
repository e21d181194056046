/* polite: prints a counter every 100 ms, ten times, then exits.  It must
 * finish even while `busy` hogs the CPU. */
#include <stdio.h>
#include <tock/alarm.h>

int main(void) {
    for (int i = 1; i <= 10; i++) {
        delay_ms(100);
        printf("polite: %d\n", i);
    }
    printf("polite: done\n");
    return 0;
}
