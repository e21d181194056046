/* fault_undef: executes a permanently undefined instruction (UDF). */
#include <stdio.h>

__attribute__((noinline)) void run_undefined_instruction(void) {
    __asm__ volatile("udf #42");
}

int main(void) {
    printf("fault_undef: executing udf #42\n");
    run_undefined_instruction();
    printf("fault_undef: still alive, udf did nothing\n");
    return 1;
}
