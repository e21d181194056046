/* Trace points (kernel/trace.c) and fault reports (kernel/fault.c): the lines, the events
 * for hooks.event, and the hooks for board time and symbols. */
#include "kt_helpers.h"

enum { VARIANTS = 0x90100 };

/* A driver whose command n returns return variant n, for the return formatting. */
static struct syscall_return variants_command(struct kernel *k, const struct driver *d,
                                              struct process *p, uint32_t cmd, uint32_t a0,
                                              uint32_t a1)
{
    (void)a0, (void)a1;
    switch (cmd) {
    case 1: return sr_success_u64(0x123456789ull);
    case 2: return sr_failure_u32(TOCK_BUSY, 7);
    case 3: return sr_success_u32_u64(5, 0xabcdef0123ull);
    case 4: return sr_success_3u32(1, 2, 3);
    case 5:
        upcall_schedule(k, p, d, 0, 10, 20, 30);
        return sr_success();
    default: return sr_failure(TOCK_NOSUPPORT);
    }
}

static const char *variants_command_name(uint32_t cmd)
{
    return cmd == 5 ? "ping" : NULL;
}

static const struct driver variants = {
    .num = VARIANTS, .name = "variants", .upcall_count = 1, .command = variants_command,
    .command_name = variants_command_name,
};

#define MAX_EVENTS 64
static struct recorded {
    enum trace_event_kind kind;
    uint32_t pid, peer, flow_id;
    char name[64], detail[200];
} events[MAX_EVENTS];
static unsigned event_count;

static void record(void *ctx, const struct trace_event *e)
{
    (void)ctx;
    if (event_count == MAX_EVENTS)
        return;
    struct recorded *r = &events[event_count++];
    r->kind = e->kind;
    r->pid = e->p->id;
    r->peer = e->peer ? e->peer->id : 0;
    r->flow_id = e->flow_id;
    snprintf(r->name, sizeof r->name, "%s", e->name);
    snprintf(r->detail, sizeof r->detail, "%s", e->detail);
}

static const struct recorded *find_event(enum trace_event_kind kind, const char *name)
{
    for (unsigned i = 0; i < event_count; i++)
        if (events[i].kind == kind && !strcmp(events[i].name, name))
            return &events[i];
    return NULL;
}

static uint64_t fixed_now(void *ctx)
{
    (void)ctx;
    return 1234567891ull;   /* 1.234567891 s */
}

static struct process *setup(void)
{
    event_count = 0;
    kernel_add_driver(&B->k, &variants);
    return kt_proc("app");
}

static void test_return_variants(void)
{
    struct process *p = setup();
    B->k.trace = TRACE_SYSCALLS;
    kt_sys(p, SYSCALL_COMMAND, VARIANTS, 1, 0, 0);
    CU_ASSERT_TRUE(kt_log_has("command variants/1(0x0, 0x0) -> Success u64 0x123456789\n"));
    kt_sys(p, SYSCALL_COMMAND, VARIANTS, 2, 0, 0);
    CU_ASSERT_TRUE(kt_log_has("-> Failure u32 BUSY 0x7\n"));
    kt_sys(p, SYSCALL_COMMAND, VARIANTS, 3, 0, 0);
    CU_ASSERT_TRUE(kt_log_has("-> Success u32+u64 0x5 0xabcdef0123\n"));
    kt_sys(p, SYSCALL_COMMAND, VARIANTS, 4, 0, 0);
    CU_ASSERT_TRUE(kt_log_has("-> Success 3*u32 0x1 0x2 0x3\n"));
    kt_sys(p, SYSCALL_YIELD, YIELD_WAIT_FOR, VARIANTS, 0, 0);
    CU_ASSERT_TRUE(kt_log_has("[trace] app(1): yield wait-for(variants/0)\n"));
    kt_sys(p, SYSCALL_EXIT, EXIT_RESTART, 3, 0, 0);
    CU_ASSERT_TRUE(kt_log_has("[trace] app(1): exit restart(3)\n"));
}

static void test_board_time_prefix(void)
{
    struct process *p = setup();
    B->k.hooks.now_ns = fixed_now;
    B->k.trace = TRACE_SYSCALLS;
    kt_sys(p, SYSCALL_MEMOP, 0, p->ram_start + 0x800, 0, 0);
    CU_ASSERT_TRUE(kt_log_has("[trace    1.234567] app(1): memop brk(0x20000800) -> Success\n"));
}

/* With only the event hook, events come and nothing is printed. */
static void test_events_without_lines(void)
{
    struct process *p = setup();
    B->k.hooks.event = record;
    size_t len = B->log_len;
    kt_sys(p, SYSCALL_COMMAND, VARIANTS, 5, 1, 2);
    kt_sys(p, SYSCALL_YIELD, YIELD_WAIT_FOR, VARIANTS, 0, 0);
    CU_ASSERT_EQUAL(B->log_len, len);

    const struct recorded *call = find_event(TRACE_EVENT_SYSCALL, "command variants.ping");
    CU_ASSERT_PTR_NOT_NULL_FATAL(call);
    CU_ASSERT_STRING_EQUAL(call->detail, "command variants.ping(0x1, 0x2) -> Success");
    const struct recorded *queued = find_event(TRACE_EVENT_UPCALL_QUEUED, "upcall variants/0");
    const struct recorded *taken = find_event(TRACE_EVENT_UPCALL_DELIVERED, "upcall variants/0");
    CU_ASSERT_PTR_NOT_NULL_FATAL(queued);
    CU_ASSERT_PTR_NOT_NULL_FATAL(taken);
    CU_ASSERT_NOT_EQUAL(queued->flow_id, 0);
    CU_ASSERT_EQUAL(queued->flow_id, taken->flow_id);
    CU_ASSERT_STRING_EQUAL(taken->detail,
                           "upcall variants/0 returned by yield-wait-for (0xa, 0x14, 0x1e)");
}

/* A run of the scheduler: slice begin, the calls, slice end with the reason. */
static enum cpu_stop yield_wait(struct fake_board *b, struct process *p)
{
    fake_syscall(b, p, SYSCALL_YIELD, YIELD_WAIT, 0, 0, 0, NULL);
    return CPU_STOP_SWITCH;
}

static void test_slices(void)
{
    setup();
    B->k.hooks.event = record;
    B->k.trace = TRACE_SCHED;
    B->on_run = yield_wait;
    CU_ASSERT_TRUE(kernel_run_next(&B->k));
    CU_ASSERT_TRUE_FATAL(event_count >= 3);
    CU_ASSERT_EQUAL(events[0].kind, TRACE_EVENT_SLICE_BEGIN);
    CU_ASSERT_EQUAL(events[1].kind, TRACE_EVENT_SYSCALL);
    CU_ASSERT_STRING_EQUAL(events[1].name, "yield wait");
    CU_ASSERT_EQUAL(events[2].kind, TRACE_EVENT_SLICE_END);
    CU_ASSERT_STRING_EQUAL(events[2].name, "yield-wait");
    CU_ASSERT_TRUE(kt_log_has("[trace] sched: app(1) runs\n"));
    CU_ASSERT_TRUE(kt_log_has("[trace] sched: app(1) stops: yield-wait\n"));
}

static void test_ipc_hop(void)
{
    struct process *a = setup();
    struct process *b = kt_proc("server");
    B->k.hooks.event = record;
    B->k.trace = TRACE_IPC;
    kernel_trace_ipc(&B->k, a, b, "notify", 1, 2);
    /* a timeline event only: the IPC capsules print their own trace lines */
    CU_ASSERT_FALSE(kt_log_has("notify"));
    const struct recorded *hop = find_event(TRACE_EVENT_IPC, "notify");
    CU_ASSERT_PTR_NOT_NULL_FATAL(hop);
    CU_ASSERT_EQUAL(hop->pid, 1);
    CU_ASSERT_EQUAL(hop->peer, 2);
    CU_ASSERT_NOT_EQUAL(hop->flow_id, 0);
}

/* ---- fault reports ----------------------------------------------------------------------- */

static const char *symbolize(void *ctx, struct process *p, uint32_t addr, uint32_t *offset)
{
    (void)ctx;
    if (addr < p->binary_start || addr >= p->binary_start + 0x100)
        return NULL;
    *offset = addr - p->binary_start;
    return "main";
}

static void fault_with(struct process *p, enum fault_kind kind, uint32_t address)
{
    struct cpu_fault f = {.kind = kind, .address = address, .pc = p->binary_start + 0x12};
    B->regs[p->index].r[REG_PC] = p->binary_start + 0x12;
    B->regs[p->index].r[REG_LR] = (p->binary_start + 0x2000) | 1;
    kernel_process_fault(&B->k, p, &f);
}

static void test_fault_report_symbols(void)
{
    struct process *p = setup();
    B->k.hooks.symbolize = symbolize;
    fault_with(p, FAULT_READ, 0xdead0000);
    CU_ASSERT_TRUE(kt_log_has("  Cause: invalid data read at address 0xdead0000\n"));
    CU_ASSERT_TRUE(kt_log_has("  Fault type: bad read (MemManage: data access violation)\n"));
    char want[64];
    snprintf(want, sizeof want, "  PC : 0x%08x <main+0x12>\n", p->binary_start + 0x12);
    CU_ASSERT_TRUE(kt_log_has(want));
    snprintf(want, sizeof want, "  LR : 0x%08x\n", p->binary_start + 0x2000);
    CU_ASSERT_TRUE(kt_log_has(want));   /* unknown to the symbolizer: just the address */
}

static void test_fault_types(void)
{
    static const struct {
        enum fault_kind kind;
        int32_t below_ram;    /* the fault address: this far below RAM (0: 0xdead0000) */
        const char *type;
    } cases[] = {
        {FAULT_WRITE, 0, "Fault type: bad write ("},
        {FAULT_EXECUTE, 0, "Fault type: bad execute ("},
        {FAULT_UNDEFINED, 0, "Fault type: undefined instruction ("},
        {FAULT_WRITE, 8, "Fault type: stack overflow ("},
        {FAULT_READ, 4096, "Fault type: stack overflow ("},
        {FAULT_WRITE, 4097, "Fault type: bad write ("},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kt_teardown();
        kt_setup();
        struct process *p = setup();
        uint32_t addr = cases[i].below_ram ? p->ram_start - (uint32_t)cases[i].below_ram
                                           : 0xdead0000u;
        fault_with(p, cases[i].kind, addr);
        CU_ASSERT_TRUE(kt_log_has(cases[i].type));
        CU_ASSERT_EQUAL(p->state, PROCESS_FAULTED);
    }
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"syscall lines: every return variant", test_return_variants},
        {"syscall lines: board time", test_board_time_prefix},
        {"events without trace lines", test_events_without_lines},
        {"time slices", test_slices},
        {"ipc hop", test_ipc_hop},
        {"fault report: PC and LR with symbols", test_fault_report_symbols},
        {"fault report: fault types", test_fault_types},
        {NULL, NULL},
    };
    return kt_run("trace", tests);
}
