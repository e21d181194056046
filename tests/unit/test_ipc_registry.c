/* IPC registries (0xA0000 string name, 0xA0001 package name), their registration policy,
 * the identity driver (0xA0002) and the IPC identifier helpers, driven as apps drive them:
 * allow, command, and upcalls taken with yield-wait-for through the fake CPU backend. */
#include "kt_helpers.h"

#include "identity.h"
#include "ipc_id.h"
#include "ipc_trace.h"
#include "policy.h"
#include "registry.h"

#define APP_RAM 0x1000u
#define NAME_OFF 0x400u         /* where a test puts the registry name in app RAM */
#define BUF_OFF 0x800u          /* other buffers */
#define STR DRIVER_IPC_REGISTRY_STRING
#define PKG DRIVER_IPC_REGISTRY_PACKAGE
#define IDN DRIVER_IPC_IDENTITY

static struct registry string_registry, package_registry;
static struct identity identity;
static struct ipc_policy policy;

/* The IPC drivers on the test's fresh board B; pol NULL = permissive. */
static void ipc_board(const struct ipc_policy *pol)
{
    registry_init(&string_registry, REGISTRY_STRING_NAME, pol);
    registry_init(&package_registry, REGISTRY_PACKAGE_NAME, pol);
    identity_init(&identity);
    CU_ASSERT_EQUAL_FATAL(kernel_add_driver(&B->k, &string_registry.driver), 0);
    CU_ASSERT_EQUAL_FATAL(kernel_add_driver(&B->k, &package_registry.driver), 0);
    CU_ASSERT_EQUAL_FATAL(kernel_add_driver(&B->k, &identity.driver), 0);
}

/* ---- processes ---------------------------------------------------------------------------- */

static struct process *app(const char *name)
{
    struct process *p = kt_proc(name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    return p;
}

static struct process *app_with_short_id(const char *name, uint32_t short_id)
{
    struct tbf_header t = kt_header(name, 0);
    t.has_short_id = true;
    t.short_id = short_id;
    struct process *p = kt_start(&t, APP_RAM);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL_FATAL(p->short_id, short_id);
    return p;
}

static void exit_process(struct process *p, uint32_t kind)
{
    bool keep = true;
    kt_sys_k(p, SYSCALL_EXIT, kind, 0, 0, 0, &keep);
    CU_ASSERT_FALSE(keep);
}

/* Restart p as exit-restart does, then give the new instance its app RAM back. */
static void restart(struct process *p)
{
    uint32_t old = p->id;
    exit_process(p, EXIT_RESTART);
    CU_ASSERT_NOT_EQUAL(p->id, old);
    struct cpu_regs r = kt_sys(p, SYSCALL_MEMOP, 0, p->ram_start + APP_RAM, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS);
}

static void fault(struct process *p)
{
    struct cpu_fault f = {.kind = FAULT_KERNEL};
    kernel_process_fault(&B->k, p, &f);
}

/* ---- the app's side ----------------------------------------------------------------------- */

static struct cpu_regs cmd(struct process *p, uint32_t drv, uint32_t c, uint32_t a0, uint32_t a1)
{
    return kt_sys(p, SYSCALL_COMMAND, drv, c, a0, a1);
}

static void expect_success(struct cpu_regs r) { CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS); }

static void expect_failure(struct cpu_regs r, uint32_t err)
{
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE);
    CU_ASSERT_EQUAL(r.r[1], err);
}

/* Copy bytes into p's RAM at off and allow them (kind RO or RW); len 0 revokes. */
static void allow_at(struct process *p, uint32_t kind, uint32_t drv, uint32_t off,
                     const void *bytes, uint32_t len)
{
    uint32_t addr = len ? fake_ram_addr(p, off) : 0;
    if (len && bytes)
        memcpy(fake_host(B, p, addr), bytes, len);
    struct cpu_regs r = kt_sys(p, kind, drv, 0, addr, len);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
}

/* A 20-byte string-registry name: text, zero padded. */
static void allow_string_name(struct process *p, const char *text)
{
    uint8_t name[REGISTRY_STRING_NAME_LEN] = {0};
    memcpy(name, text, strlen(text));
    allow_at(p, SYSCALL_ALLOW_RO, STR, NAME_OFF, name, sizeof name);
}

/* A package name as a discovering app allows it: the bytes, no NUL. */
static void allow_package_name(struct process *p, const char *text)
{
    allow_at(p, SYSCALL_ALLOW_RO, PKG, NAME_OFF, text, (uint32_t)strlen(text));
}

#define pending(p, drv, sub) fake_pending_upcalls(p, drv, sub)

/* Take the queued upcall (drv, sub) with yield-wait-for and check its arguments. */
static void expect_upcall(struct process *p, uint32_t drv, uint32_t sub, uint32_t a0,
                          uint32_t a1, uint32_t a2)
{
    CU_ASSERT_EQUAL_FATAL(pending(p, drv, sub), 1);
    uint32_t args[3];
    CU_ASSERT_TRUE(fake_take_upcall(B, p, drv, sub, args));
    CU_ASSERT_EQUAL(args[0], a0);
    CU_ASSERT_EQUAL(args[1], a1);
    CU_ASSERT_EQUAL(args[2], a2);
}

static void expect_no_upcalls(struct process *p, uint32_t drv)
{
    CU_ASSERT_EQUAL(pending(p, drv, 0) + pending(p, drv, 1), 0);
}

/* Discovery found `server`: upcall 1 (0, instance id, ShortId). */
static void expect_found(struct process *p, uint32_t drv, const struct process *server)
{
    expect_upcall(p, drv, REGISTRY_UPCALL_DISCOVERED, TOCK_OK, server->id, server->short_id);
}

static void expect_not_found(struct process *p, uint32_t drv)
{
    expect_upcall(p, drv, REGISTRY_UPCALL_DISCOVERED, TOCK_NODEVICE, 0, 0);
}

/* Register p under a string name and take the registration upcall. */
static void register_string(struct process *p, const char *name)
{
    allow_string_name(p, name);
    expect_success(cmd(p, STR, REGISTRY_CMD_REGISTER, 0, 0));
    expect_upcall(p, STR, REGISTRY_UPCALL_REGISTERED, TOCK_OK, 0, 0);
}

static void register_package(struct process *p)
{
    expect_success(cmd(p, PKG, REGISTRY_CMD_REGISTER, 0, 0));
    expect_upcall(p, PKG, REGISTRY_UPCALL_REGISTERED, TOCK_OK, 0, 0);
}

/* Discover a string name from p: expect `server` or, when NULL, no match. */
static void discover_string(struct process *p, const char *name, const struct process *server)
{
    allow_string_name(p, name);
    expect_success(cmd(p, STR, REGISTRY_CMD_DISCOVER, 0, 0));
    if (server)
        expect_found(p, STR, server);
    else
        expect_not_found(p, STR);
}

static void discover_package(struct process *p, const char *name, const struct process *server)
{
    allow_package_name(p, name);
    expect_success(cmd(p, PKG, REGISTRY_CMD_DISCOVER, 0, 0));
    if (server)
        expect_found(p, PKG, server);
    else
        expect_not_found(p, PKG);
}

static void clear_log(void)
{
    B->log_len = 0;
    B->log[0] = '\0';
}

/* ---- IPC identifiers ---------------------------------------------------------------------- */

static void test_ipc_id(void)
{
    ipc_board(NULL);
    CU_ASSERT_EQUAL(ipc_id_join(0x11223344u, 0xAABBCCDDu), 0xAABBCCDD11223344ull);
    CU_ASSERT_EQUAL(ipc_id_lo(0xAABBCCDD11223344ull), 0x11223344u);
    CU_ASSERT_EQUAL(ipc_id_hi(0xAABBCCDD11223344ull), 0xAABBCCDDu);

    struct process *p = app_with_short_id("server", 0x1234);
    struct process *q = app("other");
    uint64_t id = ipc_id_of(p);
    CU_ASSERT_EQUAL(ipc_id_lo(id), p->id);
    CU_ASSERT_EQUAL(ipc_id_hi(id), 0x1234u);
    CU_ASSERT_PTR_EQUAL(ipc_process_of(&B->k, id), p);
    CU_ASSERT_PTR_EQUAL(ipc_process_of(&B->k, ipc_id_of(q)), q);
    /* both halves must match */
    CU_ASSERT_PTR_NULL(ipc_process_of(&B->k, ipc_id_join(p->id, 0x1235)));
    CU_ASSERT_PTR_NULL(ipc_process_of(&B->k, ipc_id_join(p->id, 0)));
    CU_ASSERT_PTR_NULL(ipc_process_of(&B->k, 0));
    CU_ASSERT_PTR_NULL(ipc_process_of(&B->k, ipc_id_join(999, 0x1234)));
    /* a restart makes a new identifier; the old one names nothing */
    restart(p);
    CU_ASSERT_PTR_NULL(ipc_process_of(&B->k, id));
    CU_ASSERT_PTR_EQUAL(ipc_process_of(&B->k, ipc_id_of(p)), p);
    CU_ASSERT_NOT_EQUAL(ipc_id_of(p), id);
    /* a dead process has none either */
    uint64_t qid = ipc_id_of(q);
    exit_process(q, EXIT_TERMINATE);
    CU_ASSERT_PTR_NULL(ipc_process_of(&B->k, qid));
}

/* ---- string registry ---------------------------------------------------------------------- */

static void test_exists_and_unknown_commands(void)
{
    ipc_board(NULL);
    struct process *p = app("p");
    uint32_t drivers[] = {STR, PKG, IDN};
    for (unsigned i = 0; i < 3; i++) {
        expect_success(cmd(p, drivers[i], 0, 0, 0));
        expect_failure(cmd(p, drivers[i], 5, 0, 0), TOCK_NOSUPPORT);
        expect_failure(cmd(p, drivers[i], 0xFFFFFFFFu, 0, 0), TOCK_NOSUPPORT);
    }
    CU_ASSERT_STRING_EQUAL(string_registry.driver.command_name(1), "register");
    CU_ASSERT_STRING_EQUAL(package_registry.driver.command_name(3), "discover_or_wait");
    CU_ASSERT_STRING_EQUAL(string_registry.driver.command_name(4), "cancel_wait");
    CU_ASSERT_PTR_NULL(string_registry.driver.command_name(5));
    CU_ASSERT_STRING_EQUAL(identity.driver.command_name(3), "find_app_id");
    CU_ASSERT_PTR_NULL(identity.driver.command_name(4));
    /* the grant shape of the spec: 2 upcalls, 1 RO allow */
    CU_ASSERT_EQUAL(string_registry.driver.upcall_count, 2);
    CU_ASSERT_EQUAL(string_registry.driver.allow_ro_count, 1);
    CU_ASSERT_EQUAL(package_registry.driver.upcall_count, 2);
    CU_ASSERT_EQUAL(package_registry.driver.allow_ro_count, 1);
    CU_ASSERT_EQUAL(string_registry.driver.num, 0xA0000u);
    CU_ASSERT_EQUAL(package_registry.driver.num, 0xA0001u);
    CU_ASSERT_EQUAL(identity.driver.num, 0xA0002u);
}

static void test_register_bad_names(void)
{
    ipc_board(NULL);
    struct process *p = app("p");
    uint8_t name[32];
    memset(name, 'a', sizeof name);

    /* nothing allowed: length 0 */
    expect_failure(cmd(p, STR, REGISTRY_CMD_REGISTER, 0, 0), TOCK_SIZE);
    allow_at(p, SYSCALL_ALLOW_RO, STR, NAME_OFF, name, 19);
    expect_failure(cmd(p, STR, REGISTRY_CMD_REGISTER, 0, 0), TOCK_SIZE);
    expect_failure(cmd(p, STR, REGISTRY_CMD_DISCOVER, 0, 0), TOCK_SIZE);
    expect_failure(cmd(p, STR, REGISTRY_CMD_DISCOVER_OR_WAIT, 0, 0), TOCK_SIZE);
    allow_at(p, SYSCALL_ALLOW_RO, STR, NAME_OFF, name, 21);
    expect_failure(cmd(p, STR, REGISTRY_CMD_REGISTER, 0, 0), TOCK_SIZE);
    memset(name, 0, sizeof name);
    allow_at(p, SYSCALL_ALLOW_RO, STR, NAME_OFF, name, 20);
    expect_failure(cmd(p, STR, REGISTRY_CMD_REGISTER, 0, 0), TOCK_INVAL);
    expect_failure(cmd(p, STR, REGISTRY_CMD_DISCOVER, 0, 0), TOCK_INVAL);
    expect_failure(cmd(p, STR, REGISTRY_CMD_DISCOVER_OR_WAIT, 0, 0), TOCK_INVAL);
    /* failures schedule nothing and leave no wait behind */
    expect_no_upcalls(p, STR);
    expect_failure(cmd(p, STR, REGISTRY_CMD_CANCEL_WAIT, 0, 0), TOCK_INVAL);
}

static void test_register_and_discover(void)
{
    ipc_board(NULL);
    struct process *server = app_with_short_id("server", 0xC0DE);
    struct process *client = app("client");

    discover_string(client, "keystore", NULL);
    register_string(server, "keystore");
    discover_string(client, "keystore", server);
    /* the halves are the instance id and the ShortId */
    CU_ASSERT_EQUAL(server->short_id, 0xC0DEu);

    /* all 20 bytes count, also those after a NUL */
    uint8_t other[REGISTRY_STRING_NAME_LEN] = "keystore";
    other[19] = 'x';
    allow_at(client, SYSCALL_ALLOW_RO, STR, NAME_OFF, other, sizeof other);
    expect_success(cmd(client, STR, REGISTRY_CMD_DISCOVER, 0, 0));
    expect_not_found(client, STR);
    discover_string(client, "keystor", NULL);

    /* discovery never finds the caller itself (as upstream) */
    discover_string(server, "keystore", NULL);
    expect_no_upcalls(server, STR);
}

static void test_register_already_held(void)
{
    ipc_board(NULL);
    struct process *first = app("first");
    struct process *second = app("second");
    struct process *client = app("client");

    register_string(first, "svc");
    allow_string_name(second, "svc");
    expect_failure(cmd(second, STR, REGISTRY_CMD_REGISTER, 0, 0), TOCK_ALREADY);
    expect_no_upcalls(second, STR);
    discover_string(client, "svc", first);

    /* a process stopped from the console is alive: it keeps its name */
    kernel_process_stop(&B->k, first);
    expect_failure(cmd(second, STR, REGISTRY_CMD_REGISTER, 0, 0), TOCK_ALREADY);
    discover_string(client, "svc", first);
    kernel_process_resume(&B->k, first);

    /* once the holder is gone, first come first served again */
    exit_process(first, EXIT_TERMINATE);
    register_string(second, "svc");
    discover_string(client, "svc", second);
}

static void test_register_again_replaces(void)
{
    ipc_board(NULL);
    struct process *p = app("p");
    struct process *q = app("q");

    register_string(p, "alpha");
    register_string(p, "alpha");        /* the same name again: fine */
    register_string(p, "beta");
    discover_string(q, "alpha", NULL);
    discover_string(q, "beta", p);
    /* the old name is free for others */
    register_string(q, "alpha");
    discover_string(p, "alpha", q);
}

/* ---- discover-or-wait and cancel ---------------------------------------------------------- */

static void test_wait_told_once(void)
{
    ipc_board(NULL);
    struct process *waiter = app("waiter");
    struct process *other_waiter = app("other_waiter");
    struct process *bystander = app("bystander");
    struct process *server = app_with_short_id("server", 0x5150);

    allow_string_name(waiter, "svc");
    expect_success(cmd(waiter, STR, REGISTRY_CMD_DISCOVER_OR_WAIT, 0, 0));
    allow_string_name(other_waiter, "other");
    expect_success(cmd(other_waiter, STR, REGISTRY_CMD_DISCOVER_OR_WAIT, 0, 0));
    expect_no_upcalls(waiter, STR);
    /* one pending wait per process, whatever the name */
    expect_failure(cmd(waiter, STR, REGISTRY_CMD_DISCOVER_OR_WAIT, 0, 0), TOCK_ALREADY);
    allow_string_name(waiter, "else");
    expect_failure(cmd(waiter, STR, REGISTRY_CMD_DISCOVER_OR_WAIT, 0, 0), TOCK_ALREADY);
    /* a plain discover still works beside the wait */
    discover_string(waiter, "else", NULL);

    register_string(server, "svc");
    expect_found(waiter, STR, server);
    CU_ASSERT_EQUAL(waiter->queue_count, 0);
    expect_no_upcalls(other_waiter, STR);
    expect_no_upcalls(bystander, STR);

    /* told exactly once: registering again tells nobody */
    register_string(server, "svc");
    expect_no_upcalls(waiter, STR);
    /* the wait is over: nothing to cancel, and a new wait is allowed */
    expect_failure(cmd(waiter, STR, REGISTRY_CMD_CANCEL_WAIT, 0, 0), TOCK_INVAL);
    allow_string_name(waiter, "svc");
    expect_success(cmd(waiter, STR, REGISTRY_CMD_DISCOVER_OR_WAIT, 0, 0));
    expect_found(waiter, STR, server);   /* held already: answered at once */
    expect_failure(cmd(waiter, STR, REGISTRY_CMD_CANCEL_WAIT, 0, 0), TOCK_INVAL);

    /* the other waiter is still waiting and can cancel */
    expect_success(cmd(other_waiter, STR, REGISTRY_CMD_CANCEL_WAIT, 0, 0));
    expect_upcall(other_waiter, STR, REGISTRY_UPCALL_DISCOVERED, TOCK_CANCEL, 0, 0);
    expect_failure(cmd(other_waiter, STR, REGISTRY_CMD_CANCEL_WAIT, 0, 0), TOCK_INVAL);
    register_string(bystander, "other");
    expect_no_upcalls(other_waiter, STR);
}

static void test_wait_many_waiters(void)
{
    ipc_board(NULL);
    struct process *a = app("a");
    struct process *b = app("b");
    struct process *server = app("server");

    allow_string_name(a, "svc");
    expect_success(cmd(a, STR, REGISTRY_CMD_DISCOVER_OR_WAIT, 0, 0));
    allow_string_name(b, "svc");
    expect_success(cmd(b, STR, REGISTRY_CMD_DISCOVER_OR_WAIT, 0, 0));
    /* the waited name was copied: changing the allow does not change the wait */
    allow_string_name(a, "zzz");
    register_string(server, "svc");
    expect_found(a, STR, server);
    expect_found(b, STR, server);
}

static void test_wait_cancel(void)
{
    ipc_board(NULL);
    struct process *p = app("p");
    struct process *server = app("server");

    expect_failure(cmd(p, STR, REGISTRY_CMD_CANCEL_WAIT, 0, 0), TOCK_INVAL);
    allow_string_name(p, "svc");
    expect_success(cmd(p, STR, REGISTRY_CMD_DISCOVER_OR_WAIT, 0, 0));
    expect_success(cmd(p, STR, REGISTRY_CMD_CANCEL_WAIT, 0, 0));
    expect_upcall(p, STR, REGISTRY_UPCALL_DISCOVERED, TOCK_CANCEL, 0, 0);
    expect_failure(cmd(p, STR, REGISTRY_CMD_CANCEL_WAIT, 0, 0), TOCK_INVAL);
    /* a cancelled wait is not told */
    register_string(server, "svc");
    expect_no_upcalls(p, STR);
}

/* ---- release on exit, fault, restart ------------------------------------------------------ */

static void test_release_on_exit(void)
{
    ipc_board(NULL);
    struct process *server = app("server");
    struct process *client = app("client");
    register_string(server, "svc");
    discover_string(client, "svc", server);
    exit_process(server, EXIT_TERMINATE);
    discover_string(client, "svc", NULL);
}

static void test_release_on_fault(void)
{
    ipc_board(NULL);
    struct process *server = app("server");
    struct process *client = app("client");
    register_string(server, "svc");
    fault(server);
    CU_ASSERT_EQUAL(server->state, PROCESS_FAULTED);
    discover_string(client, "svc", NULL);
    register_string(client, "svc");
}

static void test_release_on_restart(void)
{
    ipc_board(NULL);
    struct process *server = app_with_short_id("server", 0x77);
    struct process *client = app("client");
    register_string(server, "svc");
    uint32_t old_id = server->id;

    restart(server);
    discover_string(client, "svc", NULL);

    /* a waiter learns the new instance once it registers again */
    allow_string_name(client, "svc");
    expect_success(cmd(client, STR, REGISTRY_CMD_DISCOVER_OR_WAIT, 0, 0));
    register_string(server, "svc");
    expect_found(client, STR, server);
    CU_ASSERT_NOT_EQUAL(server->id, old_id);

    /* a fault under the restart policy releases the name too */
    server->policy = FAULT_POLICY_RESTART;
    old_id = server->id;
    fault(server);
    CU_ASSERT_TRUE(process_is_alive(server));
    CU_ASSERT_NOT_EQUAL(server->id, old_id);
    discover_string(client, "svc", NULL);
}

static void test_wait_dropped_when_waiter_dies(void)
{
    ipc_board(NULL);
    struct process *gone = app("gone");
    struct process *restarted = app("restarted");
    struct process *server = app("server");

    allow_string_name(gone, "svc");
    expect_success(cmd(gone, STR, REGISTRY_CMD_DISCOVER_OR_WAIT, 0, 0));
    allow_string_name(restarted, "svc");
    expect_success(cmd(restarted, STR, REGISTRY_CMD_DISCOVER_OR_WAIT, 0, 0));
    exit_process(gone, EXIT_TERMINATE);
    restart(restarted);

    /* the new instance has no wait pending */
    expect_failure(cmd(restarted, STR, REGISTRY_CMD_CANCEL_WAIT, 0, 0), TOCK_INVAL);
    register_string(server, "svc");
    expect_no_upcalls(restarted, STR);
    CU_ASSERT_EQUAL(gone->queue_count, 0);
}

/* ---- registration policy ------------------------------------------------------------------ */

static void test_policy_table(void)
{
    ipc_policy_init(&policy);
    const uint8_t id[] = {1, 2, 3};
    CU_ASSERT_EQUAL(ipc_policy_bind_app_id(&policy, "", id, 3), -1);
    CU_ASSERT_EQUAL(ipc_policy_bind_app_id(&policy, NULL, id, 3), -1);
    CU_ASSERT_EQUAL(ipc_policy_bind_app_id(&policy, "x", id, 0), -1);
    CU_ASSERT_EQUAL(ipc_policy_bind_app_id(&policy, "x", NULL, 3), -1);
    CU_ASSERT_EQUAL(ipc_policy_bind_app_id(&policy, "x", id, APP_IDENTIFIER_MAX + 1), -1);
    CU_ASSERT_EQUAL(ipc_policy_bind_short_id(&policy, "x", 0), -1);
    char long_name[IPC_POLICY_NAME_MAX + 2];
    memset(long_name, 'n', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    CU_ASSERT_EQUAL(ipc_policy_bind_short_id(&policy, long_name, 5), -1);
    long_name[IPC_POLICY_NAME_MAX] = '\0';      /* exactly the maximum is fine */
    CU_ASSERT_EQUAL(ipc_policy_bind_short_id(&policy, long_name, 5), 0);
    CU_ASSERT_EQUAL(policy.count, 1);

    /* trailing zero bytes do not count, other bytes do */
    const uint8_t padded[20] = "keystore";
    CU_ASSERT_FALSE(ipc_policy_is_bound(&policy, padded, 20));
    CU_ASSERT_EQUAL(ipc_policy_bind_short_id(&policy, "keystore", 9), 0);
    CU_ASSERT_TRUE(ipc_policy_is_bound(&policy, padded, 20));
    CU_ASSERT_TRUE(ipc_policy_is_bound(&policy, (const uint8_t *)"keystore", 8));
    CU_ASSERT_FALSE(ipc_policy_is_bound(&policy, (const uint8_t *)"keystor", 7));
    CU_ASSERT_FALSE(ipc_policy_is_bound(NULL, padded, 20));

    while (policy.count < IPC_POLICY_MAX_BINDINGS)
        CU_ASSERT_EQUAL(ipc_policy_bind_short_id(&policy, "more", 1), 0);
    CU_ASSERT_EQUAL(ipc_policy_bind_short_id(&policy, "full", 1), -1);
}

static void test_policy_by_app_id(void)
{
    ipc_policy_init(&policy);
    /* under the name policy the application identifier is the package name */
    CU_ASSERT_EQUAL(ipc_policy_bind_app_id(&policy, "keystore", (const uint8_t *)"keystore_app", 12), 0);
    ipc_board(&policy);
    struct process *imposter = app("imposter");
    struct process *real = app("keystore_app");
    struct process *client = app("client");

    /* the imposter starts first and still cannot take the name */
    allow_string_name(imposter, "keystore");
    expect_failure(cmd(imposter, STR, REGISTRY_CMD_REGISTER, 0, 0), TOCK_FAIL);
    expect_no_upcalls(imposter, STR);
    register_string(real, "keystore");
    discover_string(client, "keystore", real);
    /* FAIL, not ALREADY, while the real one holds it */
    expect_failure(cmd(imposter, STR, REGISTRY_CMD_REGISTER, 0, 0), TOCK_FAIL);
    /* unbound names stay first come first served */
    register_string(imposter, "free");
}

static void test_policy_by_short_id(void)
{
    ipc_policy_init(&policy);
    CU_ASSERT_EQUAL(ipc_policy_bind_short_id(&policy, "vault", 0xBEEF), 0);
    CU_ASSERT_EQUAL(ipc_policy_bind_short_id(&policy, "vault", 0xF00D), 0);   /* two apps */
    ipc_board(&policy);
    struct process *imposter = app_with_short_id("vault", 0x1111);
    struct process *first = app_with_short_id("vault_a", 0xBEEF);
    struct process *second = app_with_short_id("vault_b", 0xF00D);

    allow_string_name(imposter, "vault");
    expect_failure(cmd(imposter, STR, REGISTRY_CMD_REGISTER, 0, 0), TOCK_FAIL);
    register_string(first, "vault");
    allow_string_name(second, "vault");
    expect_failure(cmd(second, STR, REGISTRY_CMD_REGISTER, 0, 0), TOCK_ALREADY);
    exit_process(first, EXIT_TERMINATE);
    register_string(second, "vault");
    /* a package name is bound the same way in the package registry */
    expect_failure(cmd(imposter, PKG, REGISTRY_CMD_REGISTER, 0, 0), TOCK_FAIL);
    expect_no_upcalls(imposter, PKG);
}

static void test_policy_locally_unique_never_matches(void)
{
    ipc_policy_init(&policy);
    CU_ASSERT_EQUAL(ipc_policy_bind_short_id(&policy, "svc", 0x42), 0);
    B->k.appid_policy = APPID_POLICY_LOCALLY_UNIQUE;
    ipc_board(&policy);
    struct process *p = app("svc");
    CU_ASSERT_EQUAL(p->short_id, 0);
    allow_string_name(p, "svc");
    expect_failure(cmd(p, STR, REGISTRY_CMD_REGISTER, 0, 0), TOCK_FAIL);
}

/* ---- package-name registry ---------------------------------------------------------------- */

static void test_package_register_needs_name(void)
{
    ipc_board(NULL);
    struct tbf_header t = kt_header(NULL, 0);
    struct process *nameless = kt_start(&t, APP_RAM);
    CU_ASSERT_PTR_NOT_NULL_FATAL(nameless);
    expect_failure(cmd(nameless, PKG, REGISTRY_CMD_REGISTER, 0, 0), TOCK_NOMEM);
    expect_no_upcalls(nameless, PKG);
    /* it can still discover */
    struct process *server = app("server");
    register_package(server);
    discover_package(nameless, "server", server);
}

static void test_package_discover(void)
{
    ipc_board(NULL);
    const char *long_name = "org.example.a-rather-long-package-name.service";
    struct process *server = app(long_name);
    struct process *unregistered = app("quiet");
    struct process *client = app("client");

    discover_package(client, long_name, NULL);
    register_package(server);
    discover_package(client, long_name, server);
    /* byte for byte: no prefix, no extension, no NUL */
    discover_package(client, "org.example", NULL);
    allow_at(client, SYSCALL_ALLOW_RO, PKG, NAME_OFF, long_name, (uint32_t)strlen(long_name) + 1);
    expect_success(cmd(client, PKG, REGISTRY_CMD_DISCOVER, 0, 0));
    expect_not_found(client, PKG);
    /* only registered processes are found */
    discover_package(client, "quiet", NULL);
    register_package(unregistered);
    discover_package(client, "quiet", unregistered);
    /* longer than any package name, or empty: no match */
    char huge[200];
    memset(huge, 'h', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    discover_package(client, huge, NULL);
    allow_at(client, SYSCALL_ALLOW_RO, PKG, NAME_OFF, NULL, 0);
    expect_success(cmd(client, PKG, REGISTRY_CMD_DISCOVER, 0, 0));
    expect_not_found(client, PKG);
    /* the two registries are separate */
    discover_string(client, "quiet", NULL);
    /* released on exit */
    exit_process(server, EXIT_TERMINATE);
    discover_package(client, long_name, NULL);
}

static void test_package_wait(void)
{
    ipc_board(NULL);
    struct process *client = app("client");
    struct process *late = app("late");

    allow_package_name(client, "late");
    expect_success(cmd(client, PKG, REGISTRY_CMD_DISCOVER_OR_WAIT, 0, 0));
    expect_failure(cmd(client, PKG, REGISTRY_CMD_DISCOVER_OR_WAIT, 0, 0), TOCK_ALREADY);
    expect_no_upcalls(client, PKG);
    /* registering in the string registry does not count */
    register_string(late, "late");
    expect_no_upcalls(client, PKG);
    register_package(late);
    expect_found(client, PKG, late);

    /* a name nobody can ever register ends the wait at once */
    char huge[100];
    memset(huge, 'h', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    allow_package_name(client, huge);
    expect_success(cmd(client, PKG, REGISTRY_CMD_DISCOVER_OR_WAIT, 0, 0));
    expect_not_found(client, PKG);
    allow_at(client, SYSCALL_ALLOW_RO, PKG, NAME_OFF, NULL, 0);
    expect_success(cmd(client, PKG, REGISTRY_CMD_DISCOVER_OR_WAIT, 0, 0));
    expect_not_found(client, PKG);
    expect_failure(cmd(client, PKG, REGISTRY_CMD_CANCEL_WAIT, 0, 0), TOCK_INVAL);

    /* cancel */
    allow_package_name(client, "nobody");
    expect_success(cmd(client, PKG, REGISTRY_CMD_DISCOVER_OR_WAIT, 0, 0));
    expect_success(cmd(client, PKG, REGISTRY_CMD_CANCEL_WAIT, 0, 0));
    expect_upcall(client, PKG, REGISTRY_UPCALL_DISCOVERED, TOCK_CANCEL, 0, 0);
}

static void test_package_release_on_restart(void)
{
    ipc_board(NULL);
    struct process *server = app("server");
    struct process *client = app("client");
    register_package(server);
    restart(server);
    discover_package(client, "server", NULL);
    register_package(server);
    discover_package(client, "server", server);
    fault(server);
    discover_package(client, "server", NULL);
}

/* ---- identity ----------------------------------------------------------------------------- */

static void test_identity_short_id(void)
{
    ipc_board(NULL);
    struct process *server = app_with_short_id("server", 0xABCD1234u);
    struct process *client = app("client");

    struct cpu_regs r = cmd(client, IDN, IDENTITY_CMD_SHORT_ID, server->id, server->short_id);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32_U64);
    CU_ASSERT_EQUAL(r.r[1], 0xABCD1234u);
    CU_ASSERT_EQUAL(r.r[2], server->id);
    CU_ASSERT_EQUAL(r.r[3], 0xABCD1234u);

    expect_failure(cmd(client, IDN, IDENTITY_CMD_SHORT_ID, server->id, 0), TOCK_NODEVICE);
    expect_failure(cmd(client, IDN, IDENTITY_CMD_SHORT_ID, 0, 0), TOCK_NODEVICE);
    uint32_t old = server->id;
    restart(server);
    expect_failure(cmd(client, IDN, IDENTITY_CMD_SHORT_ID, old, 0xABCD1234u), TOCK_NODEVICE);
    r = cmd(client, IDN, IDENTITY_CMD_SHORT_ID, server->id, 0xABCD1234u);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32_U64);
    uint32_t id = server->id;
    exit_process(server, EXIT_TERMINATE);
    expect_failure(cmd(client, IDN, IDENTITY_CMD_SHORT_ID, id, 0xABCD1234u), TOCK_NODEVICE);

    /* locally unique: ShortId 0 */
    B->k.appid_policy = APPID_POLICY_LOCALLY_UNIQUE;
    struct process *lu = app("lu");
    r = cmd(client, IDN, IDENTITY_CMD_SHORT_ID, lu->id, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32_U64);
    CU_ASSERT_EQUAL(r.r[1], 0);
    CU_ASSERT_EQUAL(r.r[2], lu->id);
    CU_ASSERT_EQUAL(r.r[3], 0);
}

static void test_identity_app_id(void)
{
    ipc_board(NULL);
    struct process *server = app("keystore");
    struct process *client = app("client");
    uint32_t addr = fake_ram_addr(client, BUF_OFF);
    uint8_t *host = fake_host(B, client, addr);

    /* no buffer: the length, as SIZE */
    struct cpu_regs r = cmd(client, IDN, IDENTITY_CMD_APP_ID, server->id, server->short_id);
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE_U32);
    CU_ASSERT_EQUAL(r.r[1], TOCK_SIZE);
    CU_ASSERT_EQUAL(r.r[2], 8);

    /* room enough */
    memset(host, 0xEE, 32);
    allow_at(client, SYSCALL_ALLOW_RW, IDN, BUF_OFF, NULL, 32);
    r = cmd(client, IDN, IDENTITY_CMD_APP_ID, server->id, server->short_id);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32);
    CU_ASSERT_EQUAL(r.r[1], 8);
    CU_ASSERT_EQUAL(memcmp(host, "keystore", 8), 0);
    CU_ASSERT_EQUAL(host[8], 0xEE);

    /* too short: what fits, and SIZE with the full length */
    memset(host, 0xEE, 32);
    allow_at(client, SYSCALL_ALLOW_RW, IDN, BUF_OFF, NULL, 3);
    r = cmd(client, IDN, IDENTITY_CMD_APP_ID, server->id, server->short_id);
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE_U32);
    CU_ASSERT_EQUAL(r.r[1], TOCK_SIZE);
    CU_ASSERT_EQUAL(r.r[2], 8);
    CU_ASSERT_EQUAL(memcmp(host, "key", 3), 0);
    CU_ASSERT_EQUAL(host[3], 0xEE);

    /* exactly the length */
    allow_at(client, SYSCALL_ALLOW_RW, IDN, BUF_OFF, NULL, 8);
    r = cmd(client, IDN, IDENTITY_CMD_APP_ID, server->id, server->short_id);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32);
    CU_ASSERT_EQUAL(r.r[1], 8);

    /* its own identifier */
    r = cmd(client, IDN, IDENTITY_CMD_APP_ID, client->id, client->short_id);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32);
    CU_ASSERT_EQUAL(r.r[1], 6);
    CU_ASSERT_EQUAL(memcmp(host, "client", 6), 0);

    /* wrong ShortId half, dead process */
    expect_failure(cmd(client, IDN, IDENTITY_CMD_APP_ID, server->id, server->short_id + 1),
                   TOCK_NODEVICE);
    uint32_t id = server->id, sid = server->short_id;
    fault(server);
    expect_failure(cmd(client, IDN, IDENTITY_CMD_APP_ID, id, sid), TOCK_NODEVICE);

    /* no package name: an empty identifier */
    struct tbf_header t = kt_header(NULL, 0);
    struct process *nameless = kt_start(&t, APP_RAM);
    CU_ASSERT_PTR_NOT_NULL_FATAL(nameless);
    r = cmd(client, IDN, IDENTITY_CMD_APP_ID, nameless->id, nameless->short_id);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32);
    CU_ASSERT_EQUAL(r.r[1], 0);
}

static void test_identity_find_app_id(void)
{
    ipc_board(NULL);
    struct process *server = app_with_short_id("keystore", 0x99);
    struct process *client = app("client");

    allow_at(client, SYSCALL_ALLOW_RO, IDN, BUF_OFF, "keystore", 8);
    struct cpu_regs r = cmd(client, IDN, IDENTITY_CMD_FIND_APP_ID, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U64);
    CU_ASSERT_EQUAL(r.r[1], server->id);
    CU_ASSERT_EQUAL(r.r[2], 0x99);

    allow_at(client, SYSCALL_ALLOW_RO, IDN, BUF_OFF, "keystor", 7);
    expect_failure(cmd(client, IDN, IDENTITY_CMD_FIND_APP_ID, 0, 0), TOCK_NODEVICE);
    allow_at(client, SYSCALL_ALLOW_RO, IDN, BUF_OFF, "keystore!", 9);
    expect_failure(cmd(client, IDN, IDENTITY_CMD_FIND_APP_ID, 0, 0), TOCK_NODEVICE);
    allow_at(client, SYSCALL_ALLOW_RO, IDN, BUF_OFF, NULL, 0);
    expect_failure(cmd(client, IDN, IDENTITY_CMD_FIND_APP_ID, 0, 0), TOCK_NODEVICE);

    /* a restart: the same application, a new identifier */
    restart(server);
    allow_at(client, SYSCALL_ALLOW_RO, IDN, BUF_OFF, "keystore", 8);
    r = cmd(client, IDN, IDENTITY_CMD_FIND_APP_ID, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U64);
    CU_ASSERT_EQUAL(r.r[1], server->id);
    exit_process(server, EXIT_TERMINATE);
    expect_failure(cmd(client, IDN, IDENTITY_CMD_FIND_APP_ID, 0, 0), TOCK_NODEVICE);

    /* nameless processes have an empty identifier: an empty query never finds them */
    struct tbf_header t = kt_header(NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(kt_start(&t, APP_RAM));
    allow_at(client, SYSCALL_ALLOW_RO, IDN, BUF_OFF, NULL, 0);
    expect_failure(cmd(client, IDN, IDENTITY_CMD_FIND_APP_ID, 0, 0), TOCK_NODEVICE);
}

/* ---- trace -------------------------------------------------------------------------------- */

static void test_trace(void)
{
    ipc_board(NULL);
    struct process *server = app("keystore");
    struct process *client = app("client");

    register_string(server, "quiet");
    CU_ASSERT_FALSE(kt_log_has("[ipc]"));

    B->k.trace = TRACE_IPC;
    char want[128];
    register_string(server, "keystore");
    snprintf(want, sizeof want, "[ipc] keystore(%u): register \"keystore\" -> ok\n",
             (unsigned)server->id);
    CU_ASSERT_TRUE(kt_log_has(want));
    allow_string_name(client, "keystore");
    expect_failure(cmd(client, STR, REGISTRY_CMD_REGISTER, 0, 0), TOCK_ALREADY);
    snprintf(want, sizeof want, "[ipc] client(%u): register \"keystore\" -> ALREADY\n",
             (unsigned)client->id);
    CU_ASSERT_TRUE(kt_log_has(want));
    discover_string(client, "keystore", server);
    snprintf(want, sizeof want, "[ipc] client(%u): discover \"keystore\" -> keystore(%u)\n",
             (unsigned)client->id, (unsigned)server->id);
    CU_ASSERT_TRUE(kt_log_has(want));

    allow_string_name(client, "later");
    expect_success(cmd(client, STR, REGISTRY_CMD_DISCOVER_OR_WAIT, 0, 0));
    snprintf(want, sizeof want, "[ipc] client(%u): discover-or-wait \"later\" -> waiting\n",
             (unsigned)client->id);
    CU_ASSERT_TRUE(kt_log_has(want));
    register_package(server);
    snprintf(want, sizeof want, "[ipc] keystore(%u): register package \"keystore\" -> ok\n",
             (unsigned)server->id);
    CU_ASSERT_TRUE(kt_log_has(want));

    clear_log();
    uint32_t id = server->id;
    exit_process(server, EXIT_TERMINATE);
    snprintf(want, sizeof want, "[ipc] keystore(%u): release \"keystore\" -> exited\n",
             (unsigned)id);
    CU_ASSERT_TRUE(kt_log_has(want));
    snprintf(want, sizeof want, "[ipc] keystore(%u): release package \"keystore\" -> exited\n",
             (unsigned)id);
    CU_ASSERT_TRUE(kt_log_has(want));

    clear_log();
    expect_failure(cmd(client, IDN, IDENTITY_CMD_SHORT_ID, id, 0), TOCK_NODEVICE);
    snprintf(want, sizeof want, "[ipc] client(%u): identity 0x%x -> NODEVICE\n",
             (unsigned)client->id, (unsigned)id);
    CU_ASSERT_TRUE(kt_log_has(want));
    exit_process(client, EXIT_TERMINATE);
    snprintf(want, sizeof want, "[ipc] client(%u): drop wait \"later\" -> exited\n",
             (unsigned)client->id);
    CU_ASSERT_TRUE(kt_log_has(want));
}

static void test_trace_quote(void)
{
    char out[IPC_TRACE_QUOTE_MAX];
    const uint8_t name[20] = {'a', '"', 'b', 0, 0x7f, 'c'};
    ipc_trace_quote(out, sizeof out, name, sizeof name);
    CU_ASSERT_STRING_EQUAL(out, "\"a\\x22b\\x00\\x7fc\"");
    ipc_trace_quote(out, sizeof out, NULL, 0);
    CU_ASSERT_STRING_EQUAL(out, "\"\"");
    uint8_t big[64];
    memset(big, 0x01, sizeof big);
    ipc_trace_quote(out, sizeof out, big, sizeof big);
    CU_ASSERT_TRUE(strlen(out) < sizeof out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"..."));
    char tiny[4] = "xyz";
    ipc_trace_quote(tiny, sizeof tiny, big, 4);
    CU_ASSERT_STRING_EQUAL(tiny, "");
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"ipc id halves, live lookup, dead and restarted", test_ipc_id},
        {"exists, unknown commands, driver shape", test_exists_and_unknown_commands},
        {"register: SIZE, INVAL, no upcall", test_register_bad_names},
        {"register and discover with id halves", test_register_and_discover},
        {"register: ALREADY while held by a live process", test_register_already_held},
        {"register again replaces own name", test_register_again_replaces},
        {"discover-or-wait: waiter told once, others not", test_wait_told_once},
        {"discover-or-wait: several waiters", test_wait_many_waiters},
        {"cancel wait: CANCEL upcall, INVAL when none", test_wait_cancel},
        {"name released on exit", test_release_on_exit},
        {"name released on fault", test_release_on_fault},
        {"name released on restart, new id", test_release_on_restart},
        {"wait dropped when the waiter dies", test_wait_dropped_when_waiter_dies},
        {"policy table", test_policy_table},
        {"policy: bound by application identifier", test_policy_by_app_id},
        {"policy: bound by ShortId", test_policy_by_short_id},
        {"policy: locally unique never matches a ShortId", test_policy_locally_unique_never_matches},
        {"package registry: NOMEM without a package name", test_package_register_needs_name},
        {"package registry: byte-for-byte, registered only", test_package_discover},
        {"package registry: wait and cancel", test_package_wait},
        {"package registry: released on restart and fault", test_package_release_on_restart},
        {"identity: ShortId and liveness", test_identity_short_id},
        {"identity: application identifier copy", test_identity_app_id},
        {"identity: find by application identifier", test_identity_find_app_id},
        {"trace lines", test_trace},
        {"trace name quoting", test_trace_quote},
        {NULL, NULL},
    };
    return kt_run("ipc_registry", tests);
}
