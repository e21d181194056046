/* Scheduling and process life: round-robin fairness, the fault policies, and which
 * processes may start (AppIDs, ShortIds, versions). Processes are scripted through the
 * fake board's on_run hook: each slice, a process does what its role says. */
#include "kt_helpers.h"

#include "../../kernel/kernel_internal.h"   /* appid_crc32_posix */

enum { DRV = 0xC0000 };

static struct syscall_return nop_command(struct kernel *k, const struct driver *d,
                                         struct process *p, uint32_t cmd, uint32_t a0, uint32_t a1)
{
    return sr_success();
}

static const struct driver drv = {.num = DRV, .name = "drv", .upcall_count = 1, .command = nop_command};

/* ---- scripted processes ------------------------------------------------------------------ */

enum role {
    BUSY,       /* computes until preempted */
    YIELDER,    /* takes the upcall it was woken with, then yield-waits again */
    CRASHER,    /* faults at once */
};

static enum role roles[KERNEL_MAX_PROCESSES];
static uint32_t order[4096];          /* which process ran, slice by slice */
static unsigned slices;
static unsigned upcalls_taken[KERNEL_MAX_PROCESSES];

static uint32_t upcall_fn(struct process *p) { return fake_flash_addr(p, 0x80) | 1u; }

static enum cpu_stop script(struct fake_board *b, struct process *p)
{
    if (slices < sizeof order / sizeof order[0])
        order[slices] = p->index;
    slices++;
    switch (roles[p->index]) {
    case BUSY:
        return CPU_STOP_PREEMPTED;
    case YIELDER:
        if (b->regs[p->index].r[REG_PC] == (upcall_fn(p) & ~1u))
            upcalls_taken[p->index]++;
        fake_syscall(b, p, SYSCALL_YIELD, YIELD_WAIT, 0, 0, 0, NULL);
        return CPU_STOP_SWITCH;
    case CRASHER:
        p->fault = (struct cpu_fault){.kind = FAULT_WRITE, .address = 0xDEAD0000, .pc = 0x40100};
        return CPU_STOP_FAULT;
    }
    return CPU_STOP_SWITCH;
}

static struct process *spawn(const char *name, enum role role)
{
    if (!kernel_find_driver(&B->k, DRV, NULL))
        CU_ASSERT_EQUAL_FATAL(kernel_add_driver(&B->k, &drv), 0);
    struct process *p = kt_proc(name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    roles[p->index] = role;
    upcalls_taken[p->index] = 0;
    B->on_run = script;
    slices = 0;
    if (role == YIELDER) {
        kt_sys(p, SYSCALL_SUBSCRIBE, DRV, 0, upcall_fn(p), 0);
        bool keep = true;
        kt_sys_k(p, SYSCALL_YIELD, YIELD_WAIT, 0, 0, 0, &keep);
        CU_ASSERT_FALSE(keep);
    }
    return p;
}

/* ---- round robin ------------------------------------------------------------------------- */

static void test_round_robin_is_fair(void)
{
    enum { N = 5, ROUNDS = 200 };
    struct process *p[N];
    char name[8];
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "busy%d", i);
        p[i] = spawn(name, BUSY);
    }
    for (int s = 0; s < N * ROUNDS + 3; s++)
        CU_ASSERT_TRUE_FATAL(kernel_run_next(&B->k));
    for (int i = 0; i < N; i++) {
        CU_ASSERT_TRUE(B->runs[p[i]->index] >= ROUNDS && B->runs[p[i]->index] <= ROUNDS + 1);
        CU_ASSERT_EQUAL(p[i]->timeslice_expirations, B->runs[p[i]->index]);
    }
    /* strictly in turn: no process runs twice before all others ran once */
    for (unsigned s = N; s < slices; s++)
        CU_ASSERT_EQUAL(order[s], order[s - N]);
    for (unsigned s = 1; s < N; s++)
        CU_ASSERT_NOT_EQUAL(order[s], order[0]);
}

static void test_fair_with_some_processes_waiting(void)
{
    /* two busy ones, one that sleeps: the busy ones share the CPU evenly */
    struct process *a = spawn("a", BUSY);
    struct process *y = spawn("sleepy", YIELDER);
    struct process *b = spawn("b", BUSY);
    for (int s = 0; s < 101; s++)
        CU_ASSERT_TRUE_FATAL(kernel_run_next(&B->k));
    CU_ASSERT_TRUE(B->runs[a->index] == 50 || B->runs[a->index] == 51);
    CU_ASSERT_EQUAL(B->runs[a->index] + B->runs[b->index], 101);
    CU_ASSERT_EQUAL(B->runs[y->index], 0);
}

static void test_busy_process_never_starves_a_woken_one(void)
{
    struct process *busy[3] = {spawn("busy0", BUSY), spawn("busy1", BUSY), spawn("busy2", BUSY)};
    struct process *y = spawn("sleepy", YIELDER);
    unsigned sent = 0;
    for (int round = 0; round < 50; round++) {
        /* a few slices of busy work, then an upcall for the sleeper */
        for (int s = 0; s < round % 5; s++)
            CU_ASSERT_TRUE_FATAL(kernel_run_next(&B->k));
        CU_ASSERT_EQUAL(upcall_schedule(&B->k, y, &drv, 0, (uint32_t)round, 0, 0), TOCK_OK);
        sent++;
        /* it runs within one turn of the round robin: at most 4 slices */
        unsigned before = B->runs[y->index];
        for (int s = 0; s < 4 && B->runs[y->index] == before; s++)
            CU_ASSERT_TRUE_FATAL(kernel_run_next(&B->k));
        CU_ASSERT_EQUAL(B->runs[y->index], before + 1);
        CU_ASSERT_EQUAL(y->state, PROCESS_YIELDED);
    }
    CU_ASSERT_EQUAL(upcalls_taken[y->index], sent);
    CU_ASSERT_EQUAL(y->upcall_count, sent);
    for (int i = 0; i < 3; i++)
        CU_ASSERT_TRUE(B->runs[busy[i]->index] > 0);
}

static void test_nothing_to_run(void)
{
    CU_ASSERT_FALSE(kernel_run_next(&B->k));   /* no processes */
    struct process *y = spawn("sleepy", YIELDER);
    CU_ASSERT_FALSE(kernel_run_next(&B->k));
    CU_ASSERT_TRUE(kernel_has_live_processes(&B->k));
    CU_ASSERT_EQUAL(B->runs[y->index], 0);
    /* a stopped process is not run, even when it is runnable */
    struct process *b = spawn("busy", BUSY);
    kernel_process_stop(&B->k, b);
    CU_ASSERT_FALSE(kernel_run_next(&B->k));
    kernel_process_resume(&B->k, b);
    CU_ASSERT_TRUE(kernel_run_next(&B->k));
    CU_ASSERT_EQUAL(B->runs[b->index], 1);
}

/* ---- fault policies ---------------------------------------------------------------------- */

static void test_fault_policy_stop(void)
{
    struct process *c = spawn("crasher", CRASHER);
    struct process *b = spawn("worker", BUSY);
    uint32_t id = c->id;
    for (int s = 0; s < 10; s++)
        CU_ASSERT_TRUE_FATAL(kernel_run_next(&B->k));
    CU_ASSERT_EQUAL(c->state, PROCESS_FAULTED);
    CU_ASSERT_EQUAL(c->id, id);
    CU_ASSERT_EQUAL(c->restart_count, 0);
    CU_ASSERT_EQUAL(c->fault.kind, FAULT_WRITE);
    CU_ASSERT_EQUAL(c->fault.address, 0xDEAD0000);
    CU_ASSERT_EQUAL(B->runs[c->index], 1);
    CU_ASSERT_EQUAL(B->runs[b->index], 9);
    CU_ASSERT_TRUE(kt_log_has("App fault: crasher"));
    CU_ASSERT_TRUE(kt_log_has("0xdead0000"));
    CU_ASSERT_TRUE(kt_log_has("Policy: stop"));
    CU_ASSERT_FALSE(B->k.panicked);
    CU_ASSERT_EQUAL(upcall_schedule(&B->k, c, &drv, 0, 0, 0, 0), TOCK_OFF);
    /* a second report of the same process changes nothing */
    size_t log_len = B->log_len;
    kernel_process_fault(&B->k, c, &c->fault);
    CU_ASSERT_EQUAL(B->log_len, log_len);
    CU_ASSERT_EQUAL(c->state, PROCESS_FAULTED);
}

static void test_fault_policy_restart(void)
{
    B->k.fault_policy = FAULT_POLICY_RESTART;
    B->k.max_restarts = 3;
    struct process *c = spawn("crasher", CRASHER);
    struct process *b = spawn("worker", BUSY);
    uint32_t ids[8] = {c->id, b->id};
    unsigned n = 2;
    for (uint32_t restart = 1; restart <= 3; restart++) {
        /* run until the crasher has had its slice */
        unsigned before = B->runs[c->index];
        while (B->runs[c->index] == before)
            CU_ASSERT_TRUE_FATAL(kernel_run_next(&B->k));
        CU_ASSERT_EQUAL(c->state, PROCESS_RUNNABLE);
        CU_ASSERT_EQUAL(c->restart_count, restart);
        for (unsigned j = 0; j < n; j++)
            CU_ASSERT_NOT_EQUAL(c->id, ids[j]);
        ids[n++] = c->id;
        /* it starts over at its entry point */
        CU_ASSERT_EQUAL(B->regs[c->index].r[REG_PC],
                        c->flash_start + c->tbf.header_size + c->tbf.init_fn_offset);
        CU_ASSERT_EQUAL(B->regs[c->index].r[0], c->binary_start);
        CU_ASSERT_EQUAL(c->fault.kind, FAULT_NONE);
    }
    /* the fourth fault is one too many */
    unsigned before = B->runs[c->index];
    while (B->runs[c->index] == before)
        CU_ASSERT_TRUE_FATAL(kernel_run_next(&B->k));
    CU_ASSERT_EQUAL(c->state, PROCESS_FAULTED);
    CU_ASSERT_EQUAL(c->restart_count, 3);
    CU_ASSERT_EQUAL(c->id, ids[n - 1]);
    CU_ASSERT_TRUE(kt_log_has("restarted"));
    /* the worker was never disturbed and keeps running alone */
    CU_ASSERT_EQUAL(b->id, ids[1]);
    unsigned runs = B->runs[b->index];
    for (int s = 0; s < 5; s++)
        CU_ASSERT_TRUE(kernel_run_next(&B->k));
    CU_ASSERT_EQUAL(B->runs[b->index], runs + 5);
    CU_ASSERT_EQUAL(B->runs[c->index], 4);
}

static struct process *panicked_with;
static unsigned panics;

static void on_panic(void *ctx, struct process *p)
{
    CU_ASSERT_PTR_EQUAL(ctx, B);
    panicked_with = p;
    panics++;
}

static void test_fault_policy_panic(void)
{
    B->k.fault_policy = FAULT_POLICY_PANIC;
    B->k.hooks.panic = on_panic;
    panicked_with = NULL;
    panics = 0;
    struct process *b = spawn("worker", BUSY);
    struct process *c = spawn("crasher", CRASHER);
    CU_ASSERT_TRUE(kernel_run_next(&B->k));    /* worker */
    CU_ASSERT_EQUAL(panics, 0);
    CU_ASSERT_TRUE(kernel_run_next(&B->k));    /* crasher: the slice ran, then the panic */
    CU_ASSERT_EQUAL(panics, 1);
    CU_ASSERT_PTR_EQUAL(panicked_with, c);
    CU_ASSERT_TRUE(B->k.panicked);
    CU_ASSERT_EQUAL(c->state, PROCESS_FAULTED);
    CU_ASSERT_TRUE(kt_log_has("App fault: crasher"));
    CU_ASSERT_TRUE(kt_log_has("panic"));
    /* nothing runs any more, though the worker is ready */
    CU_ASSERT_EQUAL(b->state, PROCESS_RUNNABLE);
    CU_ASSERT_FALSE(kernel_run_next(&B->k));
    CU_ASSERT_FALSE(kernel_run_next(&B->k));
    CU_ASSERT_EQUAL(B->runs[b->index], 1);
    CU_ASSERT_EQUAL(panics, 1);
}

static void test_fault_policy_panic_without_a_hook(void)
{
    B->k.fault_policy = FAULT_POLICY_PANIC;
    spawn("worker", BUSY);
    spawn("crasher", CRASHER);
    kernel_run_next(&B->k);
    kernel_run_next(&B->k);
    CU_ASSERT_TRUE(B->k.panicked);
    CU_ASSERT_FALSE(kernel_run_next(&B->k));
}

static void test_fault_of_a_waiting_process(void)
{
    /* the console (or a capsule) faults a process that is not running */
    struct process *y = spawn("sleepy", YIELDER);
    struct cpu_fault f = {.kind = FAULT_KERNEL};
    kernel_process_fault(&B->k, y, &f);
    CU_ASSERT_EQUAL(y->state, PROCESS_FAULTED);
    CU_ASSERT_EQUAL(upcall_schedule(&B->k, y, &drv, 0, 0, 0, 0), TOCK_OFF);
    CU_ASSERT_FALSE(kernel_run_next(&B->k));
    CU_ASSERT_FALSE(kernel_has_live_processes(&B->k));
}

/* ---- AppIDs and ShortIds ------------------------------------------------------------------ */

static void test_crc32_is_posix_cksum(void)
{
    /* values from `printf '...' | cksum` */
    CU_ASSERT_EQUAL(appid_crc32_posix((const uint8_t *)"hello", 5), 3287646509u);
    CU_ASSERT_EQUAL(appid_crc32_posix((const uint8_t *)"", 0), 4294967295u);
    CU_ASSERT_EQUAL(appid_crc32_posix((const uint8_t *)"a", 1), 1220704766u);
    CU_ASSERT_EQUAL(appid_crc32_posix((const uint8_t *)"console_recv_long", 17), 245884290u);
    uint8_t xs[300];
    memset(xs, 'x', sizeof xs);   /* a length that takes two bytes */
    CU_ASSERT_EQUAL(appid_crc32_posix(xs, sizeof xs), 3786917833u);
}

static struct process *load_named(const char *name, uint32_t version, bool has_short_id,
                                  uint32_t short_id)
{
    struct tbf_header t = kt_header(name, version);
    t.has_short_id = has_short_id;
    t.short_id = short_id;
    struct process *p = kt_load(B, &t);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    return p;
}

static void test_short_id_from_the_tbf_header(void)
{
    B->k.appid_policy = APPID_POLICY_TBF_SHORT_ID;
    struct process *a = load_named("alpha", 0, true, 0x12345678);
    struct process *h = load_named("hello", 0, false, 0);
    struct process *u = load_named(NULL, 0, false, 0);
    CU_ASSERT_EQUAL(a->short_id, 0x12345678);
    CU_ASSERT_EQUAL(h->short_id, 3287646509u);   /* no header: the name's CRC */
    CU_ASSERT_EQUAL(u->short_id, 0);              /* no name either: locally unique */
    kernel_start_processes(&B->k);
    CU_ASSERT_EQUAL(a->state, PROCESS_RUNNABLE);
    CU_ASSERT_EQUAL(h->state, PROCESS_RUNNABLE);
    CU_ASSERT_EQUAL(u->state, PROCESS_RUNNABLE);
}

static void test_short_id_name_hash_policy(void)
{
    B->k.appid_policy = APPID_POLICY_NAME_HASH;
    struct process *h = load_named("hello", 0, true, 0x12345678);   /* the header is ignored */
    struct process *c = load_named("console_recv_long", 0, false, 0);
    CU_ASSERT_EQUAL(h->short_id, 3287646509u);
    CU_ASSERT_EQUAL(c->short_id, 245884290u);
    CU_ASSERT_EQUAL(h->app_identifier_len, 5);
    CU_ASSERT_EQUAL(memcmp(h->app_identifier, "hello", 5), 0);
}

static void test_short_id_locally_unique_policy(void)
{
    B->k.appid_policy = APPID_POLICY_LOCALLY_UNIQUE;
    struct process *a = load_named("alpha", 0, true, 0x12345678);
    struct process *b = load_named("beta", 0, false, 0);
    CU_ASSERT_EQUAL(a->short_id, 0);
    CU_ASSERT_EQUAL(b->short_id, 0);
    /* ShortId 0 never makes two applications the same */
    kernel_start_processes(&B->k);
    CU_ASSERT_EQUAL(a->state, PROCESS_RUNNABLE);
    CU_ASSERT_EQUAL(b->state, PROCESS_RUNNABLE);
}

static void check_only_higher_version_runs(struct process *low, struct process *high)
{
    kernel_start_processes(&B->k);
    CU_ASSERT_EQUAL(high->state, PROCESS_RUNNABLE);
    CU_ASSERT_EQUAL(low->state, PROCESS_TERMINATED);
    CU_ASSERT_FALSE(process_is_alive(low));
    CU_ASSERT_TRUE(kt_log_has("not started"));
    B->on_run = NULL;
    CU_ASSERT_TRUE(kernel_run_next(&B->k));
    CU_ASSERT_FALSE(kernel_run_next(&B->k));
    CU_ASSERT_EQUAL(B->runs[low->index], 0);
    CU_ASSERT_EQUAL(B->runs[high->index], 1);
}

static void test_same_application_higher_version_first(void)
{
    struct process *high = load_named("app", 3, false, 0);
    struct process *low = load_named("app", 2, false, 0);
    check_only_higher_version_runs(low, high);
}

static void test_same_application_higher_version_second(void)
{
    struct process *low = load_named("app", 2, false, 0);
    struct process *high = load_named("app", 3, false, 0);
    check_only_higher_version_runs(low, high);
}

static void test_same_application_by_short_id(void)
{
    /* different names, one ShortId: the same application */
    struct process *low = load_named("app-v1", 1, true, 0xABCD);
    struct process *high = load_named("app-v2", 7, true, 0xABCD);
    check_only_higher_version_runs(low, high);
}

static void test_same_application_same_version_first_wins(void)
{
    struct process *first = load_named("twin", 4, false, 0);
    struct process *second = load_named("twin", 4, false, 0);
    struct process *other = load_named("other", 4, false, 0);
    kernel_start_processes(&B->k);
    CU_ASSERT_EQUAL(first->state, PROCESS_RUNNABLE);
    CU_ASSERT_EQUAL(second->state, PROCESS_TERMINATED);
    CU_ASSERT_EQUAL(other->state, PROCESS_RUNNABLE);
}

static void test_same_application_with_locally_unique_short_ids(void)
{
    /* ShortIds say nothing here, but the application identifier (the name) still does */
    B->k.appid_policy = APPID_POLICY_LOCALLY_UNIQUE;
    struct process *low = load_named("app", 1, false, 0);
    struct process *high = load_named("app", 2, false, 0);
    check_only_higher_version_runs(low, high);
}

static void test_running_process_keeps_its_application(void)
{
    /* "app" v1 runs; a v2 loaded later must not run beside it, nor an older v0 */
    struct process *running = load_named("app", 1, false, 0);
    kernel_start_processes(&B->k);
    CU_ASSERT_EQUAL(running->state, PROCESS_RUNNABLE);
    struct process *newer = load_named("app", 2, false, 0);
    struct process *older = load_named("app", 0, false, 0);
    kernel_start_processes(&B->k);
    CU_ASSERT_EQUAL(running->state, PROCESS_RUNNABLE);
    CU_ASSERT_EQUAL(newer->state, PROCESS_TERMINATED);
    CU_ASSERT_EQUAL(older->state, PROCESS_TERMINATED);
    /* once it is gone, another instance may start */
    kt_sys(running, SYSCALL_EXIT, EXIT_TERMINATE, 0, 0, 0);
    struct process *next = load_named("app", 5, false, 0);
    kernel_start_processes(&B->k);
    CU_ASSERT_EQUAL(next->state, PROCESS_RUNNABLE);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"round robin is fair", test_round_robin_is_fair},
        {"fair with some processes waiting", test_fair_with_some_processes_waiting},
        {"a busy process never starves a woken one", test_busy_process_never_starves_a_woken_one},
        {"nothing to run", test_nothing_to_run},
        {"fault policy: stop", test_fault_policy_stop},
        {"fault policy: restart, then give up", test_fault_policy_restart},
        {"fault policy: panic", test_fault_policy_panic},
        {"fault policy: panic without a hook", test_fault_policy_panic_without_a_hook},
        {"fault of a waiting process", test_fault_of_a_waiting_process},
        {"CRC-32 is POSIX cksum", test_crc32_is_posix_cksum},
        {"ShortId from the TBF header", test_short_id_from_the_tbf_header},
        {"ShortId: name-hash policy", test_short_id_name_hash_policy},
        {"ShortId: locally-unique policy", test_short_id_locally_unique_policy},
        {"same application: higher version loaded first", test_same_application_higher_version_first},
        {"same application: higher version loaded second", test_same_application_higher_version_second},
        {"same application by ShortId", test_same_application_by_short_id},
        {"same application, same version: first wins", test_same_application_same_version_first_wins},
        {"same application with locally unique ShortIds", test_same_application_with_locally_unique_short_ids},
        {"a running process keeps its application", test_running_process_keeps_its_application},
        {NULL, NULL},
    };
    return kt_run("scheduler", tests);
}
