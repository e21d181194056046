/* The portable kernel: processes, system calls, upcalls, grants, scheduling, faults.
 *
 * The kernel sees the machine only through struct cpu_ops (one per board HAL) and through
 * the HIL interfaces its capsules are built with. It never trusts a process: every pointer,
 * length and number from a system call is checked against that process's memory. */
#ifndef TOCK_KERNEL_H
#define TOCK_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tock/syscall_abi.h"
#include "tock/tbf.h"

#define KERNEL_MAX_PROCESSES 64
#define KERNEL_MAX_DRIVERS 64
#define KERNEL_DRIVER_BUCKETS 128
#define UPCALL_QUEUE_LEN 10           /* Tock's CALLBACK_LEN */
#define PROCESS_NAME_MAX TBF_MAX_PACKAGE_NAME
#define APP_IDENTIFIER_MAX 64         /* bytes of the full application identifier */
#define KERNEL_VERSION_MAJOR 2
#define KERNEL_VERSION_MINOR 2

struct kernel;
struct process;
struct driver;

/* ---- return values ----------------------------------------------------------------- */

struct syscall_return {
    uint32_t variant;   /* enum return_variant */
    uint32_t r1, r2, r3;
};

static inline struct syscall_return sr_success(void) { return (struct syscall_return){RV_SUCCESS, 0, 0, 0}; }
static inline struct syscall_return sr_success_u32(uint32_t a) { return (struct syscall_return){RV_SUCCESS_U32, a, 0, 0}; }
static inline struct syscall_return sr_success_2u32(uint32_t a, uint32_t b) { return (struct syscall_return){RV_SUCCESS_2U32, a, b, 0}; }
static inline struct syscall_return sr_success_3u32(uint32_t a, uint32_t b, uint32_t c) { return (struct syscall_return){RV_SUCCESS_3U32, a, b, c}; }
static inline struct syscall_return sr_success_u64(uint64_t v) { return (struct syscall_return){RV_SUCCESS_U64, (uint32_t)v, (uint32_t)(v >> 32), 0}; }
static inline struct syscall_return sr_success_u32_u64(uint32_t a, uint64_t v) { return (struct syscall_return){RV_SUCCESS_U32_U64, a, (uint32_t)v, (uint32_t)(v >> 32)}; }
static inline struct syscall_return sr_failure(uint32_t err) { return (struct syscall_return){RV_FAILURE, err, 0, 0}; }
static inline struct syscall_return sr_failure_u32(uint32_t err, uint32_t a) { return (struct syscall_return){RV_FAILURE_U32, err, a, 0}; }
static inline struct syscall_return sr_failure_2u32(uint32_t err, uint32_t a, uint32_t b) { return (struct syscall_return){RV_FAILURE_2U32, err, a, b}; }
static inline struct syscall_return sr_failure_u64(uint32_t err, uint64_t v) { return (struct syscall_return){RV_FAILURE_U64, err, (uint32_t)v, (uint32_t)(v >> 32)}; }

/* ---- the CPU backend (one per HAL) -------------------------------------------------- */

enum { REG_SP = 13, REG_LR = 14, REG_PC = 15, REG_XPSR = 16, REG_COUNT = 17 };
#define REG_BIT(n) (1u << (n))

struct cpu_regs {
    uint32_t r[REG_COUNT];   /* r0-r12, sp, lr, pc (no Thumb bit), xpsr */
};

enum fault_kind {
    FAULT_NONE = 0,
    FAULT_READ,          /* data read outside the process's memory */
    FAULT_WRITE,         /* data write outside writable memory */
    FAULT_EXECUTE,       /* instruction fetch outside flash */
    FAULT_UNDEFINED,     /* undefined or unsupported instruction */
    FAULT_UNALIGNED,
    FAULT_BKPT,          /* breakpoint with no debugger attached */
    FAULT_KERNEL,        /* forced by the kernel (console "fault" command, bad syscall state) */
};

struct cpu_fault {
    enum fault_kind kind;
    uint32_t address;     /* faulting data address (FAULT_READ/WRITE/EXECUTE) */
    uint32_t pc;          /* faulting instruction when known */
    char detail[64];      /* backend's description, e.g. "unicorn: UC_ERR_READ_UNMAPPED" */
};

enum cpu_stop {
    CPU_STOP_SWITCH,      /* a system call asked to leave the process (yield, exit, ...) */
    CPU_STOP_PREEMPTED,   /* time slice used up */
    CPU_STOP_FAULT,       /* see the process's fault field */
    CPU_STOP_IDLE,        /* wfi: treat as a yield of the time slice */
    CPU_STOP_HALT,        /* the host asked to stop everything (debugger, signal) */
};

/* What a backend provides. ctx is the backend's own state. */
struct cpu_ops {
    /* Prepare the process's CPU state and memory map (flash, RAM) for the first time.
     * Returns 0 or a negative value; the kernel then refuses the process. */
    int (*create)(void *ctx, struct process *p);
    void (*destroy)(void *ctx, struct process *p);
    /* Run the process until it traps. A system call traps into kernel_syscall(); when
     * that returns false, run() returns CPU_STOP_SWITCH. */
    enum cpu_stop (*run)(void *ctx, struct process *p);
    void (*get_regs)(void *ctx, struct process *p, struct cpu_regs *out);
    /* Write the registers whose REG_BIT is set in mask. */
    void (*set_regs)(void *ctx, struct process *p, const struct cpu_regs *in, uint32_t mask);
    /* The accessible RAM of the process changed (app break moved, grants grew, restart). */
    void (*memory_changed)(void *ctx, struct process *p);
    /* Optional (NULL = the backend cannot share memory between processes; callers then
     * report NOSUPPORT). Used by legacy IPC (driver 0x10000).
     *   with != NULL, len > 0: let `with` read and write owner's RAM pages (MPU granules)
     *       that contain [addr, addr+len), at the same addresses. The caller has checked
     *       that the range lies below owner's app break. Sharing again is harmless.
     *   with != NULL, len == 0: take back from `with` every page of owner's it was given.
     *   with == NULL: owner exits, faults or restarts: take its pages back from every
     *       process, and take back from owner every page other processes gave it.
     * Returns 0, or a negative value when the pages could not be shared. */
    int (*share_memory)(void *ctx, struct process *owner, uint32_t addr, uint32_t len,
                        struct process *with);
};

/* ---- capsules ------------------------------------------------------------------------ */

enum process_event {
    PROCESS_EVENT_EXITED,       /* terminated by exit(0..) */
    PROCESS_EVENT_FAULTED,
    PROCESS_EVENT_RESTARTING,   /* about to get a new instance id */
    PROCESS_EVENT_STOPPED,      /* stopped from the process console */
};

/* A syscall driver. Every per-process slot the kernel keeps for it (upcalls, allowed
 * buffers, grant_size bytes of capsule data) lives in that process's grant region. */
struct driver {
    uint32_t num;
    const char *name;
    uint8_t upcall_count;
    uint8_t allow_ro_count;
    uint8_t allow_rw_count;
    uint8_t allow_ur_count;     /* userspace-readable allows (class 7) */
    uint16_t grant_size;        /* bytes of per-process capsule data, zeroed on allocation */
    void *state;                /* the capsule instance */

    struct syscall_return (*command)(struct kernel *k, const struct driver *d, struct process *p,
                                     uint32_t cmd, uint32_t arg0, uint32_t arg1);
    /* Optional: inspect a newly allowed buffer; return TOCK_OK or an error, which makes the
     * allow fail with that error and keeps the old buffer. kind is SYSCALL_ALLOW_RW/RO/... */
    uint32_t (*allow_check)(struct kernel *k, const struct driver *d, struct process *p,
                            uint32_t kind, uint32_t num, uint32_t addr, uint32_t len);
    /* Optional: told about exits, faults, restarts and stops of every process (whether or
     * not it has a grant for this driver). */
    void (*process_event)(struct kernel *k, const struct driver *d, struct process *p,
                          enum process_event ev);
    /* Optional: name of a command for traces ("write"), NULL if unknown. */
    const char *(*command_name)(uint32_t cmd);
};

/* ---- processes -------------------------------------------------------------------------- */

enum process_state {
    PROCESS_UNUSED = 0,
    PROCESS_UNSTARTED,
    PROCESS_RUNNABLE,
    PROCESS_YIELDED,          /* yield-wait: waits for any upcall */
    PROCESS_YIELDED_FOR,      /* yield-wait-for: waits for wait_driver/wait_subscribe */
    PROCESS_STOPPED,          /* stopped from the console; stopped_from holds the old state */
    PROCESS_FAULTED,
    PROCESS_TERMINATED,
};

enum fault_policy {
    FAULT_POLICY_STOP = 0,
    FAULT_POLICY_RESTART,
    FAULT_POLICY_PANIC,
};

struct upcall_task {
    uint32_t driver, subscribe;
    uint32_t args[3];
    uint32_t fn, appdata;
    uint32_t trace_id;              /* flow id for hooks.event; 0 when not traced */
};

struct upcall_slot { uint32_t fn, appdata; };
struct allow_slot { uint32_t addr, len; };

/* A process's record for one driver, in its grant region: the driver's upcall slots, then
 * its allow slots (read-only, read-write, userspace-readable), then grant_size bytes of
 * capsule data (8-byte aligned). The region holds values only, never a host pointer: the
 * kernel keeps where each record starts (struct process, grant_at) and builds this view
 * from it and the driver's counts, so a record has the same size on host and board. */
struct grant {
    const struct driver *driver;
    uint32_t address;             /* guest address of the record */
    struct upcall_slot *upcalls;
    struct allow_slot *allow_ro;
    struct allow_slot *allow_rw;
    struct allow_slot *allow_ur;
    void *data;
};

#define GRANT_NONE UINT32_MAX

struct process {
    enum process_state state;
    enum process_state stopped_from;
    uint32_t index;              /* slot in the kernel table */
    uint32_t id;                 /* instance id: never reused in a boot, never 0 */
    char name[PROCESS_NAME_MAX + 1];
    struct tbf_header tbf;

    /* memory: guest addresses and where they live for the kernel */
    uint32_t flash_start, flash_size;   /* the whole TBF object */
    const uint8_t *flash;               /* kernel view of flash_start */
    uint32_t ram_start, ram_size;       /* the whole RAM block, grants included */
    uint8_t *ram;                       /* kernel view of ram_start */
    uint32_t app_break;                 /* app may access [ram_start, app_break) */
    uint32_t kernel_break;              /* grants live in [kernel_break, ram end) */
    uint32_t debug_stack_start, debug_heap_start;   /* from memop 10 / 11 */
    uint32_t binary_start;              /* flash_start + header + protected trailer */
    uint32_t binary_end;                /* flash_start + binary_end_offset */

    /* identity */
    uint32_t short_id;                  /* 0 = locally unique */
    uint8_t app_identifier[APP_IDENTIFIER_MAX];
    uint32_t app_identifier_len;

    /* upcalls */
    struct upcall_task queue[UPCALL_QUEUE_LEN];
    uint32_t queue_head, queue_count;
    uint32_t dropped_upcalls;
    uint32_t wait_driver, wait_subscribe;   /* for PROCESS_YIELDED_FOR */

    /* by driver index: offset of the record from ram_start, GRANT_NONE until first use */
    uint32_t grant_at[KERNEL_MAX_DRIVERS];

    /* fault and policy */
    enum fault_policy policy;
    struct cpu_fault fault;
    uint32_t restart_count;
    uint32_t exit_code;                 /* completion code of exit() */
    bool exited_cleanly;                /* terminated by exit-terminate with code 0 */

    /* statistics */
    uint64_t syscall_count;
    uint64_t upcall_count;
    uint64_t timeslice_expirations;

    void *cpu;                          /* backend state (the engine) */
    void *host;                         /* host-side data (console prefix, symbols) */
};

/* ---- kernel instance ------------------------------------------------------------------- */

enum trace_flag {
    TRACE_SYSCALLS = 1u << 0,
    TRACE_UPCALLS = 1u << 1,
    TRACE_IPC = 1u << 2,
    TRACE_SCHED = 1u << 3,
};

/* What the kernel reports to hooks.event, for timelines (a Perfetto trace, say). The
 * kernel builds an event only when that hook is set. */
enum trace_event_kind {
    TRACE_EVENT_SLICE_BEGIN,        /* p starts a time slice */
    TRACE_EVENT_SLICE_END,          /* p's time slice ended; detail says why */
    TRACE_EVENT_SYSCALL,            /* p made a system call */
    TRACE_EVENT_UPCALL_QUEUED,      /* an upcall for p was queued (flow_id names it) */
    TRACE_EVENT_UPCALL_DELIVERED,   /* p runs the upcall flow_id, or yield-wait-for returns it */
    TRACE_EVENT_UPCALL_DROPPED,     /* p's upcall queue was full */
    TRACE_EVENT_IPC,                /* p sent something to peer */
};

struct trace_event {
    enum trace_event_kind kind;
    struct process *p;
    struct process *peer;           /* TRACE_EVENT_IPC: the receiving process */
    const char *name;               /* short label: "command console.write", "upcall console/1" */
    const char *detail;             /* the whole decoded call: arguments and result */
                                    /* (both strings live only during the hook call) */
    uint32_t flow_id;               /* links an upcall's QUEUED and DELIVERED events; 0 = none */
};

struct kernel_hooks {
    void *ctx;
    /* Text the kernel prints (fault reports, LowLevelDebug, traces). Required. */
    void (*log)(void *ctx, const char *text, size_t len);
    /* Called for every process state change worth reporting; optional. */
    void (*process_changed)(void *ctx, struct process *p);
    /* FAULT_POLICY_PANIC: the board stops. Optional; without it the kernel just halts. */
    void (*panic)(void *ctx, struct process *p);
    /* Board time for trace lines, in nanoseconds since boot. Optional. */
    uint64_t (*now_ns)(void *ctx);
    /* Every trace point, whatever k->trace says (see struct trace_event). Optional. */
    void (*event)(void *ctx, const struct trace_event *e);
    /* The function holding flash address addr of p, and addr's offset in it; NULL when
     * unknown. Used by fault reports. Optional. */
    const char *(*symbolize)(void *ctx, struct process *p, uint32_t addr, uint32_t *offset);
};

enum appid_policy {
    APPID_POLICY_TBF_SHORT_ID = 0,   /* ShortId TLV if present, else name hash */
    APPID_POLICY_NAME_HASH,          /* CRC-32 (POSIX cksum) of the package name */
    APPID_POLICY_LOCALLY_UNIQUE,     /* every process gets ShortId 0 */
};

struct kernel {
    struct process procs[KERNEL_MAX_PROCESSES];
    uint32_t process_count;           /* slots in use: 0..process_count-1 */
    const struct driver *drivers[KERNEL_MAX_DRIVERS];
    uint32_t driver_count;

    const struct cpu_ops *cpu;
    void *cpu_ctx;
    struct kernel_hooks hooks;

    enum fault_policy fault_policy;   /* default for every process */
    uint32_t max_restarts;            /* FAULT_POLICY_RESTART gives up after this many */
    enum appid_policy appid_policy;
    uint32_t trace;                   /* enum trace_flag bits */
    uint32_t grant_granule;           /* kernel_break alignment (MPU granule), power of 2 */

    uint32_t next_instance_id;
    uint32_t sched_cursor;
    bool panicked;
    uint32_t next_trace_id;           /* flow ids of traced upcalls and IPC hops */
    /* Driver lookup on the syscall path: index + 1 of the driver whose number hashes to the
     * bucket (0 = none, or a collision: search the table). */
    uint8_t driver_bucket[KERNEL_DRIVER_BUCKETS];
};

/* Set up an empty kernel. */
void kernel_init(struct kernel *k, const struct cpu_ops *cpu, void *cpu_ctx,
                 const struct kernel_hooks *hooks);
/* Register a driver; returns 0, or -1 when the table is full or the number is taken. */
int kernel_add_driver(struct kernel *k, const struct driver *d);
const struct driver *kernel_find_driver(const struct kernel *k, uint32_t num, uint32_t *index_out);

/* Create a process from a parsed TBF. flash/ram are the kernel's view of the memory the
 * board assigned. Returns the process or NULL with a reason in *why (static string). */
struct process *kernel_load_process(struct kernel *k, const struct tbf_header *tbf,
                                    uint32_t flash_start, const uint8_t *flash,
                                    uint32_t ram_start, uint8_t *ram, uint32_t ram_size,
                                    const char **why);
/* Give every unstarted process its initial registers and make it runnable. */
void kernel_start_processes(struct kernel *k);

/* The system-call entry point, called by the backend on every svc. regs holds r0-r3 and
 * pc (the address after the svc) on entry; the kernel changes what the call returns and
 * sets the bits of *write_mask for the registers the backend must write back.
 * Returns true to keep running the process, false to leave it (CPU_STOP_SWITCH). */
bool kernel_syscall(struct kernel *k, struct process *p, uint32_t cls, struct cpu_regs *regs,
                    uint32_t *write_mask);

/* Run the next ready process for one time slice. Returns false when nothing is ready. */
bool kernel_run_next(struct kernel *k);
/* true while some process is not terminated, faulted-and-stopped or unused. */
bool kernel_has_live_processes(const struct kernel *k);

/* A backend reports a fault of p (also used by the console to fault a process). */
void kernel_process_fault(struct kernel *k, struct process *p, const struct cpu_fault *f);
/* Console actions. */
void kernel_process_stop(struct kernel *k, struct process *p);
void kernel_process_resume(struct kernel *k, struct process *p);
void kernel_process_terminate(struct kernel *k, struct process *p, uint32_t code);
void kernel_process_restart(struct kernel *k, struct process *p);

/* ---- services for capsules --------------------------------------------------------------- */

/* The capsule data of d for p, allocated (zeroed) from p's grant region on first use.
 * NULL when the grant region is exhausted (report NOMEM). */
void *grant_enter(struct kernel *k, struct process *p, const struct driver *d);
/* The same, without allocating: NULL if p never used d. */
void *grant_peek(struct kernel *k, struct process *p, const struct driver *d);
/* p's record for the driver at driver_index (see struct grant); false if p has none. */
bool grant_view(struct kernel *k, struct process *p, uint32_t driver_index, struct grant *out);

/* Queue upcall (driver, subscribe_num) for p with three arguments. Returns TOCK_OK,
 * TOCK_OFF (process not alive) or TOCK_NOMEM (queue full; counted in dropped_upcalls). */
uint32_t upcall_schedule(struct kernel *k, struct process *p, const struct driver *d,
                         uint32_t subscribe_num, uint32_t a0, uint32_t a1, uint32_t a2);

/* The buffer p allowed to d under number num: kernel pointer and length (NULL, 0 when none).
 * The pointer stays valid until the next allow or until the process dies. */
const uint8_t *allowed_ro(struct kernel *k, struct process *p, const struct driver *d,
                          uint32_t num, uint32_t *len_out);
uint8_t *allowed_rw(struct kernel *k, struct process *p, const struct driver *d,
                    uint32_t num, uint32_t *len_out);

/* Kernel view of p's memory: NULL unless [addr, addr+len) lies in the given region. */
uint8_t *process_ram_ptr(struct process *p, uint32_t addr, uint32_t len);         /* app RAM */
const uint8_t *process_readable_ptr(struct process *p, uint32_t addr, uint32_t len); /* RAM or flash past the TBF header */

bool process_is_alive(const struct process *p);
struct process *kernel_process_by_id(struct kernel *k, uint32_t id);
const char *process_state_name(enum process_state s);

/* IPC capsules report a hop from one process to another here for the timeline: a
 * TRACE_EVENT_IPC event to the board's event hook (no text: capsules print their own
 * TRACE_IPC lines). what is a short label ("request"); to may be NULL (peer gone). */
void kernel_trace_ipc(struct kernel *k, struct process *from, struct process *to,
                      const char *what, uint32_t arg0, uint32_t arg1);

/* Formatted kernel output through hooks.log: %s %c %d %u %x %X %p %%, with 0-padding and
 * width (e.g. %08x), and the l / ll length modifiers. */
void kprintf(struct kernel *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
