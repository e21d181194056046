/* abs and the pseudo-random generator. */
#include <stdint.h>
#include <stdlib.h>

int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }

static uint32_t rand_state = 1;

void srand(unsigned seed) {
    rand_state = seed;
}

/* 32-bit LCG (Numerical Recipes constants); the top 31 bits are returned. */
int rand(void) {
    rand_state = rand_state * 1664525u + 1013904223u;
    return (int)(rand_state >> 1);
}
