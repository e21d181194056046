/* Time series of sensor values from a file: board time -> value, per quantity.
 *
 *   # comment
 *   SECONDS NAME VALUE      a point: NAME has VALUE at board time SECONDS
 *   step NAME               NAME holds each value until the next point (default: the
 *                           value changes linearly between points)
 *
 * Points of one quantity come in order of time. Before its first point a quantity has
 * the first value, after the last the last one. */
#ifndef EMU_SENSOR_SERIES_H
#define EMU_SENSOR_SERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sensor_point {
    uint64_t t_ns;
    double value;
};

struct sensor_series {
    struct sensor_point *points;
    uint32_t count, capacity;
    bool step;
};

/* Fill series[0..count) (indexed by enum sensor_quantity) from path. 0, or -1 with err
 * naming the file and line. */
int sensor_series_load(struct sensor_series *series, uint32_t count, const char *path,
                       char *err, size_t errlen);
/* The value at t_ns; false when the series has no points. */
bool sensor_series_value(const struct sensor_series *s, uint64_t t_ns, double *out);
void sensor_series_free(struct sensor_series *series, uint32_t count);

#endif
