/* Finding the instruction behind a data access: run the block's instructions one at a time
 * from the registers Unicorn left, and keep the first that makes the access. */
#include "precise_pc.h"

#include <stdlib.h>
#include <string.h>

#define MAX_TRIES 512   /* instructions in one translation block, at most */

struct attempt {
    const struct pc_probe *want;
    uint32_t started;   /* instructions begun in this try */
    bool hit;
};

static bool overlaps(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
    return a < b + blen && b < a + alen;
}

static void note_access(struct attempt *t, uc_engine *uc, uint64_t addr, int size, bool write)
{
    const struct pc_probe *w = t->want;
    if ((write ? w->write : w->read) && overlaps((uint32_t)addr, (uint32_t)size, w->addr, w->size)) {
        t->hit = true;
        uc_emu_stop(uc);
    }
}

/* Stops before the second instruction, so each try runs exactly one. */
static void on_code(uc_engine *uc, uint64_t address, uint32_t size, void *user)
{
    struct attempt *t = user;
    if (++t->started > 1)
        uc_emu_stop(uc);
    (void)address;
    (void)size;
}

static void on_access(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                      void *user)
{
    note_access(user, uc, addr, size, type == UC_MEM_WRITE);
    (void)value;
}

static bool on_invalid(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                       void *user)
{
    bool write = type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT;
    bool read = type == UC_MEM_READ_UNMAPPED || type == UC_MEM_READ_PROT;
    if (read || write)
        note_access(user, uc, addr, size, write);
    (void)value;
    return false;
}

static bool code_halfword(const struct pc_probe *w, uint32_t pc, uint16_t *out)
{
    if (pc < w->code_base || pc - w->code_base + 2 > w->code_len)
        return false;
    const uint8_t *b = w->code + (pc - w->code_base);
    *out = (uint16_t)(b[0] | b[1] << 8);
    return true;
}

/* Thumb-2: a first halfword 0b11101..., 0b11110... or 0b11111... starts a 32-bit instruction. */
static uint32_t insn_length(uint16_t first)
{
    return (first >> 11) >= 0x1d ? 4 : 2;
}

/* svc and bkpt enter the kernel or the debugger: never run them again. */
static bool traps(uint16_t first)
{
    return (first & 0xff00) == 0xdf00 || (first & 0xff00) == 0xbe00;
}

/* Drop the translations of the code a probe may run (at most MAX_TRIES instructions of 4
 * bytes from the block start), so it is translated again with, or without, the probe's
 * hooks. Only that range: a whole-cache flush makes Unicorn touch all of its 1 GiB
 * translation buffer, which then stays resident. */
static void drop_translations(uc_engine *uc, const struct pc_probe *w)
{
    uint64_t end = (uint64_t)w->block_start + MAX_TRIES * 4u;
    uint64_t code_end = (uint64_t)w->code_base + w->code_len;
    uc_ctl_remove_cache(uc, w->block_start, end < code_end ? end : code_end);
}

static bool add_hooks(uc_engine *uc, uc_hook h[3], struct attempt *t)
{
    if (uc_hook_add(uc, &h[0], UC_HOOK_CODE, (void *)on_code, t, 1, 0))
        return false;
    if (uc_hook_add(uc, &h[1], UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, (void *)on_access, t, 1, 0)) {
        uc_hook_del(uc, h[0]);
        return false;
    }
    if (uc_hook_add(uc, &h[2], UC_HOOK_MEM_READ_INVALID | UC_HOOK_MEM_WRITE_INVALID,
                    (void *)on_invalid, t, 1, 0)) {
        uc_hook_del(uc, h[0]);
        uc_hook_del(uc, h[1]);
        return false;
    }
    /* Code translated before the hooks existed would run without them. */
    drop_translations(uc, t->want);
    return true;
}

static void remove_hooks(uc_engine *uc, uc_hook h[3], const struct pc_probe *w)
{
    for (int i = 0; i < 3; i++)
        uc_hook_del(uc, h[i]);
    drop_translations(uc, w);   /* drop the per-instruction instrumentation */
}

/* Run the instruction at pc alone from the saved state; true if it makes the access. */
static bool try_one(uc_engine *uc, uc_context *saved, uint8_t *ram_copy,
                    const struct pc_probe *w, struct attempt *t, uint32_t pc)
{
    uc_context_restore(uc, saved);
    t->started = 0;
    t->hit = false;
    uc_emu_start(uc, pc | 1u, 0xFFFFFFFFu, 0, 0);   /* a fault here is expected */
    memcpy(w->ram, ram_copy, w->ram_size);
    return t->hit;
}

bool precise_pc_find(uc_engine *uc, const struct pc_probe *w, uint32_t *pc_out)
{
    uc_context *saved = NULL;
    if (uc_context_alloc(uc, &saved) || uc_context_save(uc, saved)) {
        if (saved)
            uc_context_free(saved);
        return false;
    }
    uint8_t *ram_copy = malloc(w->ram_size ? w->ram_size : 1);
    struct attempt t = {.want = w};
    uc_hook hooks[3];
    bool found = false;
    if (ram_copy && add_hooks(uc, hooks, &t)) {
        memcpy(ram_copy, w->ram, w->ram_size);
        uint32_t pc = w->block_start;
        uint16_t first;
        for (int i = 0; i < MAX_TRIES && code_halfword(w, pc, &first); i++) {
            if (!traps(first) && try_one(uc, saved, ram_copy, w, &t, pc)) {
                *pc_out = pc;
                found = true;
                break;
            }
            pc += insn_length(first);
        }
        uc_context_restore(uc, saved);
        remove_hooks(uc, hooks, w);
    }
    free(ram_copy);
    uc_context_free(saved);
    return found;
}
