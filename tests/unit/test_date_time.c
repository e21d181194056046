/* The date and time driver (0x90007) through the system call ABI, on the emulator's clock
 * model (emu/host_rtc.c) with a virtual board clock the test moves. */
#include <CUnit/Basic.h>
#include <string.h>

#include "device_events.h"
#include "fake_cpu.h"
#include "host_rtc.h"
#include "tock/capsules/date_time.h"
#include "unit_run.h"

#define APP_RAM 4096u
#define DATE(y, m, d) ((uint32_t)(y) << 9 | (uint32_t)(m) << 5 | (uint32_t)(d))
#define TIME(w, h, mi, s) ((uint32_t)(w) << 17 | (uint32_t)(h) << 12 | (uint32_t)(mi) << 6 | (uint32_t)(s))
#define START_2024_02_28_10H 1709114400   /* 2024-02-28T10:00:00Z, a Wednesday */

static struct fake_board board;
static uint64_t retired;
static struct host_clock clock_;
static struct device_events events;
static struct host_rtc rtc;
static struct date_time_capsule cap;

static void setup(void)
{
    memset(&board, 0, sizeof board);
    memset(&events, 0, sizeof events);
    retired = 0;
    fake_kernel_init(&board);
    host_clock_init(&clock_, CLOCK_VIRTUAL, 1.0, &retired);
    CU_ASSERT_EQUAL(host_rtc_init(&rtc, &board.k, &clock_, &events, START_2024_02_28_10H), 0);
    date_time_capsule_init(&cap, &rtc.hil);
    host_rtc_attach(&rtc, &cap);
    CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &cap.driver), 0);
}

static struct process *app(const char *name)
{
    struct process *p = fake_process(&board, name, APP_RAM);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    return p;
}

static struct cpu_regs command(struct process *p, uint32_t cmd, uint32_t a0, uint32_t a1)
{
    return fake_syscall(&board, p, SYSCALL_COMMAND, DRIVER_DATE_TIME, cmd, a0, a1, NULL);
}

static void expect_status(struct cpu_regs r, uint32_t err)
{
    CU_ASSERT_EQUAL(r.r[0], err == TOCK_OK ? RV_SUCCESS : RV_FAILURE);
    if (err != TOCK_OK)
        CU_ASSERT_EQUAL(r.r[1], err);
}

/* Move board time on by ns and complete whatever is due. */
static void run_for(uint64_t ns)
{
    uint64_t now = host_clock_now_ns(&clock_);
    host_clock_advance_to(&clock_, now + ns);
    device_events_fire_due(&events, now + ns);
}

static void expect_upcall(struct process *p, uint32_t a0, uint32_t a1, uint32_t a2)
{
    CU_ASSERT_EQUAL_FATAL(fake_pending_upcalls(p, DRIVER_DATE_TIME, 0), 1);
    uint32_t args[3];
    CU_ASSERT_TRUE(fake_take_upcall(&board, p, DRIVER_DATE_TIME, 0, args));
    CU_ASSERT_EQUAL(args[0], a0);
    CU_ASSERT_EQUAL(args[1], a1);
    CU_ASSERT_EQUAL(args[2], a2);
}

static void test_read_runs_with_board_time(void)
{
    setup();
    struct process *p = app("reader");
    expect_status(command(p, DATE_TIME_CMD_EXISTS, 0, 0), TOCK_OK);
    expect_status(command(p, 3, 0, 0), TOCK_NOSUPPORT);
    expect_status(command(p, DATE_TIME_CMD_READ, 0, 0), TOCK_OK);
    CU_ASSERT_EQUAL(fake_pending_upcalls(p, DRIVER_DATE_TIME, 0), 0);   /* not before the latency */
    run_for(RTC_LATENCY_NS);
    expect_upcall(p, TOCK_OK, DATE(2024, 2, 28), TIME(3, 10, 0, 0));
    run_for(36ull * 3600 * 1000000000);   /* a day and a half: past 29 February */
    expect_status(command(p, DATE_TIME_CMD_READ, 0, 0), TOCK_OK);
    run_for(RTC_LATENCY_NS);
    expect_upcall(p, TOCK_OK, DATE(2024, 2, 29), TIME(4, 22, 0, 0));
}

static void test_set_keeps_the_weekday_given(void)
{
    setup();
    struct process *p = app("setter");
    /* 2023-01-01 was a Sunday; the app says Monday, as libtock-c's rtc test does */
    expect_status(command(p, DATE_TIME_CMD_SET, DATE(2023, 1, 1), TIME(1, 23, 59, 59)), TOCK_OK);
    run_for(RTC_LATENCY_NS);
    expect_upcall(p, TOCK_OK, 0, 0);
    run_for(1000000000);
    expect_status(command(p, DATE_TIME_CMD_READ, 0, 0), TOCK_OK);
    run_for(RTC_LATENCY_NS);
    expect_upcall(p, TOCK_OK, DATE(2023, 1, 2), TIME(2, 0, 0, 0));
}

static void test_set_out_of_range(void)
{
    setup();
    struct process *p = app("bad");
    expect_status(command(p, DATE_TIME_CMD_SET, DATE(2023, 13, 1), TIME(0, 0, 0, 0)), TOCK_INVAL);
    expect_status(command(p, DATE_TIME_CMD_SET, DATE(2023, 0, 1), TIME(0, 0, 0, 0)), TOCK_INVAL);
    expect_status(command(p, DATE_TIME_CMD_SET, DATE(2023, 1, 1), TIME(7, 0, 0, 0)), TOCK_INVAL);
    expect_status(command(p, DATE_TIME_CMD_SET, DATE(2023, 1, 1), TIME(0, 25, 0, 0)), TOCK_INVAL);
    expect_status(command(p, DATE_TIME_CMD_SET, DATE(2023, 1, 1), TIME(0, 0, 61, 0)), TOCK_INVAL);
    expect_status(command(p, DATE_TIME_CMD_SET, DATE(2023, 1, 1), TIME(0, 0, 0, 61)), TOCK_INVAL);
    run_for(RTC_LATENCY_NS);
    CU_ASSERT_EQUAL(fake_pending_upcalls(p, DRIVER_DATE_TIME, 0), 0);   /* nothing started */
    /* Tock's upper bounds are inclusive: hour 24 and minute 60 are taken and roll over */
    expect_status(command(p, DATE_TIME_CMD_SET, DATE(2023, 1, 1), TIME(0, 24, 0, 0)), TOCK_OK);
    run_for(RTC_LATENCY_NS);
    expect_upcall(p, TOCK_OK, 0, 0);
}

/* One request at a time: a second process asking meanwhile is answered with it. */
static void test_second_request_joins_the_one_in_flight(void)
{
    setup();
    struct process *a = app("a"), *b = app("b");
    expect_status(command(a, DATE_TIME_CMD_READ, 0, 0), TOCK_OK);
    expect_status(command(b, DATE_TIME_CMD_SET, DATE(2030, 6, 1), TIME(6, 0, 0, 0)), TOCK_OK);
    run_for(RTC_LATENCY_NS);
    expect_upcall(a, TOCK_OK, DATE(2024, 2, 28), TIME(3, 10, 0, 0));
    expect_upcall(b, TOCK_OK, DATE(2024, 2, 28), TIME(3, 10, 0, 0));   /* the set never ran */
    run_for(RTC_LATENCY_NS);
    CU_ASSERT_EQUAL(fake_pending_upcalls(a, DRIVER_DATE_TIME, 0), 0);
    CU_ASSERT_EQUAL(fake_pending_upcalls(b, DRIVER_DATE_TIME, 0), 0);
}

/* A process that exits while waiting is not answered in its next life. */
static void test_exit_forgets_the_wait(void)
{
    setup();
    struct process *p = app("leaver");
    expect_status(command(p, DATE_TIME_CMD_READ, 0, 0), TOCK_OK);
    bool keep = true;
    fake_syscall(&board, p, SYSCALL_EXIT, 1 /* restart */, 0, 0, 0, &keep);
    run_for(RTC_LATENCY_NS);
    CU_ASSERT_EQUAL(fake_pending_upcalls(p, DRIVER_DATE_TIME, 0), 0);
    CU_ASSERT_FALSE(cap.in_flight);
}

static void test_parse_setting(void)
{
    int64_t t;
    CU_ASSERT_EQUAL(host_rtc_parse("2024-02-28T10:00:00", &t), 0);
    CU_ASSERT_EQUAL(t, START_2024_02_28_10H);
    CU_ASSERT_EQUAL(host_rtc_parse("2023-02-29T00:00:00", &t), -1);   /* not a leap year */
    CU_ASSERT_EQUAL(host_rtc_parse("2023-01-01 00:00:00", &t), -1);
    CU_ASSERT_EQUAL(host_rtc_parse("2023-01-01T24:00:00", &t), -1);
    CU_ASSERT_EQUAL(host_rtc_parse("2023-01-01T00:00:00Z", &t), -1);
    CU_ASSERT_EQUAL(host_rtc_parse("1969-12-31T23:59:59", &t), -1);
}

static const struct unit_test tests[] = {
    {"read runs with board time", test_read_runs_with_board_time},
    {"set keeps the weekday given", test_set_keeps_the_weekday_given},
    {"set out of range", test_set_out_of_range},
    {"second request joins the one in flight", test_second_request_joins_the_one_in_flight},
    {"exit forgets the wait", test_exit_forgets_the_wait},
    {"parse the rtc setting", test_parse_setting},
    {NULL, NULL},
};

int main(void)
{
    return unit_run("date_time", tests, NULL, NULL);
}
