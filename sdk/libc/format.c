/* printf-style formatting.
 *
 * Supports %d %i %u %x %X %o %c %s %p %% with the flags - 0 + space #, a
 * width and a precision (numbers or *), and the length modifiers hh h l ll z
 * j t.  Floating-point conversions (%f %e %g %a and capitals) consume their
 * argument and print "?"; %n is not supported and writes nothing. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "format.h"

struct spec {
    bool left, zero, plus, space, alt;
    int width;     /* 0 = none */
    int precision; /* -1 = none */
    int length;    /* one of the LEN_ values */
};

enum { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL };

struct state {
    fmt_out_t *out;
    int count;
};

static void put(struct state *st, const char *s, size_t n) {
    if (n) {
        st->out->write(st->out, s, n);
        st->count += (int)n;
    }
}

static void pad(struct state *st, char c, int n) {
    static const char spaces[] = "                ";
    static const char zeros[] = "0000000000000000";
    const char *src = (c == '0') ? zeros : spaces;
    while (n > 0) {
        int chunk = n < 16 ? n : 16;
        put(st, src, (size_t)chunk);
        n -= chunk;
    }
}

/* Text with width and left/right justification (for %s %c and "?"). */
static void put_field(struct state *st, const struct spec *sp, const char *s, size_t n) {
    int fill = sp->width > (int)n ? sp->width - (int)n : 0;
    if (!sp->left) pad(st, ' ', fill);
    put(st, s, n);
    if (sp->left) pad(st, ' ', fill);
}

/* Digits of v in base, least significant last; returns the count. */
static int to_digits(char *buf, uint64_t v, unsigned base, bool upper) {
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;
    if (v <= UINT32_MAX) { /* 32-bit division is much cheaper */
        uint32_t w = (uint32_t)v;
        do {
            tmp[n++] = digits[w % base];
            w /= base;
        } while (w);
    } else {
        do {
            tmp[n++] = digits[v % base];
            v /= base;
        } while (v);
    }
    for (int i = 0; i < n; i++) {
        buf[i] = tmp[n - 1 - i];
    }
    return n;
}

static void put_number(struct state *st, const struct spec *sp, uint64_t mag, bool neg,
                       unsigned base, bool upper, bool is_signed, bool force_prefix) {
    char digits[24];
    int n = 0;
    if (!(mag == 0 && sp->precision == 0)) {
        n = to_digits(digits, mag, base, upper);
    }

    char prefix[2];
    int plen = 0;
    if (is_signed) {
        if (neg) prefix[plen++] = '-';
        else if (sp->plus) prefix[plen++] = '+';
        else if (sp->space) prefix[plen++] = ' ';
    }
    if (base == 16 && ((sp->alt && mag != 0) || force_prefix)) {
        prefix[plen++] = '0';
        prefix[plen++] = upper ? 'X' : 'x';
    }

    int zeros = sp->precision > n ? sp->precision - n : 0;
    if (base == 8 && sp->alt && zeros == 0 && (n == 0 || digits[0] != '0')) {
        zeros = 1; /* %#o always starts with 0 */
    }
    int total = plen + zeros + n;
    int fill = sp->width > total ? sp->width - total : 0;

    if (sp->left) {
        put(st, prefix, (size_t)plen);
        pad(st, '0', zeros);
        put(st, digits, (size_t)n);
        pad(st, ' ', fill);
    } else if (sp->zero && sp->precision < 0) {
        put(st, prefix, (size_t)plen);
        pad(st, '0', fill + zeros);
        put(st, digits, (size_t)n);
    } else {
        pad(st, ' ', fill);
        put(st, prefix, (size_t)plen);
        pad(st, '0', zeros);
        put(st, digits, (size_t)n);
    }
}

static int64_t signed_arg(int length, va_list *ap) {
    switch (length) {
    case LEN_HH: return (signed char)va_arg(*ap, int);
    case LEN_H: return (short)va_arg(*ap, int);
    case LEN_L: return va_arg(*ap, long);
    case LEN_LL: return va_arg(*ap, long long);
    default: return va_arg(*ap, int);
    }
}

static uint64_t unsigned_arg(int length, va_list *ap) {
    switch (length) {
    case LEN_HH: return (unsigned char)va_arg(*ap, unsigned);
    case LEN_H: return (unsigned short)va_arg(*ap, unsigned);
    case LEN_L: return va_arg(*ap, unsigned long);
    case LEN_LL: return va_arg(*ap, unsigned long long);
    default: return va_arg(*ap, unsigned);
    }
}

/* Parses flags, width, precision and length after '%'. */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap) {
    memset(sp, 0, sizeof *sp);
    sp->precision = -1;
    for (;; f++) {
        if (*f == '-') sp->left = true;
        else if (*f == '0') sp->zero = true;
        else if (*f == '+') sp->plus = true;
        else if (*f == ' ') sp->space = true;
        else if (*f == '#') sp->alt = true;
        else break;
    }
    if (*f == '*') {
        sp->width = va_arg(*ap, int);
        if (sp->width < 0) {
            sp->left = true;
            sp->width = -sp->width;
        }
        f++;
    } else {
        while (*f >= '0' && *f <= '9') sp->width = sp->width * 10 + (*f++ - '0');
    }
    if (*f == '.') {
        f++;
        sp->precision = 0;
        if (*f == '*') {
            sp->precision = va_arg(*ap, int);
            if (sp->precision < 0) sp->precision = -1;
            f++;
        } else {
            while (*f >= '0' && *f <= '9') sp->precision = sp->precision * 10 + (*f++ - '0');
        }
    }
    switch (*f) {
    case 'h':
        sp->length = (f[1] == 'h') ? LEN_HH : LEN_H;
        f += (f[1] == 'h') ? 2 : 1;
        break;
    case 'l':
        sp->length = (f[1] == 'l') ? LEN_LL : LEN_L;
        f += (f[1] == 'l') ? 2 : 1;
        break;
    case 'j': sp->length = LEN_LL; f++; break;
    case 'z': /* size_t and ptrdiff_t are int-sized here */
    case 't': sp->length = LEN_NONE; f++; break;
    case 'L': sp->length = LEN_NONE; f++; break; /* long double = double */
    default: break;
    }
    return f;
}

static void convert(struct state *st, char conv, const struct spec *sp, va_list *ap) {
    switch (conv) {
    case 'd':
    case 'i': {
        int64_t v = signed_arg(sp->length, ap);
        uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
        put_number(st, sp, mag, v < 0, 10, false, true, false);
        break;
    }
    case 'u': put_number(st, sp, unsigned_arg(sp->length, ap), false, 10, false, false, false); break;
    case 'x': put_number(st, sp, unsigned_arg(sp->length, ap), false, 16, false, false, false); break;
    case 'X': put_number(st, sp, unsigned_arg(sp->length, ap), false, 16, true, false, false); break;
    case 'o': put_number(st, sp, unsigned_arg(sp->length, ap), false, 8, false, false, false); break;
    case 'p': {
        uintptr_t v = (uintptr_t)va_arg(*ap, void *);
        put_number(st, sp, v, false, 16, false, false, true);
        break;
    }
    case 'c': {
        char c = (char)va_arg(*ap, int);
        put_field(st, sp, &c, 1);
        break;
    }
    case 's': {
        const char *s = va_arg(*ap, const char *);
        if (!s) s = "(null)";
        size_t n = sp->precision >= 0 ? strnlen(s, (size_t)sp->precision) : strlen(s);
        put_field(st, sp, s, n);
        break;
    }
    case 'f': case 'F': case 'e': case 'E':
    case 'g': case 'G': case 'a': case 'A':
        (void)va_arg(*ap, double);
        put_field(st, sp, "?", 1);
        break;
    case 'n':
        (void)va_arg(*ap, void *);
        break;
    case '%':
        put(st, "%", 1);
        break;
    default: { /* unknown: print it as written */
        char text[2] = { '%', conv };
        put(st, text, conv ? 2 : 1);
        break;
    }
    }
}

int tock_format(fmt_out_t *out, const char *fmt, va_list ap) {
    struct state st = { out, 0 };
    va_list args;
    va_copy(args, ap);
    const char *f = fmt;
    while (*f) {
        const char *lit = f;
        while (*f && *f != '%') f++;
        put(&st, lit, (size_t)(f - lit));
        if (*f == '\0') break;
        struct spec sp;
        f = parse_spec(f + 1, &sp, &args);
        convert(&st, *f, &sp, &args);
        if (*f) f++;
    }
    va_end(args);
    return st.count;
}
