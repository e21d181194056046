/* Memop (class 5) wrappers: break management and memory layout queries. */
#include <tock.h>

returncode_t tock_brk(void *addr) {
    return tock_return_novalue(memop(TOCK_MEMOP_BRK, (uint32_t)addr));
}

void *tock_sbrk(intptr_t increment) {
    uint32_t old;
    if (tock_return_u32(memop(TOCK_MEMOP_SBRK, (uint32_t)increment), &old) != 0) {
        return (void *)-1;
    }
    return (void *)old;
}

static void *query(uint32_t op) {
    uint32_t v;
    return tock_return_u32(memop(op, 0), &v) == 0 ? (void *)v : NULL;
}

void *tock_memory_start(void) { return query(TOCK_MEMOP_MEM_START); }
void *tock_memory_end(void) { return query(TOCK_MEMOP_MEM_END); }
void *tock_flash_start(void) { return query(TOCK_MEMOP_FLASH_START); }
void *tock_flash_end(void) { return query(TOCK_MEMOP_FLASH_END); }
void *tock_grant_start(void) { return query(TOCK_MEMOP_GRANT_START); }

int tock_app_number_writeable_flash_regions(void) {
    uint32_t n;
    return tock_return_u32(memop(TOCK_MEMOP_FLASH_REGIONS, 0), &n) == 0 ? (int)n : 0;
}

static void *region_query(uint32_t op, int region_index) {
    uint32_t v;
    return tock_return_u32(memop(op, (uint32_t)region_index), &v) == 0 ? (void *)v : NULL;
}

void *tock_app_writeable_flash_region_begins_at(int region_index) {
    return region_query(TOCK_MEMOP_FLASH_REGION_START, region_index);
}

void *tock_app_writeable_flash_region_ends_at(int region_index) {
    return region_query(TOCK_MEMOP_FLASH_REGION_END, region_index);
}
