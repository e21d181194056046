/* The sandbox of native apps, built with libseccomp and handed to the app's runtime as a
 * BPF program (sdk/native/sandbox.c installs it once start-up is done).
 *
 * After start-up the runtime needs only the bridge: futex (wait for and give the turn),
 * exit_group and exit (the Exit system call, the fault handlers), rt_sigreturn. Any other
 * call raises SIGSYS (SCMP_ACT_TRAP); the runtime's handler writes the call's number into
 * the channel and the process dies, so tockemu reports a fault that names the call. */
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

/* What the runtime calls once the filter is in place. */
static const char *const bridge_calls[] = {"futex", "exit_group", "exit", "rt_sigreturn"};

/* Under --native-wrap the tool (valgrind) runs inside the app's process and makes calls of
 * its own: memory management, its log output, signal masks, time. The filter then allows
 * those, fails any other call with EPERM (valgrind removes its vgdb pipes at exit, say),
 * and still kills the process for the calls that would leave the sandbox: files, sockets,
 * new programs and processes, other processes' memory. */
static const char *const tool_calls[] = {
    "write", "writev", "pwrite64", "read", "pread64", "lseek", "fstat", "newfstatat",
    "mmap", "munmap", "mprotect", "mremap", "madvise", "brk", "rt_sigprocmask",
    "rt_sigaction", "sigaltstack", "rt_sigtimedwait", "gettid", "getpid", "getppid",
    "tgkill", "kill", "clock_gettime", "gettimeofday", "nanosleep", "clock_nanosleep",
    "sched_yield", "getrlimit", "prlimit64", "fcntl", "close", "readlink", "getcwd",
    "set_robust_list", "arch_prctl", "prctl",
};

static const char *const escape_calls[] = {
    "open", "openat", "openat2", "creat", "open_by_handle_at", "socket", "socketpair",
    "connect", "bind", "execve", "execveat", "fork", "vfork", "clone", "clone3", "ptrace",
    "process_vm_readv", "process_vm_writev", "pidfd_open", "pidfd_getfd", "memfd_create",
    "io_uring_setup",
};

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

int native_seccomp_build(bool wrapped, struct native_sock_filter *out, uint32_t *count,
                         char *err, size_t errlen)
{
    scmp_filter_ctx ctx = seccomp_init(wrapped ? SCMP_ACT_ERRNO(EPERM) : SCMP_ACT_TRAP);
    if (!ctx) {
        snprintf(err, errlen, "seccomp: cannot create a filter");
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof bridge_calls / sizeof bridge_calls[0]; i++)
        rc = rule(ctx, SCMP_ACT_ALLOW, bridge_calls[i], err, errlen);
    for (size_t i = 0; wrapped && rc == 0 && i < sizeof tool_calls / sizeof tool_calls[0]; i++)
        rc = rule(ctx, SCMP_ACT_ALLOW, tool_calls[i], err, errlen);
    for (size_t i = 0; wrapped && rc == 0 && i < sizeof escape_calls / sizeof escape_calls[0]; i++)
        rc = rule(ctx, SCMP_ACT_TRAP, escape_calls[i], err, errlen);

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

const char *native_syscall_name(int nr, uint32_t arch, char *buf, size_t len)
{
    /* the arch value comes from the app's channel: only the native one is named */
    char *name = arch == SCMP_ARCH_X86_64 ? seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, nr)
                                          : NULL;
    if (name) {
        snprintf(buf, len, "%s", name);
        free(name);
    } else {
        snprintf(buf, len, "syscall %d (arch 0x%x)", nr, arch);
    }
    return buf;
}

#else /* tockemu built without libseccomp */

int native_seccomp_build(bool wrapped, struct native_sock_filter *out, uint32_t *count,
                         char *err, size_t errlen)
{
    (void)wrapped, (void)out, (void)count;
    snprintf(err, errlen, "tockemu was built without libseccomp (libseccomp-dev), so native "
                          "apps cannot be confined; run with --native-no-seccomp");
    return -1;
}

const char *native_syscall_name(int nr, uint32_t arch, char *buf, size_t len)
{
    snprintf(buf, len, "syscall %d (arch 0x%x)", nr, arch);
    return buf;
}
#endif
