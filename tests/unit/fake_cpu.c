/* The unit-test CPU backend: registers in an array, memory in host buffers. */
#include "fake_cpu.h"

#include <stdio.h>
#include <string.h>

static struct fake_board *board_of(void *ctx) { return ctx; }

static int fake_create(void *ctx, struct process *p) { (void)ctx; (void)p; return 0; }
static void fake_destroy(void *ctx, struct process *p) { (void)ctx; (void)p; }
static void fake_memory_changed(void *ctx, struct process *p)
{
    struct fake_board *b = board_of(ctx);
    if (b->on_memory_changed)
        b->on_memory_changed(b, p);
}

static enum cpu_stop fake_run(void *ctx, struct process *p)
{
    struct fake_board *b = board_of(ctx);
    b->runs[p->index]++;
    if (b->on_run)
        return b->on_run(b, p);
    bool keep = true;
    fake_syscall(b, p, SYSCALL_YIELD, YIELD_WAIT, 0, 0, 0, &keep);
    return CPU_STOP_SWITCH;
}

static void fake_get_regs(void *ctx, struct process *p, struct cpu_regs *out)
{
    *out = board_of(ctx)->regs[p->index];
}

static void fake_set_regs(void *ctx, struct process *p, const struct cpu_regs *in, uint32_t mask)
{
    struct cpu_regs *r = &board_of(ctx)->regs[p->index];
    for (int i = 0; i < REG_COUNT; i++)
        if (mask & REG_BIT(i))
            r->r[i] = in->r[i];
}

static const struct cpu_ops fake_ops = {
    .create = fake_create,
    .destroy = fake_destroy,
    .run = fake_run,
    .get_regs = fake_get_regs,
    .set_regs = fake_set_regs,
    .memory_changed = fake_memory_changed,
};

static void fake_log(void *ctx, const char *text, size_t len)
{
    struct fake_board *b = ctx;
    size_t room = sizeof b->log - 1 - b->log_len;
    if (len > room)
        len = room;
    memcpy(b->log + b->log_len, text, len);
    b->log_len += len;
    b->log[b->log_len] = '\0';
}

void fake_kernel_init(struct fake_board *b)
{
    struct kernel_hooks hooks = {.ctx = b, .log = fake_log};
    kernel_init(&b->k, &fake_ops, b, &hooks);
}

static struct process *load(struct fake_board *b, const struct tbf_header *t, uint32_t app_ram)
{
    uint32_t slot = b->k.process_count;
    const char *why = NULL;
    struct process *p = kernel_load_process(&b->k, t, FAKE_FLASH_BASE + slot * FAKE_FLASH_SIZE,
                                            b->flash[slot], FAKE_RAM_BASE + slot * FAKE_RAM_SIZE,
                                            b->ram[slot], FAKE_RAM_SIZE, &why);
    if (!p) {
        fprintf(stderr, "fake_process: %s\n", why);
        return NULL;
    }
    kernel_start_processes(&b->k);
    if (app_ram) {
        bool keep;
        struct cpu_regs r = fake_syscall(b, p, SYSCALL_MEMOP, 0, p->ram_start + app_ram, 0, 0, &keep);
        if (r.r[0] != RV_SUCCESS)
            fprintf(stderr, "fake_process: brk to %u bytes failed\n", (unsigned)app_ram);
    }
    return p;
}

struct tbf_header fake_header(const char *name, uint32_t version)
{
    struct tbf_header t;
    memset(&t, 0, sizeof t);
    t.version = 2;
    t.header_size = 64;
    t.total_size = FAKE_FLASH_SIZE;
    t.flags = TBF_FLAG_ENABLED;
    t.has_program = true;
    t.minimum_ram_size = 1024;
    t.binary_end_offset = FAKE_FLASH_SIZE;
    t.app_version = version;
    if (name) {
        t.has_package_name = true;
        snprintf(t.package_name, sizeof t.package_name, "%s", name);
        t.package_name_len = (uint32_t)strlen(t.package_name);
    }
    return t;
}

struct process *fake_process(struct fake_board *b, const char *name, uint32_t app_ram)
{
    if (b->k.process_count == KERNEL_MAX_PROCESSES)
        return NULL;
    struct tbf_header t = fake_header(name, 0);
    return load(b, &t, app_ram);
}

uint32_t fake_pending_upcalls(const struct process *p, uint32_t driver, uint32_t subscribe_num)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < p->queue_count; i++) {
        const struct upcall_task *t = &p->queue[(p->queue_head + i) % UPCALL_QUEUE_LEN];
        n += t->driver == driver && t->subscribe == subscribe_num;
    }
    return n;
}

bool fake_take_upcall(struct fake_board *b, struct process *p, uint32_t driver,
                      uint32_t subscribe_num, uint32_t args[3])
{
    bool keep = false;
    struct cpu_regs r = fake_syscall(b, p, SYSCALL_YIELD, YIELD_WAIT_FOR, driver, subscribe_num,
                                     0, &keep);
    for (int i = 0; i < 3; i++)
        args[i] = r.r[i];
    return keep;
}

struct process *fake_process_from_tbf(struct fake_board *b, const uint8_t *tbf, uint32_t len,
                                      uint32_t app_ram)
{
    uint32_t slot = b->k.process_count;
    if (slot == KERNEL_MAX_PROCESSES || len > FAKE_FLASH_SIZE)
        return NULL;
    memcpy(b->flash[slot], tbf, len);
    struct tbf_header t;
    struct tbf_error err;
    if (tbf_parse(b->flash[slot], len, &t, &err) != TBF_OK) {
        fprintf(stderr, "fake_process_from_tbf: %s: %s\n", err.field, err.reason);
        return NULL;
    }
    return load(b, &t, app_ram);
}

struct cpu_regs fake_syscall(struct fake_board *b, struct process *p, uint32_t cls, uint32_t r0,
                             uint32_t r1, uint32_t r2, uint32_t r3, bool *keep_running)
{
    struct cpu_regs *saved = &b->regs[p->index];
    struct cpu_regs regs = *saved;
    regs.r[0] = r0;
    regs.r[1] = r1;
    regs.r[2] = r2;
    regs.r[3] = r3;
    *saved = regs;
    regs.r[REG_PC] += 2;   /* as after an svc */
    saved->r[REG_PC] = regs.r[REG_PC];
    uint32_t mask = 0;
    bool keep = kernel_syscall(&b->k, p, cls, &regs, &mask);
    fake_set_regs(b, p, &regs, mask);
    if (keep_running)
        *keep_running = keep;
    return *saved;
}

uint32_t fake_ram_addr(struct process *p, uint32_t offset) { return p->ram_start + offset; }

uint32_t fake_flash_addr(struct process *p, uint32_t offset)
{
    return p->binary_start + offset;
}

uint8_t *fake_host(struct fake_board *b, struct process *p, uint32_t addr)
{
    if (addr >= p->flash_start && addr < p->flash_start + p->flash_size)
        return b->flash[p->index] + (addr - p->flash_start);
    if (addr >= p->ram_start && addr < p->ram_start + p->ram_size)
        return b->ram[p->index] + (addr - p->ram_start);
    return NULL;
}
