/* fault_read: reads memory outside the process (a bad read), so the fault report can be
 * checked: cause, address, and the function that faulted. */
#include <stdint.h>
#include <stdio.h>

#define BAD_ADDRESS 0xDEAD0000u

__attribute__((noinline)) uint32_t read_bad_address(void) {
    return *(volatile uint32_t *)BAD_ADDRESS;
}

int main(void) {
    printf("fault_read: reading 0x%08x\n", BAD_ADDRESS);
    uint32_t v = read_bad_address();
    printf("fault_read: still alive, read 0x%08x\n", (unsigned)v);
    return 1;
}
