/* The Linux side of a native process: starting the app (fork + exec, under the wrapper if
 * any), taking turns with it on the channel's futex word (emu/native_abi.h), stopping it
 * when its slice is over, and finding out why it died. */
#define _GNU_SOURCE
#include "native_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEATH_POLL_NS 20000000ull       /* how often a sleeping wait checks the child */
#define EXIT_GRACE_MS 200               /* for a clean exit after NATIVE_EXIT */
#define EXIT_GRACE_WRAPPED_MS 30000     /* valgrind writes its summary at exit */
#define MAX_ARGS 64

uint64_t native_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static bool is_trapped(uint32_t w) { return (w & ~NATIVE_APP_SLEEPS) == NATIVE_TURN_KERNEL; }

static long futex(uint32_t *word, int op, uint32_t val, const struct timespec *ts)
{
    return syscall(SYS_futex, word, op, val, ts, NULL, 0);
}

/* ---- starting ------------------------------------------------------------------------ */

static bool executable_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* argv[0] of the wrapper, looked up in PATH (before fork: nothing may allocate after). */
static bool find_program(const char *name, char *out, size_t len)
{
    if (strchr(name, '/')) {
        snprintf(out, len, "%s", name);
        return executable_file(out);
    }
    const char *path = getenv("PATH");
    for (const char *dir = path ? path : "/usr/bin:/bin"; *dir;) {
        size_t n = strcspn(dir, ":");
        snprintf(out, len, "%.*s/%s", (int)n, dir, name);
        if (n && executable_file(out))
            return true;
        dir += n + (dir[n] == ':');
    }
    return false;
}

/* Split a wrapper command at blanks, as a shell would for plain words and 'single' or
 * "double" quoted ones (no escapes, no expansion). Returns the number of words. */
static int split_words(const char *cmd, char *buf, size_t len, char **argv, int max)
{
    int argc = 0;
    size_t o = 0;
    for (const char *c = cmd; *c && argc < max && o + 1 < len;) {
        while (*c == ' ' || *c == '\t')
            c++;
        if (!*c)
            break;
        argv[argc++] = buf + o;
        char quote = 0;
        for (; *c && (quote || (*c != ' ' && *c != '\t')) && o + 1 < len; c++) {
            if (!quote && (*c == '\'' || *c == '"'))
                quote = *c;
            else if (quote && *c == quote)
                quote = 0;
            else
                buf[o++] = *c;
        }
        buf[o++] = 0;
    }
    return argc;
}

static void reset_channel(struct native_proc *np)
{
    struct natives *n = np->owner;
    struct native_channel *c = np->ch;
    memset(c, 0, sizeof *c);
    c->magic = NATIVE_ABI_MAGIC;
    c->version = NATIVE_ABI_VERSION;
    c->ram_start = np->p->ram_start;
    c->ram_size = np->p->ram_size;
    c->flags = (n->wrap ? NATIVE_FLAG_WRAPPED : 0) | (n->seccomp ? 0 : NATIVE_FLAG_NO_SECCOMP);
    c->spin = n->app_spin;
    if (n->seccomp) {
        const struct native_sock_filter *f = n->filter_app;
        c->filter_len = n->app_len;
        if (np->img->info.flags & NATIVE_INFO_ASAN) {
            f = n->filter_san;
            c->filter_len = n->san_len;
        } else if (n->wrap) {
            f = n->filter_tool;
            c->filter_len = n->tool_len;
        }
        memcpy(c->filter, f, c->filter_len * sizeof c->filter[0]);
    }
    __atomic_store_n(&c->turn, NATIVE_TURN_START, __ATOMIC_SEQ_CST);
}

/* In the child, between fork and exec: only system calls. cpus: where the app may run
 * (NULL: anywhere). */
static void exec_child(struct native_proc *np, const char *exe, char **argv, int devnull,
                       pid_t parent, const cpu_set_t *cpus)
{
    if (cpus)
        sched_setaffinity(0, sizeof *cpus, cpus);
    setpgid(0, 0);                         /* the terminal's ^C is for tockemu */
    prctl(PR_SET_PDEATHSIG, SIGKILL);      /* and the app dies with tockemu */
    if (getppid() != parent)
        _exit(127);
    int chan = fcntl(np->chan_fd, F_DUPFD, 10), ram = fcntl(np->ram_fd, F_DUPFD, 10);
    if (chan < 0 || ram < 0 || dup2(chan, NATIVE_FD_CHANNEL) < 0 || dup2(ram, NATIVE_FD_RAM) < 0)
        _exit(127);
    if (!np->owner->wrap && devnull >= 0)
        dup2(devnull, STDIN_FILENO);       /* console input goes through the kernel */
    syscall(SYS_close_range, NATIVE_FD_RAM + 1, ~0u, 0);
    struct natives *n = np->owner;
    if (n->seccomp && !native_tooled(np)) {   /* confined from the first instruction on */
        struct { unsigned short len; const void *filter; } prog = {(unsigned short)n->startup_len,
                                                                   n->filter_startup};
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
            syscall(SYS_seccomp, 1 /* SECCOMP_SET_MODE_FILTER */, 0, &prog) != 0)
            _exit(126);
    }
    execve(exe, argv, n->envp);
    static const char msg[] = "tockemu: cannot execute the native app or its wrapper\n";
    ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)w;
    _exit(127);
}

int native_child_spawn(struct native_proc *np, char *err, size_t errlen)
{
    struct natives *n = np->owner;
    native_child_kill(np);
    reset_channel(np);
    np->tid = 0;
    np->trapped = np->stopped = false;

    char words[1024], exe[4096];
    char *argv[MAX_ARGS + 2];
    int argc = split_words(n->wrap ? n->wrap : "", words, sizeof words, argv, MAX_ARGS);
    argv[argc++] = (char *)np->img->path;
    argv[argc] = NULL;
    if (!find_program(argv[0], exe, sizeof exe)) {
        snprintf(err, errlen, "cannot find the program '%s'", argv[0]);
        return -1;
    }
    /* Both sides poll the turn word for a while before sleeping; that only pays when they
     * poll on different CPUs. Linux tends to wake the app on tockemu's CPU, so it is kept
     * off the CPU tockemu runs on now. */
    cpu_set_t cpus = n->cpus, *pin = NULL;
    int here = sched_getcpu();
    if (n->app_spin && here >= 0 && CPU_ISSET(here, &cpus) && CPU_COUNT(&cpus) > 1) {
        CPU_CLR(here, &cpus);
        pin = &cpus;
        if (!n->pinned) {     /* this thread (tockemu's kernel) stays where it is */
            cpu_set_t mine;
            CPU_ZERO(&mine);
            CPU_SET(here, &mine);
            n->pinned = sched_setaffinity(0, sizeof mine, &mine) == 0;
        }
    }
    int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    pid_t parent = getpid();
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errlen, "fork: %s", strerror(errno));
        if (devnull >= 0)
            close(devnull);
        return -1;
    }
    if (pid == 0)
        exec_child(np, exe, argv, devnull, parent, pin);
    if (devnull >= 0)
        close(devnull);
    np->pid = pid;
    np->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    np->need_start = false;
    if (n->wrap)
        kprintf(n->k, "[native] %s: started under '%s' as process %d\n", np->p->name, n->wrap,
                (int)pid);
    return 0;
}

/* ---- taking turns -------------------------------------------------------------------- */

void native_child_resume(struct native_proc *np)
{
    struct native_channel *c = np->ch;
    for (int i = 0; i < 4; i++)
        c->r[i] = np->regs.r[i];
    if (np->regs.r[REG_PC] != np->trap_pc) {
        c->action = NATIVE_UPCALL;     /* the kernel made the trap a call of this function */
        c->fn = np->regs.r[REG_PC];
    } else {
        c->action = NATIVE_RETURN;
    }
    if (np->stopped) {
        kill(np->pid, SIGCONT);
        np->stopped = false;
    }
    np->trapped = false;
    uint32_t old = __atomic_exchange_n(&c->turn, np->tid, __ATOMIC_SEQ_CST);
    if (old & NATIVE_APP_SLEEPS)
        futex(&c->turn, FUTEX_WAKE, 1, NULL);
}

/* Non-blocking: has the child (or the wrapper) ended? Keeps its status. */
static bool child_gone(struct native_proc *np, int *status)
{
    return np->pid > 0 && waitpid(np->pid, status, WNOHANG) == np->pid;
}

enum native_wait native_child_wait(struct native_proc *np, uint64_t deadline_ns)
{
    struct native_channel *c = np->ch;
    uint64_t now = native_now_ns();
    uint64_t spin_until = now + np->owner->kernel_spin_ns;
    for (uint32_t polls = 0;; polls++) {
        uint32_t w = __atomic_load_n(&c->turn, __ATOMIC_ACQUIRE);
        if (is_trapped(w))
            return NATIVE_WAIT_TRAP;
        if (w & NATIVE_DIED)
            return NATIVE_WAIT_DIED;
        if ((polls & 63) == 0)
            now = native_now_ns();
        if (now < spin_until) {
            __builtin_ia32_pause();
            continue;
        }
        if (deadline_ns && now >= deadline_ns)
            return NATIVE_WAIT_TIMEOUT;
        if (!(w & NATIVE_KERNEL_SLEEPS)) {
            if (!__atomic_compare_exchange_n(&c->turn, &w, w | NATIVE_KERNEL_SLEEPS, false,
                                             __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
                continue;
            w |= NATIVE_KERNEL_SLEEPS;
        }
        uint64_t chunk = DEATH_POLL_NS;
        if (deadline_ns && deadline_ns - now < chunk)
            chunk = deadline_ns - now;
        struct timespec ts = {(time_t)(chunk / 1000000000ull), (long)(chunk % 1000000000ull)};
        long rc = futex(&c->turn, FUTEX_WAIT, w, &ts);
        now = native_now_ns();
        int status;
        if (rc < 0 && errno == ETIMEDOUT && child_gone(np, &status)) {
            np->pid = -np->pid;            /* reaped: remember only that it is gone */
            np->exit_status = status;
            return NATIVE_WAIT_DIED;
        }
    }
}

enum native_wait native_child_preempt(struct native_proc *np)
{
    int status;
    kill(np->pid, SIGSTOP);
    pid_t r = waitpid(np->pid, &status, WUNTRACED);
    if (r == np->pid && !WIFSTOPPED(status)) {
        np->pid = -np->pid;
        np->exit_status = status;
        return NATIVE_WAIT_DIED;
    }
    np->stopped = true;
    uint32_t w = __atomic_load_n(&np->ch->turn, __ATOMIC_ACQUIRE);
    if (is_trapped(w))
        return NATIVE_WAIT_TRAP;
    return (w & NATIVE_DIED) ? NATIVE_WAIT_DIED : NATIVE_WAIT_TIMEOUT;
}

/* ---- ending ---------------------------------------------------------------------------- */

/* Wait up to ms for the child to end; true when it did (and is reaped). */
static bool reap_within(struct native_proc *np, int ms)
{
    if (np->pid <= 0)
        return true;
    if (np->pidfd >= 0) {
        struct pollfd pfd = {np->pidfd, POLLIN, 0};
        if (poll(&pfd, 1, ms) <= 0)
            return false;
    }
    int status;
    if (waitpid(np->pid, &status, np->pidfd >= 0 ? 0 : WNOHANG) != np->pid)
        return false;
    np->exit_status = status;
    np->pid = -np->pid;
    return true;
}

void native_child_kill(struct native_proc *np)
{
    if (np->pid > 0) {
        if (np->stopped)
            kill(np->pid, SIGCONT);
        kill(np->pid, SIGKILL);
        int status;
        if (waitpid(np->pid, &status, 0) == np->pid)
            np->exit_status = status;
    }
    if (np->pidfd >= 0)
        close(np->pidfd);
    np->pidfd = -1;
    np->pid = 0;
    np->trapped = np->stopped = false;
}

void native_child_end(struct native_proc *np, uint32_t exit_code)
{
    if (np->pid > 0 && np->trapped) {
        np->ch->r[0] = exit_code;
        np->ch->action = NATIVE_EXIT;
        if (np->stopped)
            kill(np->pid, SIGCONT);
        np->stopped = false;
        uint32_t old = __atomic_exchange_n(&np->ch->turn, np->tid, __ATOMIC_SEQ_CST);
        if (old & NATIVE_APP_SLEEPS)
            futex(&np->ch->turn, FUTEX_WAKE, 1, NULL);
        reap_within(np, np->owner->wrap ? EXIT_GRACE_WRAPPED_MS : EXIT_GRACE_MS);
    }
    native_child_kill(np);
}

/* ---- why it died ------------------------------------------------------------------------ */

static void set_fault(struct process *p, enum fault_kind kind, uint64_t addr, uint64_t pc,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void set_fault(struct process *p, enum fault_kind kind, uint64_t addr, uint64_t pc,
                      const char *fmt, ...)
{
    struct cpu_fault *f = &p->fault;
    f->kind = kind;
    f->address = (uint32_t)addr;
    f->pc = (uint32_t)pc;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->detail, sizeof f->detail, fmt, ap);
    va_end(ap);
}

static void fault_from_signal(struct native_proc *np, const struct native_fault *r)
{
    struct process *p = np->p;
    const char *sig = sigabbrev_np(r->signo);
    sig = sig ? sig : "?";
    switch (r->signo) {
    case SIGSEGV:
    case SIGBUS: {
        enum fault_kind kind = r->addr == r->pc ? FAULT_EXECUTE
                               : r->write       ? FAULT_WRITE
                                                : FAULT_READ;
        set_fault(p, kind, r->addr, r->pc, "native SIG%s at 0x%llx, rip 0x%llx", sig,
                  (unsigned long long)r->addr, (unsigned long long)r->pc);
        break;
    }
    case SIGTRAP:
        set_fault(p, FAULT_BKPT, 0, r->pc, "native SIGTRAP, rip 0x%llx", (unsigned long long)r->pc);
        break;
    default:
        set_fault(p, FAULT_UNDEFINED, 0, r->pc, "native SIG%s (code %d), rip 0x%llx", sig,
                  r->code, (unsigned long long)r->pc);
        break;
    }
}

static void describe_death(struct native_proc *np)
{
    struct natives *n = np->owner;
    struct process *p = np->p;
    struct native_fault r = np->ch->fault;   /* a copy: the app wrote it */
    r.text[sizeof r.text - 1] = 0;
    memset(&np->regs, 0, sizeof np->regs);
    switch (r.kind) {
    case NATIVE_FAULT_SIGNAL:
        fault_from_signal(np, &r);
        break;
    case NATIVE_FAULT_SANDBOX: {
        char call[80];
        native_syscall_name(r.syscall_nr, r.syscall_arch, call, sizeof call);
        set_fault(p, FAULT_KERNEL, 0, r.pc, "sandbox: %s is not allowed", call);
        kprintf(n->k, "[native] %s: tried the %s, which the sandbox forbids\n", p->name, call);
        break;
    }
    case NATIVE_FAULT_RUNTIME:
        set_fault(p, FAULT_KERNEL, 0, 0, "native runtime: %s", r.text);
        break;
    default: {
        int st = np->exit_status;
        if (n->wrap) {
            set_fault(p, FAULT_KERNEL, 0, 0, "native process ended under --native-wrap");
        } else if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS && !np->tid) {
            /* no trap yet: the runtime never reached the bridge */
            set_fault(p, FAULT_KERNEL, 0, 0, "sandbox: killed by SIGSYS before its runtime ran");
            kprintf(n->k, "[native] %s: made a system call the start-up sandbox forbids (before "
                          "the SDK runtime ran: not a normal native app)\n", p->name);
        } else if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS) {
            set_fault(p, FAULT_KERNEL, 0, 0, "sandbox: killed by SIGSYS with no report from its "
                                             "runtime (a forbidden system call in its handler?)");
            kprintf(n->k, "[native] %s: killed by the sandbox (SIGSYS) after its runtime ran; "
                          "the runtime left no report of the call\n", p->name);
        } else if (WIFSIGNALED(st)) {
            const char *sig = sigabbrev_np(WTERMSIG(st));
            set_fault(p, FAULT_KERNEL, 0, 0, "native process killed by SIG%s", sig ? sig : "?");
        } else if (np->img->info.flags & NATIVE_INFO_ASAN) {
            set_fault(p, FAULT_KERNEL, 0, 0, "ASan build exited (status %d): see its report",
                      WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        } else {
            set_fault(p, FAULT_KERNEL, 0, 0, "native process exited (status %d) without Exit",
                      WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        }
        return;
    }
    }
    for (int i = 0; i < 13; i++)
        np->regs.r[i] = (uint32_t)r.regs[i];
    np->regs.r[REG_SP] = (uint32_t)r.sp;
    np->regs.r[REG_PC] = (uint32_t)r.pc;
    np->regs.r[REG_XPSR] = 0x01000000u;
}

void native_child_died(struct native_proc *np)
{
    /* The app is dead (or dying); a wrapper (a debugger) may live on a little. */
    if (!reap_within(np, np->owner->wrap ? EXIT_GRACE_WRAPPED_MS : EXIT_GRACE_MS))
        native_child_kill(np);
    describe_death(np);
    native_child_kill(np);
}
