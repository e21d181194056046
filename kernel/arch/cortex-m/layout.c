/* App placement rules of the Cortex-M boards (see layout.h). */
#include "layout.h"

#include "mpu_plan.h"

uint32_t cm_pow2_at_least(uint32_t v)
{
    if (v > 0x80000000u)
        return 0;
    uint32_t p = 1;
    while (p < v)
        p <<= 1;
    return p;
}

uint32_t cm_align_up(uint32_t v, uint32_t a)
{
    return (v + a - 1) & ~(a - 1);
}

uint32_t cm_layout_flash_align(uint32_t total_size)
{
    if (total_size >= 32 && (total_size & (total_size - 1)) == 0)
        return total_size;
    return 32;
}

const char *cm_layout_ram(struct cm_layout *l, uint32_t min_ram, uint32_t fixed_ram,
                          uint32_t *start, uint32_t *size)
{
    if (min_ram > 0x40000000u)
        return "minimum_ram_size is larger than any board's RAM";
    uint32_t want = cm_align_up(min_ram + CM_LAYOUT_GRANT_RESERVE, CM_LAYOUT_GRANULE);
    uint32_t align = cm_pow2_at_least(want);
    uint32_t at;
    if (fixed_ram != 0xFFFFFFFFu) {
        if (fixed_ram < l->ram_next || fixed_ram % align)
            return "its fixed RAM address is taken or not aligned for the MPU";
        at = fixed_ram;
    } else {
        at = cm_align_up(l->ram_next, align);
        if (at < l->ram_next)
            return "the board's RAM is full";
    }
    if (at > l->ram_end || want > l->ram_end - at)
        return "the board's RAM is full";
    *start = at;
    *size = want;
    l->ram_next = at + want;
    return 0;
}

const char *cm_layout_mpu_check(const struct cm_layout *l, uint32_t flash_start,
                                uint32_t flash_size, uint32_t ram_start, uint32_t ram_size)
{
    struct mpu_plan plan;
    /* every app break the kernel allows: each granule boundary of the block */
    for (uint32_t end = ram_start + CM_LAYOUT_GRANULE; end <= ram_start + ram_size;
         end += CM_LAYOUT_GRANULE) {
        plan.count = 0;
        uint32_t f = mpu_plan_cover(&plan, l->mpu_regions, flash_start, flash_start + flash_size,
                                    MPU_ATTR_FLASH);
        if (f != flash_start + flash_size)
            return "its flash cannot be covered by the MPU at this address";
        if (mpu_plan_cover(&plan, l->mpu_regions, ram_start, end, MPU_ATTR_RAM) != end)
            return "its RAM block needs more MPU regions than the core has";
    }
    return 0;
}
