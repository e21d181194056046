/* The display, touch and sound drivers (screen, text screen, touch, buzzer, servo) driven
 * as apps drive them, through the system-call ABI on the fake CPU, with the emulator's own
 * device models behind them. A model ends an operation only when the test reports it
 * (finish()), so a running operation stays running for as long as a test needs. */
#include <CUnit/Basic.h>
#include <string.h>

#include "fake_cpu.h"
#define APP_CALLS_BOARD board
static struct fake_board board;
#include "app_calls.h"
#include "host_buzzer.h"
#include "host_screen.h"
#include "host_servo.h"
#include "host_text_screen.h"
#include "host_touch.h"
#include "tock/capsules/buzzer.h"
#include "tock/capsules/screen.h"
#include "tock/capsules/servo.h"
#include "tock/capsules/text_screen.h"
#include "tock/capsules/touch.h"
#include "unit_run.h"

#define SCREEN_W 8u
#define SCREEN_H 4u

static uint64_t retired;
static struct host_clock clock;
static struct drive_log log_off;          /* the models log nowhere */
static struct host_screen screen;
static struct host_text_screen text;
static struct host_touch panel;
static struct host_buzzer buzzer;
static struct host_servo servos;
static struct screen_capsule screen_cap;
static struct text_screen_capsule text_cap;
static struct touch_capsule touch_cap;
static struct buzzer_capsule buzzer_cap;
static struct servo_capsule servo_cap;

static void setup(void)
{
    memset(&board, 0, sizeof board);
    fake_kernel_init(&board);
    retired = 0;
    host_clock_init(&clock, CLOCK_VIRTUAL, 1.0, &retired);
    host_screen_free(&screen);
    CU_ASSERT_EQUAL_FATAL(host_screen_init(&screen, SCREEN_W, SCREEN_H, SCREEN_RGB_565), 0);
    host_text_screen_init(&text, 16, 2, NULL);
    struct hmi_config cfg;
    hmi_config_defaults(&cfg);
    host_touch_init(&panel, &cfg);
    host_buzzer_init(&buzzer, &clock, &log_off);
    host_servo_init(&servos, 2, &clock, &log_off);
    screen_capsule_init(&screen_cap, &screen.hil);
    text_screen_capsule_init(&text_cap, &text.hil);
    touch_capsule_init(&touch_cap, &panel.hil);
    buzzer_capsule_init(&buzzer_cap, &buzzer.hil);
    servo_capsule_init(&servo_cap, &servos.hil);
    CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &screen_cap.driver), 0);
    CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &text_cap.driver), 0);
    CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &touch_cap.driver), 0);
    CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &buzzer_cap.driver), 0);
    CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &servo_cap.driver), 0);
}

static struct process *app(const char *name)
{
    struct process *p = fake_process(&board, name, 2048);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    return p;
}

/* The board reports the screen's and text screen's ended operations (what host_hmi does
 * between time slices). */
static void finish(void)
{
    while (screen.ended) {
        screen.ended = false;
        screen_capsule_done(&screen_cap, &board.k, TOCK_OK);
    }
    while (text.ended) {
        text.ended = false;
        text_screen_capsule_done(&text_cap, &board.k, TOCK_OK);
    }
}

static uint32_t frame_arg(uint32_t a, uint32_t b) { return a << 16 | b; }

static const uint8_t *pixel(uint32_t x, uint32_t y)
{
    return screen.rgb + (y * SCREEN_W + x) * 3;
}

#define pending(p, drv) fake_pending_upcalls(p, drv, 0)

/* ---- screen ---------------------------------------------------------------------------- */

static void test_screen_getters(void)
{
    setup();
    struct process *p = app("s");
    expect_ok(app_command(p, DRIVER_SCREEN, SCREEN_CMD_EXISTS, 0, 0));
    struct cpu_regs r = app_command(p, DRIVER_SCREEN, SCREEN_CMD_RESOLUTION_COUNT, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32);
    CU_ASSERT_EQUAL(r.r[1], 1);
    r = app_command(p, DRIVER_SCREEN, SCREEN_CMD_RESOLUTION_AT, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    CU_ASSERT_EQUAL(r.r[1], SCREEN_W);
    CU_ASSERT_EQUAL(r.r[2], SCREEN_H);
    expect_error(app_command(p, DRIVER_SCREEN, SCREEN_CMD_RESOLUTION_AT, 1, 0), TOCK_INVAL);
    r = app_command(p, DRIVER_SCREEN, SCREEN_CMD_FORMAT_COUNT, 0, 0);
    CU_ASSERT_EQUAL(r.r[1], SCREEN_FORMAT_COUNT);
    r = app_command(p, DRIVER_SCREEN, SCREEN_CMD_FORMAT_AT, 4, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32);
    CU_ASSERT_EQUAL(r.r[1], SCREEN_ARGB_8888);
    expect_error(app_command(p, DRIVER_SCREEN, SCREEN_CMD_FORMAT_AT, 5, 0), TOCK_INVAL);
    r = app_command(p, DRIVER_SCREEN, SCREEN_CMD_GET_FORMAT, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32);
    CU_ASSERT_EQUAL(r.r[1], SCREEN_RGB_565);
    expect_error(app_command(p, DRIVER_SCREEN, 7, 0, 0), TOCK_NOSUPPORT);
    CU_ASSERT_EQUAL(pending(p, DRIVER_SCREEN), 0);

    /* rotated a quarter turn, the app sees the screen the other way round */
    app_subscribe(p, DRIVER_SCREEN, 0);
    expect_ok(app_command(p, DRIVER_SCREEN, SCREEN_CMD_SET_ROTATION, 1, 0));
    finish();
    expect_upcall_args(p, DRIVER_SCREEN, 0, TOCK_OK, 0, 0);
    r = app_command(p, DRIVER_SCREEN, SCREEN_CMD_GET_RESOLUTION, 0, 0);
    CU_ASSERT_EQUAL(r.r[1], SCREEN_H);
    CU_ASSERT_EQUAL(r.r[2], SCREEN_W);
    r = app_command(p, DRIVER_SCREEN, SCREEN_CMD_GET_ROTATION, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32);
    CU_ASSERT_EQUAL(r.r[1], 1);
}

static void test_screen_write_without_allow(void)
{
    setup();
    struct process *p = app("s");
    app_subscribe(p, DRIVER_SCREEN, 0);
    expect_error(app_command(p, DRIVER_SCREEN, SCREEN_CMD_WRITE, 4, 0), TOCK_NOMEM);
    expect_error(app_command(p, DRIVER_SCREEN, SCREEN_CMD_FILL, 0, 0), TOCK_NOMEM);
    /* a buffer, but 0 bytes asked */
    app_allow(p, SYSCALL_ALLOW_RO, DRIVER_SCREEN, 0, 0, 4);
    expect_error(app_command(p, DRIVER_SCREEN, SCREEN_CMD_WRITE, 0, 0), TOCK_NOMEM);
    finish();
    CU_ASSERT_EQUAL(pending(p, DRIVER_SCREEN), 0);
    /* the failures left nothing running: the next command starts */
    expect_ok(app_command(p, DRIVER_SCREEN, SCREEN_CMD_SET_BRIGHTNESS, 50, 0));
    CU_ASSERT_EQUAL(screen.brightness, 50);
}

static void test_screen_frame_out_of_bounds(void)
{
    setup();
    struct process *p = app("s");
    app_subscribe(p, DRIVER_SCREEN, 0);
    expect_error(app_command(p, DRIVER_SCREEN, SCREEN_CMD_SET_FRAME, frame_arg(6, 0),
                             frame_arg(4, 1)), TOCK_INVAL);
    expect_error(app_command(p, DRIVER_SCREEN, SCREEN_CMD_SET_FRAME, frame_arg(0, 3),
                             frame_arg(1, 2)), TOCK_INVAL);
    expect_error(app_command(p, DRIVER_SCREEN, SCREEN_CMD_SET_FRAME, 0, frame_arg(0, 1)),
                 TOCK_INVAL);
    CU_ASSERT_EQUAL(screen.frame_w, SCREEN_W);   /* unchanged */
    expect_ok(app_command(p, DRIVER_SCREEN, SCREEN_CMD_SET_FRAME, frame_arg(4, 0),
                          frame_arg(4, 4)));
    CU_ASSERT_EQUAL(pending(p, DRIVER_SCREEN), 0);   /* not before it ends */
    finish();
    expect_upcall_args(p, DRIVER_SCREEN, 0, TOCK_OK, 0, 0);
    CU_ASSERT_EQUAL(screen.frame_x, 4);
}

static void test_screen_write_and_fill(void)
{
    setup();
    struct process *p = app("s");
    app_subscribe(p, DRIVER_SCREEN, 0);
    expect_ok(app_command(p, DRIVER_SCREEN, SCREEN_CMD_SET_FRAME, frame_arg(1, 1),
                          frame_arg(2, 1)));
    finish();
    expect_upcall_args(p, DRIVER_SCREEN, 0, TOCK_OK, 0, 0);
    uint8_t *buf = app_allow(p, SYSCALL_ALLOW_RO, DRIVER_SCREEN, 0, 0, 6);
    memcpy(buf, "\xF8\x00\x07\xE0\x00\x1F", 6);   /* red, green, blue in RGB565 */
    expect_error(app_command(p, DRIVER_SCREEN, SCREEN_CMD_WRITE, 3, 0), TOCK_INVAL);
    expect_ok(app_command(p, DRIVER_SCREEN, SCREEN_CMD_WRITE, 4, 0));
    CU_ASSERT_EQUAL(memcmp(pixel(1, 1), "\xFF\x00\x00", 3), 0);
    CU_ASSERT_EQUAL(memcmp(pixel(2, 1), "\x00\xFF\x00", 3), 0);
    CU_ASSERT_EQUAL(memcmp(pixel(3, 1), "\x00\x00\x00", 3), 0);   /* outside the frame */
    finish();
    expect_upcall_args(p, DRIVER_SCREEN, 0, TOCK_OK, 0, 0);

    /* fill: the whole frame gets the buffer's first pixel */
    buf = app_allow(p, SYSCALL_ALLOW_RO, DRIVER_SCREEN, 0, 4, 2);
    expect_ok(app_command(p, DRIVER_SCREEN, SCREEN_CMD_FILL, 0, 0));
    CU_ASSERT_EQUAL(memcmp(pixel(1, 1), "\x00\x00\xFF", 3), 0);
    CU_ASSERT_EQUAL(memcmp(pixel(2, 1), "\x00\x00\xFF", 3), 0);
    finish();
    /* an odd-length buffer is not whole pixels */
    app_allow(p, SYSCALL_ALLOW_RO, DRIVER_SCREEN, 0, 0, 3);
    expect_error(app_command(p, DRIVER_SCREEN, SCREEN_CMD_FILL, 0, 0), TOCK_INVAL);

    /* what the panel shows: inverted, then dark when powered off */
    uint8_t shown[3];
    screen.invert = true;
    host_screen_shown(&screen, 1, 1, shown);
    CU_ASSERT_EQUAL(memcmp(shown, "\xFF\xFF\x00", 3), 0);
    screen.power = false;
    host_screen_shown(&screen, 1, 1, shown);
    CU_ASSERT_EQUAL(memcmp(shown, "\x00\x00\x00", 3), 0);
}

static void test_screen_mono_pages(void)
{
    setup();
    struct process *p = app("s");
    app_subscribe(p, DRIVER_SCREEN, 0);
    expect_error(app_command(p, DRIVER_SCREEN, SCREEN_CMD_SET_FORMAT, 5, 0), TOCK_INVAL);
    expect_ok(app_command(p, DRIVER_SCREEN, SCREEN_CMD_SET_FORMAT, SCREEN_MONO, 0));
    finish();
    expect_upcall_args(p, DRIVER_SCREEN, 0, TOCK_OK, 0, 0);
    uint8_t *buf = app_allow(p, SYSCALL_ALLOW_RO, DRIVER_SCREEN, 0, 0, 2);
    buf[0] = 0x05;      /* column 0: rows 0 and 2 lit */
    buf[1] = 0x08;      /* column 1: row 3 lit */
    expect_ok(app_command(p, DRIVER_SCREEN, SCREEN_CMD_WRITE, 2, 0));
    CU_ASSERT_EQUAL(pixel(0, 0)[0], 255);
    CU_ASSERT_EQUAL(pixel(0, 1)[0], 0);
    CU_ASSERT_EQUAL(pixel(0, 2)[0], 255);
    CU_ASSERT_EQUAL(pixel(1, 3)[1], 255);
    CU_ASSERT_EQUAL(pixel(1, 0)[1], 0);
}

static void test_screen_busy_and_queue(void)
{
    setup();
    struct process *a = app("a"), *b = app("b");
    app_subscribe(a, DRIVER_SCREEN, 0);
    app_subscribe(b, DRIVER_SCREEN, 0);
    expect_ok(app_command(a, DRIVER_SCREEN, SCREEN_CMD_SET_BRIGHTNESS, 10, 0));
    expect_error(app_command(a, DRIVER_SCREEN, SCREEN_CMD_INVERT_ON, 0, 0), TOCK_BUSY);
    expect_ok(app_command(b, DRIVER_SCREEN, SCREEN_CMD_SET_BRIGHTNESS, 20, 0));   /* queued */
    expect_error(app_command(b, DRIVER_SCREEN, SCREEN_CMD_INVERT_ON, 0, 0), TOCK_BUSY);
    CU_ASSERT_EQUAL(screen.brightness, 10);
    screen.ended = false;
    screen_capsule_done(&screen_cap, &board.k, TOCK_OK);    /* a's ends, b's starts */
    expect_upcall_args(a, DRIVER_SCREEN, 0, TOCK_OK, 0, 0);
    CU_ASSERT_EQUAL(screen.brightness, 20);
    CU_ASSERT_EQUAL(pending(b, DRIVER_SCREEN), 0);
    finish();
    expect_upcall_args(b, DRIVER_SCREEN, 0, TOCK_OK, 0, 0);

    /* the owner of a running operation faults: no upcall for it, the queue goes on */
    expect_ok(app_command(a, DRIVER_SCREEN, SCREEN_CMD_SET_BRIGHTNESS, 30, 0));
    expect_ok(app_command(b, DRIVER_SCREEN, SCREEN_CMD_SET_BRIGHTNESS, 40, 0));
    struct cpu_fault f = {.kind = FAULT_KERNEL};
    kernel_process_fault(&board.k, a, &f);
    screen.ended = false;
    screen_capsule_done(&screen_cap, &board.k, TOCK_FAIL);
    CU_ASSERT_EQUAL(screen.brightness, 40);
    finish();
    expect_upcall_args(b, DRIVER_SCREEN, 0, TOCK_OK, 0, 0);
}

static void test_screen_queued_failure_reported(void)
{
    setup();
    struct process *a = app("a"), *b = app("b");
    app_subscribe(a, DRIVER_SCREEN, 0);
    app_subscribe(b, DRIVER_SCREEN, 0);
    expect_ok(app_command(a, DRIVER_SCREEN, SCREEN_CMD_SET_BRIGHTNESS, 10, 0));
    /* queued while a's runs; starting it later fails: b gets the error as its upcall */
    expect_ok(app_command(b, DRIVER_SCREEN, SCREEN_CMD_WRITE, 4, 0));
    finish();
    expect_upcall_args(a, DRIVER_SCREEN, 0, TOCK_OK, 0, 0);
    expect_upcall_args(b, DRIVER_SCREEN, 0, TOCK_NOMEM, 0, 0);
    expect_ok(app_command(b, DRIVER_SCREEN, SCREEN_CMD_SET_BRIGHTNESS, 5, 0));
}

/* ---- text screen -------------------------------------------------------------------------- */

static void test_text_screen(void)
{
    setup();
    struct process *p = app("t");
    app_subscribe(p, DRIVER_TEXT_SCREEN, 0);
    expect_ok(app_command(p, DRIVER_TEXT_SCREEN, TEXT_SCREEN_CMD_GET_SIZE, 0, 0));
    expect_upcall_args(p, DRIVER_TEXT_SCREEN, 0, TOCK_OK, 16, 2);   /* at once */
    expect_error(app_command(p, DRIVER_TEXT_SCREEN, TEXT_SCREEN_CMD_WRITE, 2, 0), TOCK_NOMEM);
    expect_ok(app_command(p, DRIVER_TEXT_SCREEN, TEXT_SCREEN_CMD_ON, 0, 0));
    expect_error(app_command(p, DRIVER_TEXT_SCREEN, TEXT_SCREEN_CMD_CLEAR, 0, 0), TOCK_BUSY);
    finish();
    expect_upcall_args(p, DRIVER_TEXT_SCREEN, 0, TOCK_OK, 0, 0);
    expect_ok(app_command(p, DRIVER_TEXT_SCREEN, TEXT_SCREEN_CMD_SET_CURSOR, 14, 1));
    finish();
    expect_upcall_args(p, DRIVER_TEXT_SCREEN, 0, TOCK_OK, 0, 0);
    uint8_t *buf = app_allow(p, SYSCALL_ALLOW_RO, DRIVER_TEXT_SCREEN, 0, 0, 3);
    memcpy(buf, "Hi!", 3);
    expect_error(app_command(p, DRIVER_TEXT_SCREEN, TEXT_SCREEN_CMD_WRITE, 0, 0), TOCK_NOMEM);
    expect_ok(app_command(p, DRIVER_TEXT_SCREEN, TEXT_SCREEN_CMD_WRITE, 10, 0));
    finish();
    expect_upcall_args(p, DRIVER_TEXT_SCREEN, 0, TOCK_OK, 3, 0);   /* only 3 allowed */
    CU_ASSERT_EQUAL(memcmp(host_text_screen_row(&text, 1) + 14, "Hi", 2), 0);
    CU_ASSERT_EQUAL(host_text_screen_row(&text, 0)[0], '!');        /* wrapped round */
    expect_error(app_command(p, DRIVER_TEXT_SCREEN, TEXT_SCREEN_CMD_SET_CURSOR, 16, 0),
                 TOCK_INVAL);
    expect_error(app_command(p, DRIVER_TEXT_SCREEN, 12, 0, 0), TOCK_NOSUPPORT);
    expect_ok(app_command(p, DRIVER_TEXT_SCREEN, TEXT_SCREEN_CMD_CLEAR, 0, 0));
    CU_ASSERT_EQUAL(host_text_screen_row(&text, 1)[14], ' ');
    CU_ASSERT_EQUAL(text.column, 0);
}

/* ---- touch ------------------------------------------------------------------------------ */

static void test_touch(void)
{
    setup();
    struct process *on = app("on"), *off = app("off");
    struct cpu_regs r = app_command(on, DRIVER_TOUCH, TOUCH_CMD_COUNT, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32);
    CU_ASSERT_EQUAL(r.r[1], 1);
    expect_error(app_command(on, DRIVER_TOUCH, 3, 0, 0), TOCK_NOSUPPORT);
    app_subscribe(on, DRIVER_TOUCH, 0);
    app_subscribe(off, DRIVER_TOUCH, 0);
    CU_ASSERT_FALSE(panel.listening);
    expect_ok(app_command(on, DRIVER_TOUCH, TOUCH_CMD_ENABLE, 0, 0));
    expect_ok(app_command(off, DRIVER_TOUCH, TOUCH_CMD_DISABLE, 0, 0));
    CU_ASSERT_TRUE(panel.listening);
    touch_capsule_event(&touch_cap, &board.k, TOUCH_PRESSED, 300, 7);
    touch_capsule_event(&touch_cap, &board.k, TOUCH_PRESSED, 300, 7);   /* a repeat */
    CU_ASSERT_EQUAL(fake_pending_upcalls(on, DRIVER_TOUCH, 0), 1);
    CU_ASSERT_EQUAL(fake_pending_upcalls(off, DRIVER_TOUCH, 0), 0);
    expect_upcall_args(on, DRIVER_TOUCH, 0, TOUCH_PRESSED, 300u << 16 | 7, 0);
    touch_capsule_event(&touch_cap, &board.k, TOUCH_RELEASED, 300, 7);
    expect_upcall_args(on, DRIVER_TOUCH, 0, TOUCH_RELEASED, 300u << 16 | 7, 0);
    /* the last listener leaves: the panel is switched off */
    bool keep = true;
    fake_syscall(&board, on, SYSCALL_EXIT, 0, 0, 0, 0, &keep);
    CU_ASSERT_FALSE(panel.listening);
}

static void test_touch_model_order(void)
{
    setup();
    struct drive_log quiet = {0};
    CU_ASSERT_TRUE(host_touch_add(&panel, 1, 2, 500, 100));
    CU_ASSERT_TRUE(host_touch_add(&panel, 3, 4, 200, 1000));
    uint64_t at = 0;
    CU_ASSERT_TRUE(host_touch_next(&panel, &at));
    CU_ASSERT_EQUAL(at, 200);
    struct touch_event e;
    CU_ASSERT_FALSE(host_touch_take(&panel, 199, &quiet, &e));
    uint32_t order[4][2];
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_TRUE_FATAL(host_touch_take(&panel, 10000, &quiet, &e));
        order[i][0] = e.x;
        order[i][1] = e.status;
    }
    /* 3 pressed at 200, 1 pressed at 500, 1 released at 600, 3 released at 1200 */
    CU_ASSERT_EQUAL(order[0][0], 3);
    CU_ASSERT_EQUAL(order[1][0], 1);
    CU_ASSERT_EQUAL(order[2][0], 1);
    CU_ASSERT_EQUAL(order[2][1], TOUCH_RELEASED);
    CU_ASSERT_EQUAL(order[3][0], 3);
    CU_ASSERT_FALSE(host_touch_next(&panel, &at));
}

/* ---- buzzer ----------------------------------------------------------------------------- */

/* The model's tone ended by board time now: report it. */
static void buzzer_at(uint64_t now_ns)
{
    host_clock_advance_to(&clock, now_ns);
    if (host_buzzer_take_end(&buzzer, host_clock_now_ns(&clock)))
        buzzer_capsule_done(&buzzer_cap, &board.k, TOCK_OK);
}

static void test_buzzer(void)
{
    setup();
    struct process *a = app("a"), *b = app("b");
    app_subscribe(a, DRIVER_BUZZER, 0);
    app_subscribe(b, DRIVER_BUZZER, 0);
    expect_error(app_command(a, DRIVER_BUZZER, BUZZER_CMD_STOP, 0, 0), TOCK_OFF);
    expect_error(app_command(a, DRIVER_BUZZER, BUZZER_CMD_TONE, 0, 100), TOCK_INVAL);
    expect_error(app_command(a, DRIVER_BUZZER, 4, 0, 0), TOCK_NOSUPPORT);

    /* a 0 ms tone ends at the board time it starts */
    expect_ok(app_command(a, DRIVER_BUZZER, BUZZER_CMD_TONE, 440, 0));
    CU_ASSERT_EQUAL(fake_pending_upcalls(a, DRIVER_BUZZER, 0), 0);
    buzzer_at(0);
    expect_upcall_args(a, DRIVER_BUZZER, 0, TOCK_OK, 0, 0);

    /* durations are capped at 5 s; the tone ends on time, not before */
    expect_ok(app_command(a, DRIVER_BUZZER, BUZZER_CMD_TONE, 440, 60000));
    uint64_t end = 0;
    CU_ASSERT_TRUE(host_buzzer_next(&buzzer, &end));
    CU_ASSERT_EQUAL(end, 5000000000ull);
    expect_ok(app_command(a, DRIVER_BUZZER, BUZZER_CMD_TONE, 880, 10));     /* queued */
    expect_error(app_command(a, DRIVER_BUZZER, BUZZER_CMD_TONE, 880, 10), TOCK_NOMEM);
    expect_error(app_command(b, DRIVER_BUZZER, BUZZER_CMD_TONE_NOW, 880, 10), TOCK_RESERVE);
    expect_error(app_command(b, DRIVER_BUZZER, BUZZER_CMD_STOP, 0, 0), TOCK_RESERVE);
    buzzer_at(4999999999ull);
    CU_ASSERT_EQUAL(fake_pending_upcalls(a, DRIVER_BUZZER, 0), 0);
    buzzer_at(5000000000ull);    /* the first ends, the queued one starts */
    expect_upcall_args(a, DRIVER_BUZZER, 0, TOCK_OK, 0, 0);
    CU_ASSERT_TRUE(host_buzzer_next(&buzzer, &end));
    CU_ASSERT_EQUAL(end, 5010000000ull);
    /* stopped by its owner: ends at once */
    expect_ok(app_command(a, DRIVER_BUZZER, BUZZER_CMD_STOP, 0, 0));
    buzzer_at(5000000000ull);
    expect_upcall_args(a, DRIVER_BUZZER, 0, TOCK_OK, 0, 0);
    expect_ok(app_command(b, DRIVER_BUZZER, BUZZER_CMD_TONE_NOW, 880, 10));
    CU_ASSERT_EQUAL(buzzer.tones, 4);
}

/* ---- servo ------------------------------------------------------------------------------ */

static void test_servo(void)
{
    setup();
    struct process *p = app("s");
    struct cpu_regs r = app_command(p, DRIVER_SERVO, SERVO_CMD_COUNT, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32);
    CU_ASSERT_EQUAL(r.r[1], 2);
    expect_ok(app_command(p, DRIVER_SERVO, SERVO_CMD_SET_ANGLE, 1, 90));
    r = app_command(p, DRIVER_SERVO, SERVO_CMD_ANGLE, 1, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32);
    CU_ASSERT_EQUAL(r.r[1], 90);
    expect_error(app_command(p, DRIVER_SERVO, SERVO_CMD_SET_ANGLE, 1, 181), TOCK_FAIL);
    expect_error(app_command(p, DRIVER_SERVO, SERVO_CMD_SET_ANGLE, 1, 361), TOCK_INVAL);
    expect_error(app_command(p, DRIVER_SERVO, SERVO_CMD_SET_ANGLE, 2, 10), TOCK_NODEVICE);
    expect_error(app_command(p, DRIVER_SERVO, SERVO_CMD_ANGLE, 2, 0), TOCK_NODEVICE);
    expect_error(app_command(p, DRIVER_SERVO, 4, 0, 0), TOCK_NOSUPPORT);
    r = app_command(p, DRIVER_SERVO, SERVO_CMD_ANGLE, 1, 0);
    CU_ASSERT_EQUAL(r.r[1], 90);     /* the failed moves changed nothing */
}

/* ---- settings ------------------------------------------------------------------------------ */

static void test_settings(void)
{
    struct hmi_config c;
    char err[256];
    hmi_config_defaults(&c);
    CU_ASSERT_EQUAL(hmi_config_set(&c, "clock", "virtual", err, sizeof err), 1);
    CU_ASSERT_EQUAL(hmi_config_set(&c, "screen-size", "128x64", err, sizeof err), 0);
    CU_ASSERT_EQUAL(c.screen_width, 128);
    CU_ASSERT_EQUAL(hmi_config_set(&c, "screen-size", "0x64", err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "'screen-size': '0x64'"));
    CU_ASSERT_EQUAL(hmi_config_set(&c, "screen-format", "Mono", err, sizeof err), 0);
    CU_ASSERT_EQUAL(c.screen_format, SCREEN_MONO);
    CU_ASSERT_EQUAL(hmi_config_set(&c, "screen-format", "rgb444", err, sizeof err), -1);
    CU_ASSERT_EQUAL(hmi_config_set(&c, "touch", "10,20@1.5+30", err, sizeof err), 0);
    CU_ASSERT_EQUAL(c.touches[0].at_ns, 1500000);
    CU_ASSERT_EQUAL(c.touches[0].hold_ns, 30000000);
    CU_ASSERT_EQUAL(hmi_config_set(&c, "touch", "10,20", err, sizeof err), -1);
    CU_ASSERT_EQUAL(hmi_config_set(&c, "touch", "70000,1@0", err, sizeof err), -1);
    CU_ASSERT_EQUAL(hmi_config_set(&c, "servos", "17", err, sizeof err), -1);
    CU_ASSERT_EQUAL(hmi_config_set(&c, "text-screen-size", "20x4", err, sizeof err), 0);
    CU_ASSERT_EQUAL(hmi_config_set(&c, "screen", "", err, sizeof err), -1);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"screen getters and rotation", test_screen_getters},
        {"screen write without allow", test_screen_write_without_allow},
        {"screen frame out of bounds", test_screen_frame_out_of_bounds},
        {"screen write and fill", test_screen_write_and_fill},
        {"screen mono pages and bad format", test_screen_mono_pages},
        {"screen busy and queue", test_screen_busy_and_queue},
        {"screen queued failure reported", test_screen_queued_failure_reported},
        {"text screen", test_text_screen},
        {"touch", test_touch},
        {"touch model order", test_touch_model_order},
        {"buzzer", test_buzzer},
        {"servo", test_servo},
        {"settings", test_settings},
        {NULL, NULL},
    };
    int rc = unit_run("display", tests, NULL, NULL);
    host_screen_free(&screen);
    return rc;
}
