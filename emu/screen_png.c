/* The screen as a PNG file: see screen_png.h. */
#include "screen_png.h"

#include <errno.h>
#include <fcntl.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct png_failure {
    char *err;
    size_t len;
    const char *path;
};

static void on_png_error(png_structp png, png_const_charp msg)
{
    struct png_failure *f = png_get_error_ptr(png);
    snprintf(f->err, f->len, "%s: cannot write the PNG: %s", f->path, msg);
    png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* libpng reports failures by longjmp: everything the jump could skip is set up before. */
static int write_rows(FILE *f, const struct host_screen *s, uint8_t *row,
                      struct png_failure *failure)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, failure, on_png_error,
                                              on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        snprintf(failure->err, failure->len, "%s: out of memory for the PNG", failure->path);
        png_destroy_write_struct(&png, NULL);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, s->width, s->height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (uint32_t y = 0; y < s->height; y++) {
        for (uint32_t x = 0; x < s->width; x++)
            host_screen_shown(s, x, y, row + (size_t)x * 3);
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return 0;
}

int screen_png_write(const struct host_screen *s, const char *path, bool replace, char *err,
                     size_t errlen)
{
    struct png_failure failure = {err, errlen, path};
    uint8_t *row = malloc((size_t)s->width * 3);
    int fd = row ? open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (replace ? O_TRUNC : O_EXCL), 0644)
                 : -1;
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, row ? strerror(errno) : "out of memory");
        if (fd >= 0)
            close(fd);
        free(row);
        return -1;
    }
    int rc = write_rows(f, s, row, &failure);
    if (fclose(f) != 0 && rc == 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        rc = -1;
    }
    free(row);
    return rc;
}
