/* A tiny check framework for c_features: each check counts, a failure
 * prints what went wrong, and every checked value feeds a checksum so the
 * final line is one exact string when everything works. */
#ifndef C_FEATURES_CHECK_H
#define C_FEATURES_CHECK_H

#include <stdbool.h>
#include <stdint.h>

void check_begin(const char *section);
void check_end(void);
void check_true(const char *what, bool ok);
void check_int(const char *what, long long got, long long want);
void check_str(const char *what, const char *got, const char *want);

int checks_passed(void);
int checks_total(void);
uint32_t checks_checksum(void);

/* The sections. */
void printf_checks(void);
void memory_checks(void);
void data_checks(void);

#endif
