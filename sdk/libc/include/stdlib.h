/* Memory allocation, conversions and process exit (SDK C library). */
#ifndef _TOCK_STDLIB_H
#define _TOCK_STDLIB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 0x7fffffff

/* Heap on top of the process break (memop sbrk). */
void *malloc(size_t size);
void free(void *ptr);
void *calloc(size_t count, size_t size);
void *realloc(void *ptr, size_t size);

/* exit() terminates the process (Tock Exit, completion code = status). */
__attribute__((noreturn)) void exit(int status);
__attribute__((noreturn)) void _Exit(int status);
/* abort() raises a low-level-debug "app panic" alert, then exits with 1. */
__attribute__((noreturn)) void abort(void);

int atoi(const char *s);
long atol(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);

int abs(int x);
long labs(long x);
long long llabs(long long x);

int rand(void);
void srand(unsigned seed);

#ifdef __cplusplus
}
#endif

#endif
