/* fault_stack: recurses until the stack, at the bottom of process RAM, runs into the
 * memory below it (a stack overflow). */
#include <stdint.h>
#include <stdio.h>

static volatile int depth_limit = 1000000;

__attribute__((noinline)) int recurse_deeper(int depth) {
    volatile uint8_t frame[96];
    frame[0] = (uint8_t)depth;
    if (depth >= depth_limit)
        return frame[0];
    return recurse_deeper(depth + 1) + frame[0];
}

int main(void) {
    printf("fault_stack: recursing until the stack overflows\n");
    int r = recurse_deeper(0);
    printf("fault_stack: still alive (%d)\n", r);
    return 1;
}
