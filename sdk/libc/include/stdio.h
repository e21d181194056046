/* Formatted output to the Tock console (SDK C library).
 *
 * stdout and stderr both go to the console driver.  Nothing is buffered
 * between calls: every printf/puts/putchar has been written (and the write
 * completed) when it returns, so output is never lost when an app exits or
 * faults.  Floating-point conversions print "?". */
#ifndef _TOCK_STDIO_H
#define _TOCK_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EOF (-1)

typedef struct tock_file FILE;
extern FILE __tock_stdout, __tock_stderr;
#define stdout (&__tock_stdout)
#define stderr (&__tock_stderr)

#define TOCK_PRINTF(fmt_idx, arg_idx) __attribute__((format(printf, fmt_idx, arg_idx)))

int printf(const char *fmt, ...) TOCK_PRINTF(1, 2);
int vprintf(const char *fmt, va_list ap) TOCK_PRINTF(1, 0);
int fprintf(FILE *f, const char *fmt, ...) TOCK_PRINTF(2, 3);
int vfprintf(FILE *f, const char *fmt, va_list ap) TOCK_PRINTF(2, 0);
int sprintf(char *buf, const char *fmt, ...) TOCK_PRINTF(2, 3);
int snprintf(char *buf, size_t size, const char *fmt, ...) TOCK_PRINTF(3, 4);
int vsprintf(char *buf, const char *fmt, va_list ap) TOCK_PRINTF(2, 0);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) TOCK_PRINTF(3, 0);

int putchar(int c);
int puts(const char *s);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int fputs(const char *s, FILE *f);
size_t fwrite(const void *ptr, size_t size, size_t count, FILE *f);
int fflush(FILE *f);

#ifdef __cplusplus
}
#endif

#endif
