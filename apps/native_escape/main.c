/* native_escape: a native app that tries to leave its sandbox by opening a file with a
 * raw Linux system call. The seccomp filter must stop it: tockemu reports a fault that
 * names the call, and the other processes go on. Native only (x86-64 assembly). */
#include <stdint.h>
#include <stdio.h>

static long raw_openat(const char *path)
{
    long ret;
    register long r10 __asm__("r10") = 0;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(257L /* openat */), "D"(-100L /* AT_FDCWD */), "S"(path),
                       "d"(0L /* O_RDONLY */), "r"(r10)
                     : "rcx", "r11", "memory");
    return ret;
}

int main(void) {
    printf("native_escape: opening /etc/passwd\n");
    long fd = raw_openat("/etc/passwd");
    printf("native_escape: still alive, openat returned %ld: the sandbox let it through\n", fd);
    return 1;
}
