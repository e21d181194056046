/* Writing what the board's screen shows as an 8-bit RGB PNG file (libpng). */
#ifndef EMU_SCREEN_PNG_H
#define EMU_SCREEN_PNG_H

#include <stdbool.h>
#include <stddef.h>

#include "host_screen.h"

/* Returns 0, or -1 with a message naming the file in err. Without replace, an existing
 * file is left alone and is an error. */
int screen_png_write(const struct host_screen *s, const char *path, bool replace, char *err,
                     size_t errlen);

#endif
