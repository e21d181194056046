/* The display, touch and sound devices of the board: see host_hmi.h. */
#include "host_hmi.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "screen_png.h"

/* A file the run will write: opened now, so a bad path is bad input before anything runs. */
static FILE *open_output(const char *setting, const char *path, char *err, size_t n)
{
    FILE *f = fopen(path, "w");
    if (!f)
        snprintf(err, n, "setting '%s': %s: %s", setting, path, strerror(errno));
    return f;
}

int host_hmi_init(struct host_hmi *h, const struct hmi_config *cfg,
                  const struct host_clock *clock, FILE *out, char *err, size_t n)
{
    memset(h, 0, sizeof *h);
    h->cfg = *cfg;
    h->clock = clock;
    h->log.out = out;
    if (cfg->actuator_log[0] &&
        !(h->log.file = open_output("actuator-log", cfg->actuator_log, err, n)))
        return -1;
    if (cfg->screen_png[0]) {
        FILE *f = open_output("screen", cfg->screen_png, err, n);
        if (!f)
            return -1;
        fclose(f);
    }
    if (host_screen_init(&h->screen, cfg->screen_width, cfg->screen_height, cfg->screen_format)) {
        snprintf(err, n, "setting 'screen-size': no memory for %ux%u pixels", cfg->screen_width,
                 cfg->screen_height);
        return -1;
    }
    host_text_screen_init(&h->text, cfg->text_columns, cfg->text_rows, out);
    host_touch_init(&h->touch, cfg);
    host_buzzer_init(&h->buzzer, clock, &h->log);
    host_servo_init(&h->servo, cfg->servos, clock, &h->log);
    return 0;
}

void host_hmi_hils(struct host_hmi *h, struct board_hils *hils)
{
    hils->screen = &h->screen.hil;
    hils->text_screen = &h->text.hil;
    hils->touch = &h->touch.hil;
    hils->buzzer = &h->buzzer.hil;
    hils->servo = &h->servo.hil;
}

static void earliest(bool *found, uint64_t *at, uint64_t t)
{
    if (!*found || t < *at)
        *at = t;
    *found = true;
}

bool host_hmi_next_event(struct host_hmi *h, uint64_t *at_ns)
{
    bool found = false;
    uint64_t t;
    if (h->screen.ended || h->text.ended)
        earliest(&found, at_ns, host_clock_now_ns(h->clock));
    if (host_buzzer_next(&h->buzzer, &t))
        earliest(&found, at_ns, t);
    if (host_touch_next(&h->touch, &t))
        earliest(&found, at_ns, t);
    return found;
}

void host_hmi_fire(struct host_hmi *h, struct kernel *k, struct board_drivers *d)
{
    uint64_t now = host_clock_now_ns(h->clock);
    /* A completion may start the next queued operation, which ends at once too. */
    while (h->screen.ended) {
        h->screen.ended = false;
        if (board_drivers_has(d, BOARD_DRIVER_SCREEN))
            screen_capsule_done(&d->screen, k, TOCK_OK);
    }
    while (h->text.ended) {
        h->text.ended = false;
        if (board_drivers_has(d, BOARD_DRIVER_TEXT_SCREEN))
            text_screen_capsule_done(&d->text_screen, k, TOCK_OK);
    }
    while (host_buzzer_take_end(&h->buzzer, now))
        if (board_drivers_has(d, BOARD_DRIVER_BUZZER))
            buzzer_capsule_done(&d->buzzer, k, TOCK_OK);
    struct touch_event e;
    while (host_touch_take(&h->touch, now, &h->log, &e))
        if (h->touch.listening && board_drivers_has(d, BOARD_DRIVER_TOUCH))
            touch_capsule_event(&d->touch, k, e.status, e.x, e.y);
}

int host_hmi_finish(struct host_hmi *h, char *err, size_t n)
{
    if (!h->cfg.screen_png[0])
        return 0;
    return screen_png_write(&h->screen, h->cfg.screen_png, true, err, n);
}

void host_hmi_free(struct host_hmi *h)
{
    host_screen_free(&h->screen);
    if (h->log.file)
        fclose(h->log.file);
    h->log.file = NULL;
}

/* ---- process console -------------------------------------------------------------------- */

const char host_hmi_console_help[] =
    "  screen FILE           write what the screen shows as a new PNG file\n"
    "  touch X Y [HOLD_MS]   touch the panel now for HOLD_MS (default 50) of board time\n"
    "  text                  what the text screen shows\n";

struct reply {
    void (*out)(void *ctx, const char *text, size_t len);
    void *ctx;
};

static void say(const struct reply *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const struct reply *r, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (len > 0)
        r->out(r->ctx, buf, (size_t)len < sizeof buf ? (size_t)len : sizeof buf - 1);
}

static bool parse_number(const char *s, uint32_t max, uint32_t *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || *s == '-' || v > max)
        return false;
    *out = (uint32_t)v;
    return true;
}

static void console_screen(struct host_hmi *h, char **word, int n, const struct reply *r)
{
    char err[600];
    if (n != 2) {
        say(r, "error: usage: screen FILE\n");
        return;
    }
    if (screen_png_write(&h->screen, word[1], false, err, sizeof err))
        say(r, "error: %s\n", err);
    else
        say(r, "wrote %s (%ux%u)\n", word[1], h->screen.width, h->screen.height);
}

static void console_touch(struct host_hmi *h, char **word, int n, const struct reply *r)
{
    uint32_t x, y, hold_ms = 50;
    if ((n != 3 && n != 4) || !parse_number(word[1], 0xFFFF, &x) ||
        !parse_number(word[2], 0xFFFF, &y) ||
        (n == 4 && (!parse_number(word[3], 3600000, &hold_ms) || hold_ms == 0))) {
        say(r, "error: usage: touch X Y [HOLD_MS] (X, Y 0-65535, HOLD_MS 1-3600000)\n");
        return;
    }
    uint64_t now = host_clock_now_ns(h->clock);
    if (!host_touch_add(&h->touch, x, y, now, (uint64_t)hold_ms * 1000000u)) {
        say(r, "error: too many touches waiting\n");
        return;
    }
    say(r, "touch at %u,%u for %u ms\n", x, y, hold_ms);
}

static void console_text(struct host_hmi *h, const struct reply *r)
{
    say(r, "text screen %ux%u, %s, cursor at %u,%u\n", h->text.columns, h->text.rows,
        h->text.on ? "on" : "off", h->text.column, h->text.row);
    for (uint32_t row = 0; row < h->text.rows; row++)
        say(r, "|%.*s|\n", (int)h->text.columns, host_text_screen_row(&h->text, row));
}

bool host_hmi_console(struct host_hmi *h, char **word, int n,
                      void (*out)(void *ctx, const char *text, size_t len), void *ctx)
{
    const struct reply r = {out, ctx};
    if (!strcmp(word[0], "screen"))
        console_screen(h, word, n, &r);
    else if (!strcmp(word[0], "touch"))
        console_touch(h, word, n, &r);
    else if (!strcmp(word[0], "text"))
        console_text(h, &r);
    else
        return false;
    return true;
}
