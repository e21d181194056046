/* Trace points, strace-style: one line per system call, upcall, IPC hop or scheduling
 * decision when k->trace asks for it, e.g.
 *
 *   [trace    0.000412] hello(1): command console.write(0xe, 0x0) -> Success
 *   [trace    0.000420] hello(1): upcall console/1 queued (0xe, 0x0, 0x0) fn 0x40299
 *   [trace    0.000431] sched: hello(1) stops: exited
 *
 * (the board time in seconds comes from hooks.now_ns; without it the line starts with
 * "[trace]"), and a struct trace_event for hooks.event, which the board turns into a
 * timeline. Nothing is formatted unless a flag or the event hook asks for it: callers check
 * trace_on() first. */
#include "kernel_internal.h"

/* ---- building a line ----------------------------------------------------------------- */

struct line {
    char text[200];
    uint32_t len;
};

static void put_char(struct line *l, char c)
{
    if (l->len + 1 < sizeof l->text)
        l->text[l->len++] = c;
    l->text[l->len] = '\0';
}

static void put_str(struct line *l, const char *s)
{
    while (*s)
        put_char(l, *s++);
}

static void put_number(struct line *l, uint64_t v, unsigned base)
{
    char digits[24];
    unsigned n = 0;
    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (n)
        put_char(l, digits[--n]);
}

static void put_dec(struct line *l, uint64_t v) { put_number(l, v, 10); }

static void put_hex(struct line *l, uint64_t v)
{
    put_str(l, "0x");
    put_number(l, v, 16);
}

/* "hello(1)" */
static void put_process(struct line *l, const struct process *p)
{
    put_str(l, p->name);
    put_char(l, '(');
    put_dec(l, p->id);
    put_char(l, ')');
}

/* "console": a driver's name, or its number when the kernel has no such driver. */
static void put_driver(struct line *l, struct kernel *k, uint32_t num)
{
    const struct driver *d = kernel_find_driver(k, num, NULL);
    if (d)
        put_str(l, d->name);
    else
        put_hex(l, num);
}

/* "console/1": upcall or allow slot num of a driver. */
static void put_slot(struct line *l, struct kernel *k, uint32_t driver, uint32_t num)
{
    put_driver(l, k, driver);
    put_char(l, '/');
    put_dec(l, num);
}

/* "(0x1, 0x2)" or "(0x1, 0x2, 0x3)" */
static void put_args(struct line *l, const uint32_t *args, unsigned n)
{
    put_char(l, '(');
    for (unsigned i = 0; i < n; i++) {
        if (i)
            put_str(l, ", ");
        put_hex(l, args[i]);
    }
    put_char(l, ')');
}

/* ---- emitting ------------------------------------------------------------------------ */

static void print_line(struct kernel *k, const struct line *l)
{
    if (!k->hooks.now_ns) {
        kprintf(k, "[trace] %s\n", l->text);
        return;
    }
    uint64_t us = k->hooks.now_ns(k->hooks.ctx) / 1000u;
    kprintf(k, "[trace %4llu.%06llu] %s\n", (unsigned long long)(us / 1000000u),
            (unsigned long long)(us % 1000000u), l->text);
}

/* A trace point: the line under `flag`, and the event for hooks.event. `name` is the short
 * label of the event; `detail` the line without its process prefix. */
struct point {
    enum trace_event_kind kind;
    struct process *p, *peer;
    uint32_t flow_id;
    struct line name;
    struct line detail;
};

static void emit(struct kernel *k, uint32_t flag, const struct point *pt, bool with_prefix)
{
    if (k->trace & flag) {
        struct line l = {.len = 0};
        if (with_prefix) {
            put_process(&l, pt->p);
            put_str(&l, ": ");
        }
        put_str(&l, pt->detail.text);
        print_line(k, &l);
    }
    if (k->hooks.event) {
        struct trace_event e = {.kind = pt->kind, .p = pt->p, .peer = pt->peer,
                                .name = pt->name.text, .detail = pt->detail.text,
                                .flow_id = pt->flow_id};
        k->hooks.event(k->hooks.ctx, &e);
    }
}

static uint32_t new_flow_id(struct kernel *k)
{
    if (++k->next_trace_id == 0)
        k->next_trace_id = 1;
    return k->next_trace_id;
}

/* ---- system calls -------------------------------------------------------------------- */

static const char *memop_name(uint32_t op)
{
    static const char *const names[] = {
        "brk", "sbrk", "memory-start", "memory-end", "flash-start", "flash-end",
        "grant-start", "flash-regions", "flash-region-start", "flash-region-end",
        "stack-top", "heap-start",
    };
    return op < sizeof names / sizeof names[0] ? names[op] : NULL;
}

/* "console.write" when the driver names the command, else "console/7" (or "0x99/3"). */
static void put_command(struct line *l, struct kernel *k, uint32_t driver, uint32_t cmd)
{
    const struct driver *d = kernel_find_driver(k, driver, NULL);
    const char *name = d && d->command_name ? d->command_name(cmd) : NULL;
    put_driver(l, k, driver);
    put_char(l, name ? '.' : '/');
    if (name)
        put_str(l, name);
    else
        put_dec(l, cmd);
}

/* The call's name ("command console.write") into name, its arguments into args. */
static void describe_call(struct kernel *k, uint32_t cls, const struct cpu_regs *in,
                          struct line *name, struct line *args)
{
    const uint32_t *r = in->r;
    const char *cls_name = syscall_class_name(cls);
    put_str(name, cls_name ? cls_name : "class");
    put_char(name, ' ');
    switch (cls) {
    case SYSCALL_YIELD:
        if (r[0] == YIELD_NO_WAIT) {
            put_str(name, "no-wait");
            put_str(args, "(flag at ");
            put_hex(args, r[1]);
            put_char(args, ')');
        } else if (r[0] == YIELD_WAIT) {
            put_str(name, "wait");
            put_str(args, "()");
        } else if (r[0] == YIELD_WAIT_FOR) {
            put_str(name, "wait-for");
            put_char(args, '(');
            put_slot(args, k, r[1], r[2]);
            put_char(args, ')');
        } else {
            put_dec(name, r[0]);
            put_args(args, r + 1, 2);
        }
        break;
    case SYSCALL_EXIT:
        if (r[0] == EXIT_TERMINATE || r[0] == EXIT_RESTART)
            put_str(name, r[0] == EXIT_TERMINATE ? "terminate" : "restart");
        else
            put_dec(name, r[0]);
        put_char(args, '(');
        put_dec(args, r[1]);
        put_char(args, ')');
        break;
    case SYSCALL_COMMAND:
        put_command(name, k, r[0], r[1]);
        put_args(args, r + 2, 2);
        break;
    case SYSCALL_SUBSCRIBE:
        put_slot(name, k, r[0], r[1]);
        put_str(args, "(fn ");
        put_hex(args, r[2]);
        put_str(args, ", data ");
        put_hex(args, r[3]);
        put_char(args, ')');
        break;
    case SYSCALL_ALLOW_RW:
    case SYSCALL_ALLOW_RO:
    case SYSCALL_ALLOW_USERSPACE_READABLE:
        put_slot(name, k, r[0], r[1]);
        put_char(args, '(');
        put_hex(args, r[2]);
        put_str(args, ", ");
        put_dec(args, r[3]);
        put_char(args, ')');
        break;
    case SYSCALL_MEMOP:
        if (memop_name(r[0]))
            put_str(name, memop_name(r[0]));
        else
            put_dec(name, r[0]);
        put_args(args, r + 1, 1);
        break;
    default:
        put_dec(name, cls);
        put_args(args, r, 4);
        break;
    }
}

/* " -> Success", " -> Failure NODEVICE", " -> Success u32 0x20000800": the values the
 * variant carries and nothing more. */
static void put_return(struct line *l, const struct syscall_return *ret)
{
    const char *variant = return_variant_name(ret->variant);
    put_str(l, " -> ");
    if (!variant) {
        put_str(l, "bad variant ");
        put_dec(l, ret->variant);
        return;
    }
    put_str(l, variant);
    uint32_t words[3] = {ret->r1, ret->r2, ret->r3};
    unsigned first = 0, count = 0;
    bool has_u64 = false;
    if (ret->variant < RV_SUCCESS) {   /* every failure starts with an error code */
        const char *err = tock_error_name(ret->r1);
        put_char(l, ' ');
        if (err)
            put_str(l, err);
        else
            put_dec(l, ret->r1);
        first = 1;
    }
    switch (ret->variant) {
    case RV_FAILURE_U32: case RV_SUCCESS_U32: count = 1; break;
    case RV_FAILURE_2U32: case RV_SUCCESS_2U32: count = 2; break;
    case RV_SUCCESS_3U32: count = 3; break;
    case RV_FAILURE_U64: case RV_SUCCESS_U64: has_u64 = true; break;
    case RV_SUCCESS_U32_U64: count = 1; has_u64 = true; break;
    default: break;
    }
    for (unsigned i = 0; i < count; i++) {
        put_char(l, ' ');
        put_hex(l, words[first + i]);
    }
    if (has_u64) {
        unsigned lo = first + count;
        put_char(l, ' ');
        put_hex(l, (uint64_t)words[lo + 1] << 32 | words[lo]);
    }
}

void trace_syscall(struct kernel *k, struct process *p, uint32_t cls, const struct cpu_regs *in,
                   const struct syscall_return *ret)
{
    struct point pt = {.kind = TRACE_EVENT_SYSCALL, .p = p};
    struct line args = {.len = 0};
    describe_call(k, cls, in, &pt.name, &args);
    put_str(&pt.detail, pt.name.text);
    put_str(&pt.detail, args.text);
    if (ret)
        put_return(&pt.detail, ret);
    emit(k, TRACE_SYSCALLS, &pt, true);
}

/* ---- upcalls --------------------------------------------------------------------------- */

static void upcall_point(struct kernel *k, struct point *pt, enum trace_event_kind kind,
                         struct process *p, uint32_t driver, uint32_t subscribe)
{
    pt->kind = kind;
    pt->p = p;
    put_str(&pt->name, "upcall ");
    put_slot(&pt->name, k, driver, subscribe);
    put_str(&pt->detail, pt->name.text);
}

void trace_upcall_queued(struct kernel *k, struct process *p, struct upcall_task *t)
{
    struct point pt = {.flow_id = 0};
    upcall_point(k, &pt, TRACE_EVENT_UPCALL_QUEUED, p, t->driver, t->subscribe);
    put_str(&pt.detail, " queued ");
    put_args(&pt.detail, t->args, 3);
    put_str(&pt.detail, " fn ");
    if (t->fn)
        put_hex(&pt.detail, t->fn);
    else
        put_str(&pt.detail, "null (dropped, not delivered)");
    if (k->hooks.event)
        t->trace_id = pt.flow_id = new_flow_id(k);
    emit(k, TRACE_UPCALLS, &pt, true);
}

void trace_upcall_dropped(struct kernel *k, struct process *p, uint32_t driver,
                          uint32_t subscribe)
{
    struct point pt = {.flow_id = 0};
    upcall_point(k, &pt, TRACE_EVENT_UPCALL_DROPPED, p, driver, subscribe);
    put_str(&pt.detail, " dropped: the queue is full");
    emit(k, TRACE_UPCALLS, &pt, true);
}

void trace_upcall_delivered(struct kernel *k, struct process *p, const struct upcall_task *t,
                            bool by_yield_wait_for)
{
    struct point pt = {.flow_id = t->trace_id};
    upcall_point(k, &pt, TRACE_EVENT_UPCALL_DELIVERED, p, t->driver, t->subscribe);
    if (by_yield_wait_for) {
        put_str(&pt.detail, " returned by yield-wait-for ");
        put_args(&pt.detail, t->args, 3);
    } else {
        uint32_t call[4] = {t->args[0], t->args[1], t->args[2], t->appdata};
        put_str(&pt.detail, " runs fn ");
        put_hex(&pt.detail, t->fn);
        put_args(&pt.detail, call, 4);
    }
    emit(k, TRACE_UPCALLS, &pt, true);
}

/* ---- IPC --------------------------------------------------------------------------------- */

void kernel_trace_ipc(struct kernel *k, struct process *from, struct process *to,
                      const char *what, uint32_t arg0, uint32_t arg1)
{
    if (!k->hooks.event)
        return;
    uint32_t args[2] = {arg0, arg1};
    struct point pt = {.kind = TRACE_EVENT_IPC, .p = from, .peer = to};
    put_str(&pt.name, what);
    put_str(&pt.detail, "ipc: ");
    put_process(&pt.detail, from);
    put_str(&pt.detail, " -> ");
    if (to)
        put_process(&pt.detail, to);
    else
        put_str(&pt.detail, "(no live process)");
    put_str(&pt.detail, ": ");
    put_str(&pt.detail, what);
    put_char(&pt.detail, ' ');
    put_args(&pt.detail, args, 2);
    pt.flow_id = new_flow_id(k);
    emit(k, 0, &pt, false);   /* flag 0: no text line, the capsule prints its own */
}

/* ---- scheduling -------------------------------------------------------------------------- */

void trace_slice_begin(struct kernel *k, struct process *p)
{
    struct point pt = {.kind = TRACE_EVENT_SLICE_BEGIN, .p = p};
    put_str(&pt.name, "run");
    put_str(&pt.detail, "sched: ");
    put_process(&pt.detail, p);
    put_str(&pt.detail, " runs");
    emit(k, TRACE_SCHED, &pt, false);
}

/* Why p left the CPU, from how the slice ended and the state it is in now. */
static const char *slice_end_reason(const struct process *p, enum cpu_stop stop)
{
    switch (stop) {
    case CPU_STOP_PREEMPTED: return "preempted";
    case CPU_STOP_FAULT: return "faulted";
    case CPU_STOP_IDLE: return "idle (wfi)";
    case CPU_STOP_HALT: return "halted by the host";
    case CPU_STOP_SWITCH: break;
    }
    switch (p->state) {
    case PROCESS_YIELDED: return "yield-wait";
    case PROCESS_YIELDED_FOR: return "yield-wait-for";
    case PROCESS_TERMINATED: return "exited";
    case PROCESS_FAULTED: return "faulted";
    case PROCESS_STOPPED: return "stopped";
    case PROCESS_RUNNABLE: return "restarted";
    default: return process_state_name(p->state);
    }
}

void trace_slice_end(struct kernel *k, struct process *p, enum cpu_stop stop)
{
    struct point pt = {.kind = TRACE_EVENT_SLICE_END, .p = p};
    const char *why = slice_end_reason(p, stop);
    put_str(&pt.name, why);
    put_str(&pt.detail, "sched: ");
    put_process(&pt.detail, p);
    put_str(&pt.detail, " stops: ");
    put_str(&pt.detail, why);
    emit(k, TRACE_SCHED, &pt, false);
}
