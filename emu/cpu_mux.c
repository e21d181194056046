/* The backend multiplexer: see cpu_mux.h. A process is native when the native backend
 * created it (natives_owns); every other process belongs to the engine, as before. */
#define _GNU_SOURCE
#include "cpu_mux.h"
#include "native_elf.h"

#include <stdlib.h>
#include <string.h>

#define NATIVE_PREFIX "native:"

static bool is_native(const struct cpu_mux *m, const struct process *p)
{
    return natives_owns(m->natives, p);
}

static int mux_create(void *ctx, struct process *p)
{
    struct cpu_mux *m = ctx;
    return is_native(m, p) ? native_cpu_ops.create(m->natives, p)
                           : engine_cpu_ops.create(m->engines, p);
}

static void mux_destroy(void *ctx, struct process *p)
{
    struct cpu_mux *m = ctx;
    if (is_native(m, p))
        native_cpu_ops.destroy(m->natives, p);
    else
        engine_cpu_ops.destroy(m->engines, p);
}

static enum cpu_stop mux_run(void *ctx, struct process *p)
{
    struct cpu_mux *m = ctx;
    return is_native(m, p) ? native_cpu_ops.run(m->natives, p) : engine_cpu_ops.run(m->engines, p);
}

static void mux_get_regs(void *ctx, struct process *p, struct cpu_regs *out)
{
    struct cpu_mux *m = ctx;
    if (is_native(m, p))
        native_cpu_ops.get_regs(m->natives, p, out);
    else
        engine_cpu_ops.get_regs(m->engines, p, out);
}

static void mux_set_regs(void *ctx, struct process *p, const struct cpu_regs *in, uint32_t mask)
{
    struct cpu_mux *m = ctx;
    if (is_native(m, p))
        native_cpu_ops.set_regs(m->natives, p, in, mask);
    else
        engine_cpu_ops.set_regs(m->engines, p, in, mask);
}

static void mux_memory_changed(void *ctx, struct process *p)
{
    struct cpu_mux *m = ctx;
    if (is_native(m, p))
        native_cpu_ops.memory_changed(m->natives, p);
    else
        engine_cpu_ops.memory_changed(m->engines, p);
}

/* Legacy IPC sharing: an emulated process can be given pages of any process's RAM (a
 * native app's RAM block is mapped in tockemu too); a native one cannot take pages of
 * others. The engine's clean-up pass only touches engine processes (p->cpu set). */
static int mux_share_memory(void *ctx, struct process *owner, uint32_t addr, uint32_t len,
                            struct process *with)
{
    struct cpu_mux *m = ctx;
    if (with && is_native(m, with))
        return native_cpu_ops.share_memory(m->natives, owner, addr, len, with);
    return engine_cpu_ops.share_memory(m->engines, owner, addr, len, with);
}

const struct cpu_ops cpu_mux_ops = {
    .create = mux_create,
    .destroy = mux_destroy,
    .run = mux_run,
    .get_regs = mux_get_regs,
    .set_regs = mux_set_regs,
    .memory_changed = mux_memory_changed,
    .share_memory = mux_share_memory,
};

struct cpu_mux *cpu_mux_create(struct kernel *k, struct engines *e)
{
    struct cpu_mux *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->engines = e;
    m->natives = natives_create(k, e);
    if (!m->natives) {
        free(m);
        return NULL;
    }
    return m;
}

void cpu_mux_destroy(struct cpu_mux *m)
{
    if (!m)
        return;
    natives_destroy(m->natives);
    free(m);
}

struct cpu_mux *cpu_mux_of(struct kernel *k)
{
    return k->cpu == &cpu_mux_ops ? k->cpu_ctx : NULL;
}

const char *cpu_mux_native_path(const char *arg)
{
    if (strncmp(arg, NATIVE_PREFIX, strlen(NATIVE_PREFIX)) == 0)
        return arg + strlen(NATIVE_PREFIX);
    return native_elf_is_host_app(arg) ? arg : NULL;
}

int cpu_mux_add_native(struct cpu_mux *m, const char *path, char *err, size_t errlen)
{
    return natives_add(m->natives, path, err, errlen);
}

uint32_t cpu_mux_native_count(const struct cpu_mux *m)
{
    return m ? natives_count(m->natives) : 0;
}

struct process *cpu_mux_load_native(struct cpu_mux *m, uint32_t i, const struct board_config *cfg)
{
    struct native_ram_rules rules = {
        .board_ram_base = cfg->ram_base, .board_ram_size = cfg->ram_size,
        .process_ram = cfg->process_ram, .grant_reserve = cfg->grant_reserve,
    };
    return natives_load(m->natives, i, &rules);
}
