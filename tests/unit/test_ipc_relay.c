/* The relay capsules, relay request (0xA0010) and relay message (0xA0011), driven as apps
 * drive them: subscribe, allow and command through the fake CPU backend, upcalls taken with
 * yield-wait-for. Covers every command and error path and the races between peers that
 * cancel, exit, fault or restart in the middle of an exchange. */
#include "kt_helpers.h"

#include "ipc_id.h"
#include "relay_message.h"
#include "relay_request.h"

#define APP_RAM 2048u          /* app break of every test process */
#define BUF_OFF 512u           /* where tests put buffers in app RAM */
#define RR DRIVER_RELAY_REQUEST
#define RM DRIVER_RELAY_MESSAGE

static struct relay_request_capsule rr;
static struct relay_message_capsule rm;

static void board(void)
{
    relay_request_capsule_init(&rr);
    relay_message_capsule_init(&rm);
    CU_ASSERT_EQUAL_FATAL(kernel_add_driver(&B->k, &rr.driver), 0);
    CU_ASSERT_EQUAL_FATAL(kernel_add_driver(&B->k, &rm.driver), 0);
}

/* Each test process needs its own name: two with one name are the same application. */
static struct process *app(const char *name)
{
    struct process *p = fake_process(B, name, APP_RAM);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    return p;
}

/* ---- the app's side ---------------------------------------------------------------------- */

static struct cpu_regs command(struct process *p, uint32_t drv, uint32_t cmd, uint32_t a0,
                               uint32_t a1)
{
    return kt_sys(p, SYSCALL_COMMAND, drv, cmd, a0, a1);
}

static struct cpu_regs command_id(struct process *p, uint32_t drv, uint32_t cmd, uint64_t id)
{
    return command(p, drv, cmd, ipc_id_lo(id), ipc_id_hi(id));
}

static void expect_success(struct cpu_regs r)
{
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS);
}

static void expect_failure(struct cpu_regs r, uint32_t err)
{
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE);
    CU_ASSERT_EQUAL(r.r[1], err);
}

static void expect_failure_u64(struct cpu_regs r, uint32_t err, uint64_t v)
{
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE_U64);
    CU_ASSERT_EQUAL(r.r[1], err);
    CU_ASSERT_EQUAL(r.r[2], ipc_id_lo(v));
    CU_ASSERT_EQUAL(r.r[3], ipc_id_hi(v));
}

static void expect_u32_u64(struct cpu_regs r, uint32_t a, uint64_t v)
{
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32_U64);
    CU_ASSERT_EQUAL(r.r[1], a);
    CU_ASSERT_EQUAL(r.r[2], ipc_id_lo(v));
    CU_ASSERT_EQUAL(r.r[3], ipc_id_hi(v));
}

static uint32_t allow_addr(struct process *p, uint32_t off)
{
    return fake_ram_addr(p, BUF_OFF + off);
}

/* Allow [BUF_OFF + off, +len) of p's RAM (the null buffer when len is 0); the host view. */
static uint8_t *allow(struct process *p, uint32_t cls, uint32_t drv, uint32_t num, uint32_t off,
                      uint32_t len)
{
    uint32_t addr = len ? allow_addr(p, off) : 0;
    struct cpu_regs r = kt_sys(p, cls, drv, num, addr, len);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    return len ? fake_host(B, p, addr) : NULL;
}

static void subscribe(struct process *p, uint32_t drv, uint32_t num)
{
    struct cpu_regs r = kt_sys(p, SYSCALL_SUBSCRIBE, drv, num, fake_flash_addr(p, 0x10) | 1u, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
}

#define pending(p, drv, sub) fake_pending_upcalls(p, drv, sub)

/* Take the queued upcall (drv, sub) with yield-wait-for and check its arguments. */
static void expect_upcall(struct process *p, uint32_t drv, uint32_t sub, uint32_t a0,
                          uint32_t a1, uint32_t a2)
{
    CU_ASSERT_TRUE_FATAL(pending(p, drv, sub) > 0);
    uint32_t args[3];
    CU_ASSERT_TRUE(fake_take_upcall(B, p, drv, sub, args));
    CU_ASSERT_EQUAL(args[0], a0);
    CU_ASSERT_EQUAL(args[1], a1);
    CU_ASSERT_EQUAL(args[2], a2);
}

static void expect_upcall_id(struct process *p, uint32_t drv, uint32_t sub, uint64_t id)
{
    expect_upcall(p, drv, sub, ipc_id_lo(id), ipc_id_hi(id), 0);
}

/* Throw away every queued upcall (driver, sub) of p. */
static void drain(struct process *p, uint32_t drv, uint32_t sub)
{
    while (pending(p, drv, sub) > 0)
        kt_sys(p, SYSCALL_YIELD, YIELD_WAIT_FOR, drv, sub, 0);
}

static void exit_process(struct process *p, uint32_t kind)
{
    bool keep = true;
    kt_sys_k(p, SYSCALL_EXIT, kind, 0, 0, 0, &keep);
    CU_ASSERT_FALSE(keep);
}

static void fault_process(struct process *p, enum fault_policy policy)
{
    struct cpu_fault f;
    memset(&f, 0, sizeof f);
    f.kind = FAULT_KERNEL;
    p->policy = policy;
    kernel_process_fault(&B->k, p, &f);
}

/* ---- relay request: helpers -------------------------------------------------------------- */

/* A server with requests enabled, a 16-byte receive buffer and subscribe 1. */
static struct process *server(const char *name)
{
    struct process *s = app(name);
    subscribe(s, RR, RELAY_REQUEST_UPCALL_REQUEST);
    allow(s, SYSCALL_ALLOW_RW, RR, 0, 0, 16);
    expect_success(command(s, RR, RELAY_REQUEST_CMD_ENABLE, 0, 0));
    return s;
}

/* A client whose request is `text` (RO allow at 0) and response buffer 16 bytes (at 64). */
static struct process *client(const char *name, const char *text)
{
    struct process *c = app(name);
    subscribe(c, RR, RELAY_REQUEST_UPCALL_RESPONSE);
    uint32_t len = (uint32_t)strlen(text);
    if (len) {
        uint8_t *buf = allow(c, SYSCALL_ALLOW_RO, RR, 0, 0, len);
        memcpy(buf, text, len);
    }
    allow(c, SYSCALL_ALLOW_RW, RR, 0, 64, 16);
    return c;
}

static struct cpu_regs send(struct process *c, uint64_t to)
{
    return command_id(c, RR, RELAY_REQUEST_CMD_SEND, to);
}

static struct cpu_regs take_any(struct process *s)
{
    return command(s, RR, RELAY_REQUEST_CMD_TAKE_ANY, 0, 0);
}

static struct cpu_regs take_from(struct process *s, uint64_t from)
{
    return command_id(s, RR, RELAY_REQUEST_CMD_TAKE_FROM, from);
}

static struct cpu_regs respond(struct process *s)
{
    return command(s, RR, RELAY_REQUEST_CMD_RESPOND, 0, 0);
}

/* The server's response: RO allow at 256. */
static void set_response(struct process *s, const char *text)
{
    uint32_t len = (uint32_t)strlen(text);
    uint8_t *buf = allow(s, SYSCALL_ALLOW_RO, RR, 0, 256, len);
    if (len)
        memcpy(buf, text, len);
}

static uint8_t *host_at(struct process *p, uint32_t off)
{
    return fake_host(B, p, allow_addr(p, off));
}

/* Send c -> s and check the server's "request waiting" upcall. */
static void send_ok(struct process *c, struct process *s)
{
    expect_success(send(c, ipc_id_of(s)));
    expect_upcall_id(s, RR, RELAY_REQUEST_UPCALL_REQUEST, ipc_id_of(c));
}

/* ---- relay request: tests ---------------------------------------------------------------- */

static void test_rr_exists_and_names(void)
{
    board();
    struct process *p = app("p");
    expect_success(command(p, RR, RELAY_REQUEST_CMD_EXISTS, 0, 0));
    expect_failure(command(p, RR, 0x12, 0, 0), TOCK_NOSUPPORT);
    expect_failure(command(p, RR, 1, 0, 0), TOCK_NOSUPPORT);
    CU_ASSERT_STRING_EQUAL(rr.driver.command_name(0x10), "send");
    CU_ASSERT_STRING_EQUAL(rr.driver.command_name(0x24), "respond");
    CU_ASSERT_PTR_NULL(rr.driver.command_name(0x25));
    CU_ASSERT_EQUAL(rr.driver.num, 0xA0010u);
    CU_ASSERT_EQUAL(rr.driver.upcall_count, 2);
    CU_ASSERT_EQUAL(rr.driver.allow_ro_count, 1);
    CU_ASSERT_EQUAL(rr.driver.allow_rw_count, 1);
}

static void test_rr_round_trip(void)
{
    board();
    struct process *s = server("server");
    struct process *c = client("client", "ping");
    memset(host_at(s, 0), '.', 16);
    memset(host_at(c, 64), '.', 16);

    send_ok(c, s);
    expect_u32_u64(take_any(s), 4, ipc_id_of(c));
    CU_ASSERT_EQUAL(memcmp(host_at(s, 0), "ping....", 8), 0);
    CU_ASSERT_EQUAL(pending(c, RR, RELAY_REQUEST_UPCALL_RESPONSE), 0);

    set_response(s, "pong!");
    expect_success(respond(s));
    expect_upcall(c, RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_OK, 5, 0);
    CU_ASSERT_EQUAL(memcmp(host_at(c, 64), "pong!...", 8), 0);

    /* both transactions are over: the client may send again, the server is idle */
    expect_failure(respond(s), TOCK_INVAL);
    expect_failure_u64(take_any(s), TOCK_NODEVICE, 0);
    send_ok(c, s);
    expect_u32_u64(take_any(s), 4, ipc_id_of(c));
}

static void test_rr_send_errors(void)
{
    board();
    struct process *s = server("server");
    struct process *quiet = app("quiet");        /* never enabled requests */
    struct process *c = client("client", "x");
    struct process *gone = app("gone");
    uint64_t gone_id = ipc_id_of(gone);
    exit_process(gone, EXIT_TERMINATE);

    expect_failure(send(c, 0), TOCK_NODEVICE);
    expect_failure(send(c, ipc_id_join(999, s->short_id)), TOCK_NODEVICE);
    expect_failure(send(c, gone_id), TOCK_NODEVICE);
    /* the right instance with a forged ShortId half */
    expect_failure(send(c, ipc_id_join(s->id, s->short_id + 1)), TOCK_NODEVICE);
    expect_failure(send(c, ipc_id_of(c)), TOCK_INVAL);
    expect_failure(send(c, ipc_id_of(quiet)), TOCK_UNINSTALLED);
    expect_success(command(quiet, RR, RELAY_REQUEST_CMD_ENABLE, 0, 0));
    expect_success(command(quiet, RR, RELAY_REQUEST_CMD_DISABLE, 0, 0));
    expect_failure(send(c, ipc_id_of(quiet)), TOCK_UNINSTALLED);
    /* none of these started a transaction */
    CU_ASSERT_EQUAL(pending(s, RR, RELAY_REQUEST_UPCALL_REQUEST), 0);
    CU_ASSERT_EQUAL(pending(c, RR, RELAY_REQUEST_UPCALL_RESPONSE), 0);
    expect_failure(command(c, RR, RELAY_REQUEST_CMD_CANCEL, 0, 0), TOCK_INVAL);

    /* one outstanding request per client */
    send_ok(c, s);
    expect_failure(send(c, ipc_id_of(s)), TOCK_ALREADY);
    expect_success(command(quiet, RR, RELAY_REQUEST_CMD_ENABLE, 0, 0));
    expect_failure(send(c, ipc_id_of(quiet)), TOCK_ALREADY);
    CU_ASSERT_EQUAL(pending(s, RR, RELAY_REQUEST_UPCALL_REQUEST), 0);
    CU_ASSERT_EQUAL(pending(quiet, RR, RELAY_REQUEST_UPCALL_REQUEST), 0);

    /* a server holding a request is in a transaction too */
    expect_u32_u64(take_any(s), 1, ipc_id_of(c));
    expect_failure(send(s, ipc_id_of(quiet)), TOCK_ALREADY);
}

static void test_rr_take_errors(void)
{
    board();
    struct process *s = server("server");
    struct process *c1 = client("c1", "one");
    struct process *c2 = client("c2", "two");

    expect_failure_u64(take_any(s), TOCK_NODEVICE, 0);
    expect_failure_u64(take_from(s, ipc_id_of(c1)), TOCK_NODEVICE, 0);

    send_ok(c1, s);
    send_ok(c2, s);
    expect_u32_u64(take_any(s), 3, ipc_id_of(c1));
    /* busy until it responds */
    expect_failure_u64(take_any(s), TOCK_ALREADY, 0);
    expect_failure_u64(take_from(s, ipc_id_of(c2)), TOCK_ALREADY, 0);

    /* a client waiting for its own response cannot take */
    expect_success(command(c1, RR, RELAY_REQUEST_CMD_ENABLE, 0, 0));
    expect_failure_u64(take_any(c1), TOCK_ALREADY, 0);

    /* a request the server already holds is not pending any more */
    set_response(s, "");
    expect_success(respond(s));
    expect_upcall(c1, RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_OK, 0, 0);
    expect_failure_u64(take_from(s, ipc_id_of(c1)), TOCK_NODEVICE, 0);
    expect_u32_u64(take_any(s), 3, ipc_id_of(c2));
}

static void test_rr_take_from_client(void)
{
    board();
    struct process *s = server("server");
    struct process *other = server("other");
    struct process *c1 = client("c1", "one");
    struct process *c2 = client("c2", "second");
    struct process *c3 = client("c3", "three");
    struct process *c4 = client("c4", "four");

    send_ok(c1, s);
    send_ok(c2, s);
    send_ok(c3, s);
    send_ok(c4, other);

    expect_u32_u64(take_from(s, ipc_id_of(c2)), 6, ipc_id_of(c2));
    CU_ASSERT_EQUAL(memcmp(host_at(s, 0), "second", 6), 0);
    set_response(s, "ok");
    expect_success(respond(s));
    expect_upcall(c2, RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_OK, 2, 0);

    /* not pending on this server: waiting on another, idle, dead, forged */
    expect_failure_u64(take_from(s, ipc_id_of(c4)), TOCK_NODEVICE, 0);
    expect_failure_u64(take_from(s, ipc_id_of(c2)), TOCK_NODEVICE, 0);
    expect_failure_u64(take_from(s, 12345), TOCK_NODEVICE, 0);
    expect_failure_u64(take_from(s, ipc_id_join(c3->id, c3->short_id ^ 1)), TOCK_NODEVICE, 0);

    /* the others are still there */
    expect_u32_u64(take_from(s, ipc_id_of(c3)), 5, ipc_id_of(c3));
    expect_success(respond(s));
    expect_upcall(c3, RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_OK, 2, 0);
    expect_u32_u64(take_any(s), 3, ipc_id_of(c1));
    expect_u32_u64(take_from(other, ipc_id_of(c4)), 4, ipc_id_of(c4));
}

static void test_rr_response_truncated(void)
{
    board();
    struct process *s = server("server");
    struct process *c = client("client", "q");
    allow(c, SYSCALL_ALLOW_RW, RR, 0, 64, 4);
    memset(host_at(c, 64), '.', 8);

    send_ok(c, s);
    expect_u32_u64(take_any(s), 1, ipc_id_of(c));
    set_response(s, "abcdefgh");
    expect_success(respond(s));
    expect_upcall(c, RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_SIZE, 4, 0);
    CU_ASSERT_EQUAL(memcmp(host_at(c, 64), "abcd....", 8), 0);
    /* over: the server is free, the client may send again */
    expect_failure(respond(s), TOCK_INVAL);
    send_ok(c, s);
}

static void test_rr_request_truncated(void)
{
    board();
    struct process *s = server("server");
    struct process *c = client("client", "a long request");
    allow(s, SYSCALL_ALLOW_RW, RR, 0, 0, 6);
    memset(host_at(s, 0), '.', 8);

    send_ok(c, s);
    expect_failure_u64(take_any(s), TOCK_SIZE, ipc_id_of(c));
    CU_ASSERT_EQUAL(memcmp(host_at(s, 0), "a long..", 8), 0);
    /* the transaction started anyway */
    expect_failure_u64(take_any(s), TOCK_ALREADY, 0);
    set_response(s, "short");
    expect_success(respond(s));
    expect_upcall(c, RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_OK, 5, 0);

    /* the same through take-from */
    send_ok(c, s);
    expect_failure_u64(take_from(s, ipc_id_of(c)), TOCK_SIZE, ipc_id_of(c));
    expect_success(respond(s));
    expect_upcall(c, RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_OK, 5, 0);
}

static void test_rr_notification(void)
{
    board();
    struct process *s = app("server");
    struct process *c = app("client");
    expect_success(command(s, RR, RELAY_REQUEST_CMD_ENABLE, 0, 0));

    /* no buffers at all on either side: a plain notification both ways */
    send_ok(c, s);
    expect_u32_u64(take_any(s), 0, ipc_id_of(c));
    expect_success(respond(s));
    expect_upcall(c, RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_OK, 0, 0);

    /* zero-length buffers allowed explicitly: the same */
    allow(c, SYSCALL_ALLOW_RO, RR, 0, 0, 0);
    allow(s, SYSCALL_ALLOW_RW, RR, 0, 0, 0);
    send_ok(c, s);
    expect_u32_u64(take_any(s), 0, ipc_id_of(c));
    expect_success(respond(s));
    expect_upcall(c, RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_OK, 0, 0);
}

static void test_rr_cancel_pending(void)
{
    board();
    struct process *s = server("server");
    struct process *c = client("client", "req");

    expect_failure(command(c, RR, RELAY_REQUEST_CMD_CANCEL, 0, 0), TOCK_INVAL);
    send_ok(c, s);
    expect_success(command(c, RR, RELAY_REQUEST_CMD_CANCEL, 0, 0));
    expect_upcall(c, RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_CANCEL, 0, 0);
    expect_failure(command(c, RR, RELAY_REQUEST_CMD_CANCEL, 0, 0), TOCK_INVAL);
    /* the request is gone */
    expect_failure_u64(take_any(s), TOCK_NODEVICE, 0);
    expect_failure_u64(take_from(s, ipc_id_of(c)), TOCK_NODEVICE, 0);
    CU_ASSERT_EQUAL(pending(c, RR, RELAY_REQUEST_UPCALL_RESPONSE), 0);
}

static void test_rr_cancel_while_taken(void)
{
    board();
    struct process *s = server("server");
    struct process *c = client("client", "req");
    memset(host_at(c, 64), '.', 16);

    send_ok(c, s);
    expect_u32_u64(take_any(s), 3, ipc_id_of(c));
    expect_success(command(c, RR, RELAY_REQUEST_CMD_CANCEL, 0, 0));
    set_response(s, "late");
    expect_failure(respond(s), TOCK_NODEVICE);

    /* exactly one upcall: the CANCEL; nothing was copied */
    CU_ASSERT_EQUAL(pending(c, RR, RELAY_REQUEST_UPCALL_RESPONSE), 1);
    expect_upcall(c, RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_CANCEL, 0, 0);
    CU_ASSERT_EQUAL(host_at(c, 64)[0], '.');
    /* the server's transaction ended with the failed respond */
    expect_failure(respond(s), TOCK_INVAL);
    expect_failure_u64(take_any(s), TOCK_NODEVICE, 0);
}

/* The client cancels a taken request and sends a new one before the server responds: the
 * old response must not answer the new request. */
static void test_rr_cancel_and_resend_while_taken(void)
{
    board();
    struct process *s = server("server");
    struct process *c = client("client", "first");

    send_ok(c, s);
    expect_u32_u64(take_any(s), 5, ipc_id_of(c));
    expect_success(command(c, RR, RELAY_REQUEST_CMD_CANCEL, 0, 0));
    expect_upcall(c, RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_CANCEL, 0, 0);
    send_ok(c, s);

    set_response(s, "for first");
    expect_failure(respond(s), TOCK_NODEVICE);
    CU_ASSERT_EQUAL(pending(c, RR, RELAY_REQUEST_UPCALL_RESPONSE), 0);

    expect_u32_u64(take_any(s), 5, ipc_id_of(c));
    set_response(s, "for second");
    expect_success(respond(s));
    expect_upcall(c, RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_OK, 10, 0);
}

static void test_rr_client_dies_while_taken(void)
{
    board();
    struct process *s = server("server");
    struct process *c1 = client("c1", "one");
    struct process *c2 = client("c2", "two");

    send_ok(c1, s);
    expect_u32_u64(take_any(s), 3, ipc_id_of(c1));
    exit_process(c1, EXIT_TERMINATE);
    set_response(s, "answer");
    expect_failure(respond(s), TOCK_NODEVICE);
    expect_failure_u64(take_any(s), TOCK_NODEVICE, 0);

    /* a client that restarts is a new instance: the held request is orphaned too */
    send_ok(c2, s);
    expect_u32_u64(take_any(s), 3, ipc_id_of(c2));
    exit_process(c2, EXIT_RESTART);
    CU_ASSERT_TRUE(process_is_alive(c2));
    expect_failure(respond(s), TOCK_NODEVICE);
    CU_ASSERT_EQUAL(pending(c2, RR, RELAY_REQUEST_UPCALL_RESPONSE), 0);
}

static void test_rr_client_dies_while_pending(void)
{
    board();
    struct process *s = server("server");
    struct process *c1 = client("c1", "one");
    struct process *c2 = client("c2", "two");
    struct process *c3 = client("c3", "three");

    send_ok(c1, s);
    send_ok(c2, s);
    send_ok(c3, s);
    uint64_t c2_old = ipc_id_of(c2);
    exit_process(c1, EXIT_TERMINATE);
    fault_process(c2, FAULT_POLICY_RESTART);
    CU_ASSERT_NOT_EQUAL(ipc_id_of(c2), c2_old);

    expect_failure_u64(take_from(s, c2_old), TOCK_NODEVICE, 0);
    expect_u32_u64(take_any(s), 5, ipc_id_of(c3));
    expect_success(respond(s));
    expect_failure_u64(take_any(s), TOCK_NODEVICE, 0);
}

static void test_rr_server_restarts_before_send(void)
{
    board();
    struct process *s = server("server");
    struct process *c = client("client", "req");
    uint64_t discovered = ipc_id_of(s);

    exit_process(s, EXIT_RESTART);
    CU_ASSERT_NOT_EQUAL(ipc_id_of(s), discovered);
    expect_failure(send(c, discovered), TOCK_NODEVICE);
    /* the new instance starts with requests off */
    expect_failure(send(c, ipc_id_of(s)), TOCK_UNINSTALLED);
    expect_success(command(s, RR, RELAY_REQUEST_CMD_ENABLE, 0, 0));
    expect_success(send(c, ipc_id_of(s)));
}

/* A server that exits, faults or restarts ends its clients' requests at once. */
static void server_dies(void (*kill)(struct process *))
{
    struct process *s = server("server");
    struct process *bystander_server = server("bystander");
    struct process *held = client("held", "one");
    struct process *waiting = client("waiting", "two");
    struct process *bystander = client("other", "three");

    send_ok(held, s);
    send_ok(waiting, s);
    send_ok(bystander, bystander_server);
    expect_u32_u64(take_any(s), 3, ipc_id_of(held));

    kill(s);
    CU_ASSERT_EQUAL(pending(held, RR, RELAY_REQUEST_UPCALL_RESPONSE), 1);
    CU_ASSERT_EQUAL(pending(waiting, RR, RELAY_REQUEST_UPCALL_RESPONSE), 1);
    expect_upcall(held, RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_NODEVICE, 0, 0);
    expect_upcall(waiting, RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_NODEVICE, 0, 0);
    CU_ASSERT_EQUAL(pending(bystander, RR, RELAY_REQUEST_UPCALL_RESPONSE), 0);

    /* the clients are free again; the other server is unaffected */
    expect_failure(command(held, RR, RELAY_REQUEST_CMD_CANCEL, 0, 0), TOCK_INVAL);
    expect_success(send(waiting, ipc_id_of(bystander_server)));
    expect_u32_u64(take_from(bystander_server, ipc_id_of(bystander)), 5, ipc_id_of(bystander));
    if (process_is_alive(s)) {
        /* a restarted server is a new instance with nothing pending and requests off */
        expect_failure_u64(take_any(s), TOCK_NODEVICE, 0);
        expect_failure(respond(s), TOCK_INVAL);
    }
}

static void kill_exit(struct process *p) { exit_process(p, EXIT_TERMINATE); }
static void kill_fault(struct process *p) { fault_process(p, FAULT_POLICY_STOP); }
static void kill_restart(struct process *p) { fault_process(p, FAULT_POLICY_RESTART); }
static void kill_terminate(struct process *p) { kernel_process_terminate(&B->k, p, 1); }

static void test_rr_server_exits(void) { board(); server_dies(kill_exit); }
static void test_rr_server_faults(void) { board(); server_dies(kill_fault); }
static void test_rr_server_restarts(void) { board(); server_dies(kill_restart); }
static void test_rr_server_terminated(void) { board(); server_dies(kill_terminate); }

static void test_rr_server_stopped_keeps_clients(void)
{
    board();
    struct process *s = server("server");
    struct process *c = client("client", "req");
    send_ok(c, s);
    kernel_process_stop(&B->k, s);
    CU_ASSERT_EQUAL(pending(c, RR, RELAY_REQUEST_UPCALL_RESPONSE), 0);
    kernel_process_resume(&B->k, s);
    expect_u32_u64(take_any(s), 3, ipc_id_of(c));
}

static void test_rr_disable_with_waiting_clients(void)
{
    board();
    struct process *s = server("server");
    struct process *other = server("other");
    struct process *held = client("held", "one");
    struct process *waiting = client("waiting", "two");
    struct process *elsewhere = client("elsewhere", "three");

    send_ok(held, s);
    send_ok(waiting, s);
    send_ok(elsewhere, other);
    expect_u32_u64(take_any(s), 3, ipc_id_of(held));

    expect_success(command(s, RR, RELAY_REQUEST_CMD_DISABLE, 0, 0));
    expect_upcall(held, RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_UNINSTALLED, 0, 0);
    expect_upcall(waiting, RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_UNINSTALLED, 0, 0);
    CU_ASSERT_EQUAL(pending(elsewhere, RR, RELAY_REQUEST_UPCALL_RESPONSE), 0);
    expect_failure(respond(s), TOCK_INVAL);
    expect_failure_u64(take_any(s), TOCK_NODEVICE, 0);
    expect_failure(send(held, ipc_id_of(s)), TOCK_UNINSTALLED);

    /* disabling again is harmless; enabling brings it back */
    expect_success(command(s, RR, RELAY_REQUEST_CMD_DISABLE, 0, 0));
    CU_ASSERT_EQUAL(pending(held, RR, RELAY_REQUEST_UPCALL_RESPONSE), 0);
    expect_success(command(s, RR, RELAY_REQUEST_CMD_ENABLE, 0, 0));
    send_ok(held, s);
    expect_u32_u64(take_any(s), 3, ipc_id_of(held));
    expect_u32_u64(take_any(other), 5, ipc_id_of(elsewhere));
}

/* A client of one server may itself be a server with requests enabled; disabling its own
 * requests does not end its own client transaction. */
static void test_rr_disable_keeps_own_request(void)
{
    board();
    struct process *s = server("server");
    struct process *mid = server("mid");
    struct process *c = client("client", "x");
    allow(mid, SYSCALL_ALLOW_RO, RR, 0, 0, 0);

    send_ok(mid, s);
    send_ok(c, mid);
    expect_success(command(mid, RR, RELAY_REQUEST_CMD_DISABLE, 0, 0));
    expect_upcall(c, RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_UNINSTALLED, 0, 0);
    expect_u32_u64(take_any(s), 0, ipc_id_of(mid));
    expect_success(respond(s));
}

/* N clients each re-send as soon as they are answered; the server takes any, over and over. */
static void test_rr_fairness(void)
{
    board();
    enum { N = 7, ROUNDS = 70 };
    struct process *c[N];
    uint32_t served[N] = {0};
    char name[8];

    /* the server sits in the middle of the table so the scan wraps around */
    for (int i = 0; i < 3; i++) {
        snprintf(name, sizeof name, "c%d", i);
        c[i] = client(name, "req");
    }
    struct process *s = server("server");
    for (int i = 3; i < N; i++) {
        snprintf(name, sizeof name, "c%d", i);
        c[i] = client(name, "req");
    }
    /* they send in reverse slot order */
    for (int i = N - 1; i >= 0; i--)
        expect_success(send(c[i], ipc_id_of(s)));

    for (int round = 0; round < ROUNDS; round++) {
        drain(s, RR, RELAY_REQUEST_UPCALL_REQUEST);
        struct cpu_regs r = take_any(s);
        CU_ASSERT_EQUAL_FATAL(r.r[0], RV_SUCCESS_U32_U64);
        uint64_t who = ipc_id_join(r.r[2], r.r[3]);
        int i = 0;
        while (i < N && ipc_id_of(c[i]) != who)
            i++;
        CU_ASSERT_FATAL(i < N);
        served[i]++;
        expect_success(respond(s));
        expect_upcall(c[i], RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_OK, 0, 0);
        expect_success(send(c[i], ipc_id_of(s)));      /* hammer: straight back in */
    }
    uint32_t lo = ROUNDS, hi = 0;
    for (int i = 0; i < N; i++) {
        lo = served[i] < lo ? served[i] : lo;
        hi = served[i] > hi ? served[i] : hi;
    }
    CU_ASSERT(lo > 0);
    CU_ASSERT(hi <= 2 * lo);
    CU_ASSERT_EQUAL(lo, ROUNDS / N);       /* strict round robin */
    CU_ASSERT_EQUAL(hi, ROUNDS / N);
}

/* A client that joins late is served within one round, however busy the others are. */
static void test_rr_no_starvation(void)
{
    board();
    struct process *late = client("late", "L");
    struct process *s = server("server");
    struct process *a = client("a", "A");
    struct process *b = client("b", "B");
    expect_success(send(a, ipc_id_of(s)));
    expect_success(send(b, ipc_id_of(s)));

    /* a and b alternate for a while */
    for (int round = 0; round < 5; round++) {
        struct cpu_regs r = take_any(s);
        struct process *who = ipc_id_join(r.r[2], r.r[3]) == ipc_id_of(a) ? a : b;
        expect_success(respond(s));
        drain(who, RR, RELAY_REQUEST_UPCALL_RESPONSE);
        expect_success(send(who, ipc_id_of(s)));
    }
    expect_success(send(late, ipc_id_of(s)));
    int waited = 0;
    for (;;) {
        struct cpu_regs r = take_any(s);
        CU_ASSERT_EQUAL_FATAL(r.r[0], RV_SUCCESS_U32_U64);
        struct process *who = ipc_id_join(r.r[2], r.r[3]) == ipc_id_of(a)   ? a
                              : ipc_id_join(r.r[2], r.r[3]) == ipc_id_of(b) ? b
                                                                            : late;
        expect_success(respond(s));
        if (who == late)
            break;
        drain(who, RR, RELAY_REQUEST_UPCALL_RESPONSE);
        expect_success(send(who, ipc_id_of(s)));
        waited++;
        CU_ASSERT_FATAL(waited <= 2);
    }
    expect_upcall(late, RR, RELAY_REQUEST_UPCALL_RESPONSE, TOCK_OK, 0, 0);
}

static void test_rr_trace(void)
{
    board();
    B->k.trace = TRACE_IPC;
    struct process *s = server("server");
    struct process *c = client("client", "0123456789abcdef");
    send_ok(c, s);
    char line[96];
    snprintf(line, sizeof line, "[ipc] client(%u) -> server(%u): request 16 bytes\n",
             (unsigned)c->id, (unsigned)s->id);
    CU_ASSERT_TRUE(kt_log_has(line));
    expect_u32_u64(take_any(s), 16, ipc_id_of(c));
    set_response(s, "abc");
    expect_success(respond(s));
    snprintf(line, sizeof line, "[ipc] server(%u) -> client(%u): response 3 bytes\n",
             (unsigned)s->id, (unsigned)c->id);
    CU_ASSERT_TRUE(kt_log_has(line));

    /* a peer that is gone is named by its identifier */
    send_ok(c, s);
    expect_u32_u64(take_any(s), 16, ipc_id_of(c));
    uint64_t old = ipc_id_of(c);
    exit_process(c, EXIT_RESTART);
    expect_failure(respond(s), TOCK_NODEVICE);
    snprintf(line, sizeof line, "[ipc] server(%u) -> 0x%llx: response dropped",
             (unsigned)s->id, (unsigned long long)old);
    CU_ASSERT_TRUE(kt_log_has(line));

    /* nothing without the flag */
    B->k.trace = 0;
    size_t before = B->log_len;
    allow(c, SYSCALL_ALLOW_RO, RR, 0, 0, 0);
    send_ok(c, s);
    CU_ASSERT_EQUAL(B->log_len, before);
}

static void test_rr_nomem(void)
{
    board();
    struct process *p = app("p");
    struct cpu_regs r = kt_sys(p, SYSCALL_MEMOP, 0, p->kernel_break, 0, 0);
    CU_ASSERT_EQUAL_FATAL(r.r[0], RV_SUCCESS);
    expect_failure(command(p, RR, RELAY_REQUEST_CMD_EXISTS, 0, 0), TOCK_NOMEM);
    expect_failure(command(p, RM, RELAY_MESSAGE_CMD_EXISTS, 0, 0), TOCK_NOMEM);
}

/* ---- relay message: helpers -------------------------------------------------------------- */

#define SLICE_LEN 64u

/* A receiver with a zeroed v0 slice of len bytes at 0 and subscribe 0/1. */
static uint8_t *receiver_slice(struct process *r, uint32_t len)
{
    subscribe(r, RM, RELAY_MESSAGE_UPCALL_RECEIVED);
    subscribe(r, RM, RELAY_MESSAGE_UPCALL_SENDER_GONE);
    uint8_t *buf = host_at(r, 0);
    memset(buf, 0xEE, len + 16);             /* garbage in the data area and beyond */
    memset(buf, 0, RELAY_SLICE_HEADER);
    return allow(r, SYSCALL_ALLOW_RW, RM, RELAY_MESSAGE_ALLOW_RW_SLICE, 0, len);
}

/* Allowlist at 256 of r with the given ids. */
static void allowlist(struct process *r, const uint64_t *ids, uint32_t n)
{
    uint8_t *buf = allow(r, SYSCALL_ALLOW_RO, RM, RELAY_MESSAGE_ALLOW_RO_ALLOWLIST, 256, n * 8);
    for (uint32_t i = 0; i < n; i++)
        for (int b = 0; b < 8; b++)
            buf[i * 8 + (uint32_t)b] = (uint8_t)(ids[i] >> (8 * b));
}

static void enable(struct process *r, uint32_t flags)
{
    expect_success(command(r, RM, RELAY_MESSAGE_CMD_ENABLE, flags, 0));
}

static struct cpu_regs message(struct process *s, struct process *r, const char *text)
{
    uint32_t len = (uint32_t)strlen(text);
    uint8_t *buf = allow(s, SYSCALL_ALLOW_RO, RM, RELAY_MESSAGE_ALLOW_RO_PAYLOAD, 512, len);
    if (len)
        memcpy(buf, text, len);
    return command_id(s, RM, RELAY_MESSAGE_CMD_SEND, ipc_id_of(r));
}

static uint32_t le32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint64_t le64(const uint8_t *b)
{
    return (uint64_t)le32(b) | (uint64_t)le32(b + 4) << 32;
}

static uint16_t flags_of(const uint8_t *slice) { return (uint16_t)(slice[2] | slice[3] << 8); }
static uint32_t offset_of(const uint8_t *slice) { return le32(slice + 4); }

static void set_header(uint8_t *slice, uint16_t version, uint16_t flags, uint32_t offset)
{
    slice[0] = (uint8_t)version;
    slice[1] = (uint8_t)(version >> 8);
    slice[2] = (uint8_t)flags;
    slice[3] = (uint8_t)(flags >> 8);
    for (int b = 0; b < 4; b++)
        slice[4 + b] = (uint8_t)(offset >> (8 * b));
}

/* The record at data offset `at`: sender, length, payload, zero padding. */
static void expect_record(const uint8_t *slice, uint32_t at, uint64_t sender, const char *text)
{
    const uint8_t *rec = slice + RELAY_SLICE_HEADER + at;
    uint32_t len = (uint32_t)strlen(text);
    CU_ASSERT_EQUAL(le64(rec), sender);
    CU_ASSERT_EQUAL(le32(rec + 8), len);
    CU_ASSERT_EQUAL(memcmp(rec + 12, text, len), 0);
    for (uint32_t i = len; i % 4; i++)
        CU_ASSERT_EQUAL(rec[12 + i], 0);
}

static bool all_bytes(const uint8_t *b, uint32_t len, uint8_t v)
{
    for (uint32_t i = 0; i < len; i++)
        if (b[i] != v)
            return false;
    return true;
}

/* ---- relay message: tests ---------------------------------------------------------------- */

static void test_rm_exists_and_names(void)
{
    board();
    struct process *p = app("p");
    expect_success(command(p, RM, RELAY_MESSAGE_CMD_EXISTS, 0, 0));
    expect_failure(command(p, RM, 4, 0, 0), TOCK_NOSUPPORT);
    CU_ASSERT_STRING_EQUAL(rm.driver.command_name(3), "send");
    CU_ASSERT_PTR_NULL(rm.driver.command_name(4));
    CU_ASSERT_EQUAL(rm.driver.num, 0xA0011u);
    CU_ASSERT_EQUAL(rm.driver.allow_ro_count, 2);
    CU_ASSERT_EQUAL(rm.driver.allow_rw_count, 1);
}

static void test_rm_records_layout(void)
{
    board();
    struct process *r = app("receiver");
    struct process *s = app("sender");
    uint8_t *slice = receiver_slice(r, SLICE_LEN);
    enable(r, RELAY_MESSAGE_ACCEPT_ANY);

    expect_success(message(s, r, "hello"));
    expect_upcall(r, RM, RELAY_MESSAGE_UPCALL_RECEIVED, 20, 0, 0);
    CU_ASSERT_EQUAL(offset_of(slice), 20);
    CU_ASSERT_EQUAL(flags_of(slice), 0);
    expect_record(slice, 0, ipc_id_of(s), "hello");
    /* exact bytes of the first record */
    uint8_t want[20] = {0};
    uint64_t id = ipc_id_of(s);
    for (int b = 0; b < 8; b++)
        want[b] = (uint8_t)(id >> (8 * b));
    want[8] = 5;
    memcpy(want + 12, "hello", 5);
    CU_ASSERT_EQUAL(memcmp(slice + 8, want, 20), 0);

    expect_success(message(s, r, "abcdefgh"));
    expect_upcall(r, RM, RELAY_MESSAGE_UPCALL_RECEIVED, 40, 0, 0);
    expect_record(slice, 20, ipc_id_of(s), "abcdefgh");

    expect_success(message(s, r, ""));                    /* empty message: header only */
    expect_upcall(r, RM, RELAY_MESSAGE_UPCALL_RECEIVED, 52, 0, 0);
    expect_record(slice, 40, ipc_id_of(s), "");
    CU_ASSERT_TRUE(all_bytes(slice + 8 + 52, SLICE_LEN - 8 - 52 + 16, 0xEE));   /* untouched */

    /* the app consumes by rewinding the offset */
    set_header(slice, 0, 0, 0);
    expect_success(message(s, r, "xy"));
    expect_upcall(r, RM, RELAY_MESSAGE_UPCALL_RECEIVED, 16, 0, 0);
    expect_record(slice, 0, ipc_id_of(s), "xy");
}

static void test_rm_full_slice(void)
{
    board();
    struct process *r = app("receiver");
    struct process *s = app("sender");
    uint8_t *slice = receiver_slice(r, 8 + 36);
    enable(r, RELAY_MESSAGE_ACCEPT_ANY);

    expect_success(message(s, r, "0123456789"));          /* 24 bytes */
    expect_upcall(r, RM, RELAY_MESSAGE_UPCALL_RECEIVED, 24, 0, 0);
    expect_failure(message(s, r, "abc"), TOCK_SIZE);      /* 16 > 12 left */
    CU_ASSERT_EQUAL(flags_of(slice), RELAY_SLICE_FLAG_EXCEEDED);
    CU_ASSERT_EQUAL(offset_of(slice), 24);
    CU_ASSERT_TRUE(all_bytes(slice + 8 + 24, 12 + 16, 0xEE));
    CU_ASSERT_EQUAL(pending(r, RM, RELAY_MESSAGE_UPCALL_RECEIVED), 0);

    /* without H, a message that fits still goes in; E stays set */
    allow(s, SYSCALL_ALLOW_RO, RM, RELAY_MESSAGE_ALLOW_RO_PAYLOAD, 0, 0);
    expect_success(command_id(s, RM, RELAY_MESSAGE_CMD_SEND, ipc_id_of(r)));
    expect_upcall(r, RM, RELAY_MESSAGE_UPCALL_RECEIVED, 36, 0, 0);
    CU_ASSERT_EQUAL(flags_of(slice), RELAY_SLICE_FLAG_EXCEEDED);
    expect_record(slice, 24, ipc_id_of(s), "");

    /* exactly full: nothing more fits, not even an empty message */
    expect_failure(command_id(s, RM, RELAY_MESSAGE_CMD_SEND, ipc_id_of(r)), TOCK_SIZE);
    CU_ASSERT_EQUAL(offset_of(slice), 36);
    CU_ASSERT_TRUE(all_bytes(slice + 8 + 36, 16, 0xEE));
}

static void test_rm_halt(void)
{
    board();
    struct process *r = app("receiver");
    struct process *s = app("sender");
    uint8_t *slice = receiver_slice(r, 8 + 36);
    set_header(slice, 0, RELAY_SLICE_FLAG_HALT, 0);
    enable(r, RELAY_MESSAGE_ACCEPT_ANY);

    /* H alone does not stop anything */
    expect_success(message(s, r, "0123456789"));
    expect_upcall(r, RM, RELAY_MESSAGE_UPCALL_RECEIVED, 24, 0, 0);
    expect_failure(message(s, r, "abc"), TOCK_SIZE);
    CU_ASSERT_EQUAL(flags_of(slice), RELAY_SLICE_FLAG_EXCEEDED | RELAY_SLICE_FLAG_HALT);
    /* E and H: a message that would fit (12 bytes) is refused too */
    expect_failure(message(s, r, ""), TOCK_SIZE);
    CU_ASSERT_EQUAL(offset_of(slice), 24);
    CU_ASSERT_EQUAL(flags_of(slice), RELAY_SLICE_FLAG_EXCEEDED | RELAY_SLICE_FLAG_HALT);
    CU_ASSERT_TRUE(all_bytes(slice + 8 + 24, 12, 0xEE));
    CU_ASSERT_EQUAL(pending(r, RM, RELAY_MESSAGE_UPCALL_RECEIVED), 0);

    /* the app clears E: appends resume */
    set_header(slice, 0, RELAY_SLICE_FLAG_HALT, 24);
    expect_success(message(s, r, ""));
    expect_upcall(r, RM, RELAY_MESSAGE_UPCALL_RECEIVED, 36, 0, 0);
}

static void test_rm_allow_check(void)
{
    board();
    struct process *r = app("receiver");
    uint8_t *buf = host_at(r, 0);
    uint32_t addr = allow_addr(r, 0);

    set_header(buf, 1, 0, 0);
    struct cpu_regs res = kt_sys(r, SYSCALL_ALLOW_RW, RM, 0, addr, 32);
    CU_ASSERT_EQUAL(res.r[0], RV_FAILURE_2U32);
    CU_ASSERT_EQUAL(res.r[1], TOCK_INVAL);
    CU_ASSERT_EQUAL(res.r[2], addr);
    CU_ASSERT_EQUAL(res.r[3], 32);

    set_header(buf, 0, 0x4, 0);
    res = kt_sys(r, SYSCALL_ALLOW_RW, RM, 0, addr, 32);
    CU_ASSERT_EQUAL(res.r[0], RV_FAILURE_2U32);
    CU_ASSERT_EQUAL(res.r[1], TOCK_INVAL);

    set_header(buf, 0, 0x8000, 0);
    res = kt_sys(r, SYSCALL_ALLOW_RW, RM, 0, addr, 32);
    CU_ASSERT_EQUAL(res.r[1], TOCK_INVAL);

    set_header(buf, 0, 0, 0);
    res = kt_sys(r, SYSCALL_ALLOW_RW, RM, 0, addr, 7);
    CU_ASSERT_EQUAL(res.r[0], RV_FAILURE_2U32);
    CU_ASSERT_EQUAL(res.r[1], TOCK_SIZE);

    /* valid ones: E and H may be set, an 8-byte slice has no room but is valid */
    set_header(buf, 0, RELAY_SLICE_FLAG_EXCEEDED | RELAY_SLICE_FLAG_HALT, 0);
    res = kt_sys(r, SYSCALL_ALLOW_RW, RM, 0, addr, 8);
    CU_ASSERT_EQUAL(res.r[0], RV_SUCCESS_2U32);
    /* a failed allow keeps the old buffer */
    set_header(buf + 64, 3, 0, 0);
    res = kt_sys(r, SYSCALL_ALLOW_RW, RM, 0, addr + 64, 32);
    CU_ASSERT_EQUAL(res.r[1], TOCK_INVAL);
    res = kt_sys(r, SYSCALL_ALLOW_RW, RM, 0, 0, 0);      /* the null buffer: always fine */
    CU_ASSERT_EQUAL(res.r[0], RV_SUCCESS_2U32);
    CU_ASSERT_EQUAL(res.r[1], addr);
    CU_ASSERT_EQUAL(res.r[2], 8);

    /* the allowlist and payload allows are not slices */
    set_header(buf, 7, 0xFFFF, 0);
    res = kt_sys(r, SYSCALL_ALLOW_RO, RM, 0, addr, 3);
    CU_ASSERT_EQUAL(res.r[0], RV_SUCCESS_2U32);
    res = kt_sys(r, SYSCALL_ALLOW_RO, RM, 1, addr, 3);
    CU_ASSERT_EQUAL(res.r[0], RV_SUCCESS_2U32);
}

/* The app rewrites its header after the allow: every append checks it again. */
static void test_rm_header_changed_after_allow(void)
{
    board();
    struct process *r = app("receiver");
    struct process *s = app("sender");
    uint8_t *slice = receiver_slice(r, SLICE_LEN);
    enable(r, RELAY_MESSAGE_ACCEPT_ANY);

    set_header(slice, 2, 0, 0);
    expect_failure(message(s, r, "x"), TOCK_NODEVICE);
    set_header(slice, 0, 0x10, 0);
    expect_failure(message(s, r, "x"), TOCK_NODEVICE);
    CU_ASSERT_EQUAL(flags_of(slice), 0x10);
    CU_ASSERT_TRUE(all_bytes(slice + 8, SLICE_LEN - 8, 0xEE));
    CU_ASSERT_EQUAL(pending(r, RM, RELAY_MESSAGE_UPCALL_RECEIVED), 0);
    set_header(slice, 0, 0, 0);
    expect_success(message(s, r, "x"));
}

static void test_rm_hostile_offsets(void)
{
    board();
    struct process *r = app("receiver");
    struct process *s = app("sender");
    uint8_t *slice = receiver_slice(r, SLICE_LEN);        /* 56 bytes of data */
    enable(r, RELAY_MESSAGE_ACCEPT_ANY);
    const uint32_t bad[] = {57, 0xFFFFFFFFu, 0xFFFFFFF8u, 0x80000000u, 56, 53, 45};

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        set_header(slice, 0, 0, bad[i]);
        expect_failure(message(s, r, "abcd"), TOCK_SIZE);     /* needs 16 bytes */
        CU_ASSERT_EQUAL(flags_of(slice), RELAY_SLICE_FLAG_EXCEEDED);
        CU_ASSERT_EQUAL(offset_of(slice), bad[i]);
        CU_ASSERT_TRUE(all_bytes(slice + 8, SLICE_LEN - 8 + 16, 0xEE));
    }
    CU_ASSERT_EQUAL(pending(r, RM, RELAY_MESSAGE_UPCALL_RECEIVED), 0);

    /* an offset that is not a multiple of 4 is used as it is, byte by byte */
    set_header(slice, 0, 0, 5);
    expect_success(message(s, r, "abcde"));
    expect_upcall(r, RM, RELAY_MESSAGE_UPCALL_RECEIVED, 25, 0, 0);
    expect_record(slice, 5, ipc_id_of(s), "abcde");
    CU_ASSERT_TRUE(all_bytes(slice + 8, 5, 0xEE));            /* before the offset */
    CU_ASSERT_TRUE(all_bytes(slice + 8 + 25, SLICE_LEN - 8 - 25 + 16, 0xEE));

    /* an exact fit: 56 - 40 = 16 bytes */
    set_header(slice, 0, 0, 40);
    expect_success(message(s, r, "abcd"));
    expect_upcall(r, RM, RELAY_MESSAGE_UPCALL_RECEIVED, 56, 0, 0);
    CU_ASSERT_TRUE(all_bytes(slice + SLICE_LEN, 16, 0xEE));
}

static void test_rm_allowlist(void)
{
    board();
    struct process *r = app("receiver");
    struct process *friend = app("friend");
    struct process *stranger = app("stranger");
    uint8_t *slice = receiver_slice(r, SLICE_LEN);

    /* not receiving yet: NODEVICE even for a listed sender */
    uint64_t ids[] = {0x1234, ipc_id_of(friend)};
    allowlist(r, ids, 2);
    expect_failure(message(friend, r, "hi"), TOCK_NODEVICE);
    enable(r, 0);
    expect_success(message(friend, r, "hi"));
    expect_upcall(r, RM, RELAY_MESSAGE_UPCALL_RECEIVED, 16, 0, 0);
    expect_record(slice, 0, ipc_id_of(friend), "hi");

    /* not listed: the same NODEVICE as a missing receiver */
    expect_failure(message(stranger, r, "let me in"), TOCK_NODEVICE);
    CU_ASSERT_EQUAL(offset_of(slice), 16);
    CU_ASSERT_EQUAL(flags_of(slice), 0);

    /* the entry must match both halves */
    uint64_t forged[] = {ipc_id_join(stranger->id, stranger->short_id ^ 1)};
    allowlist(r, forged, 1);
    expect_failure(message(stranger, r, "x"), TOCK_NODEVICE);

    /* a trailing partial entry is ignored */
    uint8_t *list = allow(r, SYSCALL_ALLOW_RO, RM, 0, 256, 12);
    for (int b = 0; b < 8; b++)
        list[b] = (uint8_t)(ipc_id_of(stranger) >> (8 * b));
    expect_success(message(stranger, r, "x"));
    expect_upcall(r, RM, RELAY_MESSAGE_UPCALL_RECEIVED, 32, 0, 0);
    allow(r, SYSCALL_ALLOW_RO, RM, 0, 256 + 4, 7);            /* too short for one entry */
    expect_failure(message(stranger, r, "x"), TOCK_NODEVICE);

    /* no allowlist at all: nobody */
    allow(r, SYSCALL_ALLOW_RO, RM, 0, 0, 0);
    expect_failure(message(friend, r, "x"), TOCK_NODEVICE);

    /* disabled: nobody */
    enable(r, RELAY_MESSAGE_ACCEPT_ANY);
    expect_success(message(friend, r, "x"));
    drain(r, RM, RELAY_MESSAGE_UPCALL_RECEIVED);
    expect_success(command(r, RM, RELAY_MESSAGE_CMD_DISABLE, 0, 0));
    expect_failure(message(friend, r, "x"), TOCK_NODEVICE);
}

static void test_rm_accept_any(void)
{
    board();
    struct process *r = app("receiver");
    struct process *a = app("a");
    struct process *b = app("b");
    uint8_t *slice = receiver_slice(r, SLICE_LEN);
    uint64_t ids[] = {ipc_id_of(a)};
    allowlist(r, ids, 1);

    enable(r, RELAY_MESSAGE_ACCEPT_ANY);
    expect_success(message(a, r, "from a"));
    expect_success(message(b, r, "from b"));
    expect_record(slice, 0, ipc_id_of(a), "from a");
    expect_record(slice, 20, ipc_id_of(b), "from b");
    drain(r, RM, RELAY_MESSAGE_UPCALL_RECEIVED);

    /* enabling again without the bit goes back to the allowlist */
    enable(r, 0);
    expect_success(message(a, r, "a"));
    expect_failure(message(b, r, "b"), TOCK_NODEVICE);
}

static void test_rm_send_errors(void)
{
    board();
    struct process *r = app("receiver");
    struct process *s = app("sender");
    struct process *gone = app("gone");
    uint64_t gone_id = ipc_id_of(gone);
    receiver_slice(gone, SLICE_LEN);
    enable(gone, RELAY_MESSAGE_ACCEPT_ANY);
    exit_process(gone, EXIT_TERMINATE);

    expect_failure(message(s, gone, "x"), TOCK_NODEVICE);     /* gone still names it */
    CU_ASSERT_EQUAL(ipc_id_of(gone), gone_id);
    expect_failure(command(s, RM, RELAY_MESSAGE_CMD_SEND, 777, 0), TOCK_NODEVICE);
    /* never used the driver */
    expect_failure(message(s, r, "x"), TOCK_NODEVICE);
    /* receiving without a slice */
    enable(r, RELAY_MESSAGE_ACCEPT_ANY);
    expect_failure(message(s, r, "x"), TOCK_NODEVICE);
    /* to itself */
    receiver_slice(s, SLICE_LEN);
    enable(s, RELAY_MESSAGE_ACCEPT_ANY);
    expect_failure(message(s, s, "x"), TOCK_INVAL);
}

static void test_rm_sender_gone(void)
{
    board();
    struct process *lister = app("lister");
    struct process *any = app("any");
    struct process *off = app("off");
    struct process *sender = app("sender");
    struct process *other = app("other");
    receiver_slice(lister, SLICE_LEN);
    receiver_slice(any, SLICE_LEN);
    receiver_slice(off, SLICE_LEN);
    uint64_t first = ipc_id_of(sender);
    uint64_t list[] = {ipc_id_of(other), first};
    allowlist(lister, list, 2);
    allowlist(off, list, 2);          /* lists it but never enabled reception */
    enable(lister, 0);
    enable(any, RELAY_MESSAGE_ACCEPT_ANY);

    /* restart: the receivers that list the old instance are told */
    exit_process(sender, EXIT_RESTART);
    expect_upcall_id(lister, RM, RELAY_MESSAGE_UPCALL_SENDER_GONE, first);
    expect_upcall_id(off, RM, RELAY_MESSAGE_UPCALL_SENDER_GONE, first);
    CU_ASSERT_EQUAL(pending(any, RM, RELAY_MESSAGE_UPCALL_SENDER_GONE), 0);
    CU_ASSERT_EQUAL(pending(sender, RM, RELAY_MESSAGE_UPCALL_SENDER_GONE), 0);

    /* the new instance is not listed: its death tells nobody */
    fault_process(sender, FAULT_POLICY_STOP);
    CU_ASSERT_EQUAL(pending(lister, RM, RELAY_MESSAGE_UPCALL_SENDER_GONE), 0);

    /* fault and exit of a listed sender */
    fault_process(other, FAULT_POLICY_STOP);
    expect_upcall_id(lister, RM, RELAY_MESSAGE_UPCALL_SENDER_GONE, list[0]);
    expect_upcall_id(off, RM, RELAY_MESSAGE_UPCALL_SENDER_GONE, list[0]);
    CU_ASSERT_EQUAL(pending(any, RM, RELAY_MESSAGE_UPCALL_SENDER_GONE), 0);

    struct process *third = app("third");
    uint64_t l3[] = {ipc_id_of(third)};
    allowlist(any, l3, 1);
    exit_process(third, EXIT_TERMINATE);
    expect_upcall_id(any, RM, RELAY_MESSAGE_UPCALL_SENDER_GONE, l3[0]);
    CU_ASSERT_EQUAL(pending(lister, RM, RELAY_MESSAGE_UPCALL_SENDER_GONE), 0);

    /* stopping from the console is not a death */
    uint64_t l4[] = {ipc_id_of(lister)};
    allowlist(any, l4, 1);
    kernel_process_stop(&B->k, lister);
    CU_ASSERT_EQUAL(pending(any, RM, RELAY_MESSAGE_UPCALL_SENDER_GONE), 0);
}

static void test_rm_trace(void)
{
    board();
    B->k.trace = TRACE_IPC;
    struct process *r = app("receiver");
    struct process *s = app("sender");
    receiver_slice(r, SLICE_LEN);
    enable(r, RELAY_MESSAGE_ACCEPT_ANY);
    expect_success(message(s, r, "hello"));
    char line[96];
    snprintf(line, sizeof line, "[ipc] sender(%u) -> receiver(%u): message 5 bytes at offset 0\n",
             (unsigned)s->id, (unsigned)r->id);
    CU_ASSERT_TRUE(kt_log_has(line));
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"relay request: exists and names", test_rr_exists_and_names},
        {"relay request: round trip", test_rr_round_trip},
        {"relay request: send errors", test_rr_send_errors},
        {"relay request: take errors", test_rr_take_errors},
        {"relay request: take from a client", test_rr_take_from_client},
        {"relay request: response truncated", test_rr_response_truncated},
        {"relay request: request truncated", test_rr_request_truncated},
        {"relay request: zero-length notification", test_rr_notification},
        {"relay request: cancel pending", test_rr_cancel_pending},
        {"relay request: cancel while taken", test_rr_cancel_while_taken},
        {"relay request: cancel and resend while taken", test_rr_cancel_and_resend_while_taken},
        {"relay request: client dies while taken", test_rr_client_dies_while_taken},
        {"relay request: client dies while pending", test_rr_client_dies_while_pending},
        {"relay request: server restarts before send", test_rr_server_restarts_before_send},
        {"relay request: server exits", test_rr_server_exits},
        {"relay request: server faults", test_rr_server_faults},
        {"relay request: server restarts", test_rr_server_restarts},
        {"relay request: server terminated", test_rr_server_terminated},
        {"relay request: stopped server keeps clients", test_rr_server_stopped_keeps_clients},
        {"relay request: disable with waiting clients", test_rr_disable_with_waiting_clients},
        {"relay request: disable keeps own request", test_rr_disable_keeps_own_request},
        {"relay request: fairness", test_rr_fairness},
        {"relay request: no starvation", test_rr_no_starvation},
        {"relay request: trace", test_rr_trace},
        {"relay: grant exhausted", test_rr_nomem},
        {"relay message: exists and names", test_rm_exists_and_names},
        {"relay message: record layout", test_rm_records_layout},
        {"relay message: full slice", test_rm_full_slice},
        {"relay message: halt", test_rm_halt},
        {"relay message: allow check", test_rm_allow_check},
        {"relay message: header changed after allow", test_rm_header_changed_after_allow},
        {"relay message: hostile offsets", test_rm_hostile_offsets},
        {"relay message: allowlist", test_rm_allowlist},
        {"relay message: accept any", test_rm_accept_any},
        {"relay message: send errors", test_rm_send_errors},
        {"relay message: sender gone", test_rm_sender_gone},
        {"relay message: trace", test_rm_trace},
        {NULL, NULL},
    };
    return kt_run("ipc_relay", tests);
}
