/* Relocation of initialised data, .bss zeroing, constructors, and the
 * number and character helpers. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tock.h>

#include "check.h"

static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }

/* Words in .data holding addresses: crt0 fixes them through .rel.data.
 * They are global (not static) so the compiler cannot fold them away. */
const char *cf_greeting = "relocated greeting";   /* -> flash */
int cf_counter = 41;
int *cf_counter_ptr = &cf_counter;                /* -> .data */
char cf_scratch[16];
char *cf_scratch_ptr = cf_scratch;                /* -> .bss */
int (*cf_ops[])(int, int) = { add, sub, mul };    /* -> code */

struct named {
    const char *name;
    int value;
};
/* A const table of pointers still lives in RAM (.data.rel.ro) to be
 * relocated; opaque() keeps the compiler from reading it at build time. */
const struct named cf_numbers[] = { { "one", 1 }, { "two", 2 }, { "three", 3 } };

static size_t opaque(size_t x) {
    volatile size_t v = x;
    return v;
}

uint32_t cf_initialised[4] = { 1, 2, 3, 0xdeadbeef };
uint32_t cf_zeroed[64];
static bool constructor_ran;

__attribute__((constructor)) static void set_flag(void) {
    constructor_ran = true;
}

static bool in_range(const void *p, void *start, void *end) {
    return (uintptr_t)p >= (uintptr_t)start && (uintptr_t)p < (uintptr_t)end;
}

static void relocation(void) {
    void *flash_start = tock_flash_start(), *flash_end = tock_flash_end();
    void *ram_start = tock_memory_start(), *ram_end = tock_memory_end();

    check_str("string pointer in .data", cf_greeting, "relocated greeting");
    check_true("string pointer points into flash", in_range(cf_greeting, flash_start, flash_end));
    check_true("data pointer matches &counter", cf_counter_ptr == &cf_counter);
    check_true("&counter is in RAM", in_range(&cf_counter, ram_start, ram_end));
    *cf_counter_ptr += 1;
    check_int("write through data pointer", cf_counter, 42);
    check_true("bss pointer matches", cf_scratch_ptr == cf_scratch);
    check_int("function table add", cf_ops[0](6, 7), 13);
    check_int("function table sub", cf_ops[1](6, 7), -1);
    check_int("function table mul", cf_ops[2](6, 7), 42);
    int (*volatile f)(int, int) = add;
    check_true("function pointer equality", f == cf_ops[0]);
    const void *code = (const void *)cf_ops[2];
    check_true("function pointer is Thumb code in flash",
               ((uintptr_t)code & 1) && in_range(code, flash_start, flash_end));
    char joined[32] = "";
    int sum = 0;
    for (size_t i = 0; i < sizeof cf_numbers / sizeof cf_numbers[0]; i++) {
        strcat(joined, cf_numbers[opaque(i)].name);
        sum += cf_numbers[opaque(i)].value;
    }
    check_str("const table of strings", joined, "onetwothree");
    check_int("const table values", sum, 6);
    check_true("plain .data", cf_initialised[0] == 1 && cf_initialised[3] == 0xdeadbeef);

    bool all_zero = true;
    for (size_t i = 0; i < sizeof cf_zeroed / sizeof cf_zeroed[0]; i++) {
        all_zero = all_zero && cf_zeroed[i] == 0;
    }
    check_true(".bss is zeroed", all_zero);
    check_true("constructor ran", constructor_ran);
}

static void numbers_and_chars(void) {
    char *end;
    check_int("strtol decimal", strtol("  -123abc", &end, 10), -123);
    check_str("strtol end", end, "abc");
    check_int("strtol hex prefix", strtol("0x1F", NULL, 0), 31);
    check_int("strtol octal", strtol("777", NULL, 8), 511);
    check_int("strtol base 36", strtol("zz", NULL, 36), 1295);
    errno = 0;
    check_int("strtol overflow", strtol("99999999999", NULL, 10), LONG_MAX);
    check_int("errno ERANGE", errno, ERANGE);
    check_int("strtoul", (long long)strtoul("4294967295", NULL, 10), 4294967295ll);
    check_int("atoi", atoi("  42x"), 42);
    check_int("abs", abs(-7), 7);
    check_true("ctype", isdigit('7') && isalpha('q') && isspace('\t') && !isalnum('-') &&
                            toupper('a') == 'A' && isxdigit('F'));

    srand(42);
    int r1 = rand(), r2 = rand();
    srand(42);
    check_true("rand repeats after srand", rand() == r1 && rand() == r2 && r1 != r2);
    check_true("rand range", r1 >= 0 && r1 <= RAND_MAX);
}

void data_checks(void) {
    check_begin("data");
    relocation();
    numbers_and_chars();
    check_end();
}
