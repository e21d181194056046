/* The native app's last words and its cage.
 *
 * Fault handlers: SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT and SIGSYS (a system
 * call the seccomp filter forbids) write what happened into the channel's fault record
 * and end the process. They run on a stack in the channel mapping, so a broken app stack
 * does not stop the report. tockemu learns of the death from the robust futex (Linux marks
 * the turn word when the thread dies, whatever killed it) and reports a Tock fault.
 *
 * The filter itself is built by tockemu with libseccomp and handed over in the channel;
 * it is installed last, after everything above, so only the bridge's calls remain. */
#include <stdint.h>

#include "linux.h"
#include "runtime.h"

__asm__(".text\n"
        ".type native_restorer,@function\n"
        "native_restorer:\n"
        "  mov $15, %eax\n"       /* rt_sigreturn */
        "  syscall\n"
        "  hlt\n");
extern void native_restorer(void);

/* Offsets in the kernel's siginfo_t and ucontext_t on x86-64. */
#define SI_CODE 8
#define SI_ADDR 16
#define SI_SYSCALL 24
#define SI_ARCH 28
#define UC_GREGS 40
enum { G_R8, G_R9, G_R10, G_R11, G_R12, G_R13, G_R14, G_R15, G_RDI, G_RSI, G_RBP, G_RBX,
       G_RDX, G_RAX, G_RCX, G_RSP, G_RIP, G_EFL, G_CSGSFS, G_ERR };

static void copy_text(char *dst, const char *src, uint32_t size)
{
    uint32_t i = 0;
    for (; src[i] && i + 1 < size; i++)
        dst[i] = src[i];
    dst[i] = 0;
}

static void on_fatal_signal(int signo, void *info_, void *uc_)
{
    const uint8_t *info = info_;
    const uint64_t *g = (const uint64_t *)(const void *)((const uint8_t *)uc_ + UC_GREGS);
    struct native_fault *f = &CHANNEL->fault;
    f->signo = signo;
    f->code = *(const int32_t *)(const void *)(info + SI_CODE);
    f->addr = *(const uint64_t *)(const void *)(info + SI_ADDR);
    if (signo == SIGSYS) {
        f->syscall_nr = *(const int32_t *)(const void *)(info + SI_SYSCALL);
        f->syscall_arch = *(const uint32_t *)(const void *)(info + SI_ARCH);
    }
    f->write = signo == SIGSEGV && (g[G_ERR] & 2) != 0;   /* page fault error code: W */
    f->pc = g[G_RIP];
    f->sp = g[G_RSP];
    static const uint8_t order[13] = {G_RDI, G_RSI, G_RDX, G_RCX, G_R8, G_R9, G_RAX,
                                      G_RBX, G_RBP, G_R10, G_R11, G_R12, G_R13};
    for (int i = 0; i < 13; i++)
        f->regs[i] = g[order[i]];
    __atomic_store_n(&f->kind, signo == SIGSYS ? NATIVE_FAULT_SANDBOX : NATIVE_FAULT_SIGNAL,
                     __ATOMIC_SEQ_CST);
    linux_exit_group(128 + signo);
}

void native_fail(const char *what, long err)
{
    struct native_fault *f = &CHANNEL->fault;
    copy_text(f->text, what, sizeof f->text);
    f->code = (int32_t)err;
    __atomic_store_n(&f->kind, NATIVE_FAULT_RUNTIME, __ATOMIC_SEQ_CST);
    native_say("tock native runtime: ", what);
    linux_exit_group(127);
}

static void catch_faults(void)
{
    struct linux_sigaltstack ss = {(void *)(uintptr_t)NATIVE_ALTSTACK_ADDR, 0,
                                   NATIVE_ALTSTACK_SIZE};
    if (linux_syscall(NR_sigaltstack, &ss, 0, 0) != 0)
        native_fail("cannot set the signal stack", 0);
    static const int fatal[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGSYS, SIGTRAP};
    for (unsigned i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
        /* Under a debugger SIGTRAP is the debugger's. */
        if (fatal[i] == SIGTRAP && (CHANNEL->flags & NATIVE_FLAG_WRAPPED))
            continue;
        struct linux_sigaction sa = {(void *)on_fatal_signal,
                                     SA_SIGINFO | SA_ONSTACK | SA_RESTORER, native_restorer,
                                     ~0ull};
        long rc = linux_syscall6(NR_rt_sigaction, fatal[i], (long)&sa, 0, 8, 0, 0);
        if (rc != 0)
            native_fail("cannot install a fault handler", rc);
    }
}

/* Linux's struct robust_list_head is channel words robust_next/offset/pending; the list
 * holds one entry whose futex is the turn word. */
static void watch_death(void)
{
    struct native_channel *c = CHANNEL;
    c->app_tid = (uint32_t)linux_syscall(NR_gettid, 0, 0, 0);
    c->robust_entry = (uint64_t)(uintptr_t)&c->robust_next;
    c->robust_offset = (uint64_t)((int64_t)((uintptr_t)&c->turn - (uintptr_t)&c->robust_entry));
    c->robust_pending = 0;
    c->robust_next = (uint64_t)(uintptr_t)&c->robust_entry;
    long rc = linux_syscall(NR_set_robust_list, &c->robust_next, 24, 0);
    if (rc != 0)
        native_fail("cannot register the robust futex list", rc);
}

/* AddressSanitizer's hook for sandboxes: it reads /proc/self/maps now, while it can
 * (weak: only in an ASan build). */
void __sanitizer_sandbox_on_notify(void *args) __attribute__((weak));

static void close_sandbox(void)
{
    struct native_channel *c = CHANNEL;
    if ((c->flags & NATIVE_FLAG_NO_SECCOMP) || c->filter_len == 0)
        return;
    if (__sanitizer_sandbox_on_notify)
        __sanitizer_sandbox_on_notify(NULL);
    if (c->filter_len > NATIVE_FILTER_MAX)
        native_fail("the seccomp program is too long", c->filter_len);
    long rc = linux_syscall6(NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0);
    if (rc != 0)
        native_fail("cannot set no_new_privs", rc);
    struct linux_sock_fprog prog = {(unsigned short)c->filter_len, c->filter};
    /* the prctl form: valgrind does not know the seccomp system call */
    rc = linux_syscall6(NR_prctl, PR_SET_SECCOMP, SECCOMP_MODE_FILTER, (long)&prog, 0, 0, 0);
    if (rc != 0)
        native_fail("cannot install the seccomp filter", rc);
}

void native_sandbox_setup(void)
{
    catch_faults();
    watch_death();
    close_sandbox();
}
