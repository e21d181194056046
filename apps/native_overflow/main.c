/* native_overflow: writes one element past a heap block. Built normally the write goes
 * unnoticed; the AddressSanitizer build (native_overflow-asan) must report it, and the
 * kernel then sees the process end without Exit. Used by the ASan scenario
 * (tests/integration/native_scenarios.py). */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int *block = malloc(8 * sizeof *block);
    volatile int i = 8;
    printf("native_overflow: writing block[%d] of 8\n", i);
    block[i] = 42;
    printf("native_overflow: still alive\n");
    free(block);
    return 0;
}
