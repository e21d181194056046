/* Grants: per-process kernel memory for each driver, carved from the top of the process's
 * RAM block downwards. The app can never reach it: the app break stays a whole MPU granule
 * below the lowest grant. */
#include "tock/kstring.h"

#include "kernel_internal.h"

struct grant *grant_lookup(struct kernel *k, struct process *p, uint32_t driver_index)
{
    (void)k;
    return driver_index < KERNEL_MAX_DRIVERS ? p->grants[driver_index] : NULL;
}

static uint32_t grant_bytes(const struct driver *d)
{
    uint32_t slots = (uint32_t)d->allow_ro_count + d->allow_rw_count + d->allow_ur_count;
    uint32_t size = (uint32_t)sizeof(struct grant) + d->upcall_count * (uint32_t)sizeof(struct upcall_slot) +
                    slots * (uint32_t)sizeof(struct allow_slot) + d->grant_size;
    return process_align_up(size, 8);
}

struct grant *grant_create(struct kernel *k, struct process *p, uint32_t driver_index)
{
    struct grant *g = grant_lookup(k, p, driver_index);
    if (g)
        return g;
    const struct driver *d = k->drivers[driver_index];
    uint32_t size = grant_bytes(d);
    uint32_t floor = process_align_up(p->app_break, k->grant_granule);
    if (p->kernel_break - p->ram_start < size || p->kernel_break - size < floor)
        return NULL;
    p->kernel_break -= size;
    uint8_t *mem = p->ram + (p->kernel_break - p->ram_start);
    memset(mem, 0, size);

    g = (struct grant *)(void *)mem;
    uint8_t *cursor = mem + sizeof *g;
    g->driver = d;
    g->upcalls = (struct upcall_slot *)(void *)cursor;
    cursor += d->upcall_count * sizeof(struct upcall_slot);
    g->allow_ro = (struct allow_slot *)(void *)cursor;
    cursor += d->allow_ro_count * sizeof(struct allow_slot);
    g->allow_rw = (struct allow_slot *)(void *)cursor;
    cursor += d->allow_rw_count * sizeof(struct allow_slot);
    g->allow_ur = (struct allow_slot *)(void *)cursor;
    cursor += d->allow_ur_count * sizeof(struct allow_slot);
    g->data = cursor;
    p->grants[driver_index] = g;
    k->cpu->memory_changed(k->cpu_ctx, p);
    return g;
}

static bool driver_index_of(struct kernel *k, const struct driver *d, uint32_t *index)
{
    return kernel_find_driver(k, d->num, index) == d;
}

void *grant_enter(struct kernel *k, struct process *p, const struct driver *d)
{
    uint32_t i;
    if (!process_is_alive(p) || !driver_index_of(k, d, &i))
        return NULL;
    struct grant *g = grant_create(k, p, i);
    return g ? g->data : NULL;
}

void *grant_peek(struct kernel *k, struct process *p, const struct driver *d)
{
    uint32_t i;
    if (!driver_index_of(k, d, &i))
        return NULL;
    struct grant *g = grant_lookup(k, p, i);
    return g ? g->data : NULL;
}

static const struct allow_slot *allow_slot_of(struct kernel *k, struct process *p,
                                              const struct driver *d, uint32_t kind, uint32_t num)
{
    uint32_t i;
    if (!process_is_alive(p) || !driver_index_of(k, d, &i))
        return NULL;
    struct grant *g = grant_lookup(k, p, i);
    if (!g)
        return NULL;
    if (kind == SYSCALL_ALLOW_RO)
        return num < d->allow_ro_count ? &g->allow_ro[num] : NULL;
    if (kind == SYSCALL_ALLOW_RW)
        return num < d->allow_rw_count ? &g->allow_rw[num] : NULL;
    return num < d->allow_ur_count ? &g->allow_ur[num] : NULL;
}

const uint8_t *allowed_ro(struct kernel *k, struct process *p, const struct driver *d,
                          uint32_t num, uint32_t *len_out)
{
    const struct allow_slot *s = allow_slot_of(k, p, d, SYSCALL_ALLOW_RO, num);
    const uint8_t *ptr = s && s->len ? process_readable_ptr(p, s->addr, s->len) : NULL;
    *len_out = ptr ? s->len : 0;
    return ptr;
}

uint8_t *allowed_rw(struct kernel *k, struct process *p, const struct driver *d, uint32_t num,
                    uint32_t *len_out)
{
    const struct allow_slot *s = allow_slot_of(k, p, d, SYSCALL_ALLOW_RW, num);
    uint8_t *ptr = s && s->len ? process_ram_ptr(p, s->addr, s->len) : NULL;
    *len_out = ptr ? s->len : 0;
    return ptr;
}

/* The highest end of any writable buffer p has allowed: brk may not go below it. */
uint32_t grant_allow_high_water(struct kernel *k, struct process *p)
{
    uint32_t high = p->ram_start;
    for (uint32_t i = 0; i < k->driver_count; i++) {
        const struct grant *g = p->grants[i];
        if (!g)
            continue;
        const struct driver *d = g->driver;
        for (uint32_t n = 0; n < d->allow_rw_count; n++)
            if (g->allow_rw[n].len && g->allow_rw[n].addr + g->allow_rw[n].len > high)
                high = g->allow_rw[n].addr + g->allow_rw[n].len;
        for (uint32_t n = 0; n < d->allow_ur_count; n++)
            if (g->allow_ur[n].len && g->allow_ur[n].addr + g->allow_ur[n].len > high)
                high = g->allow_ur[n].addr + g->allow_ur[n].len;
        for (uint32_t n = 0; n < d->allow_ro_count; n++) {
            const struct allow_slot *s = &g->allow_ro[n];
            bool in_ram = s->addr >= p->ram_start && s->addr < p->ram_start + p->ram_size;
            if (s->len && in_ram && s->addr + s->len > high)
                high = s->addr + s->len;
        }
    }
    return high;
}
