/* busy: prints one line, then spins forever without a single syscall, so
 * only preemption lets other processes run. */
#include <stdint.h>
#include <stdio.h>

int main(void) {
    printf("busy: spinning forever\n");
    volatile uint32_t spins = 0;
    for (;;) {
        spins++;
    }
}
