/* Upcalls: the per-process queue (FIFO, 10 entries), how an upcall is delivered (the svc
 * that yielded becomes a call of the function), yield-wait-for, and the Null upcall. */
#include "kt_helpers.h"

enum { DRV = 0xA0000, DRV2 = 0xA0001 };

static struct syscall_return nop_command(struct kernel *k, const struct driver *d,
                                         struct process *p, uint32_t cmd, uint32_t a0, uint32_t a1)
{
    return sr_success();
}

static const struct driver drv = {
    .num = DRV, .name = "drv", .upcall_count = 4, .command = nop_command,
};
static const struct driver drv2 = {
    .num = DRV2, .name = "drv2", .upcall_count = 4, .command = nop_command,
};

static uint32_t fn_addr(struct process *p, uint32_t sub) { return fake_flash_addr(p, 0x100 * (sub + 1)) | 1u; }
static uint32_t appdata_of(uint32_t sub) { return 0xDA7A0000u + sub; }

/* A started process subscribed to drv upcalls 0..3 (fn_addr, appdata_of). */
static struct process *app(const char *name)
{
    if (!kernel_find_driver(&B->k, DRV, NULL)) {
        CU_ASSERT_EQUAL_FATAL(kernel_add_driver(&B->k, &drv), 0);
        CU_ASSERT_EQUAL_FATAL(kernel_add_driver(&B->k, &drv2), 0);
    }
    struct process *p = kt_proc(name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    for (uint32_t s = 0; s < 4; s++) {
        struct cpu_regs r = kt_sys(p, SYSCALL_SUBSCRIBE, DRV, s, fn_addr(p, s), appdata_of(s));
        CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    }
    kt_fill_sentinels(p);
    return p;
}

static void schedule(struct process *p, const struct driver *d, uint32_t sub, uint32_t tag)
{
    CU_ASSERT_EQUAL(upcall_schedule(&B->k, p, d, sub, tag, tag + 1, tag + 2), TOCK_OK);
}

/* The frame of a delivered upcall: the svc at return_to-2 became `bl fn`. */
static void check_frame(const struct cpu_regs *r, struct process *p, uint32_t sub, uint32_t tag,
                        uint32_t return_to)
{
    CU_ASSERT_EQUAL(r->r[0], tag);
    CU_ASSERT_EQUAL(r->r[1], tag + 1);
    CU_ASSERT_EQUAL(r->r[2], tag + 2);
    CU_ASSERT_EQUAL(r->r[3], appdata_of(sub));
    CU_ASSERT_EQUAL(r->r[REG_LR], return_to | 1u);
    CU_ASSERT_EQUAL(r->r[REG_PC], fn_addr(p, sub) & ~1u);
    for (int i = 4; i <= 12; i++)
        CU_ASSERT_EQUAL(r->r[i], KT_SENTINEL(i));
    CU_ASSERT_EQUAL(r->r[REG_SP], p->ram_start + 0x800);
}

/* Yield no-wait; returns the registers and whether an upcall ran (the flag byte). */
static struct cpu_regs yield_no_wait(struct process *p, bool *ran)
{
    uint32_t flag = fake_ram_addr(p, 0x10);
    *fake_host(B, p, flag) = 0xAA;
    struct cpu_regs r = kt_sys(p, SYSCALL_YIELD, YIELD_NO_WAIT, flag, 0, 0);
    uint8_t v = *fake_host(B, p, flag);
    CU_ASSERT(v == 0 || v == 1);
    *ran = v == 1;
    return r;
}

/* Where the next svc of p returns to. */
static uint32_t next_return(struct process *p) { return B->regs[p->index].r[REG_PC] + 2; }

/* ---- queue and delivery --------------------------------------------------------------------- */

static void test_fifo_delivery_order(void)
{
    struct process *p = app("fifo");
    schedule(p, &drv, 1, 0x100);
    schedule(p, &drv, 0, 0x200);
    schedule(p, &drv, 2, 0x300);
    schedule(p, &drv, 0, 0x400);
    CU_ASSERT_EQUAL(p->queue_count, 4);
    static const uint32_t subs[] = {1, 0, 2, 0}, tags[] = {0x100, 0x200, 0x300, 0x400};
    for (unsigned i = 0; i < 4; i++) {
        bool ran = false;
        uint32_t ret = next_return(p);
        struct cpu_regs r = yield_no_wait(p, &ran);
        CU_ASSERT_TRUE(ran);
        check_frame(&r, p, subs[i], tags[i], ret);
    }
    CU_ASSERT_EQUAL(p->upcall_count, 4);
    bool ran = true;
    uint32_t ret = next_return(p);
    struct cpu_regs r = yield_no_wait(p, &ran);
    CU_ASSERT_FALSE(ran);
    CU_ASSERT_EQUAL(r.r[REG_PC], ret);   /* no upcall: straight past the svc */
    CU_ASSERT_EQUAL(p->upcall_count, 4);
}

static void test_yield_wait_delivers_a_pending_upcall_at_once(void)
{
    struct process *p = app("waiter");
    schedule(p, &drv, 3, 0x10);
    schedule(p, &drv, 2, 0x20);
    uint32_t ret = next_return(p);
    bool keep = false;
    struct cpu_regs r = kt_sys_k(p, SYSCALL_YIELD, YIELD_WAIT, 0, 0, 0, &keep);
    CU_ASSERT_TRUE(keep);
    CU_ASSERT_EQUAL(p->state, PROCESS_RUNNABLE);
    check_frame(&r, p, 3, 0x10, ret);
    CU_ASSERT_EQUAL(p->queue_count, 1);   /* one upcall per yield */
}

/* on_run scripts: record the registers the process starts its slice with. */
static struct cpu_regs seen;
static enum process_state seen_state;
static unsigned seen_runs;

static enum cpu_stop capture_and_preempt(struct fake_board *b, struct process *p)
{
    seen = b->regs[p->index];
    seen_state = p->state;
    seen_runs++;
    return CPU_STOP_PREEMPTED;
}

static void test_upcall_wakes_a_yielded_process(void)
{
    struct process *p = app("sleeper");
    uint32_t ret = next_return(p);
    bool keep = true;
    kt_sys_k(p, SYSCALL_YIELD, YIELD_WAIT, 0, 0, 0, &keep);
    CU_ASSERT_FALSE(keep);
    CU_ASSERT_EQUAL(p->state, PROCESS_YIELDED);
    CU_ASSERT_FALSE(kernel_run_next(&B->k));

    B->on_run = capture_and_preempt;
    seen_runs = 0;
    schedule(p, &drv, 1, 0x77);
    CU_ASSERT_TRUE(kernel_run_next(&B->k));
    CU_ASSERT_EQUAL(seen_runs, 1);
    CU_ASSERT_EQUAL(seen_state, PROCESS_RUNNABLE);
    check_frame(&seen, p, 1, 0x77, ret);
    CU_ASSERT_EQUAL(p->queue_count, 0);
    CU_ASSERT_EQUAL(p->upcall_count, 1);
}

/* ---- yield-wait-for ------------------------------------------------------------------------- */

static void test_wait_for_takes_the_matching_upcall_out_of_order(void)
{
    struct process *p = app("picky");
    schedule(p, &drv, 0, 0x10);
    schedule(p, &drv, 1, 0x20);
    schedule(p, &drv2, 2, 0x30);   /* same number, other driver */
    schedule(p, &drv, 2, 0x40);
    schedule(p, &drv, 1, 0x50);

    uint32_t ret = next_return(p);
    bool keep = false;
    struct cpu_regs r = kt_sys_k(p, SYSCALL_YIELD, YIELD_WAIT_FOR, DRV, 2, 0xB3, &keep);
    CU_ASSERT_TRUE(keep);
    CU_ASSERT_EQUAL(p->state, PROCESS_RUNNABLE);
    CU_ASSERT_EQUAL(r.r[0], 0x40);
    CU_ASSERT_EQUAL(r.r[1], 0x41);
    CU_ASSERT_EQUAL(r.r[2], 0x42);
    CU_ASSERT_EQUAL(r.r[3], 0xB3);                       /* no appdata */
    CU_ASSERT_EQUAL(r.r[REG_PC], ret);                   /* no function call */
    CU_ASSERT_EQUAL(r.r[REG_LR], KT_SENTINEL(REG_LR));
    CU_ASSERT_EQUAL(p->upcall_count, 0);

    /* the first of two matching ones comes first */
    r = kt_sys(p, SYSCALL_YIELD, YIELD_WAIT_FOR, DRV, 1, 0);
    CU_ASSERT_EQUAL(r.r[0], 0x20);

    /* the rest stay queued in order: drv/0 (0x10), drv2/2 (0x30), drv/1 (0x50) */
    CU_ASSERT_EQUAL(p->queue_count, 3);
    bool ran;
    r = yield_no_wait(p, &ran);
    CU_ASSERT_EQUAL(r.r[0], 0x10);
    r = kt_sys(p, SYSCALL_YIELD, YIELD_WAIT_FOR, DRV2, 2, 0);
    CU_ASSERT_EQUAL(r.r[0], 0x30);
    r = yield_no_wait(p, &ran);
    CU_ASSERT_TRUE(ran);
    CU_ASSERT_EQUAL(r.r[0], 0x50);
    CU_ASSERT_EQUAL(p->queue_count, 0);
}

static void test_wait_for_an_upcall_scheduled_later(void)
{
    struct process *p = app("patient");
    struct process *q = app("other");
    B->on_run = capture_and_preempt;
    /* q is busy: it is always ready */
    uint32_t ret = next_return(p);
    bool keep = true;
    kt_sys_k(p, SYSCALL_YIELD, YIELD_WAIT_FOR, DRV, 3, 0xB3, &keep);
    CU_ASSERT_FALSE(keep);
    CU_ASSERT_EQUAL(p->state, PROCESS_YIELDED_FOR);

    /* other upcalls do not wake it, and stay queued */
    schedule(p, &drv, 0, 0x10);
    schedule(p, &drv2, 3, 0x20);
    for (int i = 0; i < 3; i++)
        CU_ASSERT_TRUE(kernel_run_next(&B->k));
    CU_ASSERT_EQUAL(B->runs[p->index], 0);
    CU_ASSERT_EQUAL(B->runs[q->index], 3);
    CU_ASSERT_EQUAL(p->state, PROCESS_YIELDED_FOR);
    CU_ASSERT_EQUAL(p->queue_count, 2);

    schedule(p, &drv, 3, 0x30);
    CU_ASSERT_TRUE(kernel_run_next(&B->k));
    CU_ASSERT_EQUAL(B->runs[p->index], 1);
    CU_ASSERT_EQUAL(seen_state, PROCESS_RUNNABLE);
    CU_ASSERT_EQUAL(seen.r[0], 0x30);
    CU_ASSERT_EQUAL(seen.r[1], 0x31);
    CU_ASSERT_EQUAL(seen.r[2], 0x32);
    CU_ASSERT_EQUAL(seen.r[3], 0xB3);
    CU_ASSERT_EQUAL(seen.r[REG_PC], ret);
    CU_ASSERT_EQUAL(p->upcall_count, 0);
    CU_ASSERT_EQUAL(p->queue_count, 2);
    bool ran;
    struct cpu_regs r = yield_no_wait(p, &ran);
    CU_ASSERT_EQUAL(r.r[0], 0x10);
}

/* ---- the Null upcall ------------------------------------------------------------------------- */

static void test_null_upcalls_are_dropped_by_yield_wait(void)
{
    struct process *p = app("nulls");
    kt_sys(p, SYSCALL_SUBSCRIBE, DRV, 0, 0, 0);   /* unsubscribe 0 */
    schedule(p, &drv, 0, 0x10);                    /* bound to the Null upcall */
    schedule(p, &drv2, 1, 0x20);                   /* never subscribed: Null too */
    schedule(p, &drv, 1, 0x30);
    schedule(p, &drv, 0, 0x40);

    uint32_t ret = next_return(p);
    bool keep = false;
    struct cpu_regs r = kt_sys_k(p, SYSCALL_YIELD, YIELD_WAIT, 0, 0, 0, &keep);
    CU_ASSERT_TRUE(keep);
    check_frame(&r, p, 1, 0x30, ret);   /* the first one with a function */
    CU_ASSERT_EQUAL(p->upcall_count, 1);

    /* only a Null one left: it does not count, the process blocks */
    kt_sys_k(p, SYSCALL_YIELD, YIELD_WAIT, 0, 0, 0, &keep);
    CU_ASSERT_FALSE(keep);
    CU_ASSERT_EQUAL(p->state, PROCESS_YIELDED);
    CU_ASSERT_EQUAL(p->queue_count, 0);
    CU_ASSERT_EQUAL(p->upcall_count, 1);

    /* nor does one arriving later */
    schedule(p, &drv, 0, 0x50);
    CU_ASSERT_FALSE(kernel_run_next(&B->k));
    CU_ASSERT_EQUAL(p->state, PROCESS_YIELDED);
}

static void test_null_upcalls_and_yield_no_wait(void)
{
    struct process *p = app("nulls");
    schedule(p, &drv2, 0, 0x10);
    bool ran = true;
    uint32_t ret = next_return(p);
    struct cpu_regs r = yield_no_wait(p, &ran);
    CU_ASSERT_FALSE(ran);
    CU_ASSERT_EQUAL(r.r[REG_PC], ret);
}

static void test_null_upcalls_are_returned_by_wait_for(void)
{
    struct process *p = app("nulls");
    schedule(p, &drv2, 1, 0x10);
    schedule(p, &drv2, 2, 0x20);
    struct cpu_regs r = kt_sys(p, SYSCALL_YIELD, YIELD_WAIT_FOR, DRV2, 2, 0);
    CU_ASSERT_EQUAL(r.r[0], 0x20);
    CU_ASSERT_EQUAL(r.r[1], 0x21);
    CU_ASSERT_EQUAL(r.r[2], 0x22);
    /* and one scheduled after the wait began wakes the process */
    B->on_run = capture_and_preempt;
    bool keep = true;
    kt_sys_k(p, SYSCALL_YIELD, YIELD_WAIT_FOR, DRV2, 3, 0, &keep);
    CU_ASSERT_FALSE(keep);
    schedule(p, &drv2, 3, 0x30);
    CU_ASSERT_TRUE(kernel_run_next(&B->k));
    CU_ASSERT_EQUAL(seen.r[0], 0x30);
    CU_ASSERT_EQUAL(p->queue_count, 1);   /* drv2/1 is still there */
}

/* ---- the queue bound and dead processes ------------------------------------------------------ */

static void test_queue_holds_ten(void)
{
    struct process *p = app("flood");
    for (uint32_t i = 0; i < UPCALL_QUEUE_LEN; i++)
        schedule(p, &drv, i % 4, 0x100 * i);
    CU_ASSERT_EQUAL(UPCALL_QUEUE_LEN, 10);
    CU_ASSERT_EQUAL(p->queue_count, 10);
    CU_ASSERT_EQUAL(p->dropped_upcalls, 0);
    CU_ASSERT_EQUAL(upcall_schedule(&B->k, p, &drv, 0, 0xBAD, 0, 0), TOCK_NOMEM);
    CU_ASSERT_EQUAL(p->dropped_upcalls, 1);
    CU_ASSERT_EQUAL(upcall_schedule(&B->k, p, &drv2, 0, 0xBAD, 0, 0), TOCK_NOMEM);
    CU_ASSERT_EQUAL(p->dropped_upcalls, 2);
    CU_ASSERT_EQUAL(p->queue_count, 10);

    /* one out, one more fits, and it comes last */
    bool ran;
    struct cpu_regs r = yield_no_wait(p, &ran);
    CU_ASSERT_EQUAL(r.r[0], 0);
    schedule(p, &drv, 3, 0xF00);
    CU_ASSERT_EQUAL(p->dropped_upcalls, 2);
    for (uint32_t i = 1; i < UPCALL_QUEUE_LEN; i++) {
        r = yield_no_wait(p, &ran);
        CU_ASSERT_TRUE(ran);
        CU_ASSERT_EQUAL(r.r[0], 0x100 * i);
    }
    r = yield_no_wait(p, &ran);
    CU_ASSERT_EQUAL(r.r[0], 0xF00);
    r = yield_no_wait(p, &ran);
    CU_ASSERT_FALSE(ran);
}

static void test_upcall_to_a_dead_process_is_off(void)
{
    struct process *done = app("done");
    struct process *crashed = app("crashed");
    struct tbf_header t = kt_header("unstarted", 0);
    struct process *unstarted = kt_load(B, &t);
    CU_ASSERT_PTR_NOT_NULL_FATAL(unstarted);

    kt_sys(done, SYSCALL_EXIT, EXIT_TERMINATE, 0, 0, 0);
    struct cpu_fault f = {.kind = FAULT_READ, .address = 4};
    kernel_process_fault(&B->k, crashed, &f);
    CU_ASSERT_EQUAL(crashed->state, PROCESS_FAULTED);

    struct process *dead[] = {done, crashed, unstarted};
    for (unsigned i = 0; i < 3; i++) {
        CU_ASSERT_EQUAL(upcall_schedule(&B->k, dead[i], &drv, 0, 1, 2, 3), TOCK_OFF);
        CU_ASSERT_EQUAL(dead[i]->queue_count, 0);
        CU_ASSERT_EQUAL(dead[i]->dropped_upcalls, 0);
    }
}

static void test_stopped_process_keeps_its_upcalls_until_resumed(void)
{
    struct process *p = app("paused");
    bool keep;
    kt_sys_k(p, SYSCALL_YIELD, YIELD_WAIT, 0, 0, 0, &keep);
    kernel_process_stop(&B->k, p);
    CU_ASSERT_EQUAL(p->state, PROCESS_STOPPED);
    CU_ASSERT_EQUAL(upcall_schedule(&B->k, p, &drv, 2, 0x10, 0, 0), TOCK_OK);
    CU_ASSERT_FALSE(kernel_run_next(&B->k));
    CU_ASSERT_EQUAL(p->queue_count, 1);
    kernel_process_resume(&B->k, p);
    CU_ASSERT_EQUAL(p->state, PROCESS_YIELDED);
    B->on_run = capture_and_preempt;
    CU_ASSERT_TRUE(kernel_run_next(&B->k));
    CU_ASSERT_EQUAL(seen.r[REG_PC], fn_addr(p, 2) & ~1u);
    CU_ASSERT_EQUAL(seen.r[0], 0x10);
}

static void test_upcalls_wait_for_a_yield(void)
{
    /* a process that computes (preempted, not yielded) gets no upcall between slices */
    struct process *p = app("busy");
    B->on_run = capture_and_preempt;
    schedule(p, &drv, 0, 0x10);
    struct cpu_regs before = B->regs[p->index];
    CU_ASSERT_TRUE(kernel_run_next(&B->k));
    CU_ASSERT_EQUAL(memcmp(&seen, &before, sizeof seen), 0);
    CU_ASSERT_EQUAL(p->queue_count, 1);
    CU_ASSERT_EQUAL(p->upcall_count, 0);
    /* and its next yield takes it */
    uint32_t ret = next_return(p);
    bool keep = false;
    struct cpu_regs r = kt_sys_k(p, SYSCALL_YIELD, YIELD_WAIT, 0, 0, 0, &keep);
    CU_ASSERT_TRUE(keep);
    check_frame(&r, p, 0, 0x10, ret);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"FIFO delivery order and frame", test_fifo_delivery_order},
        {"yield-wait with a pending upcall", test_yield_wait_delivers_a_pending_upcall_at_once},
        {"an upcall wakes a yielded process", test_upcall_wakes_a_yielded_process},
        {"wait-for takes the matching upcall, others keep order", test_wait_for_takes_the_matching_upcall_out_of_order},
        {"wait-for an upcall scheduled later", test_wait_for_an_upcall_scheduled_later},
        {"Null upcalls are dropped by yield-wait", test_null_upcalls_are_dropped_by_yield_wait},
        {"Null upcalls and yield-no-wait", test_null_upcalls_and_yield_no_wait},
        {"Null upcalls are returned by wait-for", test_null_upcalls_are_returned_by_wait_for},
        {"the queue holds 10", test_queue_holds_ten},
        {"upcall to a dead process -> OFF", test_upcall_to_a_dead_process_is_off},
        {"a stopped process keeps its upcalls", test_stopped_process_keeps_its_upcalls_until_resumed},
        {"upcalls wait for a yield", test_upcalls_wait_for_a_yield},
        {NULL, NULL},
    };
    return kt_run("upcalls", tests);
}
