/* The heap (malloc, calloc, realloc, free) and <string.h>. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define BLOCKS 10

static bool filled_with(const uint8_t *p, size_t n, uint8_t v) {
    for (size_t i = 0; i < n; i++) {
        if (p[i] != v) return false;
    }
    return true;
}

static void heap(void) {
    uint8_t *blocks[BLOCKS];
    size_t sizes[BLOCKS];
    bool ok = true, aligned = true;
    for (int i = 0; i < BLOCKS; i++) {
        sizes[i] = 16 + (size_t)i * 37;
        blocks[i] = malloc(sizes[i]);
        ok = ok && blocks[i] != NULL;
        if (!blocks[i]) return;
        aligned = aligned && ((uintptr_t)blocks[i] & 7) == 0;
        memset(blocks[i], 0xA0 + i, sizes[i]);
    }
    check_true("malloc gives 10 blocks", ok);
    check_true("malloc aligns to 8", aligned);

    for (int i = 1; i < BLOCKS; i += 2) {
        free(blocks[i]);
    }
    uint8_t *reused = malloc(40); /* fits in a freed hole */
    check_true("malloc reuses freed memory", reused != NULL && reused < blocks[BLOCKS - 1]);
    memset(reused, 0x55, 40);
    bool intact = true;
    for (int i = 0; i < BLOCKS; i += 2) {
        intact = intact && filled_with(blocks[i], sizes[i], (uint8_t)(0xA0 + i));
    }
    check_true("other blocks untouched", intact);

    free(reused);
    uint8_t *zeroed = calloc(20, 4); /* likely lands on dirty memory */
    check_true("calloc zeroes", zeroed && filled_with(zeroed, 80, 0));

    uint8_t *grown = realloc(blocks[0], 1000);
    check_true("realloc grows and keeps contents", grown && filled_with(grown, sizes[0], 0xA0));
    uint8_t *shrunk = realloc(grown, 8);
    check_true("realloc shrinks in place", shrunk == grown && filled_with(shrunk, 8, 0xA0));
    check_true("realloc(NULL) allocates", (blocks[0] = realloc(NULL, 24)) != NULL);
    check_true("realloc(p, 0) frees", realloc(blocks[0], 0) == NULL);
    check_true("huge malloc fails cleanly", malloc(0x7ffffff0u) == NULL);

    free(shrunk);
    free(zeroed);
    for (int i = 2; i < BLOCKS; i += 2) {
        free(blocks[i]);
    }
    free(NULL);
    check_true("heap usable after freeing all", malloc(2000) != NULL);
}

static void strings(void) {
    char a[32];
    memset(a, 'x', sizeof a);
    strcpy(a, "hello");
    check_str("strcpy", a, "hello");
    strcat(a, ", world");
    check_str("strcat", a, "hello, world");
    check_int("strlen", (long long)strlen(a), 12);
    check_int("strnlen", (long long)strnlen(a, 5), 5);
    check_true("strcmp equal", strcmp(a, "hello, world") == 0);
    check_true("strcmp order", strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0);
    check_true("strncmp prefix", strncmp("hello", "help", 3) == 0 && strncmp("hello", "help", 4) != 0);
    check_str("strchr", strchr(a, 'w'), "world");
    check_str("strrchr", strrchr(a, 'o'), "orld");
    check_str("strstr", strstr(a, "lo, "), "lo, world");
    check_true("strstr miss", strstr(a, "xyz") == NULL);

    char b[8];
    strncpy(b, "ab", sizeof b);
    check_true("strncpy pads with NUL", b[2] == 0 && b[7] == 0);

    char m[16] = "0123456789";
    memmove(m + 2, m, 8);
    check_str("memmove forward overlap", m, "0101234567");
    memmove(m, m + 2, 8);
    check_str("memmove backward overlap", m, "0123456767");
    check_true("memcmp", memcmp("abc", "abd", 3) < 0 && memcmp("abc", "abc", 3) == 0);

    uint32_t words[5] = { 0 };
    memcpy(words, "ABCDEFGHIJKLMNOPQRST", 20);
    check_true("memcpy words", memcmp(words, "ABCDEFGHIJKLMNOPQRST", 20) == 0);
}

void memory_checks(void) {
    check_begin("memory");
    heap();
    strings();
    check_end();
}
