/* The board's screen: a framebuffer of RGB pixels behind struct screen_hil. Pixels arrive
 * in the current pixel format (docs/display.md says how each is read: RGB565 big-endian as
 * libtock-c writes it, mono in SSD1306 pages) and are kept as 8-bit RGB in panel
 * orientation; rotation turns the app's coordinates. Every operation takes effect at once
 * and ends at the same board time: `ended` is set for the board to report it. */
#ifndef EMU_HOST_SCREEN_H
#define EMU_HOST_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tock/hil.h"

struct host_screen {
    uint32_t width, height;             /* the panel, unrotated */
    enum screen_format format;
    enum screen_rotation rotation;
    uint32_t brightness;
    bool power, invert;
    uint32_t frame_x, frame_y, frame_w, frame_h;   /* write frame, app coordinates */
    uint8_t *rgb;                       /* width * height * 3 bytes, row by row */
    bool ended;                         /* an operation ended: report it to the capsule */
    struct screen_hil hil;
};

/* Returns 0, or -1 when the framebuffer cannot be allocated. */
int host_screen_init(struct host_screen *s, uint32_t width, uint32_t height,
                     enum screen_format format);
void host_screen_free(struct host_screen *s);
/* What the panel shows at (x, y): black while off or at brightness 0, inverted colours
 * while inverted. */
void host_screen_shown(const struct host_screen *s, uint32_t x, uint32_t y, uint8_t rgb[3]);

#endif
