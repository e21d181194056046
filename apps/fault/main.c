/* fault: writes outside its memory on purpose, so the kernel's fault
 * handling (report, policy) can be tested. */
#include <stdint.h>
#include <stdio.h>

#define BAD_ADDRESS 0xDEAD0000u

int main(void) {
    printf("fault: writing to 0x%08x\n", BAD_ADDRESS);
    *(volatile uint32_t *)BAD_ADDRESS = 0x12345678;
    printf("fault: still alive, the write was not caught\n");
    return 1;
}
