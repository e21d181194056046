/* fault_exec: jumps into its RAM, which is not executable (a bad execute). */
#include <stdint.h>
#include <stdio.h>

static uint16_t not_code[4] = {0xbf00, 0xbf00, 0x4770, 0};   /* nop; nop; bx lr (in RAM) */

__attribute__((noinline)) void call_into_ram(void) {
    void (*fn)(void) = (void (*)(void))((uintptr_t)not_code | 1u);
    fn();
    __asm__ volatile("" ::: "memory");   /* not a tail call: LR stays in this function */
}

int main(void) {
    printf("fault_exec: calling code in RAM at %p\n", (void *)not_code);
    call_into_ram();
    printf("fault_exec: still alive, RAM was executable\n");
    return 1;
}
