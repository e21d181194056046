/* native_x32: a native app that, once its runtime runs, makes a system call through the
 * x32 ABI (the number with bit 30 set), which the seccomp filter rejects as another
 * architecture. tockemu must report that call, not blame the start-up sandbox. Native
 * only (x86-64 assembly). */
#include <stdio.h>

#define X32_SYSCALL_BIT 0x40000000L

static long raw_syscall(long nr)
{
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(1L), "S"(0L), "d"(0L)
                     : "rcx", "r11", "memory");
    return ret;
}

int main(void) {
    printf("native_x32: calling write through the x32 ABI\n");
    long rc = raw_syscall(X32_SYSCALL_BIT | 1L);
    printf("native_x32: still alive, the call returned %ld: the sandbox let it through\n", rc);
    return 1;
}
