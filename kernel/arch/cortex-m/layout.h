/* Where a Cortex-M board puts each app: pure arithmetic shared by the board (at boot) and
 * the host image builder (tools/tabimage.c), so an image that builds is an image that
 * boots with every app loaded.
 *
 * Flash: apps follow each other from the board's app region start, as Tock boards lay
 * them out. An app whose TBF size is a power of two starts at a multiple of that size (the
 * builder fills gaps with padding TBFs), so one MPU region covers it.
 * RAM: each app gets a block of its minimum_ram_size plus the grant reserve, rounded up to
 * the grant granule (1 KiB, as the emulator's pages), starting at a multiple of the block
 * size rounded up to a power of two, so the MPU reaches any app break in that block with
 * one region per octal digit. A block must be coverable, flash plus RAM, with the MPU
 * regions the core has. */
#ifndef CM_LAYOUT_H
#define CM_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#define CM_LAYOUT_GRANULE 1024u        /* the kernel's grant granule on these boards */
#define CM_LAYOUT_GRANT_RESERVE 2048u  /* RAM beyond minimum_ram_size (the emulator's default) */
#define CM_LAYOUT_MPU_REGIONS 8u       /* Cortex-M3/M4 PMSAv7 */

struct cm_layout {
    uint32_t ram_next;   /* first free RAM address */
    uint32_t ram_end;
    uint32_t mpu_regions;
};

uint32_t cm_pow2_at_least(uint32_t v);   /* 0 when v > 2^31 */
uint32_t cm_align_up(uint32_t v, uint32_t a);   /* a: a power of two */

/* The alignment a TBF of total_size needs in flash: its size when that is a power of
 * two, else 32 bytes (the MPU then needs several regions). */
uint32_t cm_layout_flash_align(uint32_t total_size);

/* Assign a RAM block to an app needing min_ram bytes (fixed_ram: its linked RAM address
 * or 0xFFFFFFFF). Returns NULL and fills *start / *size, or a reason (static text). */
const char *cm_layout_ram(struct cm_layout *l, uint32_t min_ram, uint32_t fixed_ram,
                          uint32_t *start, uint32_t *size);

/* Whether the MPU can give a process its flash and any prefix of its RAM block. Returns
 * NULL or a reason (static text). */
const char *cm_layout_mpu_check(const struct cm_layout *l, uint32_t flash_start,
                                uint32_t flash_size, uint32_t ram_start, uint32_t ram_size);

#endif
