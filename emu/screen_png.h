/* Writing what the board's screen shows as an 8-bit RGB PNG file (libpng). */
#ifndef EMU_SCREEN_PNG_H
#define EMU_SCREEN_PNG_H

#include <stddef.h>

#include "host_screen.h"

/* Returns 0, or -1 with a message naming the file in err. */
int screen_png_write(const struct host_screen *s, const char *path, char *err, size_t errlen);

#endif
