/* Grants: per-process kernel memory carved from the top of the process's RAM block. */
#include "kt_helpers.h"

enum { GA = 0xB0000, GB = 0xB0001, GBIG = 0xB0002 };

/* Command 1 enters the grant, as a capsule does; NOMEM when that fails. */
static struct syscall_return grant_command(struct kernel *k, const struct driver *d,
                                           struct process *p, uint32_t cmd, uint32_t a0, uint32_t a1)
{
    if (cmd == 1)
        return grant_enter(k, p, d) ? sr_success() : sr_failure(TOCK_NOMEM);
    return sr_failure(TOCK_NOSUPPORT);
}

/* process_event: record whether the capsule could still see its grant. */
static struct {
    unsigned events;
    enum process_event last;
    bool had_grant;
} ev;

static void grant_event(struct kernel *k, const struct driver *d, struct process *p,
                        enum process_event e)
{
    if (d->num != GA)
        return;
    ev.events++;
    ev.last = e;
    ev.had_grant = grant_peek(k, p, d) != NULL;
}

static const struct driver ga = {
    .num = GA, .name = "ga", .upcall_count = 2, .allow_ro_count = 1, .allow_rw_count = 1,
    .grant_size = 20, .command = grant_command, .process_event = grant_event,
};
static const struct driver gb = {
    .num = GB, .name = "gb", .upcall_count = 1, .allow_rw_count = 1, .grant_size = 64,
    .command = grant_command,
};
static const struct driver gbig = {
    .num = GBIG, .name = "gbig", .grant_size = 600, .command = grant_command,
};
static const struct driver unregistered = {
    .num = 0xB00FF, .name = "unregistered", .grant_size = 8, .command = grant_command,
};

static struct process *app(void)
{
    memset(&ev, 0, sizeof ev);
    CU_ASSERT_EQUAL_FATAL(kernel_add_driver(&B->k, &ga), 0);
    CU_ASSERT_EQUAL_FATAL(kernel_add_driver(&B->k, &gb), 0);
    CU_ASSERT_EQUAL_FATAL(kernel_add_driver(&B->k, &gbig), 0);
    struct process *p = kt_proc("granted");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    return p;
}

static uint32_t ram_end(struct process *p) { return p->ram_start + p->ram_size; }

/* Guest address of a grant's capsule data. */
static uint32_t guest_of(struct process *p, const void *host)
{
    return p->ram_start + (uint32_t)((const uint8_t *)host - fake_host(B, p, p->ram_start));
}

static void test_grants_come_from_the_top_of_ram(void)
{
    struct process *p = app();
    CU_ASSERT_EQUAL(kt_grant_start(p), ram_end(p));

    /* the first subscribe to ga makes its grant */
    struct cpu_regs r = kt_sys(p, SYSCALL_SUBSCRIBE, GA, 0, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    uint32_t a_start = kt_grant_start(p);
    uint32_t a_size = ram_end(p) - a_start;
    /* 2 upcalls and 2 allows of 8 bytes, 20 bytes of data padded to 8: no pointers, so
     * the same size on a 64-bit host and a 32-bit board */
    CU_ASSERT_EQUAL(a_size, 2u * 8 + 2u * 8 + 24u);
    void *a = grant_peek(&B->k, p, &ga);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_TRUE(guest_of(p, a) >= a_start && guest_of(p, a) + ga.grant_size <= ram_end(p));

    /* using ga again (subscribe, allow, grant_enter) takes no more memory */
    kt_sys(p, SYSCALL_SUBSCRIBE, GA, 1, 0, 0);
    kt_sys(p, SYSCALL_ALLOW_RW, GA, 0, fake_ram_addr(p, 0x100), 8);
    CU_ASSERT_PTR_EQUAL(grant_enter(&B->k, p, &ga), a);
    CU_ASSERT_EQUAL(kt_grant_start(p), a_start);

    /* gb's grant goes below it (an allow makes it too) */
    r = kt_sys(p, SYSCALL_ALLOW_RW, GB, 0, fake_ram_addr(p, 0x200), 8);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    uint32_t b_start = kt_grant_start(p);
    CU_ASSERT_TRUE(b_start < a_start);
    CU_ASSERT_TRUE(a_start - b_start >= gb.grant_size + 8u + 8u);
    void *b = grant_peek(&B->k, p, &gb);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_TRUE(guest_of(p, b) >= b_start && guest_of(p, b) + gb.grant_size <= a_start);

    /* a capsule's grant_enter makes one too */
    r = kt_sys(p, SYSCALL_COMMAND, GBIG, 1, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS);
    CU_ASSERT_TRUE(kt_grant_start(p) + gbig.grant_size <= b_start);
    CU_ASSERT_EQUAL(p->app_break, p->ram_start + 0x1000);   /* the app break did not move */
}

static void test_grants_are_zeroed_and_keep_capsule_data(void)
{
    struct process *p = app();
    /* stale bytes everywhere above the app break */
    memset(fake_host(B, p, p->app_break), 0xEE, ram_end(p) - p->app_break);
    uint8_t *a = grant_enter(&B->k, p, &ga);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    unsigned nonzero = 0;
    for (int i = 0; i < ga.grant_size; i++)
        nonzero += a[i] != 0;
    CU_ASSERT_EQUAL(nonzero, 0);
    /* the grant record lives in that memory too (the kernel's own view of it) */
    uint32_t index;
    CU_ASSERT_PTR_NOT_NULL_FATAL(kernel_find_driver(&B->k, GA, &index));
    struct grant g;
    CU_ASSERT_TRUE_FATAL(grant_view(&B->k, p, index, &g));
    CU_ASSERT_TRUE(g.address >= p->kernel_break && g.address < ram_end(p));
    CU_ASSERT_PTR_EQUAL(g.upcalls, fake_host(B, p, g.address));
    /* the upcall and allow slots start empty */
    struct cpu_regs r = kt_sys(p, SYSCALL_SUBSCRIBE, GA, 1, 0, 0);
    CU_ASSERT_EQUAL(r.r[1], 0);
    CU_ASSERT_EQUAL(r.r[2], 0);
    r = kt_sys(p, SYSCALL_ALLOW_RO, GA, 0, 0, 0);
    CU_ASSERT_EQUAL(r.r[1], 0);
    CU_ASSERT_EQUAL(r.r[2], 0);

    /* what the capsule stores stays */
    for (int i = 0; i < 20; i++)
        a[i] = (uint8_t)(i + 1);
    kt_sys(p, SYSCALL_SUBSCRIBE, GA, 0, fake_flash_addr(p, 0) | 1, 7);
    kt_sys(p, SYSCALL_ALLOW_RW, GA, 0, fake_ram_addr(p, 0x40), 4);
    grant_enter(&B->k, p, &gb);
    const uint8_t *again = grant_enter(&B->k, p, &ga);
    CU_ASSERT_PTR_EQUAL(again, a);
    for (int i = 0; i < 20; i++)
        CU_ASSERT_EQUAL(again[i], i + 1);
    /* and the next grant is zeroed even though the bytes below were stale */
    uint8_t *big = grant_enter(&B->k, p, &gbig);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    nonzero = 0;
    for (int i = 0; i < 600; i++)
        nonzero += big[i] != 0;
    CU_ASSERT_EQUAL(nonzero, 0);
}

/* When the backend hears that the grant region grew, the kernel must not have written
 * there yet: until then an app (a native one, through shared memory) may still reach it. */
static struct {
    uint32_t calls, written_before;
    uint32_t lo, hi;
} taken;

static void note_taken_memory(struct fake_board *b, struct process *p)
{
    taken.calls++;
    for (uint32_t a = p->kernel_break; a < taken.hi; a++)
        taken.written_before += *fake_host(b, p, a) != 0xEE;
}

static void test_grant_memory_is_taken_from_the_app_before_it_is_written(void)
{
    struct process *p = app();
    memset(fake_host(B, p, p->app_break), 0xEE, ram_end(p) - p->app_break);
    memset(&taken, 0, sizeof taken);
    taken.hi = p->kernel_break;
    B->on_memory_changed = note_taken_memory;
    uint32_t fn = fake_flash_addr(p, 0) | 1;
    struct cpu_regs r = kt_sys(p, SYSCALL_SUBSCRIBE, GA, 1, fn, 0x55);
    B->on_memory_changed = NULL;
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    CU_ASSERT_EQUAL(taken.calls, 1);
    CU_ASSERT_EQUAL(taken.written_before, 0);
    /* and afterwards the record is written: zeroed slots, the new upcall in place */
    struct grant g;
    uint32_t index;
    CU_ASSERT_PTR_NOT_NULL_FATAL(kernel_find_driver(&B->k, GA, &index));
    CU_ASSERT_TRUE_FATAL(grant_view(&B->k, p, index, &g));
    CU_ASSERT_EQUAL(g.upcalls[0].fn, 0);
    CU_ASSERT_EQUAL(g.upcalls[1].fn, fn);
    CU_ASSERT_EQUAL(g.upcalls[1].appdata, 0x55);
}

static void test_app_break_cannot_reach_the_grants(void)
{
    struct process *p = app();
    kt_sys(p, SYSCALL_SUBSCRIBE, GA, 0, 0, 0);
    uint32_t grant = kt_grant_start(p);
    struct cpu_regs r = kt_sys(p, SYSCALL_MEMOP, 0, grant + 8, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE);
    CU_ASSERT_EQUAL(r.r[1], TOCK_NOMEM);
    r = kt_sys(p, SYSCALL_MEMOP, 1, grant - p->app_break + 1, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE);
    CU_ASSERT_EQUAL(r.r[1], TOCK_NOMEM);
    CU_ASSERT_EQUAL(p->app_break, p->ram_start + 0x1000);
    r = kt_sys(p, SYSCALL_MEMOP, 0, grant, 0, 0);   /* up to it is fine */
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS);
    /* an allow still cannot cover grant memory */
    r = kt_sys(p, SYSCALL_ALLOW_RW, GA, 0, grant - 4, 8);
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE_2U32);
    CU_ASSERT_EQUAL(r.r[1], TOCK_INVAL);
}

static void test_grant_that_would_cross_the_app_break_is_nomem(void)
{
    struct process *p = app();
    kt_sys(p, SYSCALL_SUBSCRIBE, GA, 0, 0, 0);
    uint32_t grant = kt_grant_start(p);
    /* leave 8 bytes between the app and the grants */
    struct cpu_regs r = kt_sys(p, SYSCALL_MEMOP, 0, grant - 8, 0, 0);
    CU_ASSERT_EQUAL_FATAL(r.r[0], RV_SUCCESS);
    uint32_t fn = fake_flash_addr(p, 0x10) | 1;

    r = kt_sys(p, SYSCALL_SUBSCRIBE, GB, 0, fn, 0x99);
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE_2U32);
    CU_ASSERT_EQUAL(r.r[1], TOCK_NOMEM);
    CU_ASSERT_EQUAL(r.r[2], fn);
    CU_ASSERT_EQUAL(r.r[3], 0x99);
    r = kt_sys(p, SYSCALL_ALLOW_RW, GB, 0, fake_ram_addr(p, 0x100), 16);
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE_2U32);
    CU_ASSERT_EQUAL(r.r[1], TOCK_NOMEM);
    CU_ASSERT_EQUAL(r.r[2], fake_ram_addr(p, 0x100));
    CU_ASSERT_EQUAL(r.r[3], 16);
    r = kt_sys(p, SYSCALL_COMMAND, GB, 1, 0, 0);   /* a capsule's grant_enter */
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE);
    CU_ASSERT_EQUAL(r.r[1], TOCK_NOMEM);
    CU_ASSERT_PTR_NULL(grant_enter(&B->k, p, &gb));
    CU_ASSERT_PTR_NULL(grant_peek(&B->k, p, &gb));
    CU_ASSERT_EQUAL(kt_grant_start(p), grant);
    CU_ASSERT_EQUAL(p->app_break, grant - 8);

    /* the grant that exists still works */
    r = kt_sys(p, SYSCALL_SUBSCRIBE, GA, 1, fn, 1);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);

    /* give memory back and the grant fits */
    r = kt_sys(p, SYSCALL_MEMOP, 0, p->ram_start + 0x1000, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS);
    r = kt_sys(p, SYSCALL_SUBSCRIBE, GB, 0, fn, 0x99);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    CU_ASSERT_TRUE(kt_grant_start(p) < grant);
    CU_ASSERT_TRUE(kt_grant_start(p) >= p->app_break);
}

static void test_grant_larger_than_the_free_ram_is_nomem(void)
{
    struct process *p = app();
    /* the app takes all but 512 bytes; gbig (600 bytes of data) cannot fit */
    struct cpu_regs r = kt_sys(p, SYSCALL_MEMOP, 0, ram_end(p) - 512, 0, 0);
    CU_ASSERT_EQUAL_FATAL(r.r[0], RV_SUCCESS);
    r = kt_sys(p, SYSCALL_COMMAND, GBIG, 1, 0, 0);
    CU_ASSERT_EQUAL(r.r[1], TOCK_NOMEM);
    CU_ASSERT_EQUAL(kt_grant_start(p), ram_end(p));
    /* smaller ones still do */
    CU_ASSERT_PTR_NOT_NULL(grant_enter(&B->k, p, &ga));
}

static void test_grant_region_respects_the_mpu_granule(void)
{
    B->k.grant_granule = 256;
    struct process *p = app();
    CU_ASSERT_PTR_NOT_NULL_FATAL(grant_enter(&B->k, p, &ga));
    uint32_t grant = kt_grant_start(p);
    CU_ASSERT_NOT_EQUAL(grant % 256, 0);   /* ga's grant is not a whole granule */
    /* the app's region, rounded up to a granule, may not overlap the grants */
    uint32_t below = grant & ~255u;
    struct cpu_regs r = kt_sys(p, SYSCALL_MEMOP, 0, below + 8, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE);
    CU_ASSERT_EQUAL(r.r[1], TOCK_NOMEM);
    r = kt_sys(p, SYSCALL_MEMOP, 0, below, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS);
    /* and a grant may not come below the rounded-up break: with the break 8 bytes into
     * a granule, gbig would fit between break and grants, but not above the granule */
    uint32_t brk = below - 0x200 + 8;
    r = kt_sys(p, SYSCALL_MEMOP, 0, brk, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS);
    CU_ASSERT_PTR_NULL(grant_enter(&B->k, p, &gbig));
    CU_ASSERT_EQUAL(kt_grant_start(p), grant);
    B->k.grant_granule = 8;
    CU_ASSERT_PTR_NOT_NULL(grant_enter(&B->k, p, &gbig));
    CU_ASSERT_TRUE(kt_grant_start(p) >= brk);
}

static void test_grant_peek_does_not_allocate(void)
{
    struct process *p = app();
    CU_ASSERT_PTR_NULL(grant_peek(&B->k, p, &ga));
    CU_ASSERT_PTR_NULL(grant_peek(&B->k, p, &unregistered));
    CU_ASSERT_EQUAL(kt_grant_start(p), ram_end(p));
    void *a = grant_enter(&B->k, p, &ga);
    CU_ASSERT_PTR_NOT_NULL(a);
    CU_ASSERT_PTR_EQUAL(grant_peek(&B->k, p, &ga), a);
    CU_ASSERT_PTR_NULL(grant_peek(&B->k, p, &gb));
    CU_ASSERT_TRUE(kt_grant_start(p) < ram_end(p));
}

static void test_no_grant_for_unregistered_drivers_or_dead_processes(void)
{
    struct process *p = app();
    CU_ASSERT_PTR_NULL(grant_enter(&B->k, p, &unregistered));
    CU_ASSERT_EQUAL(kt_grant_start(p), ram_end(p));
    kt_sys(p, SYSCALL_EXIT, EXIT_TERMINATE, 0, 0, 0);
    CU_ASSERT_PTR_NULL(grant_enter(&B->k, p, &ga));
    struct tbf_header t = kt_header("unstarted", 0);
    struct process *u = kt_load(B, &t);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    CU_ASSERT_PTR_NULL(grant_enter(&B->k, u, &ga));
    CU_ASSERT_EQUAL(u->kernel_break, ram_end(u));
}

static void test_grants_are_reclaimed_on_restart(void)
{
    struct process *p = app();
    void *first = grant_enter(&B->k, p, &ga);
    grant_enter(&B->k, p, &gb);
    kt_sys(p, SYSCALL_SUBSCRIBE, GA, 0, fake_flash_addr(p, 0) | 1, 5);
    CU_ASSERT_TRUE(kt_grant_start(p) < ram_end(p));

    kt_sys(p, SYSCALL_EXIT, EXIT_RESTART, 0, 0, 0);
    CU_ASSERT_EQUAL(ev.events, 1);
    CU_ASSERT_EQUAL(ev.last, PROCESS_EVENT_RESTARTING);
    CU_ASSERT_TRUE(ev.had_grant);   /* drivers hear of it before the grant goes */
    CU_ASSERT_EQUAL(kt_grant_start(p), ram_end(p));
    CU_ASSERT_PTR_NULL(grant_peek(&B->k, p, &ga));
    CU_ASSERT_PTR_NULL(grant_peek(&B->k, p, &gb));
    /* the memory is there again: the same place, zeroed, with empty slots */
    CU_ASSERT_PTR_EQUAL(grant_enter(&B->k, p, &ga), first);
    struct cpu_regs r = kt_sys(p, SYSCALL_SUBSCRIBE, GA, 0, 0, 0);
    CU_ASSERT_EQUAL(r.r[1], 0);
    CU_ASSERT_EQUAL(r.r[2], 0);
    /* and the app may use all of it again */
    r = kt_sys(p, SYSCALL_MEMOP, 0, kt_grant_start(p), 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS);
}

static void test_grants_are_released_when_the_process_ends(void)
{
    struct process *p = app();
    grant_enter(&B->k, p, &ga);
    kt_sys(p, SYSCALL_EXIT, EXIT_TERMINATE, 0, 0, 0);
    CU_ASSERT_EQUAL(ev.last, PROCESS_EVENT_EXITED);
    CU_ASSERT_TRUE(ev.had_grant);
    CU_ASSERT_PTR_NULL(grant_peek(&B->k, p, &ga));
    uint32_t len = 1;
    CU_ASSERT_PTR_NULL(allowed_rw(&B->k, p, &ga, 0, &len));
    CU_ASSERT_EQUAL(len, 0);

    struct process *q = kt_proc("faulty");
    grant_enter(&B->k, q, &ga);
    struct cpu_fault f = {.kind = FAULT_WRITE, .address = 0};
    kernel_process_fault(&B->k, q, &f);
    CU_ASSERT_EQUAL(ev.last, PROCESS_EVENT_FAULTED);
    CU_ASSERT_TRUE(ev.had_grant);
    CU_ASSERT_PTR_NULL(grant_peek(&B->k, q, &ga));
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"grants come from the top of RAM", test_grants_come_from_the_top_of_ram},
        {"grants are zeroed, capsule data stays", test_grants_are_zeroed_and_keep_capsule_data},
        {"grant memory is taken before it is written", test_grant_memory_is_taken_from_the_app_before_it_is_written},
        {"the app break cannot reach the grants", test_app_break_cannot_reach_the_grants},
        {"a grant crossing the app break -> NOMEM", test_grant_that_would_cross_the_app_break_is_nomem},
        {"a grant larger than free RAM -> NOMEM", test_grant_larger_than_the_free_ram_is_nomem},
        {"the MPU granule separates app and grants", test_grant_region_respects_the_mpu_granule},
        {"grant_peek does not allocate", test_grant_peek_does_not_allocate},
        {"no grant for unknown drivers, dead processes", test_no_grant_for_unregistered_drivers_or_dead_processes},
        {"grants are reclaimed on restart", test_grants_are_reclaimed_on_restart},
        {"grants are released when a process ends", test_grants_are_released_when_the_process_ends},
        {NULL, NULL},
    };
    return kt_run("grants", tests);
}
