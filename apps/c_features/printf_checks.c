/* printf formatting (through snprintf, so results can be compared) and a
 * few lines straight to the console, one longer than every buffer. */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

static char buf[96];

/* Formats with snprintf and checks both the text and the return value. */
#define FMT(want, ...)                                                 \
    do {                                                               \
        int n_ = snprintf(buf, sizeof buf, __VA_ARGS__);               \
        check_str(#__VA_ARGS__, buf, want);                            \
        check_int("length of " #__VA_ARGS__, n_, (long long)strlen(want)); \
    } while (0)

static void conversions(void) {
    FMT("42", "%d", 42);
    FMT("-42", "%i", -42);
    FMT("4294967295", "%u", 4294967295u);
    FMT("ff FF 377", "%x %X %o", 255u, 255u, 255u);
    FMT("x", "%c", 'x');
    FMT("100%", "%d%%", 100);
    FMT("0x1234", "%p", (void *)0x1234);
    FMT("a 1 b 2", "%s %d %s %d", "a", 1, "b", 2);
    FMT("[?][  ?]", "[%f][%3.1f]", 1.5, 2.5);
}

static void flags_width_precision(void) {
    FMT("[   42][42   ][00042]", "[%5d][%-5d][%05d]", 42, 42, 42);
    FMT("[+42][ 42][-42]", "[%+d][% d][%+d]", 42, 42, -42);
    FMT("[  007][007][ -007]", "[%5.3d][%.3d][%5.3d]", 7, 7, -7);
    FMT("[-0042]", "[%05d]", -42);
    FMT("[0x1f][0X1F][017][0]", "[%#x][%#X][%#o][%#x]", 31u, 31u, 15u, 0u);
    FMT("[]", "[%.0d]", 0);
    FMT("[   ab][ab   ][ab   ]", "[%*s][%-*s][%*s]", 5, "ab", 5, "ab", -5, "ab");
    FMT("[hel][  hel]", "[%.3s][%5.*s]", "hello", 3, "hello");
    FMT("[  y][z  ]", "[%3c][%-3c]", 'y', 'z');
    FMT("[0000ff]", "[%06x]", 255u);
}

static void lengths(void) {
    FMT("-128 255", "%hhd %hhu", (signed char)-128, (unsigned char)255);
    FMT("-32768 65535", "%hd %hu", (short)-32768, (unsigned short)65535);
    FMT("2147483647 -2147483648", "%ld %ld", 2147483647L, -2147483647L - 1);
    FMT("18446744073709551615", "%llu", 18446744073709551615ull);
    FMT("-9223372036854775808", "%lld", -9223372036854775807ll - 1);
    FMT("123456789abcdef0", "%llx", 0x123456789abcdef0ull);
    FMT("4096", "%zu", (size_t)4096);
    FMT("4000000000", "%" PRIu32, (uint32_t)4000000000u);
}

static void buffers(void) {
    const char *volatile null_string = NULL;
    FMT("(null)", "%s", null_string);

    char small[6];
    int n = snprintf(small, sizeof small, "%s", "hello world");
    check_str("snprintf truncates", small, "hello");
    check_int("snprintf returns full length", n, 11);
    check_int("snprintf(NULL, 0) measures", snprintf(NULL, 0, "%d", 12345), 5);

    char big[16];
    check_int("sprintf length", sprintf(big, "%s-%03d", "id", 7), 6);
    check_str("sprintf text", big, "id-007");
}

void printf_checks(void) {
    check_begin("printf");
    conversions();
    flags_width_precision();
    lengths();
    buffers();
    check_end();

    /* Straight to the console: stdout, stderr, puts, putchar, and a line
     * longer than the stdio and kernel buffers (it must arrive whole). */
    printf("console: %s %d %5.2s|\n", "printf", 123, "xyz");
    fprintf(stderr, "console: stderr works\n");
    puts("console: puts works");
    putchar('c');
    putchar('\n');
    char line[301];
    for (int i = 0; i < 300; i++) {
        line[i] = (char)('a' + i % 26);
    }
    line[300] = '\0';
    int n = printf("console: long %s end\n", line);
    check_begin("console");
    check_int("printf of a long line returns its length", n, 300 + 19);
    check_end();
}
