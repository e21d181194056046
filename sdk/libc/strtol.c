/* Number parsing: strtol family and atoi. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>

static int digit_value(int c) {
    if (isdigit(c)) return c - '0';
    if (islower(c)) return c - 'a' + 10;
    if (isupper(c)) return c - 'A' + 10;
    return 99;
}

/* Parses magnitude and sign; saturates the magnitude at `limit` (+1 on
 * the negative side is the caller's business) and reports overflow. */
static unsigned long long parse(const char *s, char **end, int base, bool *neg,
                                unsigned long long limit, bool *overflow) {
    const char *p = s;
    *neg = false;
    *overflow = false;
    while (isspace((unsigned char)*p)) p++;
    if (*p == '+' || *p == '-') {
        *neg = (*p == '-');
        p++;
    }
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
        digit_value((unsigned char)p[2]) < 16) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = (p[0] == '0') ? 8 : 10;
    }
    if (base < 2 || base > 36) {
        errno = EINVAL;
        if (end) *end = (char *)s;
        return 0;
    }
    unsigned long long v = 0;
    const char *digits = p;
    for (int d; (d = digit_value((unsigned char)*p)) < base; p++) {
        if (v > (limit - (unsigned)d) / (unsigned)base) {
            *overflow = true;
            v = limit;
        } else if (!*overflow) {
            v = v * (unsigned)base + (unsigned)d;
        }
    }
    if (end) *end = (char *)(p == digits ? s : p);
    return v;
}

long long strtoll(const char *s, char **end, int base) {
    bool neg, of;
    unsigned long long v = parse(s, end, base, &neg, (unsigned long long)LLONG_MAX + 1, &of);
    if (of || (!neg && v > (unsigned long long)LLONG_MAX)) {
        errno = ERANGE;
        return neg ? LLONG_MIN : LLONG_MAX;
    }
    return neg ? (long long)(0 - v) : (long long)v;
}

unsigned long long strtoull(const char *s, char **end, int base) {
    bool neg, of;
    unsigned long long v = parse(s, end, base, &neg, ULLONG_MAX, &of);
    if (of) {
        errno = ERANGE;
        return ULLONG_MAX;
    }
    return neg ? 0 - v : v;
}

long strtol(const char *s, char **end, int base) {
    bool neg, of;
    unsigned long long v = parse(s, end, base, &neg, (unsigned long long)LONG_MAX + 1, &of);
    if (of || (!neg && v > (unsigned long long)LONG_MAX)) {
        errno = ERANGE;
        return neg ? LONG_MIN : LONG_MAX;
    }
    return neg ? (long)(0 - v) : (long)v;
}

unsigned long strtoul(const char *s, char **end, int base) {
    bool neg, of;
    unsigned long long v = parse(s, end, base, &neg, ULONG_MAX, &of);
    if (of) {
        errno = ERANGE;
        return ULONG_MAX;
    }
    return neg ? (unsigned long)(0 - v) : (unsigned long)v;
}

int atoi(const char *s) {
    return (int)strtol(s, NULL, 10);
}

long atol(const char *s) {
    return strtol(s, NULL, 10);
}
