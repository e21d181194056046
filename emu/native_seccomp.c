/* The sandbox of native apps, built with libseccomp as BPF programs. Two filters stack:
 *
 *  - start-up (NATIVE_FILTER_STARTUP): tockemu installs it in the child between fork and
 *    exec, so even a program that is not what it claims to be never runs unconfined. It
 *    allows the exec itself and what the runtime does before the app starts (map the
 *    channel and the RAM block from the descriptors it was given, signal handlers, the
 *    robust futex list, the second filter with prctl): no open, no socket, no new
 *    process.
 *  - the bridge (NATIVE_FILTER_APP): the runtime (sdk/native/sandbox.c) installs it when
 *    start-up is done. Only futex (wait for and give the turn), exit_group and exit (the
 *    Exit system call, the fault handlers) and rt_sigreturn remain.
 *
 * Any other call raises SIGSYS (SCMP_ACT_TRAP): the runtime's handler writes the call's
 * number into the channel and the process dies, so tockemu reports a fault naming it.
 * Calls through another ABI (x32: bit 30 of the number, i386: int 0x80) trap the same
 * way, rather than libseccomp's default of killing the process unannounced.
 *
 * Under --native-wrap the tool (valgrind, gdb) is exec'd first and loads files, so there
 * is no start-up filter, and the runtime installs NATIVE_FILTER_TOOL instead of the bridge
 * filter: valgrind runs inside the app's process and makes calls of its own. */
#define _GNU_SOURCE
#include "native_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifdef HAVE_SECCOMP
#include <seccomp.h>

static const char *const bridge_calls[] = {"futex", "exit_group", "exit", "rt_sigreturn"};

/* sdk/native/crt0.c and sandbox.c, between exec and the bridge filter (writes: fd 2). */
static const char *const startup_calls[] = {
    "execve", "mmap", "munmap", "pwrite64", "close", "rt_sigaction", "rt_sigprocmask",
    "sigaltstack", "set_robust_list", "gettid", "prctl",
};

/* Memory management, log output, signal masks, time: what valgrind does for itself. The
 * tool filter allows these, fails other calls with EPERM (valgrind removes its vgdb pipes
 * at exit, say) and still kills the process for the calls that would leave the sandbox. */
static const char *const tool_calls[] = {
    "write", "writev", "pwrite64", "read", "pread64", "lseek", "fstat", "newfstatat",
    "mmap", "munmap", "mprotect", "mremap", "madvise", "brk", "rt_sigprocmask",
    "rt_sigaction", "sigaltstack", "rt_sigtimedwait", "gettid", "getpid", "getppid",
    "tgkill", "kill", "clock_gettime", "gettimeofday", "nanosleep", "clock_nanosleep",
    "sched_yield", "getrlimit", "prlimit64", "fcntl", "close", "readlink", "getcwd",
    "set_robust_list", "arch_prctl", "prctl",
};

static const char *const open_calls[] = {"open", "openat"};

static const char *const escape_calls[] = {
    "open", "openat", "openat2", "creat", "open_by_handle_at", "socket", "socketpair",
    "connect", "bind", "execve", "execveat", "fork", "vfork", "clone", "clone3", "ptrace",
    "process_vm_readv", "process_vm_writev", "pidfd_open", "pidfd_getfd", "memfd_create",
    "io_uring_setup",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int rule(scmp_filter_ctx ctx, uint32_t action, const char *name, char *err, size_t errlen)
{
    int nr = seccomp_syscall_resolve_name(name);
    int rc = nr == __NR_SCMP_ERROR ? -EINVAL : seccomp_rule_add(ctx, action, nr, 0);
    if (rc == -EEXIST)
        rc = 0;
    if (rc < 0)
        snprintf(err, errlen, "seccomp: cannot add a rule for %s: %s", name, strerror(-rc));
    return rc;
}

static int rules(scmp_filter_ctx ctx, uint32_t action, const char *const *names, size_t n,
                 char *err, size_t errlen)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = rule(ctx, action, names[i], err, errlen);
    return rc;
}

static int add_rules(scmp_filter_ctx ctx, enum native_filter kind, char *err, size_t errlen)
{
    int rc = rules(ctx, SCMP_ACT_ALLOW, bridge_calls, COUNT(bridge_calls), err, errlen);
    switch (kind) {
    case NATIVE_FILTER_APP:
        break;
    case NATIVE_FILTER_STARTUP:
        if (rc == 0)
            rc = rules(ctx, SCMP_ACT_ALLOW, startup_calls, COUNT(startup_calls), err, errlen);
        if (rc == 0 && (rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(write), 1,
                                              SCMP_A0(SCMP_CMP_EQ, STDERR_FILENO))) < 0)
            snprintf(err, errlen, "seccomp: cannot allow write: %s", strerror(-rc));
        break;
    case NATIVE_FILTER_TOOL:
    case NATIVE_FILTER_SANITIZER:
        if (rc == 0)
            rc = rules(ctx, SCMP_ACT_ALLOW, tool_calls, COUNT(tool_calls), err, errlen);
        /* AddressSanitizer reads /proc/self/maps for every report: it gets EACCES */
        if (rc == 0 && kind == NATIVE_FILTER_SANITIZER)
            rc = rules(ctx, SCMP_ACT_ERRNO(EACCES), open_calls, COUNT(open_calls), err, errlen);
        if (rc == 0)
            rc = rules(ctx, SCMP_ACT_TRAP, escape_calls, COUNT(escape_calls), err, errlen);
        break;
    }
    return rc;
}

int native_seccomp_build(enum native_filter kind, struct native_sock_filter *out,
                         uint32_t *count, char *err, size_t errlen)
{
    bool tool = kind == NATIVE_FILTER_TOOL || kind == NATIVE_FILTER_SANITIZER;
    scmp_filter_ctx ctx = seccomp_init(tool ? SCMP_ACT_ERRNO(EPERM) : SCMP_ACT_TRAP);
    if (!ctx) {
        snprintf(err, errlen, "seccomp: cannot create a filter");
        return -1;
    }
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_TRAP);
    if (rc < 0)
        snprintf(err, errlen, "seccomp: cannot make other ABIs trap: %s", strerror(-rc));
    else
        rc = add_rules(ctx, kind, err, errlen);

    /* libseccomp 2.5 exports the program to a file descriptor only. */
    int fd = rc == 0 ? memfd_create("tock-seccomp", MFD_CLOEXEC) : -1;
    if (rc == 0 && fd < 0) {
        snprintf(err, errlen, "seccomp: memfd_create: %s", strerror(errno));
        rc = -1;
    }
    if (rc == 0 && (rc = seccomp_export_bpf(ctx, fd)) < 0)
        snprintf(err, errlen, "seccomp: cannot export the filter: %s", strerror(-rc));
    if (rc == 0) {
        off_t size = lseek(fd, 0, SEEK_CUR);
        size_t max = NATIVE_FILTER_MAX * sizeof *out;
        if (size <= 0 || size % (off_t)sizeof *out || (size_t)size > max ||
            pread(fd, out, (size_t)size, 0) != size) {
            snprintf(err, errlen, "seccomp: unexpected filter size %lld", (long long)size);
            rc = -1;
        } else {
            *count = (uint32_t)(size / (off_t)sizeof *out);
        }
    }
    if (fd >= 0)
        close(fd);
    seccomp_release(ctx);
    return rc < 0 ? -1 : 0;
}

#define X32_SYSCALL_BIT 0x40000000

const char *native_syscall_name(int nr, uint32_t arch, char *buf, size_t len)
{
    /* the values come from the app's channel: only the ABIs of an x86-64 host are named */
    bool x32 = arch == SCMP_ARCH_X86_64 && (nr & X32_SYSCALL_BIT);
    bool known_abi = arch == SCMP_ARCH_X86_64 || arch == SCMP_ARCH_X86;
    const char *abi = x32 ? "x32 " : arch == SCMP_ARCH_X86 ? "i386 " : "";
    char *name = !known_abi ? NULL
                 : seccomp_syscall_resolve_num_arch(x32 ? SCMP_ARCH_X32 : arch, nr);
    if (name)
        snprintf(buf, len, "%ssystem call %s (%d)", abi, name, nr);
    else if (known_abi)
        snprintf(buf, len, "unknown %ssystem call %d", abi, nr);
    else
        snprintf(buf, len, "system call %d of arch 0x%x", nr, arch);
    free(name);
    return buf;
}

#else /* tockemu built without libseccomp */

int native_seccomp_build(enum native_filter kind, struct native_sock_filter *out,
                         uint32_t *count, char *err, size_t errlen)
{
    (void)kind, (void)out, (void)count;
    snprintf(err, errlen, "tockemu was built without libseccomp (libseccomp-dev), so native "
                          "apps cannot be confined; run with --native-no-seccomp");
    return -1;
}

const char *native_syscall_name(int nr, uint32_t arch, char *buf, size_t len)
{
    snprintf(buf, len, "system call %d of arch 0x%x", nr, arch);
    return buf;
}
#endif
