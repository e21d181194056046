/* stdout/stderr on the Tock console.
 *
 * Text is gathered in a small buffer and written with the console driver's
 * blocking write when the buffer fills and at the end of every call, so each
 * printf is (for short text) exactly one console write, and nothing is left
 * buffered between calls. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <tock/console.h>

#include "format.h"

struct tock_file {
    int fd;
};

FILE __tock_stdout = { 1 };
FILE __tock_stderr = { 2 };

#define OUT_BUF_SIZE 128

static char out_buf[OUT_BUF_SIZE];

struct console_out {
    fmt_out_t base;
    size_t used;
    bool failed;
};

static void flush(struct console_out *c) {
    if (c->used && !c->failed) {
        if (console_write_sync((const uint8_t *)out_buf, c->used, NULL) != 0) {
            c->failed = true;
        }
    }
    c->used = 0;
}

static void console_sink(fmt_out_t *out, const char *s, size_t n) {
    struct console_out *c = (struct console_out *)out;
    while (n) {
        size_t room = OUT_BUF_SIZE - c->used;
        size_t chunk = n < room ? n : room;
        memcpy(out_buf + c->used, s, chunk);
        c->used += chunk;
        s += chunk;
        n -= chunk;
        if (c->used == OUT_BUF_SIZE) {
            flush(c);
        }
    }
}

static void open_out(struct console_out *c) {
    c->base.write = console_sink;
    c->used = 0;
    c->failed = false;
}

/* Flushes and turns the result into the stdio convention. */
static int close_out(struct console_out *c, int value) {
    flush(c);
    return c->failed ? EOF : value;
}

int vfprintf(FILE *f, const char *fmt, va_list ap) {
    (void)f; /* stdout and stderr share the console */
    struct console_out c;
    open_out(&c);
    int n = tock_format(&c.base, fmt, ap);
    return close_out(&c, n);
}

int vprintf(const char *fmt, va_list ap) {
    return vfprintf(stdout, fmt, ap);
}

int printf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return n;
}

int fprintf(FILE *f, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

size_t fwrite(const void *ptr, size_t size, size_t count, FILE *f) {
    (void)f;
    struct console_out c;
    open_out(&c);
    console_sink(&c.base, ptr, size * count);
    return close_out(&c, 0) == EOF ? 0 : count;
}

int fputs(const char *s, FILE *f) {
    return fwrite(s, 1, strlen(s), f) == strlen(s) ? 0 : EOF;
}

int puts(const char *s) {
    struct console_out c;
    open_out(&c);
    console_sink(&c.base, s, strlen(s));
    console_sink(&c.base, "\n", 1);
    return close_out(&c, 0);
}

int fputc(int ch, FILE *f) {
    unsigned char b = (unsigned char)ch;
    return fwrite(&b, 1, 1, f) == 1 ? b : EOF;
}

int putc(int ch, FILE *f) {
    return fputc(ch, f);
}

int putchar(int ch) {
    return fputc(ch, stdout);
}

int fflush(FILE *f) {
    (void)f; /* nothing is ever buffered between calls */
    return 0;
}
