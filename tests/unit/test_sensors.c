/* Sensors and ADC through the syscall ABI: the capsules (kernel/capsules/sensor.c,
 * ninedof.c, adc.c) on the board's sensor model (emu/sensor_model.c), driven as an app
 * would with the fake CPU backend. Board time is moved by hand (advance()). */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fake_cpu.h"
#include "sensor_model.h"
#include "unit_run.h"
#include "tock/capsules/adc.h"
#include "tock/capsules/ninedof.h"
#include "tock/capsules/sensor.h"

#define APP_RAM 2048u
#include "capsule_test.h"
#define BUF_OFF 512u
#define MS 1000000ull

static struct sensor_model model;
static struct sensor_settings settings;
static struct sensor_capsule sensors[SENSOR_KIND_COUNT];
static struct ninedof_capsule ninedof;
static struct adc_capsule adc;

/* The board with every sensor at its default value (or `settings` as a test set them). */
static void boot(void)
{
    char err[200];
    memset(&board, 0, sizeof board);
    sensor_model_free(&model);
    CU_ASSERT_EQUAL_FATAL(sensor_model_init(&model, &settings, err, sizeof err), 0);
    fake_kernel_init(&board);
    for (uint32_t i = 0; i < SENSOR_KIND_COUNT; i++) {
        sensor_capsule_init(&sensors[i], &board.k, i, &model.hils[i]);
        CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &sensors[i].driver), 0);
    }
    ninedof_capsule_init(&ninedof, &board.k, &model.hils[SENSOR_DEVICE_NINEDOF]);
    CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &ninedof.driver), 0);
    adc_capsule_init(&adc, &board.k, &model.hils[SENSOR_DEVICE_ADC]);
    CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &adc.driver), 0);
}

static void setup(void)
{
    sensor_settings_defaults(&settings);
    boot();
}

static void advance(uint64_t t_ns)
{
    sensor_model_fire_due(&model, t_ns);
}

static uint8_t *allow_rw(struct process *p, uint32_t drv, uint32_t num, uint32_t off,
                         uint32_t len)
{
    uint32_t addr = len ? fake_ram_addr(p, BUF_OFF + off) : 0;
    struct cpu_regs r = fake_syscall(&board, p, SYSCALL_ALLOW_RW, drv, num, addr, len, NULL);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    return len ? fake_host(&board, p, addr) : NULL;
}

#define pending(p, drv, sub) fake_pending_upcalls(p, drv, sub)

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

/* ---- single-value sensors ----------------------------------------------------------- */

static void test_temperature_latency_and_value(void)
{
    setup();
    struct process *p = app("thermo");
    expect_success(command(p, DRIVER_TEMPERATURE, SENSOR_CMD_EXISTS, 0, 0));
    subscribe(p, DRIVER_TEMPERATURE, 0);
    advance(5 * MS);
    expect_success(command(p, DRIVER_TEMPERATURE, SENSOR_CMD_READ, 0, 0));
    advance(15 * MS - 1);   /* 10 ms of latency, not yet over */
    CU_ASSERT_EQUAL(pending(p, DRIVER_TEMPERATURE, 0), 0);
    advance(15 * MS);
    expect_upcall(p, DRIVER_TEMPERATURE, 0, 2150, 0, 0);   /* 21.5 C in hundredths */
    advance(100 * MS);
    CU_ASSERT_EQUAL(pending(p, DRIVER_TEMPERATURE, 0), 0);   /* one read, one upcall */
}

static void test_every_kind_and_unit(void)
{
    static const struct {
        uint32_t driver;
        uint32_t a0, a1;
    } want[SENSOR_KIND_COUNT] = {
        [SENSOR_TEMPERATURE] = {DRIVER_TEMPERATURE, 2150, 0},
        [SENSOR_HUMIDITY] = {DRIVER_HUMIDITY, 4500, 0},
        [SENSOR_AMBIENT_LIGHT] = {DRIVER_AMBIENT_LIGHT, 300, 0},
        [SENSOR_PROXIMITY] = {DRIVER_PROXIMITY, 0, 0},
        [SENSOR_SOUND_PRESSURE] = {DRIVER_SOUND_PRESSURE, 40, 0},
        [SENSOR_PRESSURE] = {DRIVER_PRESSURE, 1013, 0},
        [SENSOR_MOISTURE] = {DRIVER_MOISTURE, TOCK_OK, 3000},   /* status first */
        [SENSOR_RAINFALL] = {DRIVER_RAINFALL, TOCK_OK, 2000},   /* micrometres */
    };
    setup();
    struct process *p = app("all");
    for (uint32_t i = 0; i < SENSOR_KIND_COUNT; i++) {
        CU_ASSERT_EQUAL(sensor_kind_driver(i), want[i].driver);
        expect_success(command(p, want[i].driver, SENSOR_CMD_READ, 1, 0));
    }
    advance(1000 * MS);
    for (uint32_t i = 0; i < SENSOR_KIND_COUNT; i++)
        expect_upcall(p, want[i].driver, 0, want[i].a0, want[i].a1, 0);
}

static void test_read_while_pending_joins(void)
{
    setup();
    struct process *a = app("a"), *b = app("b");
    subscribe(a, DRIVER_TEMPERATURE, 0);
    subscribe(b, DRIVER_TEMPERATURE, 0);
    expect_success(command(a, DRIVER_TEMPERATURE, SENSOR_CMD_READ, 0, 0));
    advance(4 * MS);
    expect_success(command(a, DRIVER_TEMPERATURE, SENSOR_CMD_READ, 0, 0));   /* again */
    expect_success(command(b, DRIVER_TEMPERATURE, SENSOR_CMD_READ, 0, 0));
    advance(10 * MS);   /* the first read's completion serves everyone */
    expect_upcall(a, DRIVER_TEMPERATURE, 0, 2150, 0, 0);
    expect_upcall(b, DRIVER_TEMPERATURE, 0, 2150, 0, 0);
    advance(30 * MS);
    CU_ASSERT_EQUAL(pending(a, DRIVER_TEMPERATURE, 0), 0);
}

static void test_read_while_pending_busy(void)
{
    setup();
    struct process *a = app("a"), *b = app("b");
    expect_success(command(a, DRIVER_HUMIDITY, SENSOR_CMD_READ, 0, 0));
    expect_failure(command(a, DRIVER_HUMIDITY, SENSOR_CMD_READ, 0, 0), TOCK_BUSY);
    expect_failure(command(b, DRIVER_HUMIDITY, SENSOR_CMD_READ, 0, 0), TOCK_BUSY);
    advance(15 * MS);
    expect_upcall(a, DRIVER_HUMIDITY, 0, 4500, 0, 0);
    CU_ASSERT_EQUAL(pending(b, DRIVER_HUMIDITY, 0), 0);
    expect_success(command(b, DRIVER_HUMIDITY, SENSOR_CMD_READ, 0, 0));   /* free again */
    expect_success(command(a, DRIVER_PRESSURE, SENSOR_CMD_READ, 0, 0));
    expect_failure(command(b, DRIVER_PRESSURE, SENSOR_CMD_READ, 0, 0), TOCK_BUSY);
}

static void test_no_upcall_subscribed(void)
{
    setup();
    struct process *p = app("nosub");
    /* no subscribe: the read still works and Yield-WaitFor gets the value (libtock-sync) */
    expect_success(command(p, DRIVER_AMBIENT_LIGHT, SENSOR_CMD_READ, 0, 0));
    advance(100 * MS);
    expect_upcall(p, DRIVER_AMBIENT_LIGHT, 0, 300, 0, 0);
}

static void test_bad_commands(void)
{
    setup();
    struct process *p = app("bad");
    expect_failure(command(p, DRIVER_TEMPERATURE, 2, 0, 0), TOCK_NOSUPPORT);
    expect_failure(command(p, DRIVER_TEMPERATURE, 99, 0, 0), TOCK_NOSUPPORT);
    expect_failure(command(p, DRIVER_HUMIDITY, 3, 0, 0), TOCK_NOSUPPORT);
    expect_failure(command(p, DRIVER_PROXIMITY, 3, 0, 0), TOCK_NOSUPPORT);
    /* sound pressure's enable and disable */
    expect_success(command(p, DRIVER_SOUND_PRESSURE, SENSOR_CMD_ENABLE, 0, 0));
    expect_success(command(p, DRIVER_SOUND_PRESSURE, SENSOR_CMD_DISABLE, 0, 0));
    expect_failure(command(p, DRIVER_SOUND_PRESSURE, 4, 0, 0), TOCK_NOSUPPORT);
    CU_ASSERT_STRING_EQUAL(sensors[0].driver.command_name(SENSOR_CMD_READ), "read");
    CU_ASSERT_PTR_NULL(sensors[0].driver.command_name(7));
    CU_ASSERT_STRING_EQUAL(sensor_kind_name(SENSOR_RAINFALL), "rainfall");
    CU_ASSERT_PTR_NULL(sensor_kind_name(SENSOR_KIND_COUNT));
}

static void test_proximity_on_interrupt(void)
{
    char err[100];
    setup();
    struct process *p = app("prox");
    expect_success(command(p, DRIVER_PROXIMITY, SENSOR_CMD_READ_ON_INTERRUPT, 0, 175));
    advance(1000 * MS);   /* 0 is inside [0, 175]: polled, never reported */
    CU_ASSERT_EQUAL(pending(p, DRIVER_PROXIMITY, 0), 0);
    CU_ASSERT_EQUAL(sensor_model_console_set(&model, "proximity", "200", err, sizeof err), 0);
    advance(1005 * MS);
    expect_upcall(p, DRIVER_PROXIMITY, 0, 200, 0, 0);
    advance(2000 * MS);   /* and then no more polling */
    CU_ASSERT_EQUAL(pending(p, DRIVER_PROXIMITY, 0), 0);
    CU_ASSERT_FALSE(model.devices[SENSOR_PROXIMITY].pending);
}

static void test_grant_exhausted(void)
{
    setup();
    struct process *p = app("full");
    struct cpu_regs r = fake_syscall(&board, p, SYSCALL_MEMOP, 0, p->kernel_break, 0, 0, NULL);
    CU_ASSERT_EQUAL_FATAL(r.r[0], RV_SUCCESS);
    expect_success(command(p, DRIVER_TEMPERATURE, SENSOR_CMD_EXISTS, 0, 0));
    expect_failure(command(p, DRIVER_TEMPERATURE, SENSOR_CMD_READ, 0, 0), TOCK_NOMEM);
    expect_failure(command(p, DRIVER_NINEDOF, NINEDOF_CMD_ACCELEROMETER, 0, 0), TOCK_NOMEM);
    CU_ASSERT_FALSE(model.devices[SENSOR_TEMPERATURE].pending);
}

/* ---- ninedof ------------------------------------------------------------------------- */

static void test_ninedof(void)
{
    setup();
    struct process *a = app("a"), *b = app("b");
    expect_success(command(a, DRIVER_NINEDOF, NINEDOF_CMD_EXISTS, 0, 0));
    expect_failure(command(a, DRIVER_NINEDOF, 2, 0, 0), TOCK_NOSUPPORT);
    expect_success(command(a, DRIVER_NINEDOF, NINEDOF_CMD_ACCELEROMETER, 0, 0));
    /* b queues a magnetometer read, then a second command of b is BUSY */
    expect_success(command(b, DRIVER_NINEDOF, NINEDOF_CMD_MAGNETOMETER, 0, 0));
    expect_failure(command(b, DRIVER_NINEDOF, NINEDOF_CMD_GYROSCOPE, 0, 0), TOCK_BUSY);
    advance(2 * MS);
    expect_upcall(a, DRIVER_NINEDOF, 0, 0, 0, 1000);
    CU_ASSERT_EQUAL(pending(b, DRIVER_NINEDOF, 0), 0);   /* its read started now */
    advance(4 * MS);
    expect_upcall(b, DRIVER_NINEDOF, 0, 200, 0, (uint32_t)-400);
    expect_success(command(a, DRIVER_NINEDOF, NINEDOF_CMD_GYROSCOPE, 0, 0));
    expect_success(command(b, DRIVER_NINEDOF, NINEDOF_CMD_GYROSCOPE, 0, 0));
    advance(6 * MS);   /* the same instrument: one reading serves both */
    expect_upcall(a, DRIVER_NINEDOF, 0, 0, 0, 0);
    expect_upcall(b, DRIVER_NINEDOF, 0, 0, 0, 0);
    CU_ASSERT_FALSE(model.devices[SENSOR_DEVICE_NINEDOF].pending);
}

/* ---- ADC ----------------------------------------------------------------------------- */

static void test_adc_queries_and_errors(void)
{
    setup();
    struct process *p = app("adc"), *other = app("other");
    expect_u32(command(p, DRIVER_ADC, ADC_CMD_EXISTS, 0, 0), SENSOR_ADC_CHANNELS);
    expect_u32(command(p, DRIVER_ADC, ADC_CMD_RESOLUTION, 0, 0), 12);
    expect_u32(command(p, DRIVER_ADC, ADC_CMD_REFERENCE, 0, 0), 3300);
    expect_failure(command(p, DRIVER_ADC, 6, 0, 0), TOCK_NOSUPPORT);
    expect_failure(command(p, DRIVER_ADC, ADC_CMD_SINGLE, SENSOR_ADC_CHANNELS, 0), TOCK_INVAL);
    expect_failure(command(p, DRIVER_ADC, ADC_CMD_CONTINUOUS, 0, 0), TOCK_INVAL);
    expect_failure(command(p, DRIVER_ADC, ADC_CMD_CONTINUOUS, 0, ADC_MAX_FREQUENCY_HZ + 1),
                   TOCK_INVAL);
    expect_failure(command(p, DRIVER_ADC, ADC_CMD_BUFFERED, 0, 0xFFFFFFFFu), TOCK_INVAL);
    expect_failure(command(p, DRIVER_ADC, ADC_CMD_BUFFERED, 0, 100), TOCK_NOMEM);   /* no buffer */
    expect_success(command(p, DRIVER_ADC, ADC_CMD_SINGLE, 1, 0));
    expect_failure(command(p, DRIVER_ADC, ADC_CMD_SINGLE, 1, 0), TOCK_BUSY);
    /* p owns the ADC while it lives */
    expect_failure(command(other, DRIVER_ADC, ADC_CMD_EXISTS, 0, 0), TOCK_NOMEM);
    advance(1 * MS);
    expect_upcall(p, DRIVER_ADC, 0, ADC_SINGLE, 1, 0x8000);   /* 1.65 V of 3.3 V */
    expect_failure(command(other, DRIVER_ADC, ADC_CMD_SINGLE, 0, 0), TOCK_NOMEM);
}

static void test_adc_continuous_and_stop(void)
{
    setup();
    struct process *p = app("adc");
    subscribe(p, DRIVER_ADC, 0);
    expect_success(command(p, DRIVER_ADC, ADC_CMD_CONTINUOUS, 3, 1000));   /* every 1 ms */
    advance(3 * MS);
    for (int i = 0; i < 3; i++)
        expect_upcall(p, DRIVER_ADC, 0, ADC_CONTINUOUS, 3, 0xfff0);
    expect_failure(command(p, DRIVER_ADC, ADC_CMD_SINGLE, 0, 0), TOCK_BUSY);
    expect_success(command(p, DRIVER_ADC, ADC_CMD_STOP, 0, 0));
    advance(10 * MS);
    CU_ASSERT_EQUAL(pending(p, DRIVER_ADC, 0), 0);
    expect_success(command(p, DRIVER_ADC, ADC_CMD_SINGLE, 0, 0));   /* free again */
}

static void test_adc_buffered(void)
{
    setup();
    struct process *p = app("adc");
    uint8_t *buf = allow_rw(p, DRIVER_ADC, 0, 0, 8);   /* 4 samples */
    memset(buf, 0xEE, 10);
    expect_success(command(p, DRIVER_ADC, ADC_CMD_BUFFERED, 0, 1000));
    advance(3 * MS);
    CU_ASSERT_EQUAL(pending(p, DRIVER_ADC, 0), 0);
    advance(4 * MS);
    expect_upcall(p, DRIVER_ADC, 0, ADC_SINGLE_BUFFER, 4 << 8 | 0, fake_ram_addr(p, BUF_OFF));
    for (int i = 0; i < 4; i++) {   /* 1.0 V: 1241 of 4095, left-aligned */
        CU_ASSERT_EQUAL(buf[2 * i], (1241 << 4) & 0xff);
        CU_ASSERT_EQUAL(buf[2 * i + 1], (1241 << 4) >> 8);
    }
    CU_ASSERT_EQUAL(buf[8], 0xEE);
    advance(20 * MS);   /* a single buffer: done */
    CU_ASSERT_EQUAL(pending(p, DRIVER_ADC, 0), 0);
}

static void test_adc_double_buffered_libtock_c_slot(void)
{
    setup();
    struct process *p = app("adc");
    subscribe(p, DRIVER_ADC, ADC_UPCALL_LIBTOCK_C);   /* libtock-c's asynchronous API */
    allow_rw(p, DRIVER_ADC, 0, 0, 4);
    allow_rw(p, DRIVER_ADC, 1, 64, 4);
    expect_success(command(p, DRIVER_ADC, ADC_CMD_CONTINUOUS_BUFFERED, 2, 1000));
    advance(6 * MS);
    expect_upcall(p, DRIVER_ADC, 1, ADC_CONTINUOUS_BUFFER, 2 << 8 | 2, 0);   /* buffer index */
    expect_upcall(p, DRIVER_ADC, 1, ADC_CONTINUOUS_BUFFER, 2 << 8 | 2, 1);
    expect_upcall(p, DRIVER_ADC, 1, ADC_CONTINUOUS_BUFFER, 2 << 8 | 2, 0);
    CU_ASSERT_EQUAL(pending(p, DRIVER_ADC, 0), 0);
    expect_success(command(p, DRIVER_ADC, ADC_CMD_STOP, 0, 0));
}

/* ---- the model: settings, time series, console --------------------------------------- */

static char series_path[64];

static void write_series(const char *text)
{
    snprintf(series_path, sizeof series_path, "/tmp/sensor-series-%d.txt", (int)getpid());
    FILE *f = fopen(series_path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
}

static void test_series_values(void)
{
    char err[200];
    sensor_settings_defaults(&settings);
    CU_ASSERT_EQUAL(sensor_settings_set(&settings, "sensor.humidity", "60.5", err, sizeof err), 0);
    write_series("# board time, sensor, value\n"
                 "1   temperature 20\n"
                 "3   temperature 30   # linear between points\n"
                 "step accel.x\n"
                 "0   accel.x -100\n"
                 "2.5 accel.x 250\n");
    CU_ASSERT_EQUAL(sensor_settings_set(&settings, "sensor-file", series_path, err, sizeof err), 0);
    boot();
    unlink(series_path);
    CU_ASSERT_DOUBLE_EQUAL(sensor_model_value(&model, Q_TEMPERATURE, 0), 20, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(sensor_model_value(&model, Q_TEMPERATURE, 2000 * MS), 25, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(sensor_model_value(&model, Q_TEMPERATURE, 9000 * MS), 30, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(sensor_model_value(&model, Q_ACCEL_X, 2499 * MS), -100, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(sensor_model_value(&model, Q_ACCEL_X, 2500 * MS), 250, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(sensor_model_value(&model, Q_HUMIDITY, 0), 60.5, 1e-9);

    /* a reading has the value of the board time it completes at */
    struct process *p = app("t");
    advance(1990 * MS);
    expect_success(command(p, DRIVER_TEMPERATURE, SENSOR_CMD_READ, 0, 0));
    advance(2000 * MS);
    expect_upcall(p, DRIVER_TEMPERATURE, 0, 2500, 0, 0);
    expect_success(command(p, DRIVER_HUMIDITY, SENSOR_CMD_READ, 0, 0));
    advance(3000 * MS);
    expect_upcall(p, DRIVER_HUMIDITY, 0, 6050, 0, 0);

    /* a value set from the console wins over the series from then on */
    CU_ASSERT_EQUAL(sensor_model_console_set(&model, "temperature", "-3.25", err, sizeof err), 0);
    expect_success(command(p, DRIVER_TEMPERATURE, SENSOR_CMD_READ, 0, 0));
    advance(4000 * MS);
    expect_upcall(p, DRIVER_TEMPERATURE, 0, (uint32_t)-325, 0, 0);
    CU_ASSERT_EQUAL(sensor_model_console_set(&model, "warmth", "1", err, sizeof err), -1);
    CU_ASSERT_STRING_EQUAL(err, "no sensor 'warmth'");
    CU_ASSERT_EQUAL(sensor_model_console_set(&model, "temperature", "hot", err, sizeof err), -1);
    CU_ASSERT_STRING_EQUAL(err, "'hot' is not a number (degrees C)");
    sensor_model_free(&model);
}

static void expect_series_error(const char *text, const char *want)
{
    char err[300], expected[300];
    struct sensor_model m;
    write_series(text);
    sensor_settings_defaults(&settings);
    snprintf(settings.file, sizeof settings.file, "%s", series_path);
    CU_ASSERT_EQUAL(sensor_model_init(&m, &settings, err, sizeof err), -1);
    snprintf(expected, sizeof expected, "%s:%s", series_path, want);
    CU_ASSERT_STRING_EQUAL(err, expected);
    unlink(series_path);
}

static void test_series_errors(void)
{
    expect_series_error("0 temperature 1\n\n1 warmth 2\n", "3: unknown sensor 'warmth'");
    expect_series_error("x temperature 1\n", "1: time 'x' is not a number of seconds >= 0");
    expect_series_error("-1 temperature 1\n", "1: time '-1' is not a number of seconds >= 0");
    expect_series_error("1 temperature cold\n", "1: value 'cold' is not a number");
    expect_series_error("2 adc0 1\n1 adc0 2\n", "2: time 1 of 'adc0' is before its previous point");
    expect_series_error("1 adc0 1 extra\n", "1: expected 'SECONDS NAME VALUE' or 'step NAME'");
    expect_series_error("step nothing\n", "1: unknown sensor 'nothing'");

    char err[300];
    struct sensor_model m;
    sensor_settings_defaults(&settings);
    snprintf(settings.file, sizeof settings.file, "/nonexistent/series.txt");
    CU_ASSERT_EQUAL(sensor_model_init(&m, &settings, err, sizeof err), -1);
    CU_ASSERT_STRING_EQUAL(err, "sensor-file '/nonexistent/series.txt': No such file or directory");
}

static void test_settings_errors(void)
{
    char err[200];
    sensor_settings_defaults(&settings);
    CU_ASSERT_TRUE(sensor_settings_key("sensor.temperature"));
    CU_ASSERT_TRUE(sensor_settings_key("sensor-file"));
    CU_ASSERT_FALSE(sensor_settings_key("sensors"));
    CU_ASSERT_EQUAL(sensor_settings_set(&settings, "sensor.warmth", "1", err, sizeof err), -1);
    CU_ASSERT_STRING_EQUAL(err, "setting 'sensor.warmth': no such sensor (see --help: Sensors)");
    CU_ASSERT_EQUAL(sensor_settings_set(&settings, "sensor.adc1", "1V", err, sizeof err), -1);
    CU_ASSERT_STRING_EQUAL(err, "setting 'sensor.adc1': '1V': expected a number (V)");
    CU_ASSERT_EQUAL(sensor_settings_set(&settings, "sensor-file", "", err, sizeof err), -1);
    CU_ASSERT_STRING_EQUAL(err, "setting 'sensor-file': '': expected a file name");
}

static const struct unit_test tests[] = {
    {"temperature latency and value", test_temperature_latency_and_value},
    {"every kind and unit", test_every_kind_and_unit},
    {"read while pending joins", test_read_while_pending_joins},
    {"read while pending busy", test_read_while_pending_busy},
    {"no upcall subscribed", test_no_upcall_subscribed},
    {"bad commands", test_bad_commands},
    {"proximity on interrupt", test_proximity_on_interrupt},
    {"grant exhausted", test_grant_exhausted},
    {"ninedof", test_ninedof},
    {"adc queries and errors", test_adc_queries_and_errors},
    {"adc continuous and stop", test_adc_continuous_and_stop},
    {"adc buffered", test_adc_buffered},
    {"adc double buffered, libtock-c slot", test_adc_double_buffered_libtock_c_slot},
    {"series values", test_series_values},
    {"series errors", test_series_errors},
    {"settings errors", test_settings_errors},
    {NULL, NULL},
};

int main(void)
{
    return unit_run("sensors", tests, NULL, NULL);
}
