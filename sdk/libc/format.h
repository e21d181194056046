/* The printf engine shared by printf (console) and snprintf (memory). */
#ifndef TOCK_LIBC_FORMAT_H
#define TOCK_LIBC_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Where formatted text goes.  Sinks embed this as their first member. */
typedef struct fmt_out {
    void (*write)(struct fmt_out *out, const char *s, size_t n);
} fmt_out_t;

/* Formats into `out`; returns the number of characters produced. */
int tock_format(fmt_out_t *out, const char *fmt, va_list ap);

#endif
