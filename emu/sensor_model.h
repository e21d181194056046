/* The board's sensors and ADC: one model of the physical world they measure. Each
 * quantity (temperature, accel.x, adc0, ...) has a value from, in order of precedence:
 * a value set at run time (process console `sensor NAME VALUE`), the board's time-series
 * file (setting sensor-file; see docs/sensors.md for the format), the board setting
 * sensor.NAME, or a default. Values are in human units (degrees C, %, lux, hPa, mm, mg,
 * volts); the model converts to each driver's ABI unit.
 *
 * A reading completes after the device's latency in board time, with the value at the
 * board time it completes; under the virtual clock runs are exactly repeatable. */
#ifndef EMU_SENSOR_MODEL_H
#define EMU_SENSOR_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tock/capsules/sensor.h"
#include "tock/hil.h"

enum sensor_quantity {
    /* the single-value sensors, in enum sensor_kind order */
    Q_TEMPERATURE, Q_HUMIDITY, Q_AMBIENT_LIGHT, Q_PROXIMITY, Q_SOUND_PRESSURE, Q_PRESSURE,
    Q_MOISTURE, Q_RAINFALL,
    Q_ACCEL_X, Q_ACCEL_Y, Q_ACCEL_Z,
    Q_MAG_X, Q_MAG_Y, Q_MAG_Z,
    Q_GYRO_X, Q_GYRO_Y, Q_GYRO_Z,
    Q_ADC0, Q_ADC1, Q_ADC2, Q_ADC3,
    Q_COUNT
};

#define SENSOR_ADC_CHANNELS 4
#define SENSOR_ADC_BITS 12
#define SENSOR_ADC_REFERENCE_MV 3300

/* Board settings (sensor.NAME = VALUE, sensor-file = FILE). */
struct sensor_settings {
    double value[Q_COUNT];
    bool set[Q_COUNT];
    char file[256];
};

/* One device: the sensors of one kind, the motion sensor, or the ADC. */
enum { SENSOR_DEVICE_NINEDOF = SENSOR_KIND_COUNT, SENSOR_DEVICE_ADC, SENSOR_DEVICE_COUNT };

struct sensor_series;

struct sensor_device {
    struct sensor_model *model;
    uint32_t id;                 /* enum sensor_kind, or SENSOR_DEVICE_NINEDOF / _ADC */
    bool pending;
    uint32_t channel;
    uint64_t due_ns;
    sensor_done_fn *done;
    void *client;
};

struct sensor_model {
    uint64_t (*clock)(void *ctx);   /* board time in ns; set by the board after init */
    void *clock_ctx;
    uint64_t now_ns;             /* without a clock, and during a completion: its time */
    bool completing;
    double constant[Q_COUNT];    /* default or board setting */
    bool console_set[Q_COUNT];
    double console_value[Q_COUNT];
    struct sensor_series *series;   /* Q_COUNT of them, from the sensor file */
    struct sensor_device devices[SENSOR_DEVICE_COUNT];
    struct sensor_hil hils[SENSOR_DEVICE_COUNT];
};

void sensor_settings_defaults(struct sensor_settings *s);
/* One board setting: "sensor.NAME" or "sensor-file". 0, or -1 with err naming it. */
int sensor_settings_set(struct sensor_settings *s, const char *key, const char *value,
                        char *err, size_t errlen);
/* Whether key is one of the settings above. */
bool sensor_settings_key(const char *key);
extern const char sensor_settings_help[];

/* Set up the model; the board then calls sensor_model_fire_due as board time passes.
 * Reads the sensor file. 0, or -1 with err naming file and line. */
int sensor_model_init(struct sensor_model *m, const struct sensor_settings *s,
                      char *err, size_t errlen);
void sensor_model_free(struct sensor_model *m);

/* The value of quantity q at board time t_ns, in human units. */
double sensor_model_value(const struct sensor_model *m, enum sensor_quantity q, uint64_t t_ns);
/* Process console: set NAME to VALUE from now on. 0, or -1 with err. */
int sensor_model_console_set(struct sensor_model *m, const char *name, const char *value,
                             char *err, size_t errlen);
/* The quantity called name ("temperature", "accel.x", "adc0"); -1 if none. */
int sensor_quantity_by_name(const char *name);
const char *sensor_quantity_name(enum sensor_quantity q);

/* The earliest board time a reading completes; false when none is under way. */
bool sensor_model_next_event(const struct sensor_model *m, uint64_t *at_ns);
/* Complete every reading due at or before now_ns. */
void sensor_model_fire_due(struct sensor_model *m, uint64_t now_ns);

#endif
