/* Raw x86-64 Linux system calls for the native runtime: the app has no C library of the
 * host, only the SDK's own, so the few calls the runtime makes are issued here. */
#ifndef TOCK_NATIVE_LINUX_H
#define TOCK_NATIVE_LINUX_H

#include <stddef.h>
#include <stdint.h>

#define NR_write 1
#define NR_close 3
#define NR_mmap 9
#define NR_mprotect 10
#define NR_rt_sigaction 13
#define NR_rt_sigreturn 15
#define NR_pwrite64 18
#define NR_sigaltstack 131
#define NR_prctl 157
#define NR_gettid 186
#define NR_futex 202
#define NR_exit_group 231
#define NR_set_robust_list 273

#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_SHARED 0x01
#define MAP_FIXED 0x10
#define MAP_FIXED_NOREPLACE 0x100000

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

#define PR_SET_NO_NEW_PRIVS 38
#define PR_SET_SECCOMP 22
#define SECCOMP_MODE_FILTER 2

#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGSEGV 11
#define SIGSYS 31

#define SA_SIGINFO 0x00000004ul
#define SA_ONSTACK 0x08000000ul
#define SA_RESTORER 0x04000000ul

static inline long linux_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

#define linux_syscall(n, a, b, c) linux_syscall6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)

static inline __attribute__((noreturn)) void linux_exit_group(int code)
{
    for (;;)
        linux_syscall(NR_exit_group, code, 0, 0);
}

static inline void linux_futex_wait(uint32_t *word, uint32_t expected)
{
    linux_syscall6(NR_futex, (long)word, FUTEX_WAIT, expected, 0, 0, 0);
}

static inline void linux_futex_wake(uint32_t *word)
{
    linux_syscall6(NR_futex, (long)word, FUTEX_WAKE, 1, 0, 0, 0);
}

/* The kernel's struct sigaction on x86-64. */
struct linux_sigaction {
    void *handler;
    unsigned long flags;
    void (*restorer)(void);
    uint64_t mask;
};

struct linux_sigaltstack {
    void *sp;
    int flags;
    size_t size;
};

struct linux_sock_fprog {
    unsigned short len;
    const void *filter;
};

#endif
