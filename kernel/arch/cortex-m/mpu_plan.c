/* Greedy MPU covering: from the current address, take the region (of any size) whose
 * enabled subregions reach furthest without passing the end; repeat. */
#include "mpu_plan.h"

/* How far one region of size 2^lg can reach from pos without passing end; 0 if it
 * cannot start at pos. *base_out and *srd_out describe the region. */
static uint64_t reach_of(uint32_t lg, uint32_t pos, uint32_t end, uint32_t *base_out,
                         uint8_t *srd_out)
{
    uint64_t size = 1ull << lg;
    uint32_t base = pos & ~(uint32_t)(size - 1);
    *base_out = base;
    *srd_out = 0;
    if (lg < 8) {   /* no subregions: the region must fit whole */
        if (base != pos || (uint64_t)end - pos < size)
            return 0;
        return (uint64_t)pos + size;
    }
    uint64_t sub = size >> 3;
    if (pos % sub)
        return 0;
    uint64_t first = (pos - base) / sub;
    uint64_t last = ((uint64_t)end - base) / sub;   /* first subregion not covered */
    if (last > 8)
        last = 8;
    if (last <= first)
        return 0;
    uint8_t srd = 0;
    for (uint64_t i = 0; i < 8; i++)
        if (i < first || i >= last)
            srd |= (uint8_t)(1u << i);
    *srd_out = srd;
    return base + last * sub;
}

uint32_t mpu_plan_cover(struct mpu_plan *plan, uint32_t max_total, uint32_t start, uint32_t end,
                        uint32_t attr)
{
    if (max_total > MPU_PLAN_MAX_REGIONS)
        max_total = MPU_PLAN_MAX_REGIONS;
    uint32_t pos = start;
    if (pos % 32)
        return pos;
    while (pos < end && plan->count < max_total) {
        uint64_t best = pos;
        struct mpu_region pick = {0, 0, 0, attr};
        for (uint32_t lg = 5; lg <= 31; lg++) {
            uint32_t base;
            uint8_t srd;
            uint64_t reach = reach_of(lg, pos, end, &base, &srd);
            if (reach > best) {   /* strictly further: ties keep the smaller region */
                best = reach;
                pick.base = base;
                pick.size_log2 = lg;
                pick.srd = srd;
            }
        }
        if (best == pos)
            break;
        plan->r[plan->count++] = pick;
        pos = (uint32_t)best;
    }
    return pos;
}

uint32_t mpu_region_rbar(const struct mpu_region *r, uint32_t n)
{
    return r->base | (1u << 4) | (n & 0xFu);   /* VALID: the region number is in RBAR */
}

uint32_t mpu_region_rasr(const struct mpu_region *r)
{
    return r->attr | ((uint32_t)r->srd << 8) | ((r->size_log2 - 1) << 1) | 1u;
}

bool mpu_plan_process(struct mpu_plan *plan, uint32_t max_total, uint32_t flash_start,
                      uint32_t flash_end, uint32_t ram_start, uint32_t ram_end,
                      uint32_t *ram_covered_end)
{
    plan->count = 0;
    uint32_t f = mpu_plan_cover(plan, max_total, flash_start, flash_end, MPU_ATTR_FLASH);
    uint32_t r = ram_start;
    if (f == flash_end)
        r = mpu_plan_cover(plan, max_total, ram_start, ram_end, MPU_ATTR_RAM);
    if (ram_covered_end)
        *ram_covered_end = r;
    return f == flash_end && r == ram_end;
}
