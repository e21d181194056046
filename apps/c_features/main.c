/* c_features: exercises the parts of the C runtime a relocated app depends
 * on (printf, malloc, relocated .data pointers, .bss, constructors) and
 * prints a summary that tests can compare exactly. */
#include <stdio.h>
#include <string.h>

#include "check.h"

static int passed, total, section_passed, section_total;
static const char *section_name;
static uint32_t checksum = 2166136261u; /* FNV-1a */

static void mix(const char *s) {
    for (; *s; s++) {
        checksum = (checksum ^ (uint8_t)*s) * 16777619u;
    }
    checksum = (checksum ^ 0xff) * 16777619u; /* separator */
}

void check_begin(const char *section) {
    section_name = section;
    section_passed = section_total = 0;
}

void check_end(void) {
    printf("%s: %d/%d ok\n", section_name, section_passed, section_total);
}

void check_true(const char *what, bool ok) {
    mix(what);
    mix(ok ? "1" : "0");
    total++;
    section_total++;
    if (ok) {
        passed++;
        section_passed++;
    } else {
        printf("FAIL %s: %s\n", section_name, what);
    }
}

void check_int(const char *what, long long got, long long want) {
    char text[24];
    snprintf(text, sizeof text, "%lld", got);
    mix(text);
    check_true(what, got == want);
    if (got != want) {
        printf("     got %lld, want %lld\n", got, want);
    }
}

void check_str(const char *what, const char *got, const char *want) {
    mix(got);
    bool ok = strcmp(got, want) == 0;
    check_true(what, ok);
    if (!ok) {
        printf("     got \"%s\", want \"%s\"\n", got, want);
    }
}

int checks_passed(void) { return passed; }
int checks_total(void) { return total; }
uint32_t checks_checksum(void) { return checksum; }

int main(void) {
    printf("c_features: start\n");
    printf_checks();
    memory_checks();
    data_checks();
    printf("c_features: %d/%d checks passed, checksum 0x%08lx\n",
           checks_passed(), checks_total(), (unsigned long)checks_checksum());
    return checks_passed() == checks_total() ? 0 : 1;
}
