/* A small printf for kernel output (fault reports, debug lines, traces). It formats into
 * a stack buffer and hands complete chunks to the board's log hook. */
#include <stdarg.h>

#include "tock/kernel.h"

struct kout {
    struct kernel *k;
    char buf[160];
    size_t len;
};

static void kout_flush(struct kout *o)
{
    if (o->len && o->k->hooks.log)
        o->k->hooks.log(o->k->hooks.ctx, o->buf, o->len);
    o->len = 0;
}

static void kout_putc(struct kout *o, char c)
{
    if (o->len == sizeof o->buf)
        kout_flush(o);
    o->buf[o->len++] = c;
}

static void kout_number(struct kout *o, unsigned long long v, unsigned base, bool upper,
                        bool negative, int width, char pad)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    unsigned n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    if (negative)
        tmp[n++] = '-';
    int fill = width < 0 ? 0 : width;   /* negative width = left-justified */
    for (int i = (int)n; i < fill; i++)
        kout_putc(o, pad);
    for (unsigned i = n; i > 0; i--)
        kout_putc(o, tmp[i - 1]);
    for (int i = (int)n; i < -width; i++)
        kout_putc(o, ' ');
}

void kprintf(struct kernel *k, const char *fmt, ...)
{
    struct kout o = {.k = k, .len = 0};
    va_list ap;
    va_start(ap, fmt);
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            kout_putc(&o, *f);
            continue;
        }
        f++;
        char pad = ' ';
        unsigned width = 0, longs = 0;
        bool left = false;
        if (*f == '-') {
            left = true;
            f++;
        }
        if (*f == '0') {
            pad = '0';
            f++;
        }
        while (*f >= '0' && *f <= '9')
            width = width * 10 + (unsigned)(*f++ - '0');
        while (*f == 'l') {
            longs++;
            f++;
        }
        int w = left ? -(int)width : (int)width;
        switch (*f) {
        case 'd': {
            long long v = longs >= 2 ? va_arg(ap, long long) : longs ? va_arg(ap, long) : va_arg(ap, int);
            unsigned long long mag = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
            kout_number(&o, mag, 10, false, v < 0, w, pad);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            unsigned long long v = longs >= 2 ? va_arg(ap, unsigned long long)
                                   : longs    ? va_arg(ap, unsigned long)
                                              : va_arg(ap, unsigned);
            kout_number(&o, v, *f == 'u' ? 10 : 16, *f == 'X', false, w, pad);
            break;
        }
        case 'p':
            kout_putc(&o, '0');
            kout_putc(&o, 'x');
            kout_number(&o, (unsigned long long)(uintptr_t)va_arg(ap, void *), 16, false, false,
                        w, pad);
            break;
        case 'c':
            kout_putc(&o, (char)va_arg(ap, int));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            unsigned n = 0;
            for (const char *t = s; *t; t++)
                n++;
            for (unsigned i = n; !left && i < width; i++)
                kout_putc(&o, ' ');
            while (*s)
                kout_putc(&o, *s++);
            for (unsigned i = n; left && i < width; i++)
                kout_putc(&o, ' ');
            break;
        }
        case '%':
            kout_putc(&o, '%');
            break;
        case '\0':
            f--;
            break;
        default:
            kout_putc(&o, '%');
            kout_putc(&o, *f);
            break;
        }
    }
    va_end(ap);
    kout_flush(&o);
}
