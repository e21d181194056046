/* Sensor time-series files (see sensor_series.h for the format). */
#include "sensor_series.h"
#include "sensor_model.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add_point(struct sensor_series *s, uint64_t t_ns, double value)
{
    if (s->count == s->capacity) {
        uint32_t cap = s->capacity ? s->capacity * 2 : 16;
        struct sensor_point *p = realloc(s->points, cap * sizeof *p);
        if (!p)
            return -1;
        s->points = p;
        s->capacity = cap;
    }
    s->points[s->count++] = (struct sensor_point){t_ns, value};
    return 0;
}

static bool parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    return end != s && *end == '\0' && errno == 0 && isfinite(*out);
}

/* One line, already split into words. 0, or -1 with the reason in why. */
static int parse_line(struct sensor_series *series, char **w, int words, char *why, size_t n)
{
    int q;
    if (words == 2 && !strcmp(w[0], "step")) {
        if ((q = sensor_quantity_by_name(w[1])) < 0) {
            snprintf(why, n, "unknown sensor '%s'", w[1]);
            return -1;
        }
        series[q].step = true;
        return 0;
    }
    if (words != 3) {
        snprintf(why, n, "expected 'SECONDS NAME VALUE' or 'step NAME'");
        return -1;
    }
    double t, v;
    if (!parse_number(w[0], &t) || t < 0 || t > 1e9) {
        snprintf(why, n, "time '%s' is not a number of seconds >= 0", w[0]);
        return -1;
    }
    if ((q = sensor_quantity_by_name(w[1])) < 0) {
        snprintf(why, n, "unknown sensor '%s'", w[1]);
        return -1;
    }
    if (!parse_number(w[2], &v)) {
        snprintf(why, n, "value '%s' is not a number", w[2]);
        return -1;
    }
    uint64_t t_ns = (uint64_t)llround(t * 1e9);
    struct sensor_series *s = &series[q];
    if (s->count && t_ns < s->points[s->count - 1].t_ns) {
        snprintf(why, n, "time %s of '%s' is before its previous point", w[0], w[1]);
        return -1;
    }
    if (add_point(s, t_ns, v)) {
        snprintf(why, n, "out of memory");
        return -1;
    }
    return 0;
}

int sensor_series_load(struct sensor_series *series, uint32_t count, const char *path,
                       char *err, size_t n)
{
    memset(series, 0, count * sizeof *series);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, n, "sensor-file '%s': %s", path, strerror(errno));
        return -1;
    }
    char line[512], why[160];
    int lineno = 0, rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *w[4], *save;
        int words = 0;
        for (char *tok = strtok_r(line, " \t\r\n", &save); tok && words < 4;
             tok = strtok_r(NULL, " \t\r\n", &save))
            w[words++] = tok;   /* a fourth word is an error: parse_line says so */
        if (words == 0)
            continue;
        if (parse_line(series, w, words, why, sizeof why)) {
            snprintf(err, n, "%s:%d: %s", path, lineno, why);
            rc = -1;
        }
    }
    fclose(f);
    if (rc)
        sensor_series_free(series, count);
    return rc;
}

bool sensor_series_value(const struct sensor_series *s, uint64_t t_ns, double *out)
{
    if (!s->count)
        return false;
    const struct sensor_point *p = s->points;
    if (t_ns <= p[0].t_ns) {
        *out = p[0].value;
        return true;
    }
    uint32_t i = 1;
    while (i < s->count && p[i].t_ns <= t_ns)
        i++;
    if (i == s->count || s->step) {
        *out = p[i - 1].value;
        return true;
    }
    double span = (double)(p[i].t_ns - p[i - 1].t_ns);
    double frac = (double)(t_ns - p[i - 1].t_ns) / span;
    *out = p[i - 1].value + (p[i].value - p[i - 1].value) * frac;
    return true;
}

void sensor_series_free(struct sensor_series *series, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++) {
        free(series[i].points);
        series[i] = (struct sensor_series){0};
    }
}
