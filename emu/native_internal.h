/* Shared by emu/native*.c: the backend's state and the helpers between its files. */
#ifndef EMU_NATIVE_INTERNAL_H
#define EMU_NATIVE_INTERNAL_H

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "native.h"
#include "native_abi.h"
#include "native_elf.h"

#define NATIVE_MAX_APPS 32

/* One Tock process running as a Linux process. */
struct native_proc {
    struct natives *owner;
    struct process *p;
    const struct native_image *img;

    int ram_fd, chan_fd;
    uint8_t *ram;                  /* tockemu's view of the RAM block (p->ram) */
    uint32_t shared_end;           /* [ram_start, shared_end) is the memfd; above it the
                                      kernel keeps private memory (the grants) */
    struct native_channel *ch;     /* tockemu's view of the channel */

    pid_t pid;                     /* the child (the wrapper when wrapped); 0 = none,
                                      negative = ended and reaped (exit_status says how) */
    int pidfd;
    int exit_status;               /* waitpid status once reaped */
    uint32_t tid;                  /* the app's thread id, from its first trap */
    bool need_start;               /* the kernel (re)started the process: spawn at run */
    bool trapped;                  /* the app waits in a trap for an answer */
    bool stopped;                  /* SIGSTOPped by the watchdog */

    struct cpu_regs regs;          /* the registers the kernel sees */
    uint32_t trap_pc;              /* regs PC at the trap: a different PC is an upcall */
};

struct natives {
    struct kernel *k;
    struct engines *engines;
    char *wrap;                    /* --native-wrap, or NULL */
    bool seccomp;
    /* seccomp programs (native_seccomp.c), built when the first native app is created */
    struct native_sock_filter filter_app[NATIVE_FILTER_MAX];   /* the runtime installs */
    struct native_sock_filter filter_tool[NATIVE_FILTER_MAX];  /* ... under a tool */
    struct native_sock_filter filter_san[NATIVE_FILTER_MAX];   /* ... an ASan build */
    struct native_sock_filter filter_startup[NATIVE_FILTER_MAX]; /* tockemu, before exec */
    uint32_t app_len, tool_len, san_len, startup_len;
    bool filters_built;
    uint32_t app_spin;             /* TSC ticks the app polls before it sleeps (0: none) */
    cpu_set_t cpus;                /* the CPUs tockemu may use (its affinity at start) */
    bool pinned;                   /* tockemu's thread was pinned to one of them */
    uint64_t kernel_spin_ns;       /* how long tockemu polls before it sleeps */
    char **envp;                   /* tockemu's environment plus TOCK_NATIVE=1 */

    struct native_proc *procs[KERNEL_MAX_PROCESSES];   /* by process index; NULL = not native */
    struct native_image images[NATIVE_MAX_APPS];
    uint32_t image_count;
    struct { uint8_t *ram; int ram_fd; const struct native_image *img; } pending;
};

/* The app runs with a tool in its process (--native-wrap, or an ASan build): no start-up
 * filter (the tool loads files), the tool filter instead of the bridge filter. */
bool native_tooled(const struct native_proc *np);

/* native_child.c: the Linux process and the turn word */
int native_child_spawn(struct native_proc *np, char *err, size_t errlen);
/* End the child: a NATIVE_EXIT answer first when it waits in a trap (exit_code), then
 * SIGKILL after a grace period; reaps it. */
void native_child_end(struct native_proc *np, uint32_t exit_code);
void native_child_kill(struct native_proc *np);
/* Hand the turn to the app (SIGCONT first if it was stopped). */
void native_child_resume(struct native_proc *np);
enum native_wait { NATIVE_WAIT_TRAP, NATIVE_WAIT_DIED, NATIVE_WAIT_TIMEOUT };
/* Wait until the app traps or dies, or until deadline_ns (0 = no deadline). */
enum native_wait native_child_wait(struct native_proc *np, uint64_t deadline_ns);
/* The slice is over: SIGSTOP the app and wait until it stopped. Returns what happened
 * meanwhile (it may have trapped or died just before). */
enum native_wait native_child_preempt(struct native_proc *np);
/* The app died: reap it and describe the death in p->fault and the registers. */
void native_child_died(struct native_proc *np);
uint64_t native_now_ns(void);

/* native_seccomp.c: the filters (see there) */
enum native_filter {
    NATIVE_FILTER_STARTUP, NATIVE_FILTER_APP, NATIVE_FILTER_TOOL, NATIVE_FILTER_SANITIZER,
};
int native_seccomp_build(enum native_filter kind, struct native_sock_filter *out,
                         uint32_t *count, char *err, size_t errlen);
/* "system call openat (257)", "x32 system call write (1073741825)", "unknown system call
 * 1000": the call a sandboxed app tried, from the number and arch its handler reported. */
const char *native_syscall_name(int nr, uint32_t arch, char *buf, size_t len);

#endif
