/* Planning ARMv7-M MPU regions for a process: pure arithmetic, no hardware access, so the
 * host image builder (tools/tabimage.c) checks exactly what the board will program.
 *
 * PMSAv7 rules: a region is a power of two in size (32 bytes .. 4 GiB) and starts at a
 * multiple of its size; a region of 256 bytes or more has 8 equal subregions that can be
 * switched off one by one. A process gets its flash (read + execute) and its RAM from the
 * start of its block up to the app break rounded up to the kernel's grant granule
 * (read + write, never execute). Nothing else: the grants above, other processes and the
 * kernel stay closed, and privileged code uses the default memory map (PRIVDEFENA). */
#ifndef CM_MPU_PLAN_H
#define CM_MPU_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#define MPU_PLAN_MAX_REGIONS 16u   /* PMSAv7 has 8 or 16 */

/* Region attribute words (RASR bits other than SIZE, SRD and ENABLE). */
/* AP RO/RO, C */
#define MPU_ATTR_FLASH ((6u << 24) | (1u << 17))
/* XN, AP RW/RW, S C B */
#define MPU_ATTR_RAM ((1u << 28) | (3u << 24) | (1u << 18) | (1u << 17) | (1u << 16))

struct mpu_region {
    uint32_t base;      /* multiple of the size */
    uint32_t size_log2; /* 5..31 */
    uint8_t srd;        /* subregion disable bits (0 below 256 bytes) */
    uint32_t attr;
};

struct mpu_plan {
    uint32_t count;
    struct mpu_region r[MPU_PLAN_MAX_REGIONS];
};

/* Add regions covering exactly [start, end) (both multiples of 32) to plan, using at most
 * max_total regions in all. Returns the end actually covered: end when everything fits,
 * less (never more) when the regions ran out or start is not 32-byte aligned. */
uint32_t mpu_plan_cover(struct mpu_plan *plan, uint32_t max_total, uint32_t start, uint32_t end,
                        uint32_t attr);

/* The RBAR / RASR words for region number n of the plan. */
uint32_t mpu_region_rbar(const struct mpu_region *r, uint32_t n);
uint32_t mpu_region_rasr(const struct mpu_region *r);

/* A whole process: flash [flash_start, flash_end) then RAM [ram_start, ram_end).
 * Returns true when both are covered completely with at most max_total regions. */
bool mpu_plan_process(struct mpu_plan *plan, uint32_t max_total, uint32_t flash_start,
                      uint32_t flash_end, uint32_t ram_start, uint32_t ram_end,
                      uint32_t *ram_covered_end);

#endif
