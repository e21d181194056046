/* App placement on the emulated board (see app_placement.h). */
#include "app_placement.h"

#include <stdbool.h>
#include <stdio.h>

static uint64_t page_up(uint64_t v) { return (v + PLACEMENT_PAGE - 1) & ~(uint64_t)(PLACEMENT_PAGE - 1); }

static bool has_fixed(const struct tbf_header *t, uint32_t addr)
{
    return t->has_fixed_addresses && addr != TBF_FIXED_NONE;
}

static int check_flash(const struct board_memory *m, const struct tbf_header *t,
                       uint32_t flash_offset, uint32_t flash_start, char *why, size_t n)
{
    uint64_t flash_end = (uint64_t)m->flash_base + m->flash_size;
    if ((uint64_t)flash_offset + t->total_size > m->flash_size) {
        snprintf(why, n, "total_size %u at flash offset 0x%x runs past the board's flash (%u bytes)",
                 t->total_size, flash_offset, m->flash_size);
        return -1;
    }
    if (!has_fixed(t, t->fixed_flash))
        return 0;
    if (t->fixed_flash < m->flash_base || t->fixed_flash >= flash_end) {
        snprintf(why, n, "FixedAddresses fixed_flash 0x%08x lies outside the board's flash "
                         "0x%08x-0x%08llx", t->fixed_flash, m->flash_base,
                 (unsigned long long)(flash_end - 1));
        return -1;
    }
    uint64_t binary = (uint64_t)flash_start + t->header_size + t->protected_trailer_size;
    if (binary != t->fixed_flash) {
        snprintf(why, n, "FixedAddresses fixed_flash 0x%08x: linked for that flash address but "
                         "placed at 0x%08llx (use a PIC build or place it there)",
                 t->fixed_flash, (unsigned long long)binary);
        return -1;
    }
    return 0;
}

/* The block size: process-ram, or minimum_ram_size plus the grant reserve in whole pages. */
static int ram_wanted(const struct board_memory *m, const struct tbf_header *t, uint64_t *want,
                      char *why, size_t n)
{
    if (m->process_ram) {
        *want = m->process_ram;
        if (t->minimum_ram_size > m->process_ram) {
            snprintf(why, n, "minimum_ram_size %u is larger than the board's process-ram %u",
                     t->minimum_ram_size, m->process_ram);
            return -1;
        }
    } else {
        *want = page_up((uint64_t)t->minimum_ram_size + m->grant_reserve);
    }
    if (*want > m->ram_size) {
        snprintf(why, n, "minimum_ram_size %u needs a %llu-byte RAM block (grant-reserve %u "
                         "included), more than the board's RAM (%u bytes)",
                 t->minimum_ram_size, (unsigned long long)*want, m->grant_reserve, m->ram_size);
        return -1;
    }
    return 0;
}

static int fixed_ram_start(const struct board_memory *m, const struct tbf_header *t,
                           uint64_t want, uint64_t *at, char *why, size_t n)
{
    uint64_t ram_end = (uint64_t)m->ram_base + m->ram_size;
    uint32_t fixed = t->fixed_ram;
    if (fixed < m->ram_base || fixed >= ram_end) {
        snprintf(why, n, "FixedAddresses fixed_ram 0x%08x lies outside the board's RAM "
                         "0x%08x-0x%08llx", fixed, m->ram_base, (unsigned long long)(ram_end - 1));
        return -1;
    }
    if (fixed & (PLACEMENT_PAGE - 1)) {
        snprintf(why, n, "FixedAddresses fixed_ram 0x%08x is not 1 KiB aligned", fixed);
        return -1;
    }
    if (fixed < *at) {
        snprintf(why, n, "FixedAddresses fixed_ram 0x%08x is taken: the board's RAM is in use "
                         "up to 0x%08llx", fixed, (unsigned long long)*at);
        return -1;
    }
    if (want > ram_end - fixed) {
        snprintf(why, n, "FixedAddresses fixed_ram 0x%08x: a %llu-byte block there runs past "
                         "the end of the board's RAM 0x%08llx", fixed, (unsigned long long)want,
                 (unsigned long long)(ram_end - 1));
        return -1;
    }
    *at = fixed;
    return 0;
}

int app_place(struct board_memory *m, const struct tbf_header *t, uint32_t flash_offset,
              struct app_place *out, char *why, size_t n)
{
    uint32_t flash_start = m->flash_base + flash_offset;
    uint64_t want, at = (uint64_t)m->ram_base + m->ram_used;
    if (check_flash(m, t, flash_offset, flash_start, why, n) || ram_wanted(m, t, &want, why, n))
        return -1;
    if (has_fixed(t, t->fixed_ram)) {
        if (fixed_ram_start(m, t, want, &at, why, n))
            return -1;
    } else if (want > m->ram_size - m->ram_used) {
        snprintf(why, n, "minimum_ram_size %u needs a %llu-byte RAM block, the board has %u "
                         "bytes of RAM left",
                 t->minimum_ram_size, (unsigned long long)want, m->ram_size - m->ram_used);
        return -1;
    }
    out->flash_start = flash_start;
    out->ram_start = (uint32_t)at;
    out->ram_size = (uint32_t)want;
    m->ram_used = (uint32_t)(at + want - m->ram_base);
    return 0;
}
