/* The Unicorn CPU backend. Each process gets its own engine whose memory map is exactly
 * the process's flash (read/execute) and RAM (read/write up to the app break): the map is
 * the MPU. System calls are handled inside the interrupt hook without leaving the engine
 * unless the kernel switches away. */
#define _GNU_SOURCE
#include "engine.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unicorn/unicorn.h>

#include "precise_pc.h"

#define PAGE 1024u               /* Unicorn's ARM page: map and protect granule */
#define SVC_INTNO 2
#define BKPT_INTNO 7

enum stop_reason { STOP_NONE, STOP_SWITCH, STOP_PREEMPT, STOP_FAULT, STOP_DEBUG };

struct engine {
    struct engines *owner;
    struct process *p;
    uc_engine *uc;
    uint8_t *flash_copy;          /* the process's own flash, zero-padded to whole pages */
    uint32_t flash_base, flash_len;
    uint32_t rw_end;              /* RAM is read/write below this page boundary */
    uint64_t budget;              /* instructions left in this slice */
    enum stop_reason stop;
    struct { uint32_t addr, size; bool write; } access;   /* the faulting or watched access */
    bool probing;                 /* precise_pc_find() is re-running instructions */
    uint32_t probes;              /* precise-PC probes since the engine opened */
};

/* Unicorn 2.0 keeps every translation in a buffer of up to 1 GiB that it never gives back
 * to the host, and a fault's precise-PC probe translates its code again (about 80 KiB
 * each time). After this many probes the process gets a fresh engine, so a process that
 * keeps faulting and restarting does not grow tockemu. */
#define PROBES_BEFORE_RENEWAL 16u

static uint32_t page_down(uint32_t v) { return v & ~(PAGE - 1); }
static uint32_t page_up(uint32_t v) { return (v + PAGE - 1) & ~(PAGE - 1); }

static const int reg_ids[REG_COUNT] = {
    UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3, UC_ARM_REG_R4,
    UC_ARM_REG_R5, UC_ARM_REG_R6, UC_ARM_REG_R7, UC_ARM_REG_R8, UC_ARM_REG_R9,
    UC_ARM_REG_R10, UC_ARM_REG_R11, UC_ARM_REG_R12, UC_ARM_REG_SP, UC_ARM_REG_LR,
    UC_ARM_REG_PC, UC_ARM_REG_XPSR,
};

/* Read or write the registers selected by mask in one batch call. */
static void regs_transfer(uc_engine *uc, struct cpu_regs *r, uint32_t mask, bool write)
{
    int ids[REG_COUNT];
    void *vals[REG_COUNT];
    int n = 0;
    /* Writing the PC also sets the Thumb state from bit 0: M-profile code is always Thumb. */
    uint32_t thumb_pc = r->r[REG_PC] | 1u;
    for (uint32_t m = mask; m; m &= m - 1) {
        int i = __builtin_ctz(m);
        ids[n] = reg_ids[i];
        vals[n] = write && i == REG_PC ? &thumb_pc : &r->r[i];
        n++;
    }
    if (write)
        uc_reg_write_batch(uc, ids, vals, n);
    else
        uc_reg_read_batch(uc, ids, vals, n);
}

static void engine_stop(struct engine *en, enum stop_reason why)
{
    if (en->stop == STOP_NONE || why == STOP_FAULT)
        en->stop = why;
    uc_emu_stop(en->uc);
}

static void record_fault(struct engine *en, enum fault_kind kind, uint32_t addr, uint32_t pc,
                         const char *detail)
{
    struct cpu_fault *f = &en->p->fault;
    f->kind = kind;
    f->address = addr;
    f->pc = pc;
    snprintf(f->detail, sizeof f->detail, "%s", detail);
}

static uint32_t read_pc(uc_engine *uc)
{
    uint32_t pc = 0;
    uc_reg_read(uc, UC_ARM_REG_PC, &pc);
    return pc;
}

/* The 16-bit instruction ending at pc, from the process's flash; false outside it. */
static bool flash_halfword_before(struct engine *en, uint32_t pc, uint16_t *out)
{
    if (pc < en->flash_base + 2 || pc - en->flash_base > en->flash_len)
        return false;
    const uint8_t *b = en->flash_copy + (pc - 2 - en->flash_base);
    *out = (uint16_t)(b[0] | b[1] << 8);
    return true;
}

/* The registers a system call reads: r0-r3 and the PC (already past the svc). */
static const int svc_reg_ids[5] = {UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3,
                                   UC_ARM_REG_PC};

static void handle_svc(struct engine *en)
{
    struct cpu_regs regs;
    void *vals[5] = {&regs.r[0], &regs.r[1], &regs.r[2], &regs.r[3], &regs.r[REG_PC]};
    uc_reg_read_batch(en->uc, (int *)svc_reg_ids, vals, 5);
    uint16_t insn;
    if (!flash_halfword_before(en, regs.r[REG_PC], &insn) || (insn & 0xff00) != 0xdf00) {
        record_fault(en, FAULT_UNDEFINED, 0, regs.r[REG_PC] - 2, "svc outside process flash");
        engine_stop(en, STOP_FAULT);
        return;
    }
    uint32_t mask = 0;
    struct kernel *k = en->owner->k;
    bool keep = kernel_syscall(k, en->p, insn & 0xffu, &regs, &mask);
    if (mask)
        regs_transfer(en->uc, &regs, mask, true);
    if (!keep)
        engine_stop(en, STOP_SWITCH);   /* the kernel already handled any fault */
}

static void hook_intr(uc_engine *uc, uint32_t intno, void *user)
{
    struct engine *en = user;
    if (intno == SVC_INTNO) {
        handle_svc(en);
        return;
    }
    uint32_t pc = read_pc(uc);
    if (intno == BKPT_INTNO) {
        record_fault(en, FAULT_BKPT, 0, pc, "bkpt instruction");
    } else {
        char detail[48];
        snprintf(detail, sizeof detail, "CPU exception %u", intno);
        record_fault(en, FAULT_EXECUTE, pc, pc, detail);
    }
    engine_stop(en, STOP_FAULT);
}

static bool hook_mem_invalid(uc_engine *uc, uc_mem_type type, uint64_t addr, int size,
                             int64_t value, void *user)
{
    struct engine *en = user;
    enum fault_kind kind = FAULT_READ;
    const char *what = "read";
    switch (type) {
    case UC_MEM_WRITE_UNMAPPED:
    case UC_MEM_WRITE_PROT:
        kind = FAULT_WRITE;
        what = "write";
        break;
    case UC_MEM_FETCH_UNMAPPED:
    case UC_MEM_FETCH_PROT:
        kind = FAULT_EXECUTE;
        what = "fetch";
        break;
    default:
        break;
    }
    char detail[64];
    bool unmapped = type == UC_MEM_READ_UNMAPPED || type == UC_MEM_WRITE_UNMAPPED ||
                    type == UC_MEM_FETCH_UNMAPPED;
    snprintf(detail, sizeof detail, "%d-byte %s of %s memory", size, what,
             unmapped ? "unmapped" : "protected");
    record_fault(en, kind, (uint32_t)addr, read_pc(uc), detail);
    en->stop = STOP_FAULT;
    if (!en->probing) {
        en->access.addr = (uint32_t)addr;
        en->access.size = kind == FAULT_EXECUTE ? 0 : (uint32_t)size;
        en->access.write = kind == FAULT_WRITE;
    }
    (void)value;
    return false;
}

/* Instruction budget for deterministic preemption; also counts executed instructions
 * (estimated as block bytes / 2, Thumb's most common instruction size). */
static void hook_block(uc_engine *uc, uint64_t address, uint32_t size, void *user)
{
    struct engine *en = user;
    uint32_t insns = size / 2 ? size / 2 : 1;
    en->owner->retired += insns;
    if (en->budget <= insns) {
        en->budget = 0;
        engine_stop(en, STOP_PREEMPT);
    } else {
        en->budget -= insns;
    }
    (void)uc;
    (void)address;
}

static int engine_fail(struct engine *en, const char *what, uc_err err)
{
    fprintf(stderr, "tockemu: %s: %s: %s\n", en->p->name, what, uc_strerror(err));
    return -1;
}

/* A new Unicorn engine for en in *out: the CPU model, the process's flash and RAM (all of
 * it read/write; memory_changed narrows that), the hooks. On failure nothing stays open. */
static int engine_open(struct engine *en, uc_engine **out)
{
    struct engines *e = en->owner;
    struct process *p = en->p;
    static const int models[] = {UC_CPU_ARM_CORTEX_M0, UC_CPU_ARM_CORTEX_M3, UC_CPU_ARM_CORTEX_M4};
    uc_engine *uc;
    uc_err err = uc_open(UC_ARCH_ARM, UC_MODE_THUMB, &uc);
    if (err)
        return engine_fail(en, "cannot open a CPU engine", err);
    const char *what = "cannot select the CPU model";
    /* Not UC_MODE_MCLASS: in this Unicorn it silently turns every model into an M33. */
    err = uc_ctl_set_cpu_model(uc, models[e->model]);
    if (!err) {
        what = "cannot map flash";
        err = uc_mem_map_ptr(uc, en->flash_base, en->flash_len, UC_PROT_READ | UC_PROT_EXEC,
                             en->flash_copy);
    }
    if (!err) {
        what = "cannot map RAM";
        err = uc_mem_map_ptr(uc, p->ram_start, p->ram_size, UC_PROT_READ | UC_PROT_WRITE, p->ram);
    }
    uc_hook h;
    /* Hooks must exist before the first translation: later ones miss translated code. */
    if (!err) {
        what = "cannot install hooks";
        err = uc_hook_add(uc, &h, UC_HOOK_INTR, (void *)hook_intr, en, 1, 0);
    }
    if (!err)
        err = uc_hook_add(uc, &h, UC_HOOK_MEM_INVALID, (void *)hook_mem_invalid, en, 1, 0);
    if (!err && e->preempt == PREEMPT_INSTRUCTIONS)
        err = uc_hook_add(uc, &h, UC_HOOK_BLOCK, (void *)hook_block, en, 1, 0);
    if (err) {
        uc_close(uc);
        return engine_fail(en, what, err);
    }
    *out = uc;
    return 0;
}

static int engine_create(void *ctx, struct process *p)
{
    struct engines *e = ctx;
    struct engine *en = calloc(1, sizeof *en);
    if (!en)
        return -1;
    en->owner = e;
    en->p = p;
    p->cpu = en;

    en->flash_base = page_down(p->flash_start);
    en->flash_len = page_up(p->flash_start + p->flash_size) - en->flash_base;
    en->flash_copy = aligned_alloc(4096, (en->flash_len + 4095) & ~4095u);
    if (!en->flash_copy)
        return -1;
    memset(en->flash_copy, 0, en->flash_len);
    memcpy(en->flash_copy + (p->flash_start - en->flash_base), p->flash, p->flash_size);
    if ((p->ram_start | p->ram_size) & (PAGE - 1)) {
        fprintf(stderr, "tockemu: %s: RAM block 0x%08x+0x%x is not 1 KiB aligned\n", p->name,
                p->ram_start, p->ram_size);
        return -1;
    }
    if (engine_open(en, &en->uc) != 0)
        return -1;
    en->rw_end = p->ram_start + p->ram_size;
    e->live_engines++;
    return 0;
}

static void engine_destroy(void *ctx, struct process *p)
{
    struct engines *e = ctx;
    struct engine *en = p->cpu;
    if (!en)
        return;
    pthread_mutex_lock(&e->lock);
    if (e->current == en)
        e->current = NULL;
    pthread_mutex_unlock(&e->lock);
    if (en->uc) {
        uc_close(en->uc);
        e->live_engines--;
    }
    free(en->flash_copy);
    free(en);
    p->cpu = NULL;
}

/* RAM above the app break's page is closed to the app: grants and unused memory. */
static void engine_memory_changed(void *ctx, struct process *p)
{
    struct engine *en = p->cpu;
    uint32_t end = p->ram_start + p->ram_size;
    uint32_t rw_end = page_up(p->app_break);
    if (rw_end > end)
        rw_end = end;
    if (rw_end == en->rw_end)
        return;
    if (rw_end > p->ram_start)
        uc_mem_protect(en->uc, p->ram_start, rw_end - p->ram_start, UC_PROT_READ | UC_PROT_WRITE);
    if (rw_end < end)
        uc_mem_protect(en->uc, rw_end, end - rw_end, UC_PROT_NONE);
    en->rw_end = rw_end;
    (void)ctx;
}

/* Whether a region of en's engine starting at begin is the process's own flash or RAM
 * (anything else is a page of another process's RAM, lent by legacy IPC). */
static bool own_region(const struct engine *en, uint32_t begin)
{
    const struct process *p = en->p;
    return (begin >= p->ram_start && begin - p->ram_start < p->ram_size) ||
           (begin >= en->flash_base && begin - en->flash_base < en->flash_len);
}

/* The pages of other processes' RAM mapped into en (legacy IPC), to map again later. */
#define BORROWED_MAX 64   /* regions: legacy IPC lends one buffer per peer, 16 peers */
struct borrowed_pages {
    uint32_t count;
    struct { uint32_t begin, len; uint32_t perms; } page[BORROWED_MAX];
};

static void note_borrowed(struct engine *en, struct borrowed_pages *b)
{
    uc_mem_region *r;
    uint32_t n;
    b->count = 0;
    if (uc_mem_regions(en->uc, &r, &n) != UC_ERR_OK)
        return;
    for (uint32_t j = 0; j < n && b->count < BORROWED_MAX; j++) {
        uint32_t begin = (uint32_t)r[j].begin;
        if (!own_region(en, begin)) {
            b->page[b->count].begin = begin;
            b->page[b->count].len = (uint32_t)(r[j].end - r[j].begin + 1);
            b->page[b->count].perms = r[j].perms;
            b->count++;
        }
    }
    uc_free(r);
}

static void map_borrowed(struct engine *en, const struct borrowed_pages *b)
{
    struct kernel *k = en->owner->k;
    for (uint32_t i = 0; i < b->count; i++) {
        uint32_t a = b->page[i].begin;
        for (uint32_t j = 0; j < k->process_count; j++) {
            struct process *q = &k->procs[j];
            if (q->ram && a >= q->ram_start && a - q->ram_start < q->ram_size) {
                uc_mem_map_ptr(en->uc, a, b->page[i].len, b->page[i].perms,
                               q->ram + (a - q->ram_start));
                break;
            }
        }
    }
}

/* A fresh engine in place of en's (see PROBES_BEFORE_RENEWAL), between two slices: the same
 * registers, memory, protection and borrowed pages. Not while a debugger is attached,
 * whose hooks live in the old engine. When no new engine can be had, the old one stays. */
static void engine_renew(struct engine *en)
{
    struct process *p = en->p;
    uc_engine *fresh;
    en->probes = 0;
    if (engine_open(en, &fresh) != 0)
        return;
    struct cpu_regs regs;
    struct borrowed_pages borrowed;
    regs_transfer(en->uc, &regs, (1u << REG_COUNT) - 1, false);
    note_borrowed(en, &borrowed);
    uc_close(en->uc);
    en->uc = fresh;
    en->rw_end = p->ram_start + p->ram_size;
    regs_transfer(en->uc, &regs, (1u << REG_COUNT) - 1, true);
    engine_memory_changed(en->owner, p);
    map_borrowed(en, &borrowed);
}

static void engine_get_regs(void *ctx, struct process *p, struct cpu_regs *out)
{
    struct engine *en = p->cpu;
    regs_transfer(en->uc, out, (1u << REG_COUNT) - 1, false);
    (void)ctx;
}

static void engine_set_regs(void *ctx, struct process *p, const struct cpu_regs *in, uint32_t mask)
{
    struct engine *en = p->cpu;
    struct cpu_regs copy = *in;
    regs_transfer(en->uc, &copy, mask, true);
    (void)ctx;
}

static enum fault_kind fault_from_error(uc_err err)
{
    switch (err) {
    case UC_ERR_READ_UNMAPPED:
    case UC_ERR_READ_PROT:
        return FAULT_READ;
    case UC_ERR_WRITE_UNMAPPED:
    case UC_ERR_WRITE_PROT:
        return FAULT_WRITE;
    case UC_ERR_FETCH_UNMAPPED:
    case UC_ERR_FETCH_PROT:
        return FAULT_EXECUTE;
    case UC_ERR_READ_UNALIGNED:
    case UC_ERR_WRITE_UNALIGNED:
    case UC_ERR_FETCH_UNALIGNED:
        return FAULT_UNALIGNED;
    default:
        return FAULT_UNDEFINED;
    }
}

/* Unicorn leaves the PC at the start of the translation block after a faulting or watched
 * access: find the instruction that made en->access and put the PC there. Re-running
 * instructions must not touch the slice, the clock or the recorded fault. */
static uint32_t pinpoint_access(struct engine *en)
{
    struct process *p = en->p;
    struct cpu_fault fault = p->fault;
    enum stop_reason stop = en->stop;
    uint64_t budget = en->budget, retired = en->owner->retired;
    struct pc_probe probe = {
        .block_start = read_pc(en->uc), .addr = en->access.addr, .size = en->access.size,
        .read = !en->access.write, .write = en->access.write,
        .code = en->flash_copy, .code_base = en->flash_base, .code_len = en->flash_len,
        .ram = p->ram, .ram_size = p->ram_size,
    };
    en->budget = UINT64_MAX;
    en->probing = true;
    uint32_t pc = probe.block_start;
    bool found = precise_pc_find(en->uc, &probe, &pc);
    en->probes++;
    en->probing = false;
    en->budget = budget;
    en->owner->retired = retired;
    en->stop = stop;
    p->fault = fault;
    if (found) {
        uint32_t thumb_pc = pc | 1u;
        uc_reg_write(en->uc, UC_ARM_REG_PC, &thumb_pc);
    }
    return pc;
}

static void pinpoint_fault(struct engine *en)
{
    struct cpu_fault *f = &en->p->fault;
    if ((f->kind == FAULT_READ || f->kind == FAULT_WRITE) && en->access.size)
        f->pc = pinpoint_access(en);
}

static void tell_debugger(struct engine *en)
{
    const struct engine_debugger *d = &en->owner->debugger;
    if (d->stopped)
        d->stopped(d->ctx, en->p);
}

static enum cpu_stop engine_run(void *ctx, struct process *p)
{
    struct engines *e = ctx;
    struct engine *en = p->cpu;
    if (en->probes >= PROBES_BEFORE_RENEWAL && !e->debugger.stopped)
        engine_renew(en);
    en->stop = STOP_NONE;
    en->access.size = 0;
    en->budget = e->slice_instructions;
    p->fault.kind = FAULT_NONE;

    pthread_mutex_lock(&e->lock);
    e->current = en;
    e->run_seq++;
    pthread_mutex_unlock(&e->lock);

    uint32_t pc = read_pc(en->uc);
    uc_err err = uc_emu_start(en->uc, pc | 1u, 0xFFFFFFFFu, 0, 0);

    pthread_mutex_lock(&e->lock);
    bool preempted_by_watchdog = e->current == NULL && en->stop == STOP_NONE;
    e->current = NULL;
    pthread_mutex_unlock(&e->lock);

    if (err != UC_ERR_OK) {
        if (p->fault.kind == FAULT_NONE)
            record_fault(en, fault_from_error(err), 0, read_pc(en->uc), uc_strerror(err));
        pinpoint_fault(en);
        tell_debugger(en);
        return CPU_STOP_FAULT;
    }
    switch (en->stop) {
    case STOP_SWITCH: return CPU_STOP_SWITCH;
    case STOP_PREEMPT: return CPU_STOP_PREEMPTED;
    case STOP_FAULT: tell_debugger(en); return CPU_STOP_FAULT;
    case STOP_DEBUG:
        if (en->access.size)
            pinpoint_access(en);
        tell_debugger(en);
        return CPU_STOP_HALT;
    case STOP_NONE: break;
    }
    return preempted_by_watchdog ? CPU_STOP_PREEMPTED : CPU_STOP_IDLE;
}

/* cpu_ops.share_memory (legacy IPC): map the pages of owner's RAM that hold [addr, addr+len)
 * into with's engine at the same addresses, or take such pages back (contract in kernel.h).
 * Every RAM block has its own board address, so a region outside an engine's own flash and
 * RAM is always a shared page, and its address names its owner: no bookkeeping needed. */
static int engine_share_memory(void *ctx, struct process *owner, uint32_t addr, uint32_t len,
                               struct process *with)
{
    struct engines *e = ctx;
    uint32_t lo = owner->ram_start, size = owner->ram_size;
    if (with == owner)
        return 0;
    if (with && len) {
        struct engine *en = with->cpu;
        if (!en || addr < lo || addr - lo > size || len > size - (addr - lo))
            return -1;
        for (uint32_t a = page_down(addr); a - lo < addr - lo + len; a += PAGE) {
            uc_err err = uc_mem_map_ptr(en->uc, a, PAGE, UC_PROT_READ | UC_PROT_WRITE,
                                        owner->ram + (a - lo));
            if (err != UC_ERR_OK && err != UC_ERR_MAP)   /* UC_ERR_MAP: shared already */
                return -1;
        }
        return 0;
    }
    for (uint32_t i = 0; i < e->k->process_count; i++) {
        struct process *q = &e->k->procs[i];
        struct engine *en = q->cpu;
        uc_mem_region *r;
        uint32_t n;
        if (!en || (with && q != with) || uc_mem_regions(en->uc, &r, &n) != UC_ERR_OK)
            continue;
        for (uint32_t j = 0; j < n; j++) {
            uint32_t b = (uint32_t)r[j].begin;
            if (!own_region(en, b) && (q == owner || (b >= lo && b - lo < size)))
                uc_mem_unmap(en->uc, r[j].begin, (size_t)(r[j].end - r[j].begin + 1));
        }
        uc_free(r);
    }
    return 0;
}

const struct cpu_ops engine_cpu_ops = {
    .create = engine_create,
    .destroy = engine_destroy,
    .run = engine_run,
    .get_regs = engine_get_regs,
    .set_regs = engine_set_regs,
    .memory_changed = engine_memory_changed,
    .share_memory = engine_share_memory,
};

/* ---- debugger support ---------------------------------------------------------------- */

struct uc_struct *engine_uc(struct process *p)
{
    struct engine *en = p->cpu;
    return en ? en->uc : NULL;
}

void engine_write_flash(struct process *p, uint32_t addr, const uint8_t *buf, uint32_t len)
{
    struct engine *en = p->cpu;
    if (!en || addr < en->flash_base || addr - en->flash_base > en->flash_len ||
        len > en->flash_len - (addr - en->flash_base))
        return;
    memcpy(en->flash_copy + (addr - en->flash_base), buf, len);
    uc_ctl_remove_cache(en->uc, addr, (uint64_t)addr + len);
}

void engine_forget_code(struct process *p)
{
    struct engine *en = p->cpu;
    if (!en)
        return;
    /* The process's code lives only in its flash mapping. */
    uc_ctl_remove_cache(en->uc, en->flash_base, (uint64_t)en->flash_base + en->flash_len);
}

bool engine_debug_stop(struct process *p)
{
    struct engine *en = p->cpu;
    if (en->probing)
        return false;
    en->access.size = 0;   /* a code hook stops with the PC exact */
    engine_stop(en, STOP_DEBUG);
    return true;
}

bool engine_debug_stop_access(struct process *p, uint32_t addr, uint32_t size, bool write)
{
    struct engine *en = p->cpu;
    if (en->probing)
        return false;
    en->access.addr = addr;
    en->access.size = size ? size : 1;
    en->access.write = write;
    engine_stop(en, STOP_DEBUG);
    return true;
}

/* Stops the running engine once it has had a whole slice. */
static void *watchdog_main(void *arg)
{
    struct engines *e = arg;
    uint64_t seen = 0;
    struct timespec ts = {.tv_sec = e->slice_us / 1000000, .tv_nsec = (long)(e->slice_us % 1000000) * 1000};
    for (;;) {
        nanosleep(&ts, NULL);
        pthread_mutex_lock(&e->lock);
        if (!e->watchdog_running) {
            pthread_mutex_unlock(&e->lock);
            return NULL;
        }
        struct engine *en = e->current;
        if (en && e->run_seq == seen) {
            e->current = NULL;   /* tells engine_run it was preempted */
            uc_emu_stop(en->uc);
        }
        seen = e->run_seq;
        pthread_mutex_unlock(&e->lock);
    }
}

int engines_init(struct engines *e, struct kernel *k, enum cpu_model model,
                 enum preempt_mode preempt, uint32_t slice, char *err, size_t errlen)
{
    memset(e, 0, sizeof *e);
    e->k = k;
    e->model = model;
    e->preempt = preempt;
    pthread_mutex_init(&e->lock, NULL);
    if (preempt == PREEMPT_INSTRUCTIONS) {
        e->slice_instructions = slice;
        return 0;
    }
    e->slice_instructions = UINT32_MAX;
    e->slice_us = slice;
    e->watchdog_running = true;
    int rc = pthread_create(&e->watchdog, NULL, watchdog_main, e);
    if (rc) {
        snprintf(err, errlen, "cannot start the preemption watchdog thread: %s", strerror(rc));
        e->watchdog_running = false;
        return -1;
    }
    return 0;
}

void engines_shutdown(struct engines *e)
{
    if (e->watchdog_running) {
        pthread_mutex_lock(&e->lock);
        e->watchdog_running = false;
        pthread_mutex_unlock(&e->lock);
        pthread_join(e->watchdog, NULL);
    }
    pthread_mutex_destroy(&e->lock);
}

const char *cpu_model_name(enum cpu_model m)
{
    static const char *const names[] = {"cortex-m0", "cortex-m3", "cortex-m4"};
    return names[m];
}

int cpu_model_parse(const char *name, enum cpu_model *out)
{
    for (int m = CPU_CORTEX_M0; m <= CPU_CORTEX_M4; m++) {
        if (strcmp(name, cpu_model_name((enum cpu_model)m)) == 0) {
            *out = (enum cpu_model)m;
            return 0;
        }
    }
    return -1;
}

/* Each engine reserves 1 GiB (plus a little) of translation buffer, not lazily. */
#define ENGINE_VIRTUAL_BYTES (1025ull << 20)

static unsigned long long meminfo_kib(const char *key)
{
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f)
        return 0;
    char line[128];
    unsigned long long v = 0;
    size_t n = strlen(key);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, n) == 0 && line[n] == ':')
            v = strtoull(line + n + 1, NULL, 10);
    fclose(f);
    return v;
}

bool engines_fit(uint32_t n, char *err, size_t errlen)
{
    unsigned long long need = n * ENGINE_VIRTUAL_BYTES;
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need + (256ull << 20)) {
        snprintf(err, errlen,
                 "%u processes need about %llu MiB of address space (1 GiB per emulated CPU), "
                 "but the address-space limit (ulimit -v) is %llu MiB; raise it or run fewer apps",
                 n, need >> 20, (unsigned long long)rl.rlim_cur >> 20);
        return false;
    }
    FILE *f = fopen("/proc/sys/vm/overcommit_memory", "r");
    int mode = 0;
    if (f) {
        if (fscanf(f, "%d", &mode) != 1)
            mode = 0;
        fclose(f);
    }
    if (mode == 2) {
        unsigned long long limit = meminfo_kib("CommitLimit") << 10;
        unsigned long long used = meminfo_kib("Committed_AS") << 10;
        if (used + need > limit) {
            snprintf(err, errlen,
                     "%u processes need about %llu MiB of committed memory (1 GiB per emulated "
                     "CPU) and strict overcommit (vm.overcommit_memory=2) leaves %llu MiB",
                     n, need >> 20, limit > used ? (limit - used) >> 20 : 0);
            return false;
        }
    }
    return true;
}
