/* Settings of the display, touch and sound devices: see hmi_config.h. */
#include "hmi_config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const format_names[SCREEN_FORMAT_COUNT] = {"mono", "rgb233", "rgb565",
                                                              "rgb888", "argb8888"};

const char *screen_format_name(enum screen_format f)
{
    return f < SCREEN_FORMAT_COUNT ? format_names[f] : "?";
}

void hmi_config_defaults(struct hmi_config *c)
{
    memset(c, 0, sizeof *c);
    c->screen_width = 240;
    c->screen_height = 240;
    c->screen_format = SCREEN_RGB_565;
    c->text_columns = 16;
    c->text_rows = 2;
    c->servos = 1;
}

static int fail(char *err, size_t n, const char *key, const char *value, const char *expect)
{
    snprintf(err, n, "setting '%s': '%s' is not %s", key, value, expect);
    return -1;
}

/* "240x320": both in [1, max]. */
static int parse_size(const char *s, uint32_t max, uint32_t *w, uint32_t *h)
{
    unsigned a, b;
    int used = 0;
    if (sscanf(s, "%ux%u%n", &a, &b, &used) != 2 || s[used] || a == 0 || b == 0 || a > max ||
        b > max)
        return -1;
    *w = a;
    *h = b;
    return 0;
}

/* "X,Y@MS" or "X,Y@MS+HOLD_MS" (hold default 50 ms). */
static int parse_touch(const char *s, struct scripted_touch *t)
{
    unsigned x, y;
    double at_ms, hold_ms = 50;
    int used = 0;
    if (sscanf(s, "%u,%u@%lf%n", &x, &y, &at_ms, &used) != 3 || x > 0xFFFF || y > 0xFFFF)
        return -1;
    if (s[used] == '+') {
        int more = 0;
        if (sscanf(s + used + 1, "%lf%n", &hold_ms, &more) != 1)
            return -1;
        used += 1 + more;
    }
    if (s[used] || at_ms < 0 || hold_ms <= 0)
        return -1;
    *t = (struct scripted_touch){x, y, (uint64_t)(at_ms * 1e6), (uint64_t)(hold_ms * 1e6)};
    return 0;
}

static int set_path(char *dst, const char *key, const char *v, char *err, size_t n)
{
    if (!*v || strlen(v) >= HMI_PATH_MAX)
        return fail(err, n, key, v, "a file name (1 to 511 bytes)");
    strcpy(dst, v);
    return 0;
}

int hmi_config_set(struct hmi_config *c, const char *key, const char *v, char *err, size_t n)
{
    if (!strcmp(key, "screen"))
        return set_path(c->screen_png, key, v, err, n);
    if (!strcmp(key, "actuator-log"))
        return set_path(c->actuator_log, key, v, err, n);
    if (!strcmp(key, "screen-size")) {
        if (parse_size(v, HMI_MAX_SCREEN_SIDE, &c->screen_width, &c->screen_height))
            return fail(err, n, key, v, "WIDTHxHEIGHT (each 1 to 2048)");
        return 0;
    }
    if (!strcmp(key, "screen-format")) {
        for (uint32_t i = 0; i < SCREEN_FORMAT_COUNT; i++) {
            if (!strcasecmp(v, format_names[i])) {
                c->screen_format = (enum screen_format)i;
                return 0;
            }
        }
        return fail(err, n, key, v, "mono, rgb233, rgb565, rgb888 or argb8888");
    }
    if (!strcmp(key, "text-screen-size")) {
        if (parse_size(v, HMI_MAX_TEXT_SIDE, &c->text_columns, &c->text_rows))
            return fail(err, n, key, v, "COLUMNSxROWS (each 1 to 80)");
        return 0;
    }
    if (!strcmp(key, "touch")) {
        if (c->touch_count == HMI_MAX_TOUCHES) {
            snprintf(err, n, "setting '%s': '%s': a board takes at most %d touches", key, v,
                     HMI_MAX_TOUCHES);
            return -1;
        }
        if (parse_touch(v, &c->touches[c->touch_count]))
            return fail(err, n, key, v, "X,Y@MS or X,Y@MS+HOLD_MS");
        c->touch_count++;
        return 0;
    }
    if (!strcmp(key, "servos")) {
        unsigned count;
        int used = 0;
        if (sscanf(v, "%u%n", &count, &used) != 1 || v[used] || count > HMI_MAX_SERVOS)
            return fail(err, n, key, v, "a number from 0 to 16");
        c->servos = count;
        return 0;
    }
    return 1;
}

static const char help[] =
    "  screen         FILE.png: write the screen's framebuffer there at the end of the run\n"
    "  screen-size    WIDTHxHEIGHT of the screen (default 240x240)\n"
    "  screen-format  mono | rgb233 | rgb565 | rgb888 | argb8888 (default rgb565)\n"
    "  text-screen-size  COLUMNSxROWS of the text screen (default 16x2)\n"
    "  touch          X,Y@MS[+HOLD_MS]: touch the panel at a board time (repeatable)\n"
    "  servos         how many servo motors (default 1)\n"
    "  actuator-log   FILE: also write the buzzer, servo and touch lines there\n";

void hmi_config_print_help(FILE *out)
{
    fputs(help, out);
}
