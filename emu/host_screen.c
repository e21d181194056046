/* The screen's framebuffer model: see host_screen.h. */
#include "host_screen.h"

#include <stdlib.h>
#include <string.h>

#include "tock/capsules/screen.h"

static void logical_size(const struct host_screen *s, uint32_t *w, uint32_t *h)
{
    bool turned = s->rotation == SCREEN_ROTATION_90 || s->rotation == SCREEN_ROTATION_270;
    *w = turned ? s->height : s->width;
    *h = turned ? s->width : s->height;
}

static void full_frame(struct host_screen *s)
{
    s->frame_x = s->frame_y = 0;
    logical_size(s, &s->frame_w, &s->frame_h);
}

/* The panel pixel under the app's (x, y). */
static uint8_t *panel_pixel(struct host_screen *s, uint32_t x, uint32_t y)
{
    uint32_t px = x, py = y;
    switch (s->rotation) {
    case SCREEN_ROTATION_90: px = s->width - 1 - y; py = x; break;
    case SCREEN_ROTATION_180: px = s->width - 1 - x; py = s->height - 1 - y; break;
    case SCREEN_ROTATION_270: px = y; py = s->height - 1 - x; break;
    default: break;
    }
    return s->rgb + ((size_t)py * s->width + px) * 3;
}

/* 8-bit channel from an n-bit one. */
static uint8_t widen(uint32_t v, uint32_t bits)
{
    uint32_t max = (1u << bits) - 1;
    return (uint8_t)((v * 255 + max / 2) / max);
}

/* One pixel of a colour format into RGB. */
static void decode(enum screen_format f, const uint8_t *p, uint8_t rgb[3])
{
    uint32_t v;
    switch (f) {
    case SCREEN_RGB_233:
        rgb[0] = widen(p[0] >> 6, 2);
        rgb[1] = widen((p[0] >> 3) & 7, 3);
        rgb[2] = widen(p[0] & 7, 3);
        break;
    case SCREEN_RGB_565:
        v = (uint32_t)p[0] << 8 | p[1];
        rgb[0] = widen(v >> 11, 5);
        rgb[1] = widen((v >> 5) & 63, 6);
        rgb[2] = widen(v & 31, 5);
        break;
    case SCREEN_RGB_888:
        memcpy(rgb, p, 3);
        break;
    default:    /* ARGB 8888: the alpha byte is ignored */
        memcpy(rgb, p + 1, 3);
        break;
    }
}

static void set_pixel(struct host_screen *s, uint32_t frame_index, const uint8_t rgb[3])
{
    uint32_t i = frame_index % (s->frame_w * s->frame_h);   /* the panel wraps in the frame */
    memcpy(panel_pixel(s, s->frame_x + i % s->frame_w, s->frame_y + i / s->frame_w), rgb, 3);
}

/* Mono, as SSD1306 pages: byte j is column j % width of page j / width, bit b its row
 * page * 8 + b; a set bit is a lit (white) pixel. */
static void put_mono(struct host_screen *s, uint32_t j, uint8_t byte)
{
    uint32_t pages = (s->frame_h + 7) / 8;
    uint32_t column = j % s->frame_w, page = (j / s->frame_w) % pages;
    for (uint32_t b = 0; b < 8 && page * 8 + b < s->frame_h; b++) {
        uint8_t level = (byte >> b) & 1 ? 255 : 0;
        const uint8_t rgb[3] = {level, level, level};
        set_pixel(s, (page * 8 + b) * s->frame_w + column, rgb);
    }
}

static uint32_t hil_write(void *ctx, const uint8_t *data, uint32_t len)
{
    struct host_screen *s = ctx;
    uint32_t size = screen_format_bytes(s->format);
    for (uint32_t i = 0; i + size <= len; i += size) {
        if (s->format == SCREEN_MONO) {
            put_mono(s, i, data[i]);
        } else {
            uint8_t rgb[3];
            decode(s->format, data + i, rgb);
            set_pixel(s, i / size, rgb);
        }
    }
    s->ended = true;
    return TOCK_OK;
}

static uint32_t hil_fill(void *ctx, const uint8_t *pixel, uint32_t len)
{
    struct host_screen *s = ctx;
    (void)len;
    if (s->format == SCREEN_MONO) {
        for (uint32_t j = 0; j < s->frame_w * ((s->frame_h + 7) / 8); j++)
            put_mono(s, j, pixel[0]);
    } else {
        uint8_t rgb[3];
        decode(s->format, pixel, rgb);
        for (uint32_t i = 0; i < s->frame_w * s->frame_h; i++)
            set_pixel(s, i, rgb);
    }
    s->ended = true;
    return TOCK_OK;
}

static uint32_t hil_set_write_frame(void *ctx, uint32_t x, uint32_t y, uint32_t w, uint32_t h)
{
    struct host_screen *s = ctx;
    uint32_t width, height;
    logical_size(s, &width, &height);
    if (w == 0 || h == 0 || x + w > width || y + h > height)
        return TOCK_INVAL;
    s->frame_x = x;
    s->frame_y = y;
    s->frame_w = w;
    s->frame_h = h;
    s->ended = true;
    return TOCK_OK;
}

static void hil_supported_resolution(void *ctx, uint32_t index, uint32_t *w, uint32_t *h)
{
    struct host_screen *s = ctx;
    (void)index;
    *w = s->width;
    *h = s->height;
}

static enum screen_format hil_supported_format(void *ctx, uint32_t index)
{
    (void)ctx;
    return (enum screen_format)index;
}

static void hil_resolution(void *ctx, uint32_t *w, uint32_t *h) { logical_size(ctx, w, h); }
static enum screen_format hil_format(void *ctx) { return ((struct host_screen *)ctx)->format; }
static enum screen_rotation hil_rotation(void *ctx) { return ((struct host_screen *)ctx)->rotation; }

static uint32_t ended(struct host_screen *s)
{
    s->ended = true;
    return TOCK_OK;
}

static uint32_t hil_set_resolution(void *ctx, uint32_t w, uint32_t h)
{
    struct host_screen *s = ctx;
    if (w != s->width || h != s->height)
        return TOCK_INVAL;      /* the panel has one resolution */
    s->rotation = SCREEN_ROTATION_NORMAL;
    full_frame(s);
    return ended(s);
}

static uint32_t hil_set_format(void *ctx, enum screen_format f)
{
    struct host_screen *s = ctx;
    s->format = f;
    return ended(s);
}

static uint32_t hil_set_rotation(void *ctx, enum screen_rotation r)
{
    struct host_screen *s = ctx;
    s->rotation = r;
    full_frame(s);
    return ended(s);
}

static uint32_t hil_set_brightness(void *ctx, uint32_t level)
{
    struct host_screen *s = ctx;
    s->brightness = level;
    return ended(s);
}

static uint32_t hil_set_power(void *ctx, bool on)
{
    struct host_screen *s = ctx;
    s->power = on;
    return ended(s);
}

static uint32_t hil_set_invert(void *ctx, bool on)
{
    struct host_screen *s = ctx;
    s->invert = on;
    return ended(s);
}

int host_screen_init(struct host_screen *s, uint32_t width, uint32_t height,
                     enum screen_format format)
{
    memset(s, 0, sizeof *s);
    s->rgb = calloc((size_t)width * height, 3);
    if (!s->rgb)
        return -1;
    s->width = width;
    s->height = height;
    s->format = format;
    s->brightness = 100;
    s->power = true;
    full_frame(s);
    s->hil = (struct screen_hil){
        .ctx = s,
        .resolution_count = 1,
        .supported_resolution = hil_supported_resolution,
        .format_count = SCREEN_FORMAT_COUNT,
        .supported_format = hil_supported_format,
        .resolution = hil_resolution,
        .format = hil_format,
        .rotation = hil_rotation,
        .set_resolution = hil_set_resolution,
        .set_format = hil_set_format,
        .set_rotation = hil_set_rotation,
        .set_brightness = hil_set_brightness,
        .set_power = hil_set_power,
        .set_invert = hil_set_invert,
        .set_write_frame = hil_set_write_frame,
        .write = hil_write,
        .fill = hil_fill,
    };
    return 0;
}

void host_screen_free(struct host_screen *s)
{
    free(s->rgb);
    s->rgb = NULL;
}

void host_screen_shown(const struct host_screen *s, uint32_t x, uint32_t y, uint8_t rgb[3])
{
    const uint8_t *p = s->rgb + ((size_t)y * s->width + x) * 3;
    bool dark = !s->power || s->brightness == 0;
    for (int c = 0; c < 3; c++)
        rgb[c] = dark ? 0 : s->invert ? (uint8_t)(255 - p[c]) : p[c];
}
