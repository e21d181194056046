/* The core capsules (console, alarm, LED, button, GPIO, LowLevelDebug, RNG), driven exactly
 * as an app would drive them: subscribe, allow and command through the fake CPU backend,
 * upcalls collected with yield-wait-for. The board side is a set of fake HILs. */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <string.h>

#include "fake_cpu.h"
#include "unit_run.h"
#include "tock/capsules/alarm.h"
#include "tock/capsules/button.h"
#include "tock/capsules/console.h"
#include "tock/capsules/gpio.h"
#include "tock/capsules/led.h"
#include "tock/capsules/low_level_debug.h"
#include "tock/capsules/rng.h"

#define APP_RAM 2048u          /* app break of every test process */
#include "capsule_test.h"
#define BUF_OFF 512u           /* where tests put buffers in app RAM */

/* ---- fake HILs --------------------------------------------------------------------------- */

static struct {
    uint8_t out[8192];
    uint32_t len;
    uint32_t calls;
    struct process *last;
} con;

static void con_write(void *ctx, struct process *p, const uint8_t *buf, uint32_t len)
{
    (void)ctx;
    if (con.len + len <= sizeof con.out) {
        memcpy(con.out + con.len, buf, len);
        con.len += len;
    }
    con.calls++;
    con.last = p;
}

static struct {
    uint64_t now;
    bool armed;
    uint64_t deadline;
    uint32_t arms, disarms;
} clk;

static uint64_t clk_now(void *ctx) { (void)ctx; return clk.now; }
static void clk_arm(void *ctx, uint64_t d) { (void)ctx; clk.armed = true; clk.deadline = d; clk.arms++; }
static void clk_disarm(void *ctx) { (void)ctx; clk.armed = false; clk.disarms++; }

#define NUM_LEDS 4u
static bool leds[NUM_LEDS];
static void led_set(void *ctx, uint32_t i, bool on) { (void)ctx; leds[i] = on; }
static bool led_get(void *ctx, uint32_t i) { (void)ctx; return leds[i]; }

#define NUM_BUTTONS 3u
static bool buttons[NUM_BUTTONS];
static bool button_read(void *ctx, uint32_t i) { (void)ctx; return buttons[i]; }

#define NUM_PINS 8u
static struct {
    enum gpio_mode mode[NUM_PINS];
    enum gpio_irq_edge edge[NUM_PINS];
    bool level[NUM_PINS];
} pins;

static void pin_configure(void *ctx, uint32_t pin, enum gpio_mode m) { (void)ctx; pins.mode[pin] = m; }
static void pin_write(void *ctx, uint32_t pin, bool high) { (void)ctx; pins.level[pin] = high; }
static bool pin_read(void *ctx, uint32_t pin) { (void)ctx; return pins.level[pin]; }
static void pin_irq(void *ctx, uint32_t pin, enum gpio_irq_edge e) { (void)ctx; pins.edge[pin] = e; }

static uint8_t entropy_next;
static void entropy_fill(void *ctx, uint8_t *buf, uint32_t len)
{
    (void)ctx;
    for (uint32_t i = 0; i < len; i++)
        buf[i] = entropy_next++;
}

static const struct console_hil console_hil = {.write = con_write};
static const struct alarm_hil alarm_hil = {
    .frequency_hz = 32768, .now = clk_now, .arm = clk_arm, .disarm = clk_disarm};
static const struct led_hil led_hil = {.count = NUM_LEDS, .set = led_set, .get = led_get};
static const struct button_hil button_hil = {.count = NUM_BUTTONS, .read = button_read};
static const struct gpio_hil gpio_hil = {.count = NUM_PINS, .configure = pin_configure,
                                         .write = pin_write, .read = pin_read, .set_irq = pin_irq};
static const struct entropy_hil entropy_hil = {.fill = entropy_fill};

/* ---- the board --------------------------------------------------------------------------- */

static struct console_capsule console;
static struct alarm_capsule alarm;
static struct led_capsule led;
static struct button_capsule button;
static struct gpio_capsule gpio;
static struct low_level_debug_capsule lld;
static struct rng_capsule rng;

static void setup(void)
{
    memset(&board, 0, sizeof board);
    memset(&con, 0, sizeof con);
    memset(&clk, 0, sizeof clk);
    memset(&pins, 0, sizeof pins);
    memset(buttons, 0, sizeof buttons);
    for (uint32_t i = 0; i < NUM_LEDS; i++)
        leds[i] = true;            /* led_capsule_init must turn them off */
    entropy_next = 0x40;
    clk.now = 1000;

    fake_kernel_init(&board);
    console_capsule_init(&console, &console_hil);
    alarm_capsule_init(&alarm, &alarm_hil);
    led_capsule_init(&led, &led_hil);
    button_capsule_init(&button, &button_hil);
    gpio_capsule_init(&gpio, &gpio_hil);
    low_level_debug_capsule_init(&lld);
    rng_capsule_init(&rng, &entropy_hil);
    CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &console.driver), 0);
    CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &alarm.driver), 0);
    CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &led.driver), 0);
    CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &button.driver), 0);
    CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &gpio.driver), 0);
    CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &lld.driver), 0);
    CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &rng.driver), 0);
}

/* ---- the app's side ---------------------------------------------------------------------- */

/* Allow [BUF_OFF + off, +len) of p's RAM (or the null buffer when len is 0). */
static uint8_t *allow(struct process *p, uint32_t cls, uint32_t drv, uint32_t num, uint32_t off,
                      uint32_t len)
{
    uint32_t addr = len ? fake_ram_addr(p, BUF_OFF + off) : 0;
    struct cpu_regs r = fake_syscall(&board, p, cls, drv, num, addr, len, NULL);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    return len ? fake_host(&board, p, addr) : NULL;
}

#define pending(p, drv, sub) fake_pending_upcalls(p, drv, sub)

/* Take the queued upcall (drv, sub) with yield-wait-for and check its arguments. */
static void expect_upcall(struct process *p, uint32_t drv, uint32_t sub, uint32_t a0,
                          uint32_t a1, uint32_t a2)
{
    CU_ASSERT_TRUE_FATAL(pending(p, drv, sub) > 0);
    uint32_t args[3];
    CU_ASSERT_TRUE(fake_take_upcall(&board, p, drv, sub, args));
    CU_ASSERT_EQUAL(args[0], a0);
    CU_ASSERT_EQUAL(args[1], a1);
    CU_ASSERT_EQUAL(args[2], a2);
}

/* Push p's app break up to its grant region so no new grant fits. */
static void exhaust_grant_region(struct process *p)
{
    struct cpu_regs r = fake_syscall(&board, p, SYSCALL_MEMOP, 0, p->kernel_break, 0, 0, NULL);
    CU_ASSERT_EQUAL_FATAL(r.r[0], RV_SUCCESS);
}

static void exit_process(struct process *p, uint32_t kind)
{
    bool keep = true;
    fake_syscall(&board, p, SYSCALL_EXIT, kind, 0, 0, 0, &keep);
    CU_ASSERT_FALSE(keep);
}

static void clear_log(void)
{
    board.log_len = 0;
    board.log[0] = '\0';
}

/* ---- console ----------------------------------------------------------------------------- */

static void test_console_exists_and_unknown(void)
{
    setup();
    struct process *p = app("con");
    expect_success(command(p, DRIVER_CONSOLE, 0, 0, 0));
    expect_failure(command(p, DRIVER_CONSOLE, 4, 0, 0), TOCK_NOSUPPORT);
    expect_failure(command(p, DRIVER_CONSOLE, 0xFFFFFFFFu, 0, 0), TOCK_NOSUPPORT);
    CU_ASSERT_STRING_EQUAL(console.driver.command_name(1), "write");
    CU_ASSERT_STRING_EQUAL(console.driver.command_name(3), "abort_read");
    CU_ASSERT_PTR_NULL(console.driver.command_name(4));
}

static void test_console_write(void)
{
    setup();
    struct process *p = app("con");
    subscribe(p, DRIVER_CONSOLE, CONSOLE_UPCALL_WRITE_DONE);
    uint8_t *buf = allow(p, SYSCALL_ALLOW_RO, DRIVER_CONSOLE, 1, 0, 13);
    memcpy(buf, "hello, world\n", 13);

    expect_success(command(p, DRIVER_CONSOLE, CONSOLE_CMD_WRITE, 13, 0));
    CU_ASSERT_EQUAL(con.len, 13);
    CU_ASSERT_EQUAL(memcmp(con.out, "hello, world\n", 13), 0);
    CU_ASSERT_PTR_EQUAL(con.last, p);
    expect_upcall(p, DRIVER_CONSOLE, CONSOLE_UPCALL_WRITE_DONE, 13, 0, 0);

    /* fewer bytes than allowed */
    expect_success(command(p, DRIVER_CONSOLE, CONSOLE_CMD_WRITE, 5, 0));
    CU_ASSERT_EQUAL(con.len, 18);
    CU_ASSERT_EQUAL(memcmp(con.out + 13, "hello", 5), 0);
    expect_upcall(p, DRIVER_CONSOLE, CONSOLE_UPCALL_WRITE_DONE, 5, 0, 0);
}

static void test_console_write_short_buffer(void)
{
    setup();
    struct process *p = app("con");
    subscribe(p, DRIVER_CONSOLE, CONSOLE_UPCALL_WRITE_DONE);
    uint8_t *buf = allow(p, SYSCALL_ALLOW_RO, DRIVER_CONSOLE, 1, 0, 4);
    memcpy(buf, "abcdefgh", 8);
    expect_success(command(p, DRIVER_CONSOLE, CONSOLE_CMD_WRITE, 100, 0));
    CU_ASSERT_EQUAL(con.len, 4);
    CU_ASSERT_EQUAL(memcmp(con.out, "abcd", 4), 0);
    expect_upcall(p, DRIVER_CONSOLE, CONSOLE_UPCALL_WRITE_DONE, 4, 0, 0);
}

static void test_console_write_without_buffer(void)
{
    setup();
    struct process *p = app("con");
    subscribe(p, DRIVER_CONSOLE, CONSOLE_UPCALL_WRITE_DONE);
    expect_success(command(p, DRIVER_CONSOLE, CONSOLE_CMD_WRITE, 10, 0));
    CU_ASSERT_EQUAL(con.calls, 0);
    expect_upcall(p, DRIVER_CONSOLE, CONSOLE_UPCALL_WRITE_DONE, 0, 0, 0);

    /* a revoked (null) buffer writes nothing either */
    allow(p, SYSCALL_ALLOW_RO, DRIVER_CONSOLE, 1, 0, 8);
    allow(p, SYSCALL_ALLOW_RO, DRIVER_CONSOLE, 1, 0, 0);
    expect_success(command(p, DRIVER_CONSOLE, CONSOLE_CMD_WRITE, 8, 0));
    CU_ASSERT_EQUAL(con.calls, 0);
    expect_upcall(p, DRIVER_CONSOLE, CONSOLE_UPCALL_WRITE_DONE, 0, 0, 0);
}

static void test_console_long_write(void)
{
    setup();
    struct process *p = app("con");
    subscribe(p, DRIVER_CONSOLE, CONSOLE_UPCALL_WRITE_DONE);
    uint8_t *buf = allow(p, SYSCALL_ALLOW_RO, DRIVER_CONSOLE, 1, 0, 300);
    for (uint32_t i = 0; i < 300; i++)
        buf[i] = (uint8_t)('a' + i % 26);
    expect_success(command(p, DRIVER_CONSOLE, CONSOLE_CMD_WRITE, 300, 0));
    CU_ASSERT_EQUAL(con.len, 300);
    CU_ASSERT_EQUAL(memcmp(con.out, buf, 300), 0);
    /* one upcall with the total, not one per 64-byte chunk */
    CU_ASSERT_EQUAL(pending(p, DRIVER_CONSOLE, CONSOLE_UPCALL_WRITE_DONE), 1);
    expect_upcall(p, DRIVER_CONSOLE, CONSOLE_UPCALL_WRITE_DONE, 300, 0, 0);
}

static void test_console_write_from_flash(void)
{
    setup();
    struct process *p = app("con");
    uint32_t addr = fake_flash_addr(p, 0x100);
    memcpy(fake_host(&board, p, addr), "flash!", 6);
    struct cpu_regs r = fake_syscall(&board, p, SYSCALL_ALLOW_RO, DRIVER_CONSOLE, 1, addr, 6, NULL);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    expect_success(command(p, DRIVER_CONSOLE, CONSOLE_CMD_WRITE, 6, 0));
    CU_ASSERT_EQUAL(con.len, 6);
    CU_ASSERT_EQUAL(memcmp(con.out, "flash!", 6), 0);
    expect_upcall(p, DRIVER_CONSOLE, CONSOLE_UPCALL_WRITE_DONE, 6, 0, 0);
}

static void test_console_read(void)
{
    setup();
    struct process *p = app("con");
    subscribe(p, DRIVER_CONSOLE, CONSOLE_UPCALL_READ_DONE);
    uint8_t *buf = allow(p, SYSCALL_ALLOW_RW, DRIVER_CONSOLE, 1, 0, 16);
    memset(buf, '.', 16);

    CU_ASSERT_EQUAL(console_capsule_rx_wanted(&console), 0);
    expect_success(command(p, DRIVER_CONSOLE, CONSOLE_CMD_READ, 5, 0));
    CU_ASSERT_EQUAL(console_capsule_rx_wanted(&console), 5);

    console_capsule_receive(&console, &board.k, (const uint8_t *)"ab", 2);
    CU_ASSERT_EQUAL(pending(p, DRIVER_CONSOLE, CONSOLE_UPCALL_READ_DONE), 0);
    CU_ASSERT_EQUAL(console_capsule_rx_wanted(&console), 3);

    /* a newline does not end the read: only the count does; extra bytes are dropped */
    console_capsule_receive(&console, &board.k, (const uint8_t *)"c\ndefg", 6);
    CU_ASSERT_EQUAL(console_capsule_rx_wanted(&console), 0);
    expect_upcall(p, DRIVER_CONSOLE, CONSOLE_UPCALL_READ_DONE, TOCK_OK, 5, 0);
    CU_ASSERT_EQUAL(memcmp(buf, "abc\nd...", 8), 0);

    /* the next read starts empty */
    expect_success(command(p, DRIVER_CONSOLE, CONSOLE_CMD_READ, 2, 0));
    console_capsule_receive(&console, &board.k, (const uint8_t *)"XY", 2);
    expect_upcall(p, DRIVER_CONSOLE, CONSOLE_UPCALL_READ_DONE, TOCK_OK, 2, 0);
    CU_ASSERT_EQUAL(memcmp(buf, "XYc\nd", 5), 0);
}

static void test_console_input_without_reader_is_dropped(void)
{
    setup();
    struct process *p = app("con");
    subscribe(p, DRIVER_CONSOLE, CONSOLE_UPCALL_READ_DONE);
    uint8_t *buf = allow(p, SYSCALL_ALLOW_RW, DRIVER_CONSOLE, 1, 0, 8);
    memset(buf, '.', 8);
    console_capsule_receive(&console, &board.k, (const uint8_t *)"lost", 4);
    CU_ASSERT_EQUAL(pending(p, DRIVER_CONSOLE, CONSOLE_UPCALL_READ_DONE), 0);
    expect_success(command(p, DRIVER_CONSOLE, CONSOLE_CMD_READ, 3, 0));
    console_capsule_receive(&console, &board.k, (const uint8_t *)"new", 3);
    expect_upcall(p, DRIVER_CONSOLE, CONSOLE_UPCALL_READ_DONE, TOCK_OK, 3, 0);
    CU_ASSERT_EQUAL(memcmp(buf, "new.", 4), 0);
}

static void test_console_read_busy(void)
{
    setup();
    struct process *a = app("a");
    struct process *b = app("b");
    allow(a, SYSCALL_ALLOW_RW, DRIVER_CONSOLE, 1, 0, 8);
    allow(b, SYSCALL_ALLOW_RW, DRIVER_CONSOLE, 1, 0, 8);
    expect_success(command(a, DRIVER_CONSOLE, CONSOLE_CMD_READ, 4, 0));
    expect_failure(command(b, DRIVER_CONSOLE, CONSOLE_CMD_READ, 4, 0), TOCK_BUSY);
    /* one read kernel-wide, as in Tock: the reader itself is BUSY too */
    expect_failure(command(a, DRIVER_CONSOLE, CONSOLE_CMD_READ, 4, 0), TOCK_BUSY);
    /* writes are not affected by a read */
    expect_success(command(b, DRIVER_CONSOLE, CONSOLE_CMD_WRITE, 0, 0));

    console_capsule_receive(&console, &board.k, (const uint8_t *)"1234", 4);
    expect_upcall(a, DRIVER_CONSOLE, CONSOLE_UPCALL_READ_DONE, TOCK_OK, 4, 0);
    CU_ASSERT_EQUAL(pending(b, DRIVER_CONSOLE, CONSOLE_UPCALL_READ_DONE), 0);
    expect_success(command(b, DRIVER_CONSOLE, CONSOLE_CMD_READ, 4, 0));
}

static void test_console_read_lengths(void)
{
    setup();
    struct process *p = app("con");
    subscribe(p, DRIVER_CONSOLE, CONSOLE_UPCALL_READ_DONE);

    /* no buffer: nothing to read into */
    expect_failure(command(p, DRIVER_CONSOLE, CONSOLE_CMD_READ, 4, 0), TOCK_SIZE);

    allow(p, SYSCALL_ALLOW_RW, DRIVER_CONSOLE, 1, 0, 100);
    expect_failure(command(p, DRIVER_CONSOLE, CONSOLE_CMD_READ, CONSOLE_RX_BUF + 1, 0), TOCK_INVAL);
    expect_failure(command(p, DRIVER_CONSOLE, CONSOLE_CMD_READ, 0, 0), TOCK_SIZE);
    CU_ASSERT_EQUAL(console_capsule_rx_wanted(&console), 0);
    expect_success(command(p, DRIVER_CONSOLE, CONSOLE_CMD_READ, CONSOLE_RX_BUF, 0));
    CU_ASSERT_EQUAL(console_capsule_rx_wanted(&console), CONSOLE_RX_BUF);
    expect_success(command(p, DRIVER_CONSOLE, CONSOLE_CMD_ABORT_READ, 0, 0));
    expect_upcall(p, DRIVER_CONSOLE, CONSOLE_UPCALL_READ_DONE, TOCK_CANCEL, 0, 0);

    /* arg0 larger than the buffer: the buffer's length is what is read */
    allow(p, SYSCALL_ALLOW_RW, DRIVER_CONSOLE, 1, 0, 10);
    expect_success(command(p, DRIVER_CONSOLE, CONSOLE_CMD_READ, 1000, 0));
    CU_ASSERT_EQUAL(console_capsule_rx_wanted(&console), 10);
}

static void test_console_abort(void)
{
    setup();
    struct process *a = app("a");
    struct process *b = app("b");
    subscribe(a, DRIVER_CONSOLE, CONSOLE_UPCALL_READ_DONE);
    uint8_t *buf = allow(a, SYSCALL_ALLOW_RW, DRIVER_CONSOLE, 1, 0, 10);
    memset(buf, '.', 10);

    /* nothing to abort */
    expect_success(command(a, DRIVER_CONSOLE, CONSOLE_CMD_ABORT_READ, 0, 0));
    CU_ASSERT_EQUAL(pending(a, DRIVER_CONSOLE, CONSOLE_UPCALL_READ_DONE), 0);

    expect_success(command(a, DRIVER_CONSOLE, CONSOLE_CMD_READ, 10, 0));
    console_capsule_receive(&console, &board.k, (const uint8_t *)"xy", 2);

    /* another process cannot cancel a's read */
    expect_success(command(b, DRIVER_CONSOLE, CONSOLE_CMD_ABORT_READ, 0, 0));
    CU_ASSERT_EQUAL(console_capsule_rx_wanted(&console), 8);
    CU_ASSERT_EQUAL(pending(a, DRIVER_CONSOLE, CONSOLE_UPCALL_READ_DONE), 0);

    expect_success(command(a, DRIVER_CONSOLE, CONSOLE_CMD_ABORT_READ, 0, 0));
    expect_upcall(a, DRIVER_CONSOLE, CONSOLE_UPCALL_READ_DONE, TOCK_CANCEL, 2, 0);
    CU_ASSERT_EQUAL(memcmp(buf, "xy..", 4), 0);
    CU_ASSERT_EQUAL(console_capsule_rx_wanted(&console), 0);

    /* the console is free again */
    allow(b, SYSCALL_ALLOW_RW, DRIVER_CONSOLE, 1, 0, 4);
    expect_success(command(b, DRIVER_CONSOLE, CONSOLE_CMD_READ, 4, 0));
}

static void test_console_read_buffer_shrank(void)
{
    setup();
    struct process *p = app("con");
    subscribe(p, DRIVER_CONSOLE, CONSOLE_UPCALL_READ_DONE);
    uint8_t *buf = allow(p, SYSCALL_ALLOW_RW, DRIVER_CONSOLE, 1, 0, 8);
    memset(buf, '.', 8);
    expect_success(command(p, DRIVER_CONSOLE, CONSOLE_CMD_READ, 8, 0));
    allow(p, SYSCALL_ALLOW_RW, DRIVER_CONSOLE, 1, 0, 3);
    console_capsule_receive(&console, &board.k, (const uint8_t *)"12345678", 8);
    expect_upcall(p, DRIVER_CONSOLE, CONSOLE_UPCALL_READ_DONE, TOCK_SIZE, 3, 0);
    CU_ASSERT_EQUAL(memcmp(buf, "123.....", 8), 0);

    /* abort with a shrunk buffer: SIZE wins over CANCEL */
    allow(p, SYSCALL_ALLOW_RW, DRIVER_CONSOLE, 1, 0, 8);
    expect_success(command(p, DRIVER_CONSOLE, CONSOLE_CMD_READ, 8, 0));
    console_capsule_receive(&console, &board.k, (const uint8_t *)"abcd", 4);
    allow(p, SYSCALL_ALLOW_RW, DRIVER_CONSOLE, 1, 0, 0);
    expect_success(command(p, DRIVER_CONSOLE, CONSOLE_CMD_ABORT_READ, 0, 0));
    expect_upcall(p, DRIVER_CONSOLE, CONSOLE_UPCALL_READ_DONE, TOCK_SIZE, 0, 0);
}

static void test_console_reader_exit(void)
{
    setup();
    struct process *a = app("a");
    struct process *b = app("b");
    allow(a, SYSCALL_ALLOW_RW, DRIVER_CONSOLE, 1, 0, 8);
    allow(b, SYSCALL_ALLOW_RW, DRIVER_CONSOLE, 1, 0, 8);
    expect_success(command(a, DRIVER_CONSOLE, CONSOLE_CMD_READ, 4, 0));
    exit_process(a, EXIT_TERMINATE);
    CU_ASSERT_EQUAL(console_capsule_rx_wanted(&console), 0);
    expect_success(command(b, DRIVER_CONSOLE, CONSOLE_CMD_READ, 4, 0));

    /* a restarted reader loses its read too */
    exit_process(b, EXIT_RESTART);
    CU_ASSERT_EQUAL(console_capsule_rx_wanted(&console), 0);
    console_capsule_receive(&console, &board.k, (const uint8_t *)"zzzz", 4);
    CU_ASSERT_EQUAL(b->queue_count, 0);
}

/* ---- alarm ------------------------------------------------------------------------------- */

static void test_alarm_basic_commands(void)
{
    setup();
    struct process *p = app("alarm");
    expect_success(command(p, DRIVER_ALARM, ALARM_CMD_EXISTS, 0, 0));
    expect_u32(command(p, DRIVER_ALARM, ALARM_CMD_FREQUENCY, 0, 0), 32768);
    clk.now = 0x100000005ull;
    expect_u32(command(p, DRIVER_ALARM, ALARM_CMD_NOW, 0, 0), 5);
    expect_failure(command(p, DRIVER_ALARM, ALARM_CMD_DEPRECATED, 0, 0), TOCK_NOSUPPORT);
    expect_failure(command(p, DRIVER_ALARM, 7, 0, 0), TOCK_NOSUPPORT);
    CU_ASSERT_STRING_EQUAL(alarm.driver.command_name(ALARM_CMD_SET_RELATIVE), "set_relative");
    CU_ASSERT_PTR_NULL(alarm.driver.command_name(7));
}

static void test_alarm_relative_and_stop(void)
{
    setup();
    struct process *p = app("alarm");
    uint64_t next;
    expect_failure(command(p, DRIVER_ALARM, ALARM_CMD_STOP, 0, 0), TOCK_ALREADY);
    CU_ASSERT_FALSE(alarm_capsule_next_deadline(&alarm, &next));

    expect_u32(command(p, DRIVER_ALARM, ALARM_CMD_SET_RELATIVE, 100, 0), 1100);
    CU_ASSERT_TRUE(clk.armed);
    CU_ASSERT_EQUAL(clk.deadline, 1100);
    CU_ASSERT_TRUE(alarm_capsule_next_deadline(&alarm, &next));
    CU_ASSERT_EQUAL(next, 1100);

    /* setting again replaces the alarm */
    expect_u32(command(p, DRIVER_ALARM, ALARM_CMD_SET_RELATIVE, 500, 0), 1500);
    CU_ASSERT_EQUAL(clk.deadline, 1500);

    expect_success(command(p, DRIVER_ALARM, ALARM_CMD_STOP, 0, 0));
    CU_ASSERT_FALSE(clk.armed);
    CU_ASSERT_FALSE(alarm_capsule_next_deadline(&alarm, &next));
    expect_failure(command(p, DRIVER_ALARM, ALARM_CMD_STOP, 0, 0), TOCK_ALREADY);
    clk.now = 2000;
    alarm_capsule_fire(&alarm, &board.k);
    CU_ASSERT_EQUAL(p->queue_count, 0);
}

static void test_alarm_fires(void)
{
    setup();
    struct process *p = app("alarm");
    subscribe(p, DRIVER_ALARM, ALARM_UPCALL_FIRED);
    expect_u32(command(p, DRIVER_ALARM, ALARM_CMD_SET_RELATIVE, 100, 0), 1100);

    clk.now = 1099;               /* early: nothing happens */
    alarm_capsule_fire(&alarm, &board.k);
    CU_ASSERT_EQUAL(pending(p, DRIVER_ALARM, 0), 0);
    CU_ASSERT_TRUE(clk.armed);
    CU_ASSERT_EQUAL(clk.deadline, 1100);

    clk.now = 1103;
    alarm_capsule_fire(&alarm, &board.k);
    expect_upcall(p, DRIVER_ALARM, ALARM_UPCALL_FIRED, 1103, 1100, 0);
    CU_ASSERT_FALSE(clk.armed);
    expect_failure(command(p, DRIVER_ALARM, ALARM_CMD_STOP, 0, 0), TOCK_ALREADY);

    /* dt = 0 has expired when set: it fires during the command */
    expect_u32(command(p, DRIVER_ALARM, ALARM_CMD_SET_RELATIVE, 0, 0), 1103);
    expect_upcall(p, DRIVER_ALARM, ALARM_UPCALL_FIRED, 1103, 1103, 0);
    CU_ASSERT_FALSE(clk.armed);
}

static void test_alarm_absolute(void)
{
    setup();
    struct process *p = app("alarm");
    subscribe(p, DRIVER_ALARM, ALARM_UPCALL_FIRED);

    /* reference in the past, expiration in the future */
    expect_u32(command(p, DRIVER_ALARM, ALARM_CMD_SET_ABSOLUTE, 900, 300), 1200);
    CU_ASSERT_EQUAL(clk.deadline, 1200);
    CU_ASSERT_EQUAL(pending(p, DRIVER_ALARM, 0), 0);

    /* reference + dt already passed: fires at once */
    expect_u32(command(p, DRIVER_ALARM, ALARM_CMD_SET_ABSOLUTE, 500, 100), 600);
    expect_upcall(p, DRIVER_ALARM, ALARM_UPCALL_FIRED, 1000, 600, 0);
    CU_ASSERT_FALSE(clk.armed);

    /* now == reference + dt has expired ([reference, reference + dt) is over) */
    expect_u32(command(p, DRIVER_ALARM, ALARM_CMD_SET_ABSOLUTE, 900, 100), 1000);
    expect_upcall(p, DRIVER_ALARM, ALARM_UPCALL_FIRED, 1000, 1000, 0);

    /* a reference "after" now is taken as 2^32 ticks in the past (Tock): fires at once */
    expect_u32(command(p, DRIVER_ALARM, ALARM_CMD_SET_ABSOLUTE, 2000, 100), 2100);
    expect_upcall(p, DRIVER_ALARM, ALARM_UPCALL_FIRED, 1000, 2100, 0);
    CU_ASSERT_FALSE(clk.armed);
}

static void test_alarm_wraparound(void)
{
    setup();
    struct process *p = app("alarm");
    subscribe(p, DRIVER_ALARM, ALARM_UPCALL_FIRED);

    /* relative across the 32-bit wrap */
    clk.now = 0xFFFFFF00ull;
    expect_u32(command(p, DRIVER_ALARM, ALARM_CMD_SET_RELATIVE, 0x200, 0), 0x100);
    CU_ASSERT_EQUAL(clk.deadline, 0x100000100ull);
    clk.now = 0x1000000FFull;
    alarm_capsule_fire(&alarm, &board.k);
    CU_ASSERT_EQUAL(pending(p, DRIVER_ALARM, 0), 0);
    clk.now = 0x100000100ull;
    alarm_capsule_fire(&alarm, &board.k);
    expect_upcall(p, DRIVER_ALARM, ALARM_UPCALL_FIRED, 0x100, 0x100, 0);

    /* absolute with a reference from before the wrap (now's low word is 0x10) */
    clk.now = 0x100000010ull;
    expect_u32(command(p, DRIVER_ALARM, ALARM_CMD_SET_ABSOLUTE, 0xFFFFFFF0u, 0x40), 0x30);
    CU_ASSERT_EQUAL(clk.deadline, 0x100000030ull);
    CU_ASSERT_EQUAL(pending(p, DRIVER_ALARM, 0), 0);
    clk.now = 0x100000030ull;
    alarm_capsule_fire(&alarm, &board.k);
    expect_upcall(p, DRIVER_ALARM, ALARM_UPCALL_FIRED, 0x30, 0x30, 0);

    /* the same before the 64-bit counter reached 2^32: the reference is "negative" */
    clk.now = 0x10;
    expect_u32(command(p, DRIVER_ALARM, ALARM_CMD_SET_ABSOLUTE, 0xFFFFFFF0u, 0x40), 0x30);
    CU_ASSERT_EQUAL(clk.deadline, 0x30);
    CU_ASSERT_EQUAL(pending(p, DRIVER_ALARM, 0), 0);
    expect_success(command(p, DRIVER_ALARM, ALARM_CMD_STOP, 0, 0));

    /* ... and already expired there */
    expect_u32(command(p, DRIVER_ALARM, ALARM_CMD_SET_ABSOLUTE, 0xFFFFFFF0u, 0x10), 0);
    expect_upcall(p, DRIVER_ALARM, ALARM_UPCALL_FIRED, 0x10, 0, 0);
    CU_ASSERT_FALSE(clk.armed);
}

static void test_alarm_two_processes_fire_in_order(void)
{
    setup();
    struct process *a = app("a");
    struct process *b = app("b");
    subscribe(a, DRIVER_ALARM, ALARM_UPCALL_FIRED);
    subscribe(b, DRIVER_ALARM, ALARM_UPCALL_FIRED);
    expect_u32(command(a, DRIVER_ALARM, ALARM_CMD_SET_RELATIVE, 300, 0), 1300);
    expect_u32(command(b, DRIVER_ALARM, ALARM_CMD_SET_RELATIVE, 100, 0), 1100);
    CU_ASSERT_EQUAL(clk.deadline, 1100);

    /* only b's has passed: a's is armed next */
    clk.now = 1150;
    alarm_capsule_fire(&alarm, &board.k);
    expect_upcall(b, DRIVER_ALARM, ALARM_UPCALL_FIRED, 1150, 1100, 0);
    CU_ASSERT_EQUAL(pending(a, DRIVER_ALARM, 0), 0);
    CU_ASSERT_TRUE(clk.armed);
    CU_ASSERT_EQUAL(clk.deadline, 1300);

    /* both pass before the board gets to fire: earliest expiration first */
    expect_u32(command(b, DRIVER_ALARM, ALARM_CMD_SET_RELATIVE, 50, 0), 1200);
    CU_ASSERT_EQUAL(clk.deadline, 1200);
    board.k.trace = TRACE_UPCALLS;
    clear_log();
    clk.now = 5000;
    alarm_capsule_fire(&alarm, &board.k);
    board.k.trace = 0;
    char want_b[64], want_a[64];
    snprintf(want_b, sizeof want_b, "b(%u): upcall alarm/0 queued", (unsigned)b->id);
    snprintf(want_a, sizeof want_a, "a(%u): upcall alarm/0 queued", (unsigned)a->id);
    const char *first = strstr(board.log, want_b);
    const char *second = strstr(board.log, want_a);
    CU_ASSERT_PTR_NOT_NULL(first);
    CU_ASSERT_PTR_NOT_NULL(second);
    CU_ASSERT_TRUE(first && second && first < second);
    expect_upcall(a, DRIVER_ALARM, ALARM_UPCALL_FIRED, 5000, 1300, 0);
    expect_upcall(b, DRIVER_ALARM, ALARM_UPCALL_FIRED, 5000, 1200, 0);
    CU_ASSERT_FALSE(clk.armed);
    uint64_t next;
    CU_ASSERT_FALSE(alarm_capsule_next_deadline(&alarm, &next));
}

static void test_alarm_cancelled_by_exit_and_restart(void)
{
    setup();
    struct process *a = app("a");
    struct process *b = app("b");
    uint64_t next;
    expect_u32(command(a, DRIVER_ALARM, ALARM_CMD_SET_RELATIVE, 100, 0), 1100);
    expect_u32(command(b, DRIVER_ALARM, ALARM_CMD_SET_RELATIVE, 200, 0), 1200);
    exit_process(a, EXIT_TERMINATE);
    CU_ASSERT_TRUE(alarm_capsule_next_deadline(&alarm, &next));
    CU_ASSERT_EQUAL(next, 1200);
    CU_ASSERT_EQUAL(clk.deadline, 1200);

    exit_process(b, EXIT_RESTART);
    CU_ASSERT_FALSE(alarm_capsule_next_deadline(&alarm, &next));
    CU_ASSERT_FALSE(clk.armed);
    /* the restarted process starts without an alarm */
    expect_failure(command(b, DRIVER_ALARM, ALARM_CMD_STOP, 0, 0), TOCK_ALREADY);
    clk.now = 3000;
    alarm_capsule_fire(&alarm, &board.k);
    CU_ASSERT_EQUAL(b->queue_count, 0);
}

static void test_alarm_stopped_process_keeps_alarm(void)
{
    setup();
    struct process *p = app("alarm");
    expect_u32(command(p, DRIVER_ALARM, ALARM_CMD_SET_RELATIVE, 100, 0), 1100);
    kernel_process_stop(&board.k, p);
    CU_ASSERT_TRUE(clk.armed);
    clk.now = 1100;
    alarm_capsule_fire(&alarm, &board.k);
    CU_ASSERT_EQUAL(pending(p, DRIVER_ALARM, 0), 1);
}

/* ---- LED --------------------------------------------------------------------------------- */

static void test_led(void)
{
    setup();
    struct process *p = app("led");
    for (uint32_t i = 0; i < NUM_LEDS; i++)
        CU_ASSERT_FALSE(leds[i]);          /* init turned them off */

    expect_u32(command(p, DRIVER_LED, LED_CMD_COUNT, 0, 0), NUM_LEDS);
    expect_success(command(p, DRIVER_LED, LED_CMD_ON, 1, 0));
    CU_ASSERT_TRUE(leds[1]);
    expect_u32(command(p, DRIVER_LED, LED_CMD_READ, 1, 0), 1);
    expect_u32(command(p, DRIVER_LED, LED_CMD_READ, 2, 0), 0);
    expect_success(command(p, DRIVER_LED, LED_CMD_TOGGLE, 1, 0));
    CU_ASSERT_FALSE(leds[1]);
    expect_success(command(p, DRIVER_LED, LED_CMD_TOGGLE, 3, 0));
    CU_ASSERT_TRUE(leds[3]);
    expect_success(command(p, DRIVER_LED, LED_CMD_OFF, 3, 0));
    CU_ASSERT_FALSE(leds[3]);
    CU_ASSERT_FALSE(leds[0] || leds[1] || leds[2]);

    for (uint32_t cmd = LED_CMD_ON; cmd <= LED_CMD_READ; cmd++) {
        expect_failure(command(p, DRIVER_LED, cmd, NUM_LEDS, 0), TOCK_INVAL);
        expect_failure(command(p, DRIVER_LED, cmd, 0xFFFFFFFFu, 0), TOCK_INVAL);
    }
    expect_failure(command(p, DRIVER_LED, 5, 0, 0), TOCK_NOSUPPORT);
    CU_ASSERT_STRING_EQUAL(led.driver.command_name(LED_CMD_TOGGLE), "toggle");
    CU_ASSERT_PTR_NULL(led.driver.command_name(5));
}

/* ---- button ------------------------------------------------------------------------------ */

static void test_button_commands(void)
{
    setup();
    struct process *p = app("btn");
    expect_u32(command(p, DRIVER_BUTTON, BUTTON_CMD_COUNT, 0, 0), NUM_BUTTONS);
    buttons[2] = true;
    expect_u32(command(p, DRIVER_BUTTON, BUTTON_CMD_READ, 2, 0), 1);
    expect_u32(command(p, DRIVER_BUTTON, BUTTON_CMD_READ, 0, 0), 0);
    expect_success(command(p, DRIVER_BUTTON, BUTTON_CMD_ENABLE, 0, 0));
    expect_success(command(p, DRIVER_BUTTON, BUTTON_CMD_DISABLE, 0, 0));
    expect_success(command(p, DRIVER_BUTTON, BUTTON_CMD_DISABLE, 1, 0));   /* never enabled */
    for (uint32_t cmd = BUTTON_CMD_ENABLE; cmd <= BUTTON_CMD_READ; cmd++)
        expect_failure(command(p, DRIVER_BUTTON, cmd, NUM_BUTTONS, 0), TOCK_INVAL);
    expect_failure(command(p, DRIVER_BUTTON, 4, 0, 0), TOCK_NOSUPPORT);
    CU_ASSERT_STRING_EQUAL(button.driver.command_name(BUTTON_CMD_ENABLE), "enable_interrupt");
    CU_ASSERT_PTR_NULL(button.driver.command_name(4));
}

static void test_button_events(void)
{
    setup();
    struct process *a = app("a");
    struct process *b = app("b");
    struct process *c = app("c");
    subscribe(a, DRIVER_BUTTON, BUTTON_UPCALL_EVENT);
    subscribe(b, DRIVER_BUTTON, BUTTON_UPCALL_EVENT);
    subscribe(c, DRIVER_BUTTON, BUTTON_UPCALL_EVENT);   /* subscribed, nothing enabled */
    expect_success(command(a, DRIVER_BUTTON, BUTTON_CMD_ENABLE, 0, 0));
    expect_success(command(b, DRIVER_BUTTON, BUTTON_CMD_ENABLE, 1, 0));
    expect_success(command(b, DRIVER_BUTTON, BUTTON_CMD_ENABLE, 0, 0));

    button_capsule_event(&button, &board.k, 0, true);
    expect_upcall(a, DRIVER_BUTTON, 0, 0, 1, 0);
    expect_upcall(b, DRIVER_BUTTON, 0, 0, 1, 0);
    CU_ASSERT_EQUAL(c->queue_count, 0);

    button_capsule_event(&button, &board.k, 1, false);
    expect_upcall(b, DRIVER_BUTTON, 0, 1, 0, 0);
    CU_ASSERT_EQUAL(a->queue_count, 0);

    expect_success(command(b, DRIVER_BUTTON, BUTTON_CMD_DISABLE, 0, 0));
    button_capsule_event(&button, &board.k, 0, false);
    expect_upcall(a, DRIVER_BUTTON, 0, 0, 0, 0);
    CU_ASSERT_EQUAL(b->queue_count, 0);

    button_capsule_event(&button, &board.k, NUM_BUTTONS, true);   /* no such button */
    CU_ASSERT_EQUAL(a->queue_count + b->queue_count + c->queue_count, 0);

    /* a restarted process has to enable its buttons again */
    exit_process(a, EXIT_RESTART);
    button_capsule_event(&button, &board.k, 0, true);
    CU_ASSERT_EQUAL(a->queue_count, 0);
}

/* ---- GPIO -------------------------------------------------------------------------------- */

static void test_gpio_commands(void)
{
    setup();
    struct process *p = app("gpio");
    expect_success(command(p, DRIVER_GPIO, GPIO_CMD_EXISTS, 0, 0));
    expect_u32(command(p, DRIVER_GPIO, GPIO_CMD_COUNT, 0, 0), NUM_PINS);

    expect_success(command(p, DRIVER_GPIO, GPIO_CMD_OUTPUT, 3, 0));
    CU_ASSERT_EQUAL(pins.mode[3], GPIO_OUTPUT);
    expect_success(command(p, DRIVER_GPIO, GPIO_CMD_SET, 3, 0));
    CU_ASSERT_TRUE(pins.level[3]);
    expect_u32(command(p, DRIVER_GPIO, GPIO_CMD_READ, 3, 0), 1);
    expect_success(command(p, DRIVER_GPIO, GPIO_CMD_CLEAR, 3, 0));
    CU_ASSERT_FALSE(pins.level[3]);
    expect_success(command(p, DRIVER_GPIO, GPIO_CMD_TOGGLE, 3, 0));
    CU_ASSERT_TRUE(pins.level[3]);
    expect_success(command(p, DRIVER_GPIO, GPIO_CMD_TOGGLE, 3, 0));
    CU_ASSERT_FALSE(pins.level[3]);
    expect_u32(command(p, DRIVER_GPIO, GPIO_CMD_READ, 3, 0), 0);

    expect_success(command(p, DRIVER_GPIO, GPIO_CMD_INPUT, 2, 0));
    CU_ASSERT_EQUAL(pins.mode[2], GPIO_INPUT_FLOATING);
    expect_success(command(p, DRIVER_GPIO, GPIO_CMD_INPUT, 2, 1));
    CU_ASSERT_EQUAL(pins.mode[2], GPIO_INPUT_PULLUP);
    expect_success(command(p, DRIVER_GPIO, GPIO_CMD_INPUT, 2, 2));
    CU_ASSERT_EQUAL(pins.mode[2], GPIO_INPUT_PULLDOWN);
    expect_failure(command(p, DRIVER_GPIO, GPIO_CMD_INPUT, 2, 3), TOCK_NOSUPPORT);
    CU_ASSERT_EQUAL(pins.mode[2], GPIO_INPUT_PULLDOWN);
    pins.level[2] = true;
    expect_u32(command(p, DRIVER_GPIO, GPIO_CMD_READ, 2, 0), 1);

    expect_success(command(p, DRIVER_GPIO, GPIO_CMD_IRQ_ENABLE, 4, 0));
    CU_ASSERT_EQUAL(pins.edge[4], GPIO_IRQ_EITHER);
    expect_success(command(p, DRIVER_GPIO, GPIO_CMD_IRQ_ENABLE, 4, 1));
    CU_ASSERT_EQUAL(pins.edge[4], GPIO_IRQ_RISING);
    expect_success(command(p, DRIVER_GPIO, GPIO_CMD_IRQ_ENABLE, 4, 2));
    CU_ASSERT_EQUAL(pins.edge[4], GPIO_IRQ_FALLING);
    expect_failure(command(p, DRIVER_GPIO, GPIO_CMD_IRQ_ENABLE, 4, 3), TOCK_NOSUPPORT);
    CU_ASSERT_EQUAL(pins.edge[4], GPIO_IRQ_FALLING);
    pins.mode[4] = GPIO_INPUT_PULLUP;
    expect_success(command(p, DRIVER_GPIO, GPIO_CMD_IRQ_DISABLE, 4, 0));
    CU_ASSERT_EQUAL(pins.edge[4], GPIO_IRQ_NONE);
    CU_ASSERT_EQUAL(pins.mode[4], GPIO_DISABLED);

    expect_success(command(p, DRIVER_GPIO, GPIO_CMD_DISABLE, 3, 0));
    CU_ASSERT_EQUAL(pins.mode[3], GPIO_DISABLED);

    for (uint32_t cmd = GPIO_CMD_OUTPUT; cmd <= GPIO_CMD_DISABLE; cmd++) {
        expect_failure(command(p, DRIVER_GPIO, cmd, NUM_PINS, 0), TOCK_INVAL);
        expect_failure(command(p, DRIVER_GPIO, cmd, 0x80000000u, 0), TOCK_INVAL);
    }
    expect_failure(command(p, DRIVER_GPIO, 11, 0, 0), TOCK_NOSUPPORT);
    CU_ASSERT_STRING_EQUAL(gpio.driver.command_name(GPIO_CMD_COUNT), "count");
    CU_ASSERT_STRING_EQUAL(gpio.driver.command_name(GPIO_CMD_INPUT), "enable_input");
    CU_ASSERT_PTR_NULL(gpio.driver.command_name(11));
}

static void test_gpio_interrupts(void)
{
    setup();
    struct process *a = app("a");
    struct process *b = app("b");
    struct process *c = app("c");
    subscribe(a, DRIVER_GPIO, GPIO_UPCALL_INTERRUPT);
    subscribe(b, DRIVER_GPIO, GPIO_UPCALL_INTERRUPT);
    expect_success(command(c, DRIVER_GPIO, GPIO_CMD_IRQ_ENABLE, 5, 0));  /* never subscribed */
    expect_success(command(a, DRIVER_GPIO, GPIO_CMD_IRQ_ENABLE, 5, 0));

    gpio_capsule_interrupt(&gpio, &board.k, 5, true);
    expect_upcall(a, DRIVER_GPIO, 0, 5, 1, 0);
    expect_upcall(b, DRIVER_GPIO, 0, 5, 1, 0);
    CU_ASSERT_EQUAL(c->queue_count, 0);

    gpio_capsule_interrupt(&gpio, &board.k, 5, false);
    expect_upcall(a, DRIVER_GPIO, 0, 5, 0, 0);
    expect_upcall(b, DRIVER_GPIO, 0, 5, 0, 0);

    gpio_capsule_interrupt(&gpio, &board.k, NUM_PINS, true);   /* no such pin */
    CU_ASSERT_EQUAL(a->queue_count + b->queue_count, 0);

    exit_process(b, EXIT_TERMINATE);
    gpio_capsule_interrupt(&gpio, &board.k, 1, true);
    expect_upcall(a, DRIVER_GPIO, 0, 1, 1, 0);
    CU_ASSERT_EQUAL(b->queue_count, 0);
}

/* ---- LowLevelDebug ----------------------------------------------------------------------- */

static void test_low_level_debug(void)
{
    setup();
    struct process *a = app("a");
    struct process *b = app("b");
    CU_ASSERT_EQUAL(a->id, 1);
    CU_ASSERT_EQUAL(b->id, 2);
    clear_log();

    expect_success(command(a, DRIVER_LOW_LEVEL_DEBUG, LLD_CMD_EXISTS, 0, 0));
    expect_success(command(a, DRIVER_LOW_LEVEL_DEBUG, LLD_CMD_ALERT, LLD_ALERT_PANIC, 0));
    expect_success(command(a, DRIVER_LOW_LEVEL_DEBUG, LLD_CMD_PRINT1, 0xDEADBEEFu, 0));
    expect_success(command(b, DRIVER_LOW_LEVEL_DEBUG, LLD_CMD_PRINT2, 0, 0xABC));
    expect_success(command(b, DRIVER_LOW_LEVEL_DEBUG, LLD_CMD_PRINT1, 0x10, 7));
    expect_failure(command(b, DRIVER_LOW_LEVEL_DEBUG, 4, 1, 2), TOCK_NOSUPPORT);
    CU_ASSERT_STRING_EQUAL(board.log,
                           "LowLevelDebug: App 0x1 alert code 0x1\n"
                           "LowLevelDebug: App 0x1 prints 0xdeadbeef\n"
                           "LowLevelDebug: App 0x2 prints 0x0 0xabc\n"
                           "LowLevelDebug: App 0x2 prints 0x10\n");

    /* many entries in a row are all printed: nothing is queued or dropped */
    clear_log();
    for (uint32_t i = 0; i < 10; i++)
        expect_success(command(a, DRIVER_LOW_LEVEL_DEBUG, LLD_CMD_PRINT1, i, 0));
    CU_ASSERT_PTR_NOT_NULL(strstr(board.log, "LowLevelDebug: App 0x1 prints 0x9\n"));
    CU_ASSERT_PTR_NULL(strstr(board.log, "Dropped"));

    /* the id is the instance id: a restart changes it */
    exit_process(b, EXIT_RESTART);
    clear_log();
    expect_success(command(b, DRIVER_LOW_LEVEL_DEBUG, LLD_CMD_ALERT, 0x2, 0));
    char want[80];
    snprintf(want, sizeof want, "LowLevelDebug: App 0x%x alert code 0x2\n", (unsigned)b->id);
    CU_ASSERT_STRING_EQUAL(board.log, want);
    CU_ASSERT_STRING_EQUAL(lld.driver.command_name(LLD_CMD_PRINT2), "print2");
    CU_ASSERT_PTR_NULL(lld.driver.command_name(4));
}

static void test_low_level_debug_large_id(void)
{
    setup();
    struct process *p = app("lld");
    while (p->id < 0x1b)
        exit_process(p, EXIT_RESTART);
    clear_log();
    expect_success(command(p, DRIVER_LOW_LEVEL_DEBUG, LLD_CMD_PRINT2, 0xFFFFFFFFu, 0x7f));
    CU_ASSERT_STRING_EQUAL(board.log, "LowLevelDebug: App 0x1b prints 0xffffffff 0x7f\n");
}

/* ---- RNG --------------------------------------------------------------------------------- */

static void test_rng(void)
{
    setup();
    struct process *p = app("rng");
    expect_success(command(p, DRIVER_RNG, RNG_CMD_EXISTS, 0, 0));
    expect_failure(command(p, DRIVER_RNG, 2, 0, 0), TOCK_NOSUPPORT);
    subscribe(p, DRIVER_RNG, RNG_UPCALL_DONE);

    /* no buffer: completes with 0 bytes */
    expect_success(command(p, DRIVER_RNG, RNG_CMD_GET, 4, 0));
    expect_upcall(p, DRIVER_RNG, 0, 0, 0, 0);

    uint8_t *buf = allow(p, SYSCALL_ALLOW_RW, DRIVER_RNG, 0, 0, 16);
    memset(buf, 0xEE, 20);
    expect_success(command(p, DRIVER_RNG, RNG_CMD_GET, 8, 0));
    expect_upcall(p, DRIVER_RNG, 0, 0, 8, 0);
    for (uint32_t i = 0; i < 8; i++)
        CU_ASSERT_EQUAL(buf[i], 0x40 + i);
    CU_ASSERT_EQUAL(buf[8], 0xEE);

    /* more than the buffer holds: the buffer is filled, nothing past it */
    expect_success(command(p, DRIVER_RNG, RNG_CMD_GET, 1000, 0));
    expect_upcall(p, DRIVER_RNG, 0, 0, 16, 0);
    CU_ASSERT_EQUAL(buf[0], 0x48);
    CU_ASSERT_EQUAL(buf[15], 0x57);
    CU_ASSERT_EQUAL(buf[16], 0xEE);

    /* zero bytes: success and, as in Tock, no upcall */
    expect_success(command(p, DRIVER_RNG, RNG_CMD_GET, 0, 0));
    CU_ASSERT_EQUAL(pending(p, DRIVER_RNG, 0), 0);
    CU_ASSERT_STRING_EQUAL(rng.driver.command_name(RNG_CMD_GET), "get");
    CU_ASSERT_PTR_NULL(rng.driver.command_name(2));
}

/* ---- grants ------------------------------------------------------------------------------ */

static void test_grant_exhausted(void)
{
    setup();
    struct process *p = app("full");
    exhaust_grant_region(p);

    /* capsules with per-process data report NOMEM */
    expect_failure(command(p, DRIVER_CONSOLE, CONSOLE_CMD_EXISTS, 0, 0), TOCK_NOMEM);
    expect_failure(command(p, DRIVER_CONSOLE, CONSOLE_CMD_WRITE, 1, 0), TOCK_NOMEM);
    expect_failure(command(p, DRIVER_ALARM, ALARM_CMD_EXISTS, 0, 0), TOCK_NOMEM);
    expect_failure(command(p, DRIVER_ALARM, ALARM_CMD_SET_RELATIVE, 10, 0), TOCK_NOMEM);
    expect_failure(command(p, DRIVER_BUTTON, BUTTON_CMD_ENABLE, 0, 0), TOCK_NOMEM);
    expect_failure(command(p, DRIVER_RNG, RNG_CMD_GET, 4, 0), TOCK_NOMEM);
    CU_ASSERT_FALSE(clk.armed);

    /* those without (or not needing it for the command) still work, as in Tock */
    expect_u32(command(p, DRIVER_BUTTON, BUTTON_CMD_COUNT, 0, 0), NUM_BUTTONS);
    expect_u32(command(p, DRIVER_BUTTON, BUTTON_CMD_READ, 0, 0), 0);
    expect_success(command(p, DRIVER_RNG, RNG_CMD_EXISTS, 0, 0));
    expect_u32(command(p, DRIVER_LED, LED_CMD_COUNT, 0, 0), NUM_LEDS);
    expect_success(command(p, DRIVER_LED, LED_CMD_ON, 0, 0));
    expect_success(command(p, DRIVER_GPIO, GPIO_CMD_SET, 0, 0));
    clear_log();
    expect_success(command(p, DRIVER_LOW_LEVEL_DEBUG, LLD_CMD_PRINT1, 1, 0));
    CU_ASSERT_STRING_EQUAL(board.log, "LowLevelDebug: App 0x1 prints 0x1\n");
}

/* ---- runner ------------------------------------------------------------------------------ */

static const struct unit_test tests[] = {
    {"console exists and unknown", test_console_exists_and_unknown},
    {"console write", test_console_write},
    {"console write short buffer", test_console_write_short_buffer},
    {"console write without buffer", test_console_write_without_buffer},
    {"console long write", test_console_long_write},
    {"console write from flash", test_console_write_from_flash},
    {"console read", test_console_read},
    {"console input without reader", test_console_input_without_reader_is_dropped},
    {"console read busy", test_console_read_busy},
    {"console read lengths", test_console_read_lengths},
    {"console abort", test_console_abort},
    {"console read buffer shrank", test_console_read_buffer_shrank},
    {"console reader exit", test_console_reader_exit},
    {"alarm basic commands", test_alarm_basic_commands},
    {"alarm relative and stop", test_alarm_relative_and_stop},
    {"alarm fires", test_alarm_fires},
    {"alarm absolute", test_alarm_absolute},
    {"alarm wrap-around", test_alarm_wraparound},
    {"alarm two processes in order", test_alarm_two_processes_fire_in_order},
    {"alarm cancelled by exit/restart", test_alarm_cancelled_by_exit_and_restart},
    {"alarm kept while stopped", test_alarm_stopped_process_keeps_alarm},
    {"led", test_led},
    {"button commands", test_button_commands},
    {"button events", test_button_events},
    {"gpio commands", test_gpio_commands},
    {"gpio interrupts", test_gpio_interrupts},
    {"low level debug", test_low_level_debug},
    {"low level debug large id", test_low_level_debug_large_id},
    {"rng", test_rng},
    {"grant exhausted", test_grant_exhausted},
    {NULL, NULL},
};

int main(void)
{
    return unit_run("capsules", tests, NULL, NULL);
}
