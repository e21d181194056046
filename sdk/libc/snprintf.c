/* Formatting into memory: snprintf and friends. */
#include <stdint.h>
#include <stdio.h>

#include "format.h"

struct mem_out {
    fmt_out_t base;
    char *buf;
    size_t size; /* room including the terminating NUL */
    size_t used;
};

static void mem_sink(fmt_out_t *out, const char *s, size_t n) {
    struct mem_out *m = (struct mem_out *)out;
    for (size_t i = 0; i < n; i++) {
        if (m->used + 1 < m->size) {
            m->buf[m->used] = s[i];
        }
        m->used++;
    }
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) {
    struct mem_out m = { { mem_sink }, buf, size, 0 };
    int n = tock_format(&m.base, fmt, ap);
    if (size) {
        buf[m.used < size ? m.used : size - 1] = '\0';
    }
    return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int vsprintf(char *buf, const char *fmt, va_list ap) {
    return vsnprintf(buf, SIZE_MAX, fmt, ap);
}

int sprintf(char *buf, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, SIZE_MAX, fmt, ap);
    va_end(ap);
    return n;
}
