/* bench_null: the null system call in a tight loop, for the syscall round-trip benchmark.
 * Command 0 of the console (the existence check) does no work in the kernel. */
#include <stdio.h>
#include <tock.h>

#define ROUNDS 2000000u

int main(void)
{
    uint32_t ok = 0;
    for (uint32_t i = 0; i < ROUNDS; i++)
        ok += command(1, 0, 0, 0).type == TOCK_SUCCESS;
    printf("bench_null: %lu of %lu null commands succeeded\n", (unsigned long)ok,
           (unsigned long)ROUNDS);
    return ok == ROUNDS ? 0 : 1;
}
