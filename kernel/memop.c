/* Memop (system call class 5): the process's break and facts about its memory. */
#include "kernel_internal.h"

enum {
    MEMOP_BRK = 0, MEMOP_SBRK = 1, MEMOP_RAM_START = 2, MEMOP_RAM_END = 3,
    MEMOP_FLASH_START = 4, MEMOP_FLASH_END = 5, MEMOP_GRANT_START = 6,
    MEMOP_WRITEABLE_REGION_COUNT = 7, MEMOP_WRITEABLE_REGION_START = 8,
    MEMOP_WRITEABLE_REGION_END = 9, MEMOP_DEBUG_STACK_START = 10, MEMOP_DEBUG_HEAP_START = 11,
};

/* Move the app break; it may neither cut an allowed buffer nor reach the grants. */
static uint32_t set_break(struct kernel *k, struct process *p, uint32_t new_break)
{
    if (new_break < grant_allow_high_water(k, p))
        return TOCK_NOMEM;
    if (new_break > p->kernel_break ||
        process_align_up(new_break, k->grant_granule) > p->kernel_break)
        return TOCK_NOMEM;
    p->app_break = new_break;
    k->cpu->memory_changed(k->cpu_ctx, p);
    return TOCK_OK;
}

struct syscall_return memop_dispatch(struct kernel *k, struct process *p, uint32_t op, uint32_t arg)
{
    const struct tbf_header *t = &p->tbf;
    switch (op) {
    case MEMOP_BRK: {
        uint32_t err = set_break(k, p, arg);
        return err ? sr_failure(err) : sr_success();
    }
    case MEMOP_SBRK: {
        uint32_t old = p->app_break;
        int32_t incr = (int32_t)arg;
        int64_t target = (int64_t)old + incr;
        if (target < 0 || target > 0xFFFFFFFFll)
            return sr_failure(TOCK_NOMEM);
        uint32_t err = set_break(k, p, (uint32_t)target);
        return err ? sr_failure(err) : sr_success_u32(old);
    }
    case MEMOP_RAM_START: return sr_success_u32(p->ram_start);
    case MEMOP_RAM_END: return sr_success_u32(p->ram_start + p->ram_size);
    case MEMOP_FLASH_START: return sr_success_u32(p->flash_start);
    case MEMOP_FLASH_END: return sr_success_u32(p->flash_start + p->flash_size);
    case MEMOP_GRANT_START: return sr_success_u32(p->kernel_break);
    case MEMOP_WRITEABLE_REGION_COUNT: return sr_success_u32(t->writeable_region_count);
    case MEMOP_WRITEABLE_REGION_START:
    case MEMOP_WRITEABLE_REGION_END: {
        if (arg >= t->writeable_region_count || t->writeable_regions[arg].size == 0)
            return sr_failure(TOCK_FAIL);
        /* the TBF gives the offset from the start of the TBF object (elf2tab, Tock) */
        uint32_t start = p->flash_start + t->writeable_regions[arg].offset;
        return sr_success_u32(op == MEMOP_WRITEABLE_REGION_START
                                  ? start
                                  : start + t->writeable_regions[arg].size);
    }
    case MEMOP_DEBUG_STACK_START:
        p->debug_stack_start = arg;
        return sr_success();
    case MEMOP_DEBUG_HEAP_START:
        p->debug_heap_start = arg;
        return sr_success();
    default:
        return sr_failure(TOCK_NOSUPPORT);
    }
}
