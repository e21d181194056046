/* Grants: per-process kernel memory for each driver, carved from the top of the process's
 * RAM block downwards. The app can never reach it: the app break stays a whole MPU granule
 * below the lowest grant. */
#include "tock/kstring.h"

#include "kernel_internal.h"

static uint32_t slot_count(const struct driver *d)
{
    return (uint32_t)d->allow_ro_count + d->allow_rw_count + d->allow_ur_count;
}

/* Bytes before the capsule data: the upcall and allow slots, padded to 8. */
static uint32_t slots_bytes(const struct driver *d)
{
    uint32_t size = d->upcall_count * (uint32_t)sizeof(struct upcall_slot) +
                    slot_count(d) * (uint32_t)sizeof(struct allow_slot);
    return process_align_up(size, 8);
}

static uint32_t grant_bytes(const struct driver *d)
{
    return slots_bytes(d) + process_align_up(d->grant_size, 8);
}

/* The view of the record at offset `at` of p's RAM, laid out as struct grant says. */
static void grant_layout(struct process *p, const struct driver *d, uint32_t at, struct grant *g)
{
    uint8_t *mem = p->ram + at;
    g->driver = d;
    g->address = p->ram_start + at;
    g->upcalls = (struct upcall_slot *)(void *)mem;
    g->allow_ro = (struct allow_slot *)(void *)(g->upcalls + d->upcall_count);
    g->allow_rw = g->allow_ro + d->allow_ro_count;
    g->allow_ur = g->allow_rw + d->allow_rw_count;
    g->data = mem + slots_bytes(d);
}

bool grant_view(struct kernel *k, struct process *p, uint32_t driver_index, struct grant *out)
{
    if (driver_index >= k->driver_count || p->grant_at[driver_index] == GRANT_NONE)
        return false;
    grant_layout(p, k->drivers[driver_index], p->grant_at[driver_index], out);
    return true;
}

void grant_forget_all(struct process *p)
{
    for (uint32_t i = 0; i < KERNEL_MAX_DRIVERS; i++)
        p->grant_at[i] = GRANT_NONE;
}

bool grant_create(struct kernel *k, struct process *p, uint32_t driver_index, struct grant *out)
{
    if (grant_view(k, p, driver_index, out))
        return true;
    if (driver_index >= k->driver_count)
        return false;
    const struct driver *d = k->drivers[driver_index];
    uint32_t size = grant_bytes(d);
    uint32_t floor = process_align_up(p->app_break, k->grant_granule);
    if (p->kernel_break - p->ram_start < size || p->kernel_break - size < floor)
        return false;
    p->kernel_break -= size;
    /* The backend takes the new grant pages away from the app first: nothing is written
     * there while the app could still reach them. */
    k->cpu->memory_changed(k->cpu_ctx, p);
    uint32_t at = p->kernel_break - p->ram_start;
    memset(p->ram + at, 0, size);
    p->grant_at[driver_index] = at;
    grant_layout(p, d, at, out);
    return true;
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
    struct grant g;
    return grant_create(k, p, i, &g) ? g.data : NULL;
}

void *grant_peek(struct kernel *k, struct process *p, const struct driver *d)
{
    uint32_t i;
    if (!driver_index_of(k, d, &i))
        return NULL;
    struct grant g;
    return grant_view(k, p, i, &g) ? g.data : NULL;
}

/* A copy of the slot: its values are checked before use, and read once. */
static bool allow_slot_of(struct kernel *k, struct process *p, const struct driver *d,
                          uint32_t kind, uint32_t num, struct allow_slot *out)
{
    uint32_t i;
    struct grant g;
    if (!process_is_alive(p) || !driver_index_of(k, d, &i) || !grant_view(k, p, i, &g))
        return false;
    if (kind == SYSCALL_ALLOW_RO && num < d->allow_ro_count)
        *out = g.allow_ro[num];
    else if (kind == SYSCALL_ALLOW_RW && num < d->allow_rw_count)
        *out = g.allow_rw[num];
    else if (kind == SYSCALL_ALLOW_USERSPACE_READABLE && num < d->allow_ur_count)
        *out = g.allow_ur[num];
    else
        return false;
    return true;
}

const uint8_t *allowed_ro(struct kernel *k, struct process *p, const struct driver *d,
                          uint32_t num, uint32_t *len_out)
{
    struct allow_slot s;
    bool has = allow_slot_of(k, p, d, SYSCALL_ALLOW_RO, num, &s) && s.len;
    const uint8_t *ptr = has ? process_readable_ptr(p, s.addr, s.len) : NULL;
    *len_out = ptr ? s.len : 0;
    return ptr;
}

uint8_t *allowed_rw(struct kernel *k, struct process *p, const struct driver *d, uint32_t num,
                    uint32_t *len_out)
{
    struct allow_slot s;
    bool has = allow_slot_of(k, p, d, SYSCALL_ALLOW_RW, num, &s) && s.len;
    uint8_t *ptr = has ? process_ram_ptr(p, s.addr, s.len) : NULL;
    *len_out = ptr ? s.len : 0;
    return ptr;
}

/* The highest end of any writable buffer p has allowed: brk may not go below it. */
uint32_t grant_allow_high_water(struct kernel *k, struct process *p)
{
    uint32_t high = p->ram_start;
    for (uint32_t i = 0; i < k->driver_count; i++) {
        struct grant g;
        if (!grant_view(k, p, i, &g))
            continue;
        const struct driver *d = g.driver;
        for (uint32_t n = 0; n < d->allow_rw_count; n++)
            if (g.allow_rw[n].len && g.allow_rw[n].addr + g.allow_rw[n].len > high)
                high = g.allow_rw[n].addr + g.allow_rw[n].len;
        for (uint32_t n = 0; n < d->allow_ur_count; n++)
            if (g.allow_ur[n].len && g.allow_ur[n].addr + g.allow_ur[n].len > high)
                high = g.allow_ur[n].addr + g.allow_ur[n].len;
        for (uint32_t n = 0; n < d->allow_ro_count; n++) {
            const struct allow_slot *s = &g.allow_ro[n];
            bool in_ram = s->addr >= p->ram_start && s->addr < p->ram_start + p->ram_size;
            if (s->len && in_ram && s->addr + s->len > high)
                high = s->addr + s->len;
        }
    }
    return high;
}
