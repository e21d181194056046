/* The three memory functions the kernel uses. Declared here rather than taken from
 * <string.h> so the kernel builds freestanding; the host C library or the board supplies them. */
#ifndef TOCK_KSTRING_H
#define TOCK_KSTRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif
