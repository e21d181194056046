/* System calls (TRD104), class by class: the return variant, the registers written (and
 * those left alone), and every error case. The process is played by the test through
 * fake_syscall(); the drivers are small test drivers defined here. */
#include "kt_helpers.h"

#include "tock/kstring.h"

/* ---- test drivers --------------------------------------------------------------------- */

enum { ECHO = 0x90000, OTHER = 0x90001, CHECKED = 0x90002, HARAKIRI = 0x90003, MISSING = 0x9FFFF };

static struct {
    unsigned calls;
    uint32_t cmd, a0, a1;
} echo_log;

/* Command n returns a fixed variant, so each variant's register use can be checked. */
static struct syscall_return echo_command(struct kernel *k, const struct driver *d,
                                          struct process *p, uint32_t cmd, uint32_t a0, uint32_t a1)
{
    echo_log.calls++;
    echo_log.cmd = cmd;
    echo_log.a0 = a0;
    echo_log.a1 = a1;
    switch (cmd) {
    case 0: return sr_success();
    case 1: return sr_success_u32(a0 + 1);
    case 2: return sr_success_2u32(a1, a0);
    case 3: return sr_success_u64(0x1122334455667788ull);
    case 4: return sr_success_3u32(7, 8, 9);
    case 5: return sr_success_u32_u64(a0, 0xAABBCCDD00112233ull);
    case 6: return sr_failure(TOCK_BUSY);
    case 7: return sr_failure_u32(TOCK_SIZE, 44);
    case 8: return sr_failure_2u32(TOCK_RESERVE, 1, 2);
    case 9: return sr_failure_u64(TOCK_CANCEL, 0x0102030405060708ull);
    default: return sr_failure_u32(TOCK_INVAL, cmd);   /* this driver's "unknown command" */
    }
}

static const struct driver echo = {
    .num = ECHO, .name = "echo", .upcall_count = 3, .allow_ro_count = 2, .allow_rw_count = 2,
    .allow_ur_count = 1, .grant_size = 16, .command = echo_command,
};

static struct syscall_return other_command(struct kernel *k, const struct driver *d,
                                           struct process *p, uint32_t cmd, uint32_t a0, uint32_t a1)
{
    echo_log.calls++;
    return cmd == 0 ? sr_success() : sr_failure(TOCK_NOSUPPORT);
}

static const struct driver other = {
    .num = OTHER, .name = "other", .upcall_count = 1, .allow_ro_count = 1, .allow_rw_count = 1,
    .allow_ur_count = 1, .command = other_command,
};

/* Refuses buffers longer than 32 bytes with SIZE. */
static uint32_t checked_allow_check(struct kernel *k, const struct driver *d, struct process *p,
                                    uint32_t kind, uint32_t num, uint32_t addr, uint32_t len)
{
    return len > 32 ? TOCK_SIZE : TOCK_OK;
}

static const struct driver checked = {
    .num = CHECKED, .name = "checked", .allow_rw_count = 1, .command = other_command,
    .allow_check = checked_allow_check,
};

/* Command 1 faults the caller, command 2 terminates it, then both return Success u32. */
static struct syscall_return harakiri_command(struct kernel *k, const struct driver *d,
                                              struct process *p, uint32_t cmd, uint32_t a0, uint32_t a1)
{
    if (cmd == 1) {
        struct cpu_fault f = {.kind = FAULT_KERNEL, .pc = 0};
        kernel_process_fault(k, p, &f);
    } else if (cmd == 2) {
        kernel_process_terminate(k, p, 3);
    }
    return sr_success_u32(0x1234);
}

static const struct driver harakiri = {
    .num = HARAKIRI, .name = "harakiri", .command = harakiri_command,
};

static void add_drivers(void)
{
    memset(&echo_log, 0, sizeof echo_log);
    CU_ASSERT_EQUAL_FATAL(kernel_add_driver(&B->k, &echo), 0);
    CU_ASSERT_EQUAL_FATAL(kernel_add_driver(&B->k, &other), 0);
    CU_ASSERT_EQUAL_FATAL(kernel_add_driver(&B->k, &checked), 0);
    CU_ASSERT_EQUAL_FATAL(kernel_add_driver(&B->k, &harakiri), 0);
}

/* A started process with 4 KiB of app RAM and the test drivers registered. */
static struct process *app(void)
{
    add_drivers();
    struct process *p = kt_proc("app");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    kt_fill_sentinels(p);
    return p;
}

static uint32_t code_addr(struct process *p, uint32_t off) { return fake_flash_addr(p, off) | 1u; }

/* ---- command ---------------------------------------------------------------------------- */

static void test_command_variants_write_only_their_registers(void)
{
    struct process *p = app();
    struct cpu_regs r;

    r = kt_sys(p, SYSCALL_COMMAND, ECHO, 0, 0xA0, 0xA1);   /* Success: r0 only */
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS);
    CU_ASSERT_EQUAL(r.r[1], 0);      /* r1 still holds the command number */
    CU_ASSERT_EQUAL(r.r[2], 0xA0);
    CU_ASSERT_EQUAL(r.r[3], 0xA1);

    r = kt_sys(p, SYSCALL_COMMAND, ECHO, 1, 41, 0xA1);     /* Success u32: r0, r1 */
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32);
    CU_ASSERT_EQUAL(r.r[1], 42);
    CU_ASSERT_EQUAL(r.r[2], 41);
    CU_ASSERT_EQUAL(r.r[3], 0xA1);

    r = kt_sys(p, SYSCALL_COMMAND, ECHO, 2, 5, 6);         /* Success 2 u32: r0-r2 */
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    CU_ASSERT_EQUAL(r.r[1], 6);
    CU_ASSERT_EQUAL(r.r[2], 5);
    CU_ASSERT_EQUAL(r.r[3], 6);

    r = kt_sys(p, SYSCALL_COMMAND, ECHO, 3, 0xA0, 0xA1);   /* Success u64: r0-r2 */
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U64);
    CU_ASSERT_EQUAL(r.r[1], 0x55667788);
    CU_ASSERT_EQUAL(r.r[2], 0x11223344);
    CU_ASSERT_EQUAL(r.r[3], 0xA1);

    r = kt_sys(p, SYSCALL_COMMAND, ECHO, 4, 0xA0, 0xA1);   /* Success 3 u32: r0-r3 */
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_3U32);
    CU_ASSERT_EQUAL(r.r[1], 7);
    CU_ASSERT_EQUAL(r.r[2], 8);
    CU_ASSERT_EQUAL(r.r[3], 9);

    r = kt_sys(p, SYSCALL_COMMAND, ECHO, 5, 0x77, 0xA1);   /* Success u32 u64: r0-r3 */
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32_U64);
    CU_ASSERT_EQUAL(r.r[1], 0x77);
    CU_ASSERT_EQUAL(r.r[2], 0x00112233);
    CU_ASSERT_EQUAL(r.r[3], 0xAABBCCDD);

    r = kt_sys(p, SYSCALL_COMMAND, ECHO, 6, 0xA0, 0xA1);   /* Failure: r0, r1 */
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE);
    CU_ASSERT_EQUAL(r.r[1], TOCK_BUSY);
    CU_ASSERT_EQUAL(r.r[2], 0xA0);
    CU_ASSERT_EQUAL(r.r[3], 0xA1);

    r = kt_sys(p, SYSCALL_COMMAND, ECHO, 7, 0xA0, 0xA1);   /* Failure u32: r0-r2 */
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE_U32);
    CU_ASSERT_EQUAL(r.r[1], TOCK_SIZE);
    CU_ASSERT_EQUAL(r.r[2], 44);
    CU_ASSERT_EQUAL(r.r[3], 0xA1);

    r = kt_sys(p, SYSCALL_COMMAND, ECHO, 8, 0xA0, 0xA1);   /* Failure 2 u32: r0-r3 */
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE_2U32);
    CU_ASSERT_EQUAL(r.r[1], TOCK_RESERVE);
    CU_ASSERT_EQUAL(r.r[2], 1);
    CU_ASSERT_EQUAL(r.r[3], 2);

    r = kt_sys(p, SYSCALL_COMMAND, ECHO, 9, 0xA0, 0xA1);   /* Failure u64: r0-r3 */
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE_U64);
    CU_ASSERT_EQUAL(r.r[1], TOCK_CANCEL);
    CU_ASSERT_EQUAL(r.r[2], 0x05060708);
    CU_ASSERT_EQUAL(r.r[3], 0x01020304);

    CU_ASSERT_EQUAL(echo_log.calls, 10);
    kt_assert_sentinels(p);
    CU_ASSERT_EQUAL(p->state, PROCESS_RUNNABLE);
    CU_ASSERT_EQUAL(p->syscall_count, 11);   /* the brk of kt_start, then ten commands */
}

static void test_command_passes_arguments_and_keeps_running(void)
{
    struct process *p = app();
    bool keep = false;
    kt_sys_k(p, SYSCALL_COMMAND, ECHO, 1, 0xDEADBEEF, 0xCAFEF00D, &keep);
    CU_ASSERT_TRUE(keep);
    CU_ASSERT_EQUAL(echo_log.cmd, 1);
    CU_ASSERT_EQUAL(echo_log.a0, 0xDEADBEEF);
    CU_ASSERT_EQUAL(echo_log.a1, 0xCAFEF00D);
}

static void test_command_missing_driver_is_nodevice(void)
{
    struct process *p = app();
    struct cpu_regs r = kt_sys(p, SYSCALL_COMMAND, MISSING, 0, 0xA0, 0xA1);
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE);
    CU_ASSERT_EQUAL(r.r[1], TOCK_NODEVICE);
    CU_ASSERT_EQUAL(r.r[2], 0xA0);
    CU_ASSERT_EQUAL(r.r[3], 0xA1);
    CU_ASSERT_EQUAL(echo_log.calls, 0);
    kt_assert_sentinels(p);
}

static void test_command_unknown_returns_what_the_driver_says(void)
{
    struct process *p = app();
    struct cpu_regs r = kt_sys(p, SYSCALL_COMMAND, ECHO, 77, 0xA0, 0xA1);
    CU_ASSERT_EQUAL(echo_log.calls, 1);
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE_U32);
    CU_ASSERT_EQUAL(r.r[1], TOCK_INVAL);
    CU_ASSERT_EQUAL(r.r[2], 77);
    CU_ASSERT_EQUAL(r.r[3], 0xA1);
    r = kt_sys(p, SYSCALL_COMMAND, OTHER, 77, 0xA0, 0xA1);
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE);
    CU_ASSERT_EQUAL(r.r[1], TOCK_NOSUPPORT);
}

/* Permissions TLV: echo commands 0, 1 (block 0) and 65 (block 1); nothing of `other`. */
static struct process *restricted_app(void)
{
    add_drivers();
    struct tbf_header t = kt_header("restricted", 0);
    t.has_permissions = true;
    t.permission_count = 2;
    t.permissions[0] = (struct tbf_permission){.driver = ECHO, .offset = 0, .allowed_commands = 0x3};
    t.permissions[1] = (struct tbf_permission){.driver = ECHO, .offset = 1, .allowed_commands = 0x2};
    struct process *p = kt_start(&t, 0x1000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    return p;
}

static void test_permissions_deny_a_driver_with_nodevice(void)
{
    struct process *p = restricted_app();
    uint32_t fn = code_addr(p, 0x10), buf = fake_ram_addr(p, 0x100);
    struct cpu_regs r;

    r = kt_sys(p, SYSCALL_COMMAND, OTHER, 0, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE);
    CU_ASSERT_EQUAL(r.r[1], TOCK_NODEVICE);
    CU_ASSERT_EQUAL(echo_log.calls, 0);

    r = kt_sys(p, SYSCALL_SUBSCRIBE, OTHER, 0, fn, 5);
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE_2U32);
    CU_ASSERT_EQUAL(r.r[1], TOCK_NODEVICE);
    CU_ASSERT_EQUAL(r.r[2], fn);
    CU_ASSERT_EQUAL(r.r[3], 5);

    static const uint32_t classes[] = {SYSCALL_ALLOW_RW, SYSCALL_ALLOW_RO,
                                       SYSCALL_ALLOW_USERSPACE_READABLE};
    for (unsigned i = 0; i < 3; i++) {
        r = kt_sys(p, classes[i], OTHER, 0, buf, 16);
        CU_ASSERT_EQUAL(r.r[0], RV_FAILURE_2U32);
        CU_ASSERT_EQUAL(r.r[1], TOCK_NODEVICE);
        CU_ASSERT_EQUAL(r.r[2], buf);
        CU_ASSERT_EQUAL(r.r[3], 16);
    }
    /* the denied driver got no grant from these attempts */
    CU_ASSERT_PTR_NULL(grant_peek(&B->k, p, &other));
    CU_ASSERT_EQUAL(kt_grant_start(p), p->ram_start + p->ram_size);
}

static void test_permissions_deny_a_command_with_nosupport(void)
{
    struct process *p = restricted_app();
    struct cpu_regs r;

    r = kt_sys(p, SYSCALL_COMMAND, ECHO, 1, 9, 0);    /* allowed: reaches the driver */
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32);
    CU_ASSERT_EQUAL(r.r[1], 10);
    CU_ASSERT_EQUAL(echo_log.calls, 1);

    r = kt_sys(p, SYSCALL_COMMAND, ECHO, 2, 0, 0);    /* bit 2 of block 0 is clear */
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE);
    CU_ASSERT_EQUAL(r.r[1], TOCK_NOSUPPORT);
    r = kt_sys(p, SYSCALL_COMMAND, ECHO, 64, 0, 0);   /* block 1, bit 0 clear */
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE);
    CU_ASSERT_EQUAL(r.r[1], TOCK_NOSUPPORT);
    r = kt_sys(p, SYSCALL_COMMAND, ECHO, 129, 0, 0);  /* block 2: no entry */
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE);
    CU_ASSERT_EQUAL(r.r[1], TOCK_NOSUPPORT);
    CU_ASSERT_EQUAL(echo_log.calls, 1);               /* none of those reached the driver */

    r = kt_sys(p, SYSCALL_COMMAND, ECHO, 65, 0, 0);   /* block 1, bit 1 set */
    CU_ASSERT_EQUAL(echo_log.calls, 2);
    CU_ASSERT_EQUAL(echo_log.cmd, 65);

    /* subscribe and allow to a permitted driver work */
    r = kt_sys(p, SYSCALL_SUBSCRIBE, ECHO, 0, code_addr(p, 0), 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    r = kt_sys(p, SYSCALL_ALLOW_RW, ECHO, 0, fake_ram_addr(p, 0x100), 8);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
}

/* A capsule may end the process during its command; the kernel must then neither write
 * the command's return value into the (new) process nor keep running it. */
static void test_command_that_faults_the_caller(void)
{
    B->k.fault_policy = FAULT_POLICY_RESTART;
    struct process *p = app();
    uint32_t old_id = p->id;
    bool keep = true;
    struct cpu_regs r = kt_sys_k(p, SYSCALL_COMMAND, HARAKIRI, 1, 0, 0, &keep);
    CU_ASSERT_FALSE(keep);
    CU_ASSERT_NOT_EQUAL(p->id, old_id);
    CU_ASSERT_EQUAL(p->restart_count, 1);
    CU_ASSERT_EQUAL(p->state, PROCESS_RUNNABLE);
    /* the restarted instance begins at init_fn with Tock's entry registers */
    CU_ASSERT_EQUAL(r.r[0], p->binary_start);
    CU_ASSERT_EQUAL(r.r[1], p->ram_start);
    CU_ASSERT_EQUAL(r.r[2], p->ram_size);
    CU_ASSERT_EQUAL(r.r[3], p->ram_start + 32);
    CU_ASSERT_EQUAL(r.r[REG_PC], p->flash_start + p->tbf.header_size + p->tbf.init_fn_offset);
}

static void test_command_that_terminates_the_caller(void)
{
    struct process *p = app();
    bool keep = true;
    kt_sys_k(p, SYSCALL_COMMAND, HARAKIRI, 2, 0, 0, &keep);
    CU_ASSERT_FALSE(keep);
    CU_ASSERT_EQUAL(p->state, PROCESS_TERMINATED);
    CU_ASSERT_EQUAL(p->exit_code, 3);
}

/* ---- subscribe -------------------------------------------------------------------------- */

static void test_subscribe_swaps(void)
{
    struct process *p = app();
    uint32_t f1 = code_addr(p, 0x100), f2 = code_addr(p, 0x200);
    struct cpu_regs r;

    r = kt_sys(p, SYSCALL_SUBSCRIBE, ECHO, 0, f1, 0xAAAA);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    CU_ASSERT_EQUAL(r.r[1], 0);
    CU_ASSERT_EQUAL(r.r[2], 0);
    CU_ASSERT_EQUAL(r.r[3], 0xAAAA);   /* Success 2 u32 leaves r3 alone */

    r = kt_sys(p, SYSCALL_SUBSCRIBE, ECHO, 0, f2, 0xBBBB);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    CU_ASSERT_EQUAL(r.r[1], f1);
    CU_ASSERT_EQUAL(r.r[2], 0xAAAA);
    CU_ASSERT_EQUAL(r.r[3], 0xBBBB);

    /* another subscribe number has its own slot */
    r = kt_sys(p, SYSCALL_SUBSCRIBE, ECHO, 2, f1, 1);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    CU_ASSERT_EQUAL(r.r[1], 0);
    CU_ASSERT_EQUAL(r.r[2], 0);

    /* the Null upcall unsubscribes and still swaps */
    r = kt_sys(p, SYSCALL_SUBSCRIBE, ECHO, 0, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    CU_ASSERT_EQUAL(r.r[1], f2);
    CU_ASSERT_EQUAL(r.r[2], 0xBBBB);
    r = kt_sys(p, SYSCALL_SUBSCRIBE, ECHO, 0, 0, 0);
    CU_ASSERT_EQUAL(r.r[1], 0);
    CU_ASSERT_EQUAL(r.r[2], 0);
    kt_assert_sentinels(p);
}

static void check_subscribe_fails(struct process *p, uint32_t driver, uint32_t num, uint32_t fn,
                                  uint32_t err)
{
    bool keep = false;
    struct cpu_regs r = kt_sys_k(p, SYSCALL_SUBSCRIBE, driver, num, fn, 0x5151, &keep);
    CU_ASSERT_TRUE(keep);
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE_2U32);
    CU_ASSERT_EQUAL(r.r[1], err);
    CU_ASSERT_EQUAL(r.r[2], fn);
    CU_ASSERT_EQUAL(r.r[3], 0x5151);
}

static void test_subscribe_function_outside_flash_is_inval(void)
{
    struct process *p = app();
    uint32_t good = code_addr(p, 0x40);
    kt_sys(p, SYSCALL_SUBSCRIBE, ECHO, 1, good, 0x77);

    check_subscribe_fails(p, ECHO, 1, fake_ram_addr(p, 0x10) | 1, TOCK_INVAL);   /* RAM */
    check_subscribe_fails(p, ECHO, 1, p->flash_start | 1, TOCK_INVAL);           /* TBF header */
    check_subscribe_fails(p, ECHO, 1, (p->flash_start + p->flash_size) | 1, TOCK_INVAL);
    check_subscribe_fails(p, ECHO, 1, 0xFFFFFFFF, TOCK_INVAL);
    check_subscribe_fails(p, ECHO, 1, 1, TOCK_INVAL);   /* a Thumb bit is not the Null upcall */
    /* another process's code is not this one's */
    struct process *q = kt_proc("q");
    check_subscribe_fails(p, ECHO, 1, code_addr(q, 0x40), TOCK_INVAL);

    /* the old upcall was kept through all of that */
    struct cpu_regs r = kt_sys(p, SYSCALL_SUBSCRIBE, ECHO, 1, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    CU_ASSERT_EQUAL(r.r[1], good);
    CU_ASSERT_EQUAL(r.r[2], 0x77);
}

static void test_subscribe_number_out_of_range_is_nosupport(void)
{
    struct process *p = app();
    check_subscribe_fails(p, ECHO, 3, code_addr(p, 0), TOCK_NOSUPPORT);
    check_subscribe_fails(p, ECHO, 0xFFFFFFFF, code_addr(p, 0), TOCK_NOSUPPORT);
    check_subscribe_fails(p, CHECKED, 0, code_addr(p, 0), TOCK_NOSUPPORT);   /* no upcalls */
}

static void test_subscribe_missing_driver_is_nodevice(void)
{
    struct process *p = app();
    check_subscribe_fails(p, MISSING, 0, code_addr(p, 0), TOCK_NODEVICE);
    CU_ASSERT_EQUAL(kt_grant_start(p), p->ram_start + p->ram_size);
}

static void test_subscribe_drops_pending_upcalls_of_that_slot(void)
{
    struct process *p = app();
    uint32_t f0 = code_addr(p, 0x100), f1 = code_addr(p, 0x200);
    kt_sys(p, SYSCALL_SUBSCRIBE, ECHO, 0, f0, 0);
    kt_sys(p, SYSCALL_SUBSCRIBE, ECHO, 1, f1, 0);
    CU_ASSERT_EQUAL(upcall_schedule(&B->k, p, &echo, 0, 1, 0, 0), TOCK_OK);
    CU_ASSERT_EQUAL(upcall_schedule(&B->k, p, &echo, 1, 2, 0, 0), TOCK_OK);
    CU_ASSERT_EQUAL(upcall_schedule(&B->k, p, &echo, 0, 3, 0, 0), TOCK_OK);
    CU_ASSERT_EQUAL(upcall_schedule(&B->k, p, &other, 0, 4, 0, 0), TOCK_OK);  /* other driver, same # */

    /* a failed subscribe leaves the queue alone */
    check_subscribe_fails(p, ECHO, 0, fake_ram_addr(p, 0), TOCK_INVAL);
    CU_ASSERT_EQUAL(p->queue_count, 4);

    kt_sys(p, SYSCALL_SUBSCRIBE, ECHO, 0, f1, 0);
    CU_ASSERT_EQUAL(p->queue_count, 2);
    /* what is left comes out in order: echo/1 (2), then other/0 (4) */
    struct cpu_regs r = kt_sys(p, SYSCALL_YIELD, YIELD_WAIT_FOR, ECHO, 1, 0);
    CU_ASSERT_EQUAL(r.r[0], 2);
    r = kt_sys(p, SYSCALL_YIELD, YIELD_WAIT_FOR, OTHER, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], 4);
    CU_ASSERT_EQUAL(p->queue_count, 0);
}

/* ---- allow ------------------------------------------------------------------------------ */

static const uint32_t allow_classes[] = {SYSCALL_ALLOW_RW, SYSCALL_ALLOW_RO,
                                         SYSCALL_ALLOW_USERSPACE_READABLE};

static void check_allow(struct process *p, uint32_t cls, uint32_t driver, uint32_t num,
                        uint32_t addr, uint32_t len, uint32_t want_r0, uint32_t want_r1,
                        uint32_t want_r2)
{
    bool keep = false;
    struct cpu_regs r = kt_sys_k(p, cls, driver, num, addr, len, &keep);
    CU_ASSERT_TRUE(keep);
    CU_ASSERT_EQUAL(r.r[0], want_r0);
    CU_ASSERT_EQUAL(r.r[1], want_r1);
    CU_ASSERT_EQUAL(r.r[2], want_r2);
    CU_ASSERT_EQUAL(r.r[3], len);   /* r3 keeps the passed length either way */
}

static void allow_ok(struct process *p, uint32_t cls, uint32_t num, uint32_t addr, uint32_t len,
                     uint32_t old_addr, uint32_t old_len)
{
    check_allow(p, cls, ECHO, num, addr, len, RV_SUCCESS_2U32, old_addr, old_len);
}

static void allow_fails(struct process *p, uint32_t cls, uint32_t driver, uint32_t num,
                        uint32_t addr, uint32_t len, uint32_t err)
{
    check_allow(p, cls, driver, num, addr, len, RV_FAILURE_2U32, err, addr);
}

static void test_allow_swaps(void)
{
    struct process *p = app();
    for (unsigned c = 0; c < 3; c++) {
        uint32_t cls = allow_classes[c];
        uint32_t a = fake_ram_addr(p, 0x100 + c * 0x100), b = a + 0x40;
        allow_ok(p, cls, 0, a, 16, 0, 0);
        allow_ok(p, cls, 0, b, 8, a, 16);
        allow_ok(p, cls, 0, 0, 0, b, 8);     /* the null buffer revokes */
        allow_ok(p, cls, 0, 0, 0, 0, 0);
    }
    /* the three classes and the numbers within a class are separate slots */
    uint32_t a = fake_ram_addr(p, 0x800);
    allow_ok(p, SYSCALL_ALLOW_RW, 0, a, 4, 0, 0);
    allow_ok(p, SYSCALL_ALLOW_RW, 1, a + 4, 4, 0, 0);
    allow_ok(p, SYSCALL_ALLOW_RO, 0, a + 8, 4, 0, 0);
    allow_ok(p, SYSCALL_ALLOW_USERSPACE_READABLE, 0, a + 12, 4, 0, 0);
    allow_ok(p, SYSCALL_ALLOW_RW, 0, 0, 0, a, 4);
    allow_ok(p, SYSCALL_ALLOW_RW, 1, 0, 0, a + 4, 4);
    allow_ok(p, SYSCALL_ALLOW_RO, 0, 0, 0, a + 8, 4);
    kt_assert_sentinels(p);
}

static void test_allow_gives_capsules_the_buffer(void)
{
    struct process *p = app();
    uint32_t a = fake_ram_addr(p, 0x300);
    uint32_t len = 99;
    CU_ASSERT_PTR_NULL(allowed_rw(&B->k, p, &echo, 0, &len));
    CU_ASSERT_EQUAL(len, 0);
    allow_ok(p, SYSCALL_ALLOW_RW, 1, a, 24, 0, 0);
    CU_ASSERT_PTR_EQUAL(allowed_rw(&B->k, p, &echo, 1, &len), fake_host(B, p, a));
    CU_ASSERT_EQUAL(len, 24);
    uint32_t f = fake_flash_addr(p, 0x20);
    allow_ok(p, SYSCALL_ALLOW_RO, 1, f, 12, 0, 0);
    CU_ASSERT_PTR_EQUAL(allowed_ro(&B->k, p, &echo, 1, &len), fake_host(B, p, f));
    CU_ASSERT_EQUAL(len, 12);
    /* out-of-range numbers give nothing */
    CU_ASSERT_PTR_NULL(allowed_rw(&B->k, p, &echo, 2, &len));
    CU_ASSERT_PTR_NULL(allowed_ro(&B->k, p, &echo, 2, &len));
}

static void test_allow_zero_length_at_any_address(void)
{
    struct process *p = app();
    static const uint32_t anywhere[] = {0, 1, 0xDEAD0000, 0xFFFFFFFF, FAKE_FLASH_BASE,
                                        FAKE_RAM_BASE + FAKE_RAM_SIZE - 4};
    for (unsigned c = 0; c < 3; c++) {
        uint32_t prev = 0;
        for (unsigned i = 0; i < sizeof anywhere / sizeof anywhere[0]; i++) {
            allow_ok(p, allow_classes[c], 0, anywhere[i], 0, prev, 0);
            prev = anywhere[i];
        }
    }
}

static void test_allow_buffer_outside_app_ram_is_inval(void)
{
    struct process *p = app();
    /* give echo a grant and a good buffer first, so we can check it is kept */
    uint32_t good = fake_ram_addr(p, 0x10);
    allow_ok(p, SYSCALL_ALLOW_RW, 0, good, 8, 0, 0);
    allow_ok(p, SYSCALL_ALLOW_USERSPACE_READABLE, 0, good, 8, 0, 0);
    uint32_t brk = p->app_break, grant = p->kernel_break;
    CU_ASSERT_TRUE(grant < p->ram_start + p->ram_size);

    struct { uint32_t addr, len; } bad[] = {
        {p->ram_start - 4, 8},          /* starts below RAM */
        {p->ram_start - 16, 4},         /* wholly below */
        {brk - 4, 8},                   /* crosses the app break */
        {brk, 1},                       /* just above it */
        {grant, 8},                     /* inside the grant region */
        {grant - 4, 8},
        {p->ram_start + p->ram_size, 4},
        {0xFFFFFFF0, 0x20},             /* wraps past 0xFFFFFFFF */
        {good, 0xFFFFFFFF},             /* wraps too */
        {good, 0 - (good - 8)},         /* end would wrap to address 8 */
        {fake_ram_addr(kt_proc("neighbour"), 0x10), 8},   /* another process's RAM */
    };
    for (unsigned c = 0; c < 3; c += 2)   /* RW and userspace-readable */
        for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++)
            allow_fails(p, allow_classes[c], ECHO, 0, bad[i].addr, bad[i].len, TOCK_INVAL);
    /* RO: the same RAM rules (flash aside) */
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++)
        allow_fails(p, SYSCALL_ALLOW_RO, ECHO, 0, bad[i].addr, bad[i].len, TOCK_INVAL);

    /* the good buffer is still allowed; the very last byte before the break is fine */
    allow_ok(p, SYSCALL_ALLOW_RW, 0, brk - 8, 8, good, 8);
    allow_ok(p, SYSCALL_ALLOW_USERSPACE_READABLE, 0, p->ram_start, brk - p->ram_start, good, 8);
}

static void test_allow_ro_from_flash_rw_from_flash_not(void)
{
    struct process *p = app();
    uint32_t f = fake_flash_addr(p, 0);
    uint32_t flash_end = p->flash_start + p->flash_size;
    allow_ok(p, SYSCALL_ALLOW_RO, 0, f, 64, 0, 0);
    allow_ok(p, SYSCALL_ALLOW_RO, 0, f, flash_end - f, f, 64);   /* all of it after the header */
    CU_ASSERT_EQUAL(f, p->binary_start);
    allow_fails(p, SYSCALL_ALLOW_RO, ECHO, 0, f, flash_end - f + 1, TOCK_INVAL);
    allow_fails(p, SYSCALL_ALLOW_RO, ECHO, 0, flash_end - 4, 8, TOCK_INVAL);
    /* the TBF header is the kernel's (Tock: in_app_flash_memory starts after it) */
    allow_fails(p, SYSCALL_ALLOW_RO, ECHO, 0, p->flash_start, 16, TOCK_INVAL);
    allow_fails(p, SYSCALL_ALLOW_RO, ECHO, 0, f - 1, 2, TOCK_INVAL);
    allow_fails(p, SYSCALL_ALLOW_RO, ECHO, 0, p->flash_start - 1, 2, TOCK_INVAL);
    allow_fails(p, SYSCALL_ALLOW_RW, ECHO, 0, f, 64, TOCK_INVAL);
    allow_fails(p, SYSCALL_ALLOW_USERSPACE_READABLE, ECHO, 0, f, 64, TOCK_INVAL);
    /* RO from RAM is fine too */
    allow_ok(p, SYSCALL_ALLOW_RO, 1, fake_ram_addr(p, 0x40), 16, 0, 0);
}

static void test_allow_number_out_of_range_is_nosupport(void)
{
    struct process *p = app();
    uint32_t a = fake_ram_addr(p, 0x100);
    allow_fails(p, SYSCALL_ALLOW_RW, ECHO, 2, a, 8, TOCK_NOSUPPORT);
    allow_fails(p, SYSCALL_ALLOW_RO, ECHO, 2, a, 8, TOCK_NOSUPPORT);
    allow_fails(p, SYSCALL_ALLOW_USERSPACE_READABLE, ECHO, 1, a, 8, TOCK_NOSUPPORT);
    allow_fails(p, SYSCALL_ALLOW_RW, ECHO, 0xFFFFFFFF, a, 8, TOCK_NOSUPPORT);
    allow_fails(p, SYSCALL_ALLOW_RO, CHECKED, 0, a, 8, TOCK_NOSUPPORT);   /* no RO slots */
    allow_fails(p, SYSCALL_ALLOW_RO, CHECKED, 0, 0, 0, TOCK_NOSUPPORT);   /* even the null buffer */
}

static void test_allow_missing_driver_is_nodevice(void)
{
    struct process *p = app();
    for (unsigned c = 0; c < 3; c++)
        allow_fails(p, allow_classes[c], MISSING, 0, fake_ram_addr(p, 0x100), 8, TOCK_NODEVICE);
}

static void test_allow_check_refusal_keeps_old_buffer(void)
{
    struct process *p = app();
    uint32_t a = fake_ram_addr(p, 0x100);
    check_allow(p, SYSCALL_ALLOW_RW, CHECKED, 0, a, 32, RV_SUCCESS_2U32, 0, 0);
    allow_fails(p, SYSCALL_ALLOW_RW, CHECKED, 0, a, 33, TOCK_SIZE);
    check_allow(p, SYSCALL_ALLOW_RW, CHECKED, 0, 0, 0, RV_SUCCESS_2U32, a, 32);
}

/* ---- memop ------------------------------------------------------------------------------ */

static void check_memop(struct process *p, uint32_t op, uint32_t arg, uint32_t want_r0,
                        uint32_t want_r1)
{
    struct cpu_regs r = kt_sys(p, SYSCALL_MEMOP, op, arg, 0xC2, 0xC3);
    CU_ASSERT_EQUAL(r.r[0], want_r0);
    CU_ASSERT_EQUAL(r.r[1], want_r1);
    CU_ASSERT_EQUAL(r.r[2], 0xC2);
    CU_ASSERT_EQUAL(r.r[3], 0xC3);
}

static void memop_nomem(struct process *p, uint32_t op, uint32_t arg)
{
    uint32_t brk = p->app_break;
    check_memop(p, op, arg, RV_FAILURE, TOCK_NOMEM);
    CU_ASSERT_EQUAL(p->app_break, brk);
}

static void test_memop_information(void)
{
    struct process *p = app();
    check_memop(p, 2, 0, RV_SUCCESS_U32, FAKE_RAM_BASE);
    check_memop(p, 3, 0, RV_SUCCESS_U32, FAKE_RAM_BASE + FAKE_RAM_SIZE);
    check_memop(p, 4, 0, RV_SUCCESS_U32, FAKE_FLASH_BASE);
    check_memop(p, 5, 0, RV_SUCCESS_U32, FAKE_FLASH_BASE + FAKE_FLASH_SIZE);
    check_memop(p, 6, 0, RV_SUCCESS_U32, FAKE_RAM_BASE + FAKE_RAM_SIZE);   /* no grants yet */
    kt_sys(p, SYSCALL_SUBSCRIBE, ECHO, 0, 0, 0);
    check_memop(p, 6, 0, RV_SUCCESS_U32, p->kernel_break);
    CU_ASSERT_TRUE(p->kernel_break < FAKE_RAM_BASE + FAKE_RAM_SIZE);
    /* a second process reports its own memory */
    struct process *q = kt_proc("q");
    check_memop(q, 2, 0, RV_SUCCESS_U32, FAKE_RAM_BASE + FAKE_RAM_SIZE);
    check_memop(q, 4, 0, RV_SUCCESS_U32, FAKE_FLASH_BASE + FAKE_FLASH_SIZE);
}

static void test_memop_writeable_regions_absent(void)
{
    struct process *p = app();
    check_memop(p, 7, 0, RV_SUCCESS_U32, 0);
    check_memop(p, 8, 0, RV_FAILURE, TOCK_FAIL);
    check_memop(p, 9, 0, RV_FAILURE, TOCK_FAIL);
}

static void test_memop_writeable_regions(void)
{
    add_drivers();
    struct tbf_header t = kt_header("writer", 0);
    /* offsets are from the start of the TBF (elf2tab, Tock's memop) */
    t.writeable_region_count = 3;
    t.writeable_regions[0].offset = 0x400;
    t.writeable_regions[0].size = 0x100;
    t.writeable_regions[1].offset = 0x800;
    t.writeable_regions[1].size = 0;       /* a zero-sized region: FAIL */
    t.writeable_regions[2].offset = 0xC00;
    t.writeable_regions[2].size = 0x200;
    struct process *p = kt_start(&t, 0x1000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    check_memop(p, 7, 0, RV_SUCCESS_U32, 3);
    check_memop(p, 8, 0, RV_SUCCESS_U32, p->flash_start + 0x400);
    check_memop(p, 9, 0, RV_SUCCESS_U32, p->flash_start + 0x500);
    check_memop(p, 8, 1, RV_FAILURE, TOCK_FAIL);
    check_memop(p, 9, 1, RV_FAILURE, TOCK_FAIL);
    check_memop(p, 8, 2, RV_SUCCESS_U32, p->flash_start + 0xC00);
    check_memop(p, 9, 2, RV_SUCCESS_U32, p->flash_start + 0xE00);
    check_memop(p, 8, 3, RV_FAILURE, TOCK_FAIL);
    check_memop(p, 9, 0xFFFFFFFF, RV_FAILURE, TOCK_FAIL);
}

static void test_memop_debug_hints_are_recorded(void)
{
    struct process *p = app();
    check_memop(p, 10, 0x20000800, RV_SUCCESS, 0x20000800);   /* Success: r1 untouched */
    check_memop(p, 11, 0x20000400, RV_SUCCESS, 0x20000400);
    CU_ASSERT_EQUAL(p->debug_stack_start, 0x20000800);
    CU_ASSERT_EQUAL(p->debug_heap_start, 0x20000400);
}

static void test_memop_unknown_is_nosupport(void)
{
    struct process *p = app();
    check_memop(p, 12, 0, RV_FAILURE, TOCK_NOSUPPORT);
    check_memop(p, 0xFFFFFFFF, 0, RV_FAILURE, TOCK_NOSUPPORT);
}

static void test_memop_brk_and_sbrk(void)
{
    struct process *p = app();
    uint32_t base = p->ram_start;
    CU_ASSERT_EQUAL(p->app_break, base + 0x1000);
    check_memop(p, 0, base + 0x2000, RV_SUCCESS, base + 0x2000);
    CU_ASSERT_EQUAL(p->app_break, base + 0x2000);
    check_memop(p, 1, 0x100, RV_SUCCESS_U32, base + 0x2000);   /* returns the old break */
    CU_ASSERT_EQUAL(p->app_break, base + 0x2100);
    check_memop(p, 1, 0, RV_SUCCESS_U32, base + 0x2100);
    check_memop(p, 1, (uint32_t)-0x200, RV_SUCCESS_U32, base + 0x2100);   /* shrinking is fine */
    CU_ASSERT_EQUAL(p->app_break, base + 0x1F00);
    check_memop(p, 0, base + 0x800, RV_SUCCESS, base + 0x800);
    /* the new break is what allow checks against */
    allow_fails(p, SYSCALL_ALLOW_RW, ECHO, 0, base + 0x800, 4, TOCK_INVAL);
    allow_ok(p, SYSCALL_ALLOW_RW, 0, base + 0x7FC, 4, 0, 0);
    /* the whole RAM up to the grants */
    allow_ok(p, SYSCALL_ALLOW_RW, 0, 0, 0, base + 0x7FC, 4);
    check_memop(p, 0, p->kernel_break, RV_SUCCESS, p->kernel_break);
    check_memop(p, 0, base, RV_SUCCESS, base);   /* and down to nothing */
}

static void test_memop_brk_nomem(void)
{
    struct process *p = app();
    uint32_t base = p->ram_start;
    kt_sys(p, SYSCALL_SUBSCRIBE, ECHO, 0, 0, 0);   /* make a grant */
    uint32_t grant = p->kernel_break;
    memop_nomem(p, 0, grant + 8);                  /* into the grant region */
    memop_nomem(p, 0, grant + 1);
    memop_nomem(p, 0, base + p->ram_size);
    memop_nomem(p, 0, base + p->ram_size + 0x1000);
    memop_nomem(p, 0, 0xFFFFFFF8);
    memop_nomem(p, 0, base - 8);                   /* below RAM */
    memop_nomem(p, 0, 0);
    memop_nomem(p, 1, grant - p->app_break + 8);
    memop_nomem(p, 1, 0x7FFFFFFF);
    memop_nomem(p, 1, 0 - (p->app_break - base) - 8);   /* negative, below RAM */
    memop_nomem(p, 1, 0x80000000);                 /* most negative */
    check_memop(p, 0, grant, RV_SUCCESS, grant);   /* exactly up to the grants is fine */
}

static void test_memop_brk_cannot_cut_an_allowed_buffer(void)
{
    struct process *p = app();
    uint32_t base = p->ram_start;
    allow_ok(p, SYSCALL_ALLOW_RW, 0, base + 0x400, 0x100, 0, 0);
    memop_nomem(p, 0, base + 0x480);
    memop_nomem(p, 0, base + 0x4FF);
    memop_nomem(p, 1, 0 - (p->app_break - (base + 0x4FC)));   /* negative sbrk into it */
    check_memop(p, 0, base + 0x500, RV_SUCCESS, base + 0x500);   /* to its end is fine */

    /* read-only and userspace-readable buffers in RAM count as well */
    allow_ok(p, SYSCALL_ALLOW_RW, 0, 0, 0, base + 0x400, 0x100);
    allow_ok(p, SYSCALL_ALLOW_RO, 0, base + 0x300, 0x10, 0, 0);
    memop_nomem(p, 0, base + 0x308);
    allow_ok(p, SYSCALL_ALLOW_USERSPACE_READABLE, 0, base + 0x380, 0x10, 0, 0);
    memop_nomem(p, 0, base + 0x388);
    check_memop(p, 0, base + 0x390, RV_SUCCESS, base + 0x390);
    /* a RO buffer in flash does not hold the break up */
    allow_ok(p, SYSCALL_ALLOW_USERSPACE_READABLE, 0, 0, 0, base + 0x380, 0x10);
    allow_ok(p, SYSCALL_ALLOW_RO, 0, fake_flash_addr(p, 0), 0x10, base + 0x300, 0x10);
    check_memop(p, 0, base + 0x40, RV_SUCCESS, base + 0x40);
}

/* ---- exit ------------------------------------------------------------------------------- */

static void test_exit_terminate(void)
{
    struct process *p = app();
    struct process *q = kt_proc("q");
    bool keep = true;
    kt_sys_k(p, SYSCALL_EXIT, EXIT_TERMINATE, 0, 0, 0, &keep);
    CU_ASSERT_FALSE(keep);
    CU_ASSERT_EQUAL(p->state, PROCESS_TERMINATED);
    CU_ASSERT_EQUAL(p->exit_code, 0);
    CU_ASSERT_TRUE(p->exited_cleanly);
    CU_ASSERT_FALSE(process_is_alive(p));
    CU_ASSERT_PTR_NULL(kernel_process_by_id(&B->k, p->id));

    kt_sys_k(q, SYSCALL_EXIT, EXIT_TERMINATE, 0xFFFFFFFE, 0, 0, &keep);
    CU_ASSERT_FALSE(keep);
    CU_ASSERT_EQUAL(q->state, PROCESS_TERMINATED);
    CU_ASSERT_EQUAL(q->exit_code, 0xFFFFFFFE);
    CU_ASSERT_FALSE(q->exited_cleanly);
    CU_ASSERT_FALSE(kernel_has_live_processes(&B->k));
    CU_ASSERT_FALSE(kernel_run_next(&B->k));
}

static void test_exit_restart(void)
{
    struct process *p = app();
    struct process *q = kt_proc("q");
    uint32_t f = code_addr(p, 0x10);
    kt_sys(p, SYSCALL_SUBSCRIBE, ECHO, 0, f, 9);
    kt_sys(p, SYSCALL_ALLOW_RW, ECHO, 0, fake_ram_addr(p, 0x100), 16);
    memset(fake_host(B, p, fake_ram_addr(p, 0)), 0xA5, 0x1000);
    upcall_schedule(&B->k, p, &echo, 0, 1, 2, 3);

    uint32_t ids[6] = {p->id, q->id};
    for (unsigned i = 0; i < 4; i++) {
        bool keep = true;
        kt_sys_k(p, SYSCALL_EXIT, EXIT_RESTART, 5, 0, 0, &keep);
        CU_ASSERT_FALSE(keep);
        CU_ASSERT_EQUAL(p->state, PROCESS_RUNNABLE);
        CU_ASSERT_EQUAL(p->restart_count, i + 1);
        CU_ASSERT_EQUAL(p->exit_code, 5);   /* the completion code survives the restart */
        ids[2 + i] = p->id;
        CU_ASSERT_NOT_EQUAL(p->id, 0);
        for (unsigned j = 0; j < 2 + i; j++)
            CU_ASSERT_NOT_EQUAL(p->id, ids[j]);   /* never reused */
    }
    CU_ASSERT_PTR_EQUAL(kernel_process_by_id(&B->k, p->id), p);
    CU_ASSERT_PTR_NULL(kernel_process_by_id(&B->k, ids[0]));

    /* memory zeroed, break back to its start, no grants, no upcalls */
    const uint8_t *ram = fake_host(B, p, p->ram_start);
    unsigned nonzero = 0;
    for (uint32_t i = 0; i < p->ram_size; i++)
        nonzero += ram[i] != 0;
    CU_ASSERT_EQUAL(nonzero, 0);
    CU_ASSERT_EQUAL(p->app_break, p->ram_start + 32);
    CU_ASSERT_EQUAL(p->queue_count, 0);
    CU_ASSERT_PTR_NULL(grant_peek(&B->k, p, &echo));
    CU_ASSERT_EQUAL(kt_grant_start(p), p->ram_start + p->ram_size);
    struct cpu_regs r = kt_sys(p, SYSCALL_SUBSCRIBE, ECHO, 0, 0, 0);
    CU_ASSERT_EQUAL(r.r[1], 0);   /* the old subscription is gone */
    CU_ASSERT_EQUAL(r.r[2], 0);
    /* the other process was not touched */
    CU_ASSERT_EQUAL(q->id, ids[1]);
    CU_ASSERT_EQUAL(q->state, PROCESS_RUNNABLE);
}

static void test_exit_unknown_type_is_nosupport(void)
{
    struct process *p = app();
    bool keep = false;
    struct cpu_regs r = kt_sys_k(p, SYSCALL_EXIT, 2, 7, 0xE2, 0xE3, &keep);
    CU_ASSERT_TRUE(keep);
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE);
    CU_ASSERT_EQUAL(r.r[1], TOCK_NOSUPPORT);
    CU_ASSERT_EQUAL(r.r[2], 0xE2);
    CU_ASSERT_EQUAL(r.r[3], 0xE3);
    CU_ASSERT_EQUAL(p->state, PROCESS_RUNNABLE);
    CU_ASSERT_EQUAL(p->restart_count, 0);
    r = kt_sys_k(p, SYSCALL_EXIT, 0xFFFFFFFF, 7, 0, 0, &keep);
    CU_ASSERT_TRUE(keep);
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE);
    CU_ASSERT_EQUAL(r.r[1], TOCK_NOSUPPORT);
    kt_assert_sentinels(p);
}

/* ---- unknown class ---------------------------------------------------------------------- */

static void test_unknown_class_faults_only_that_process(void)
{
    struct process *p = app();
    struct process *q = kt_proc("bystander");
    static const uint32_t bad_classes[] = {8, 9, 0x100, 0xFFFFFFFF};
    bool keep = true;
    kt_sys_k(p, bad_classes[0], 1, 2, 3, 4, &keep);
    CU_ASSERT_FALSE(keep);
    CU_ASSERT_EQUAL(p->state, PROCESS_FAULTED);
    CU_ASSERT_EQUAL(p->fault.kind, FAULT_KERNEL);
    CU_ASSERT_TRUE(kt_log_has("App fault: app"));
    CU_ASSERT_TRUE(kt_log_has("unknown system call class"));
    CU_ASSERT_FALSE(kt_log_has("bystander (id"));

    /* the other process carries on */
    struct cpu_regs r = kt_sys_k(q, SYSCALL_COMMAND, ECHO, 1, 1, 0, &keep);
    CU_ASSERT_TRUE(keep);
    CU_ASSERT_EQUAL(r.r[1], 2);
    CU_ASSERT_TRUE(kernel_run_next(&B->k));
    CU_ASSERT_EQUAL(B->runs[q->index], 1);
    CU_ASSERT_EQUAL(B->runs[p->index], 0);

    for (unsigned i = 1; i < 4; i++) {
        struct process *x = kt_proc("x");
        kt_sys_k(x, bad_classes[i], 0, 0, 0, 0, &keep);
        CU_ASSERT_FALSE(keep);
        CU_ASSERT_EQUAL(x->state, PROCESS_FAULTED);
    }
    CU_ASSERT_EQUAL(q->state, PROCESS_YIELDED);
}

/* ---- yield ------------------------------------------------------------------------------ */

static void test_yield_no_wait_flag(void)
{
    struct process *p = app();
    uint32_t flag = fake_ram_addr(p, 0x200);
    uint8_t *host = fake_host(B, p, flag);
    bool keep = false;

    *host = 0xAA;
    struct cpu_regs r = kt_sys_k(p, SYSCALL_YIELD, YIELD_NO_WAIT, flag, 0xB2, 0xB3, &keep);
    CU_ASSERT_TRUE(keep);
    CU_ASSERT_EQUAL(*host, 0);            /* nothing ran */
    CU_ASSERT_EQUAL(host[1], 0);          /* only one byte */
    CU_ASSERT_EQUAL(r.r[0], YIELD_NO_WAIT);   /* no return value */
    CU_ASSERT_EQUAL(r.r[1], flag);
    CU_ASSERT_EQUAL(r.r[2], 0xB2);
    CU_ASSERT_EQUAL(r.r[3], 0xB3);
    CU_ASSERT_EQUAL(p->state, PROCESS_RUNNABLE);

    kt_sys(p, SYSCALL_SUBSCRIBE, ECHO, 0, code_addr(p, 0x30), 0);
    upcall_schedule(&B->k, p, &echo, 0, 0, 0, 0);
    host[1] = 0xAA;
    r = kt_sys_k(p, SYSCALL_YIELD, YIELD_NO_WAIT, flag + 1, 0, 0, &keep);
    CU_ASSERT_TRUE(keep);
    CU_ASSERT_EQUAL(host[1], 1);
    CU_ASSERT_EQUAL(r.r[REG_PC], fake_flash_addr(p, 0x30));   /* and the upcall runs */
    CU_ASSERT_EQUAL(p->queue_count, 0);

    /* the last byte below the break can be written */
    uint8_t *last = fake_host(B, p, p->app_break - 1);
    *last = 0xAA;
    kt_sys(p, SYSCALL_YIELD, YIELD_NO_WAIT, p->app_break - 1, 0, 0);
    CU_ASSERT_EQUAL(*last, 0);
}

static void test_yield_no_wait_flag_outside_app_ram_is_not_written(void)
{
    struct process *p = app();
    kt_sys(p, SYSCALL_SUBSCRIBE, ECHO, 0, 0, 0);   /* a grant region exists */
    uint32_t places[] = {
        fake_flash_addr(p, 0x10),      /* flash */
        p->kernel_break,               /* the grant region */
        p->kernel_break + 8,
        p->app_break,                  /* just above the break */
        p->ram_start - 1,              /* just below RAM */
    };
    for (unsigned i = 0; i < sizeof places / sizeof places[0]; i++) {
        uint8_t *host = fake_host(B, p, places[i]);
        uint8_t before = host ? *host : 0;
        if (host)
            *host = before = 0xAA;     /* a value the kernel would overwrite with 0 */
        bool keep = false;
        kt_sys_k(p, SYSCALL_YIELD, YIELD_NO_WAIT, places[i], 0, 0, &keep);
        CU_ASSERT_TRUE(keep);
        if (host)
            CU_ASSERT_EQUAL(*host, before);
    }
    /* and the flag address 0 means "no flag" */
    bool keep = false;
    kt_sys_k(p, SYSCALL_YIELD, YIELD_NO_WAIT, 0, 0, 0, &keep);
    CU_ASSERT_TRUE(keep);
    CU_ASSERT_EQUAL(p->state, PROCESS_RUNNABLE);
}

static void test_yield_wait_blocks(void)
{
    struct process *p = app();
    bool keep = true;
    struct cpu_regs r = kt_sys_k(p, SYSCALL_YIELD, YIELD_WAIT, 0, 0xB2, 0xB3, &keep);
    CU_ASSERT_FALSE(keep);
    CU_ASSERT_EQUAL(p->state, PROCESS_YIELDED);
    CU_ASSERT_EQUAL(r.r[1], 0);
    CU_ASSERT_EQUAL(r.r[2], 0xB2);
    CU_ASSERT_FALSE(kernel_run_next(&B->k));   /* nothing to wake it */

    struct process *q = kt_proc("q");
    kt_sys_k(q, SYSCALL_YIELD, YIELD_WAIT_FOR, ECHO, 0, 0, &keep);
    CU_ASSERT_FALSE(keep);
    CU_ASSERT_EQUAL(q->state, PROCESS_YIELDED_FOR);
    CU_ASSERT_EQUAL(q->wait_driver, ECHO);
    CU_ASSERT_EQUAL(q->wait_subscribe, 0);
}

static void test_yield_unknown_type_returns_at_once(void)
{
    struct process *p = app();
    kt_sys(p, SYSCALL_SUBSCRIBE, ECHO, 0, code_addr(p, 0x30), 0);
    upcall_schedule(&B->k, p, &echo, 0, 1, 2, 3);
    static const uint32_t kinds[] = {3, 4, 100, 0xFFFFFFFF};
    for (unsigned i = 0; i < 4; i++) {
        bool keep = false;
        uint32_t pc = B->regs[p->index].r[REG_PC];
        struct cpu_regs r = kt_sys_k(p, SYSCALL_YIELD, kinds[i], 0xB1, 0xB2, 0xB3, &keep);
        CU_ASSERT_TRUE(keep);
        CU_ASSERT_EQUAL(p->state, PROCESS_RUNNABLE);
        CU_ASSERT_EQUAL(r.r[0], kinds[i]);
        CU_ASSERT_EQUAL(r.r[1], 0xB1);
        CU_ASSERT_EQUAL(r.r[2], 0xB2);
        CU_ASSERT_EQUAL(r.r[3], 0xB3);
        CU_ASSERT_EQUAL(r.r[REG_PC], pc + 2);   /* just past the svc: no upcall ran */
        CU_ASSERT_EQUAL(p->queue_count, 1);
    }
    kt_assert_sentinels(p);
}

/* ---- driver table and traces ---------------------------------------------------------- */

static void test_driver_table(void)
{
    add_drivers();
    CU_ASSERT_EQUAL(kernel_add_driver(&B->k, &echo), -1);   /* number taken */
    struct driver twin = echo;
    CU_ASSERT_EQUAL(kernel_add_driver(&B->k, &twin), -1);
    uint32_t index = 99;
    CU_ASSERT_PTR_EQUAL(kernel_find_driver(&B->k, OTHER, &index), &other);
    CU_ASSERT_EQUAL(index, 1);
    CU_ASSERT_PTR_NULL(kernel_find_driver(&B->k, MISSING, &index));
    /* 0x50000 and 0x5003b share a lookup bucket: the second is found by the table search */
    static struct driver first, second;
    first = echo;
    first.num = 0x50000;
    second = echo;
    second.num = 0x5003b;
    CU_ASSERT_EQUAL(kernel_add_driver(&B->k, &first), 0);
    CU_ASSERT_EQUAL(kernel_add_driver(&B->k, &second), 0);
    CU_ASSERT_PTR_EQUAL(kernel_find_driver(&B->k, 0x50000, NULL), &first);
    CU_ASSERT_PTR_EQUAL(kernel_find_driver(&B->k, 0x5003b, &index), &second);
    CU_ASSERT_PTR_EQUAL(B->k.drivers[index], &second);
    CU_ASSERT_PTR_NULL(kernel_find_driver(&B->k, 0x50001, NULL));
    static struct driver many[KERNEL_MAX_DRIVERS];
    unsigned added = 0;
    for (unsigned i = 0; i < KERNEL_MAX_DRIVERS; i++) {
        many[i] = echo;
        many[i].num = 0x70000 + i;
        added += kernel_add_driver(&B->k, &many[i]) == 0;
    }
    CU_ASSERT_EQUAL(added, KERNEL_MAX_DRIVERS - 6);
    CU_ASSERT_EQUAL(B->k.driver_count, KERNEL_MAX_DRIVERS);
}

static void test_syscall_trace(void)
{
    struct process *p = app();
    B->k.trace = TRACE_SYSCALLS;
    kt_sys(p, SYSCALL_COMMAND, ECHO, 1, 4, 0);
    CU_ASSERT_TRUE(kt_log_has("[trace] app(1): command echo/1(0x4, 0x0) -> Success u32 0x5"));
    kt_sys(p, SYSCALL_COMMAND, MISSING, 0, 0, 0);
    CU_ASSERT_TRUE(kt_log_has("command 0x9ffff/0(0x0, 0x0) -> Failure NODEVICE"));
    CU_ASSERT_TRUE(kt_log_has("-> Failure NODEVICE"));
    kt_sys(p, SYSCALL_ALLOW_RW, ECHO, 0, 0xBAD, 4);
    CU_ASSERT_TRUE(kt_log_has("allow-rw echo/0(0xbad, 4) -> Failure 2*u32 INVAL"));
    kt_sys(p, SYSCALL_MEMOP, 12, 0, 0, 0);
    CU_ASSERT_TRUE(kt_log_has("memop 12(0x0) -> Failure NOSUPPORT"));
    B->k.trace = 0;
    size_t len = B->log_len;
    kt_sys(p, SYSCALL_COMMAND, ECHO, 1, 4, 0);
    CU_ASSERT_EQUAL(B->log_len, len);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"command: each variant writes only its registers", test_command_variants_write_only_their_registers},
        {"command: arguments reach the driver", test_command_passes_arguments_and_keeps_running},
        {"command: missing driver -> NODEVICE", test_command_missing_driver_is_nodevice},
        {"command: unknown command -> the driver's answer", test_command_unknown_returns_what_the_driver_says},
        {"permissions: denied driver -> NODEVICE", test_permissions_deny_a_driver_with_nodevice},
        {"permissions: denied command -> NOSUPPORT", test_permissions_deny_a_command_with_nosupport},
        {"command: capsule faults the caller (restart policy)", test_command_that_faults_the_caller},
        {"command: capsule terminates the caller", test_command_that_terminates_the_caller},
        {"subscribe: swap semantics", test_subscribe_swaps},
        {"subscribe: fn outside flash -> INVAL", test_subscribe_function_outside_flash_is_inval},
        {"subscribe: number out of range -> NOSUPPORT", test_subscribe_number_out_of_range_is_nosupport},
        {"subscribe: missing driver -> NODEVICE", test_subscribe_missing_driver_is_nodevice},
        {"subscribe: drops pending upcalls of that slot", test_subscribe_drops_pending_upcalls_of_that_slot},
        {"allow: swap semantics", test_allow_swaps},
        {"allow: capsules see the buffer", test_allow_gives_capsules_the_buffer},
        {"allow: zero length at any address", test_allow_zero_length_at_any_address},
        {"allow: outside app RAM -> INVAL", test_allow_buffer_outside_app_ram_is_inval},
        {"allow: RO from flash, RW from flash INVAL", test_allow_ro_from_flash_rw_from_flash_not},
        {"allow: number out of range -> NOSUPPORT", test_allow_number_out_of_range_is_nosupport},
        {"allow: missing driver -> NODEVICE", test_allow_missing_driver_is_nodevice},
        {"allow: driver's check refuses, old buffer kept", test_allow_check_refusal_keeps_old_buffer},
        {"memop: 2-6 memory facts", test_memop_information},
        {"memop: 7-9 without writeable regions", test_memop_writeable_regions_absent},
        {"memop: 7-9 with writeable regions", test_memop_writeable_regions},
        {"memop: 10/11 recorded", test_memop_debug_hints_are_recorded},
        {"memop: unknown -> NOSUPPORT", test_memop_unknown_is_nosupport},
        {"memop: brk/sbrk success", test_memop_brk_and_sbrk},
        {"memop: brk/sbrk NOMEM", test_memop_brk_nomem},
        {"memop: brk cannot cut an allowed buffer", test_memop_brk_cannot_cut_an_allowed_buffer},
        {"exit: terminate", test_exit_terminate},
        {"exit: restart", test_exit_restart},
        {"exit: unknown type -> NOSUPPORT", test_exit_unknown_type_is_nosupport},
        {"unknown class faults the process only", test_unknown_class_faults_only_that_process},
        {"yield no-wait: flag byte", test_yield_no_wait_flag},
        {"yield no-wait: flag outside app RAM untouched", test_yield_no_wait_flag_outside_app_ram_is_not_written},
        {"yield wait / wait-for block", test_yield_wait_blocks},
        {"yield: unknown type returns at once", test_yield_unknown_type_returns_at_once},
        {"driver table", test_driver_table},
        {"syscall trace lines", test_syscall_trace},
        {NULL, NULL},
    };
    return kt_run("syscalls", tests);
}
