/* One capsule for every sensor that answers a read with a single value (Tock's
 * capsules/extra/src/{temperature,humidity,ambient_light,proximity,sound_pressure,
 * pressure,moisture,rainfall}.rs share this ABI). An instance serves one kind.
 *
 *   subscribe 0  reading ready: (value, 0, 0), or (status, value, 0) for moisture and
 *                rainfall (libtock-c reads the status first for those two)
 *   command 0    exists
 *   command 1    read once (rainfall: arg0 = hours to sum over)
 *   command 2    proximity only: read when the value leaves [arg0, arg1] (the sensor is
 *                polled at its latency until then); sound pressure: enable
 *   command 3    sound pressure only: disable
 *
 * A read while another is under way: most kinds join it (every waiting process gets the
 * one result, as Tock's temperature, moisture, rainfall and ambient light capsules do);
 * humidity and pressure answer BUSY, as Tock's do. A process reading again while its own
 * read is pending just keeps waiting for the same result.
 *
 * Units (libtock-c's headers): temperature hundredths of a degree C, humidity and moisture
 * hundredths of a percent, ambient light lux, proximity 0..255, sound pressure dB,
 * pressure hPa, rainfall micrometres. */
#ifndef TOCK_CAPSULES_SENSOR_H
#define TOCK_CAPSULES_SENSOR_H

#include <stdbool.h>

#include "tock/hil.h"
#include "tock/kernel.h"

enum sensor_kind {
    SENSOR_TEMPERATURE,
    SENSOR_HUMIDITY,
    SENSOR_AMBIENT_LIGHT,
    SENSOR_PROXIMITY,
    SENSOR_SOUND_PRESSURE,
    SENSOR_PRESSURE,
    SENSOR_MOISTURE,
    SENSOR_RAINFALL,
    SENSOR_KIND_COUNT
};

enum {
    DRIVER_TEMPERATURE = 0x60000,
    DRIVER_HUMIDITY = 0x60001,
    DRIVER_AMBIENT_LIGHT = 0x60002,
    DRIVER_PROXIMITY = 0x60005,
    DRIVER_SOUND_PRESSURE = 0x60006,
    DRIVER_PRESSURE = 0x60008,
    DRIVER_MOISTURE = 0x6000A,
    DRIVER_RAINFALL = 0x6000B,
};

enum { SENSOR_UPCALL_READING = 0 };

enum { SENSOR_CMD_EXISTS = 0, SENSOR_CMD_READ = 1, SENSOR_CMD_READ_ON_INTERRUPT = 2,
       SENSOR_CMD_ENABLE = 2, SENSOR_CMD_DISABLE = 3 };

struct sensor_capsule {
    struct driver driver;
    enum sensor_kind kind;
    const struct sensor_hil *hil;
    struct kernel *k;
    bool reading;            /* a read is under way in the HIL */
};

void sensor_capsule_init(struct sensor_capsule *s, struct kernel *k, enum sensor_kind kind,
                         const struct sensor_hil *hil);
/* The driver's name ("temperature") and number. */
const char *sensor_kind_name(enum sensor_kind kind);
uint32_t sensor_kind_driver(enum sensor_kind kind);

#endif
