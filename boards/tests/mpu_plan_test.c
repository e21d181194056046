/* Host checks of the Cortex-M MPU planning and app layout (kernel/arch/cortex-m/mpu_plan.c,
 * layout.c): a plan must open exactly the memory asked for and never one byte more, with
 * regions the hardware accepts. Each plan is checked by simulating the PMSAv7 lookup. */
#include <stdio.h>
#include <stdlib.h>

#include "layout.h"
#include "mpu_plan.h"

static unsigned passed, failed;

#define CHECK(cond, ...)                                          \
    do {                                                          \
        if (cond) {                                               \
            passed++;                                             \
        } else {                                                  \
            failed++;                                             \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);           \
            printf(__VA_ARGS__);                                  \
            printf("\n");                                         \
        }                                                         \
    } while (0)

/* Does any region of the plan with these attributes let addr through? */
static int opens(const struct mpu_plan *p, uint32_t addr, uint32_t attr)
{
    for (uint32_t i = 0; i < p->count; i++) {
        const struct mpu_region *r = &p->r[i];
        uint64_t size = 1ull << r->size_log2;
        if (r->attr != attr || addr < r->base || addr - r->base >= size)
            continue;
        if (r->size_log2 >= 8 && (r->srd >> ((addr - r->base) / (size / 8)) & 1))
            continue;
        return 1;
    }
    return 0;
}

static int regions_valid(const struct mpu_plan *p)
{
    for (uint32_t i = 0; i < p->count; i++) {
        const struct mpu_region *r = &p->r[i];
        if (r->size_log2 < 5 || r->size_log2 > 31 || r->base % (1u << r->size_log2))
            return 0;
        if (r->size_log2 < 8 && r->srd)
            return 0;
        if (r->srd == 0xFF)
            return 0;
    }
    return 1;
}

/* Cover [start, end) and check every 32-byte granule from 8 KiB below to 8 KiB above. */
static void check_cover(uint32_t start, uint32_t end, uint32_t max, int must_reach)
{
    struct mpu_plan p = {0};
    uint32_t got = mpu_plan_cover(&p, max, start, end, MPU_ATTR_RAM);
    CHECK(got <= end && got >= start, "[0x%x, 0x%x): covered up to 0x%x", start, end, got);
    if (must_reach)
        CHECK(got == end, "[0x%x, 0x%x) with %u regions: only up to 0x%x (%u used)", start, end,
              max, got, p.count);
    CHECK(regions_valid(&p), "[0x%x, 0x%x): a region the MPU cannot take", start, end);
    CHECK(p.count <= max, "[0x%x, 0x%x): %u regions", start, end, p.count);
    uint32_t lo = start > 8192 ? start - 8192 : 0, hi = end + 8192;
    int wrong = 0;
    for (uint32_t a = lo; a < hi; a += 32)
        if (opens(&p, a, MPU_ATTR_RAM) != (a >= start && a < got))
            wrong++;
    CHECK(!wrong, "[0x%x, 0x%x): %d granules open that should be closed or the other way", start,
          end, wrong);
}

int main(void)
{
    /* RAM blocks as the layout makes them: every app break a process can have */
    uint32_t sizes[] = {7168, 10240, 65536 + 3072, 300 * 1024};
    for (unsigned s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        uint32_t block = cm_pow2_at_least(sizes[s]);
        uint32_t start = 0x20000000u + 3 * block;
        for (uint32_t end = start + 1024; end <= start + sizes[s]; end += 1024)
            check_cover(start, end, CM_LAYOUT_MPU_REGIONS - 1, 1);
    }
    /* arbitrary 32-byte aligned ranges, few regions: never more than asked */
    srand(1);
    for (int i = 0; i < 3000; i++) {
        uint32_t start = 0x20000000u + (uint32_t)(rand() % 65536) * 32;
        uint32_t end = start + (uint32_t)(rand() % 8192) * 32;
        check_cover(start, end, 1 + (uint32_t)(rand() % 8), 0);
    }
    /* greedy reach: [0, 7 KiB) is one 8 KiB region with its last subregion off */
    struct mpu_plan p = {0};
    CHECK(mpu_plan_cover(&p, 8, 0x20000000u, 0x20001C00u, MPU_ATTR_RAM) == 0x20001C00u &&
              p.count == 1 && p.r[0].size_log2 == 13 && p.r[0].srd == 0x80,
          "7 KiB: %u regions", p.count);
    CHECK(mpu_region_rasr(&p.r[0]) == (MPU_ATTR_RAM | 0x80u << 8 | 12u << 1 | 1u), "RASR 0x%x",
          mpu_region_rasr(&p.r[0]));
    CHECK(mpu_region_rbar(&p.r[0], 3) == (0x20000000u | 0x10u | 3u), "RBAR");
    /* a power-of-two TBF at a multiple of its size: one region */
    p.count = 0;
    CHECK(mpu_plan_process(&p, 8, 0x42000u, 0x44000u, 0x20000000u, 0x20000400u, NULL) && p.count == 2,
          "process plan: %u regions", p.count);

    /* layout: the emulator's block sizes, aligned for the MPU */
    struct cm_layout l = {0x20000000u, 0x20400000u, 8};
    uint32_t at, size;
    CHECK(!cm_layout_ram(&l, 4304, 0xFFFFFFFFu, &at, &size) && at == 0x20000000u && size == 7168,
          "first block 0x%x %u", at, size);
    CHECK(!cm_layout_ram(&l, 4304, 0xFFFFFFFFu, &at, &size) && at == 0x20002000u, "second 0x%x", at);
    CHECK(!cm_layout_ram(&l, 9000, 0xFFFFFFFFu, &at, &size) && at == 0x20004000u && size == 11264,
          "third 0x%x %u", at, size);
    CHECK(cm_layout_ram(&l, 8u << 20, 0xFFFFFFFFu, &at, &size) != NULL, "8 MiB refused");
    CHECK(cm_layout_mpu_check(&l, 0x40000u, 8192, 0x20000000u, 7168) == NULL, "hello fits");
    struct cm_layout one = {0x20000000u, 0x20400000u, 1};
    CHECK(cm_layout_mpu_check(&one, 0x40000u, 8192, 0x20000000u, 7168) != NULL, "1 region: refused");
    CHECK(cm_layout_flash_align(8192) == 8192 && cm_layout_flash_align(100) == 32, "flash align");

    printf("mpu_plan: %u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}
