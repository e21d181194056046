/* The board's sensors and ADC (see sensor_model.h). */
#include "sensor_model.h"
#include "sensor_series.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tock/capsules/ninedof.h"
#include "tock/syscall_abi.h"

/* Each quantity: its name, default value (human units) and the factor to the ABI unit. */
static const struct {
    const char *name;
    double fallback;
    double to_abi;
    const char *unit;
} quantities[Q_COUNT] = {
    [Q_TEMPERATURE] = {"temperature", 21.5, 100, "degrees C"},
    [Q_HUMIDITY] = {"humidity", 45, 100, "%"},
    [Q_AMBIENT_LIGHT] = {"ambient_light", 300, 1, "lux"},
    [Q_PROXIMITY] = {"proximity", 0, 1, "0..255"},
    [Q_SOUND_PRESSURE] = {"sound_pressure", 40, 1, "dB"},
    [Q_PRESSURE] = {"pressure", 1013, 1, "hPa"},
    [Q_MOISTURE] = {"moisture", 30, 100, "%"},
    [Q_RAINFALL] = {"rainfall", 2, 1000, "mm"},
    [Q_ACCEL_X] = {"accel.x", 0, 1, "mg"},
    [Q_ACCEL_Y] = {"accel.y", 0, 1, "mg"},
    [Q_ACCEL_Z] = {"accel.z", 1000, 1, "mg"},
    [Q_MAG_X] = {"mag.x", 200, 1, "raw"},
    [Q_MAG_Y] = {"mag.y", 0, 1, "raw"},
    [Q_MAG_Z] = {"mag.z", -400, 1, "raw"},
    [Q_GYRO_X] = {"gyro.x", 0, 1, "degrees/s"},
    [Q_GYRO_Y] = {"gyro.y", 0, 1, "degrees/s"},
    [Q_GYRO_Z] = {"gyro.z", 0, 1, "degrees/s"},
    [Q_ADC0] = {"adc0", 1.0, 1, "V"},
    [Q_ADC1] = {"adc1", 1.65, 1, "V"},
    [Q_ADC2] = {"adc2", 2.5, 1, "V"},
    [Q_ADC3] = {"adc3", 3.3, 1, "V"},
};

/* How long a reading takes, in board time (typical for such parts). */
static const uint64_t latency_ns[SENSOR_DEVICE_COUNT] = {
    [SENSOR_TEMPERATURE] = 10000000,    /* 10 ms */
    [SENSOR_HUMIDITY] = 15000000,
    [SENSOR_AMBIENT_LIGHT] = 100000000, /* 100 ms integration */
    [SENSOR_PROXIMITY] = 5000000,
    [SENSOR_SOUND_PRESSURE] = 20000000,
    [SENSOR_PRESSURE] = 10000000,
    [SENSOR_MOISTURE] = 20000000,
    [SENSOR_RAINFALL] = 50000000,
    [SENSOR_DEVICE_NINEDOF] = 2000000,  /* 2 ms */
    [SENSOR_DEVICE_ADC] = 10000,        /* 10 us conversion */
};

int sensor_quantity_by_name(const char *name)
{
    for (int q = 0; q < Q_COUNT; q++)
        if (!strcmp(name, quantities[q].name))
            return q;
    return -1;
}

const char *sensor_quantity_name(enum sensor_quantity q)
{
    return q < Q_COUNT ? quantities[q].name : NULL;
}

/* ---- settings ------------------------------------------------------------------------ */

void sensor_settings_defaults(struct sensor_settings *s)
{
    memset(s, 0, sizeof *s);
    for (int q = 0; q < Q_COUNT; q++)
        s->value[q] = quantities[q].fallback;
}

bool sensor_settings_key(const char *key)
{
    return !strncmp(key, "sensor.", 7) || !strcmp(key, "sensor-file");
}

static bool parse_value(const char *s, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    return end != s && *end == '\0' && errno == 0 && isfinite(*out);
}

int sensor_settings_set(struct sensor_settings *s, const char *key, const char *value,
                        char *err, size_t n)
{
    if (!strcmp(key, "sensor-file")) {
        if (!*value || strlen(value) >= sizeof s->file) {
            snprintf(err, n, "setting '%s': '%s': expected a file name", key, value);
            return -1;
        }
        snprintf(s->file, sizeof s->file, "%s", value);
        return 0;
    }
    int q = sensor_quantity_by_name(key + 7);
    if (q < 0) {
        snprintf(err, n, "setting '%s': no such sensor (see --help: Sensors)", key);
        return -1;
    }
    if (!parse_value(value, &s->value[q])) {
        snprintf(err, n, "setting '%s': '%s': expected a number (%s)", key, value,
                 quantities[q].unit);
        return -1;
    }
    s->set[q] = true;
    return 0;
}

const char sensor_settings_help[] =
    "Sensors (setting sensor.NAME = VALUE, or sensor-file = FILE; docs/sensors.md):\n"
    "  temperature (degrees C, default 21.5), humidity (%, 45), ambient_light (lux, 300),\n"
    "  proximity (0..255, 0), sound_pressure (dB, 40), pressure (hPa, 1013),\n"
    "  moisture (%, 30), rainfall (mm, 2), accel.x/y/z (mg, 0 0 1000),\n"
    "  mag.x/y/z (raw, 200 0 -400), gyro.x/y/z (degrees/s, 0), adc0..adc3 (V, 1.0 1.65\n"
    "  2.5 3.3; 12 bits, 3.3 V reference). Remove a sensor with the capsules setting.\n";

/* ---- values -------------------------------------------------------------------------- */

double sensor_model_value(const struct sensor_model *m, enum sensor_quantity q, uint64_t t_ns)
{
    double v;
    if (m->console_set[q])
        return m->console_value[q];
    if (m->series && sensor_series_value(&m->series[q], t_ns, &v))
        return v;
    return m->constant[q];
}

int sensor_model_console_set(struct sensor_model *m, const char *name, const char *value,
                             char *err, size_t n)
{
    int q = sensor_quantity_by_name(name);
    double v;
    if (q < 0) {
        snprintf(err, n, "no sensor '%s'", name);
        return -1;
    }
    if (!parse_value(value, &v)) {
        snprintf(err, n, "'%s' is not a number (%s)", value, quantities[q].unit);
        return -1;
    }
    m->console_set[q] = true;
    m->console_value[q] = v;
    return 0;
}

static int32_t to_abi(enum sensor_quantity q, double v)
{
    double x = llround(v * quantities[q].to_abi);
    if (x > INT32_MAX)
        return INT32_MAX;
    return x < INT32_MIN ? INT32_MIN : (int32_t)x;
}

/* A voltage as the ADC gives it: 12 bits of the reference, left-aligned to 16. */
static int32_t adc_sample(double volts)
{
    double full = (1 << SENSOR_ADC_BITS) - 1;
    double code = llround(volts / (SENSOR_ADC_REFERENCE_MV / 1000.0) * full);
    code = code < 0 ? 0 : code > full ? full : code;
    return (int32_t)code << (16 - SENSOR_ADC_BITS);
}

/* What device d reads on channel at board time t. */
static void reading(const struct sensor_model *m, uint32_t d, uint32_t channel, uint64_t t,
                    int32_t out[3])
{
    out[0] = out[1] = out[2] = 0;
    if (d < SENSOR_KIND_COUNT) {
        out[0] = to_abi((enum sensor_quantity)d, sensor_model_value(m, d, t));
    } else if (d == SENSOR_DEVICE_NINEDOF) {
        enum sensor_quantity x = channel == NINEDOF_MAGNETOMETER ? Q_MAG_X
                                 : channel == NINEDOF_GYROSCOPE  ? Q_GYRO_X
                                                                 : Q_ACCEL_X;
        for (int i = 0; i < 3; i++)
            out[i] = to_abi(x + i, sensor_model_value(m, x + i, t));
    } else {
        out[0] = adc_sample(sensor_model_value(m, Q_ADC0 + channel, t));
    }
}

/* ---- the devices' HIL ---------------------------------------------------------------- */

static uint32_t device_read(void *ctx, uint32_t channel, uint32_t period_ns,
                            sensor_done_fn *done, void *client)
{
    struct sensor_device *dev = ctx;
    const struct sensor_hil *hil = &dev->model->hils[dev->id];
    if (dev->pending)
        return TOCK_BUSY;
    if (dev->id >= SENSOR_KIND_COUNT && channel >= hil->channels)
        return TOCK_INVAL;
    dev->pending = true;
    dev->channel = channel;
    struct sensor_model *m = dev->model;
    /* a paced sample started from a completion is due one period after that one */
    uint64_t start = m->completing || !m->clock ? m->now_ns : m->clock(m->clock_ctx);
    dev->due_ns = start + (period_ns ? period_ns : latency_ns[dev->id]);
    dev->done = done;
    dev->client = client;
    return TOCK_OK;
}

static void device_cancel(void *ctx)
{
    ((struct sensor_device *)ctx)->pending = false;
}

int sensor_model_init(struct sensor_model *m, const struct sensor_settings *s, char *err,
                      size_t n)
{
    memset(m, 0, sizeof *m);
    memcpy(m->constant, s->value, sizeof m->constant);
    if (s->file[0]) {
        m->series = calloc(Q_COUNT, sizeof *m->series);
        if (!m->series) {
            snprintf(err, n, "out of memory");
            return -1;
        }
        if (sensor_series_load(m->series, Q_COUNT, s->file, err, n)) {
            free(m->series);
            m->series = NULL;
            return -1;
        }
    }
    for (uint32_t d = 0; d < SENSOR_DEVICE_COUNT; d++) {
        m->devices[d] = (struct sensor_device){.model = m, .id = d};
        m->hils[d] = (struct sensor_hil){.ctx = &m->devices[d], .channels = 1,
                                         .read = device_read, .cancel = device_cancel};
    }
    m->hils[SENSOR_DEVICE_NINEDOF].channels = 3;
    m->hils[SENSOR_DEVICE_ADC].channels = SENSOR_ADC_CHANNELS;
    m->hils[SENSOR_DEVICE_ADC].resolution_bits = SENSOR_ADC_BITS;
    m->hils[SENSOR_DEVICE_ADC].reference_mv = SENSOR_ADC_REFERENCE_MV;
    return 0;
}

void sensor_model_free(struct sensor_model *m)
{
    if (m->series)
        sensor_series_free(m->series, Q_COUNT);
    free(m->series);
    m->series = NULL;
}

bool sensor_model_next_event(const struct sensor_model *m, uint64_t *at_ns)
{
    bool found = false;
    for (uint32_t d = 0; d < SENSOR_DEVICE_COUNT; d++) {
        const struct sensor_device *dev = &m->devices[d];
        if (dev->pending && (!found || dev->due_ns < *at_ns)) {
            *at_ns = dev->due_ns;
            found = true;
        }
    }
    return found;
}

void sensor_model_fire_due(struct sensor_model *m, uint64_t now_ns)
{
    uint64_t at;
    if (!m->clock)
        m->now_ns = now_ns;
    /* earliest first; a completion may start the next reading of the same device */
    while (sensor_model_next_event(m, &at) && at <= now_ns) {
        for (uint32_t d = 0; d < SENSOR_DEVICE_COUNT; d++) {
            struct sensor_device *dev = &m->devices[d];
            if (!dev->pending || dev->due_ns != at)
                continue;
            int32_t v[3];
            reading(m, d, dev->channel, at, v);
            dev->pending = false;
            uint64_t saved = m->now_ns;
            m->now_ns = at;
            m->completing = true;
            dev->done(dev->client, TOCK_OK, v);
            m->completing = false;
            m->now_ns = saved;
            break;
        }
    }
}
