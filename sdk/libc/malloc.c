/* malloc and friends: a first-fit heap growing the process break (sbrk).
 *
 * The heap is a run of blocks from heap_start up to the break.  Each block
 * starts with an 8-byte header (its total size, a multiple of 8, and whether
 * it is in use), so payloads are 8-byte aligned.  Free neighbours are merged
 * lazily while searching.  Apps that use malloc must not move the break
 * themselves. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tock.h>

typedef struct block {
    uint32_t size; /* bytes, header included */
    uint32_t used;
} block_t;

#define HDR ((uint32_t)sizeof(block_t))
#define MIN_SPLIT (2 * HDR)

static uint8_t *heap_start, *heap_end;

static block_t *next_block(block_t *b) {
    return (block_t *)((uint8_t *)b + b->size);
}

static int heap_init(void) {
    if (heap_start) {
        return 0;
    }
    uint8_t *brk = tock_sbrk(0);
    if (brk == (void *)-1) {
        return -1;
    }
    uint32_t pad = (uint32_t)(-(uintptr_t)brk) & 7;
    if (pad && tock_sbrk((intptr_t)pad) == (void *)-1) {
        return -1;
    }
    heap_start = heap_end = brk + pad;
    return 0;
}

/* Grow the heap by `bytes`; returns the old end or NULL. */
static uint8_t *grow(uint32_t bytes) {
    uint8_t *old = tock_sbrk((intptr_t)bytes);
    if (old == (void *)-1 || old != heap_end) {
        return NULL;
    }
    heap_end += bytes;
    return old;
}

static void merge_free_after(block_t *b) {
    for (block_t *n = next_block(b); (uint8_t *)n < heap_end && !n->used; n = next_block(b)) {
        b->size += n->size;
    }
}

static void split(block_t *b, uint32_t need) {
    if (b->size - need >= MIN_SPLIT) {
        block_t *rest = (block_t *)((uint8_t *)b + need);
        rest->size = b->size - need;
        rest->used = 0;
        b->size = need;
    }
}

/* Block size for a request, or 0 if it is absurdly large. */
static uint32_t block_size(size_t n) {
    if (n > 0x40000000u) {
        return 0;
    }
    if (n == 0) {
        n = 1;
    }
    return ((uint32_t)n + HDR + 7) & ~7u;
}

void *malloc(size_t n) {
    uint32_t need = block_size(n);
    if (need == 0 || heap_init() != 0) {
        errno = ENOMEM;
        return NULL;
    }
    block_t *last = NULL;
    for (block_t *b = (block_t *)heap_start; (uint8_t *)b < heap_end; b = next_block(b)) {
        if (!b->used) {
            merge_free_after(b);
            if (b->size >= need) {
                split(b, need);
                b->used = 1;
                return b + 1;
            }
        }
        last = b;
    }
    if (last && !last->used) { /* extend the free block at the top */
        if (!grow(need - last->size)) {
            errno = ENOMEM;
            return NULL;
        }
        last->size = need;
        last->used = 1;
        return last + 1;
    }
    block_t *b = (block_t *)grow(need);
    if (!b) {
        errno = ENOMEM;
        return NULL;
    }
    b->size = need;
    b->used = 1;
    return b + 1;
}

void free(void *p) {
    if (!p) {
        return;
    }
    block_t *b = (block_t *)p - 1;
    b->used = 0;
    merge_free_after(b);
}

void *calloc(size_t count, size_t size) {
    if (size && count > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = malloc(count * size);
    if (p) {
        memset(p, 0, count * size);
    }
    return p;
}

void *realloc(void *p, size_t n) {
    if (!p) {
        return malloc(n);
    }
    if (n == 0) {
        free(p);
        return NULL;
    }
    uint32_t need = block_size(n);
    if (need == 0) {
        errno = ENOMEM;
        return NULL;
    }
    block_t *b = (block_t *)p - 1;
    merge_free_after(b);
    if (b->size >= need) {
        split(b, need);
        return p;
    }
    if ((uint8_t *)next_block(b) == heap_end && grow(need - b->size)) {
        b->size = need;
        return p;
    }
    void *q = malloc(n);
    if (q) {
        memcpy(q, p, b->size - HDR);
        free(p);
    }
    return q;
}
