/* bench_compute: compute-bound code for the kernel-overhead benchmark
 * (tests/bench/compute_bench.c). bench_compute() fills an array from a linear
 * congruential generator, insertion-sorts it and folds it into a CRC-32, round after
 * round. It touches only its arguments and its stack (no globals, so no GOT), so the
 * benchmark can also call the very same code bytes on a bare engine. */
#include <stdint.h>
#include <stdio.h>

#define SEED 0x12345678u
#define ROUNDS 600u
#define N 96u

uint32_t bench_result;   /* read by the benchmark after the run */

__attribute__((noinline, used)) uint32_t bench_compute(uint32_t seed, uint32_t rounds)
{
    uint32_t a[N];
    uint32_t crc = 0xFFFFFFFFu;
    for (uint32_t r = 0; r < rounds; r++) {
        for (uint32_t i = 0; i < N; i++) {
            seed = seed * 1664525u + 1013904223u;
            a[i] = seed >> 8;
        }
        for (uint32_t i = 1; i < N; i++) {
            uint32_t v = a[i], j = i;
            for (; j > 0 && a[j - 1] > v; j--)
                a[j] = a[j - 1];
            a[j] = v;
        }
        for (uint32_t i = 0; i < N; i++) {
            crc ^= a[i];
            for (int b = 0; b < 32; b++)
                crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1u));
        }
    }
    return ~crc;
}

int main(void)
{
    bench_result = bench_compute(SEED, ROUNDS);
    printf("bench_compute: %u rounds, crc 0x%08lx\n", ROUNDS, (unsigned long)bench_result);
    return 0;
}
