/* Helpers shared by the relay capsules: see relay_common.h. */
#include "relay_common.h"

void *relay_find(struct kernel *k, const struct driver *d, uint64_t id, struct process **p_out)
{
    *p_out = ipc_process_of(k, id);
    return *p_out ? grant_peek(k, *p_out, d) : NULL;
}

void *relay_slot(struct kernel *k, const struct driver *d, uint32_t i, struct process **p_out)
{
    *p_out = NULL;
    if (i >= k->process_count || !process_is_alive(&k->procs[i]))
        return NULL;
    *p_out = &k->procs[i];
    return grant_peek(k, &k->procs[i], d);
}

void relay_trace_hop(struct kernel *k, struct process *from, uint64_t to)
{
    struct process *peer = ipc_process_of(k, to);
    kprintf(k, "[ipc] %s(%u) -> ", from->name, (unsigned)from->id);
    if (peer)
        kprintf(k, "%s(%u): ", peer->name, (unsigned)peer->id);
    else
        kprintf(k, "0x%llx: ", (unsigned long long)to);
}

uint16_t relay_get16(const uint8_t *b)
{
    return (uint16_t)(b[0] | b[1] << 8);
}

uint32_t relay_get32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

uint64_t relay_get64(const uint8_t *b)
{
    return (uint64_t)relay_get32(b) | (uint64_t)relay_get32(b + 4) << 32;
}

void relay_put16(uint8_t *b, uint16_t v)
{
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
}

void relay_put32(uint8_t *b, uint32_t v)
{
    relay_put16(b, (uint16_t)v);
    relay_put16(b + 2, (uint16_t)(v >> 16));
}

void relay_put64(uint8_t *b, uint64_t v)
{
    relay_put32(b, (uint32_t)v);
    relay_put32(b + 4, (uint32_t)(v >> 32));
}

bool relay_list_has(const uint8_t *list, uint32_t len, uint64_t id)
{
    for (uint32_t at = 0; list && len - at >= 8; at += 8)
        if (relay_get64(list + at) == id)
            return true;
    return false;
}
