/* The process table: loading a TBF into a process, starting, restarting and ending
 * processes, and checked access to process memory. */
#include "tock/kstring.h"

#include "kernel_internal.h"

void kernel_init(struct kernel *k, const struct cpu_ops *cpu, void *cpu_ctx,
                 const struct kernel_hooks *hooks)
{
    memset(k, 0, sizeof *k);
    k->cpu = cpu;
    k->cpu_ctx = cpu_ctx;
    k->hooks = *hooks;
    k->fault_policy = FAULT_POLICY_STOP;
    k->max_restarts = 8;
    k->appid_policy = APPID_POLICY_TBF_SHORT_ID;
    k->grant_granule = 8;
    k->next_instance_id = 1;
}

/* Multiplicative hash of a driver number into KERNEL_DRIVER_BUCKETS (128) buckets; the
 * multiplier keeps every driver number Tock allocates today in a bucket of its own. */
static uint32_t driver_bucket_of(uint32_t num)
{
    return (uint32_t)(num * 0x045d9f3bu) >> 25;
}

int kernel_add_driver(struct kernel *k, const struct driver *d)
{
    if (k->driver_count == KERNEL_MAX_DRIVERS || kernel_find_driver(k, d->num, NULL))
        return -1;
    uint8_t *bucket = &k->driver_bucket[driver_bucket_of(d->num)];
    if (*bucket == 0)
        *bucket = (uint8_t)(k->driver_count + 1);
    k->drivers[k->driver_count++] = d;
    return 0;
}

const struct driver *kernel_find_driver(const struct kernel *k, uint32_t num, uint32_t *index_out)
{
    uint32_t i = k->driver_bucket[driver_bucket_of(num)];
    if (i == 0 || k->drivers[i - 1]->num != num) {
        for (i = 1; i <= k->driver_count && k->drivers[i - 1]->num != num; i++)
            ;
        if (i > k->driver_count)
            return NULL;
    }
    if (index_out)
        *index_out = i - 1;
    return k->drivers[i - 1];
}

static uint32_t align_up(uint32_t v, uint32_t a) { return (v + a - 1) & ~(a - 1); }

static bool kernel_version_compatible(const struct tbf_header *t)
{
    if (!t->has_kernel_version)
        return true;
    return t->kernel_major == KERNEL_VERSION_MAJOR && t->kernel_minor <= KERNEL_VERSION_MINOR;
}

struct process *kernel_load_process(struct kernel *k, const struct tbf_header *tbf,
                                    uint32_t flash_start, const uint8_t *flash,
                                    uint32_t ram_start, uint8_t *ram, uint32_t ram_size,
                                    const char **why)
{
    if (k->process_count == KERNEL_MAX_PROCESSES) {
        *why = "the process table is full";
        return NULL;
    }
    if (tbf->is_padding || !(tbf->flags & TBF_FLAG_ENABLED)) {
        *why = "the TBF is not enabled (flags bit 0 clear)";
        return NULL;
    }
    if (!kernel_version_compatible(tbf)) {
        *why = "the app needs a newer kernel version than 2.2";
        return NULL;
    }
    if (tbf->minimum_ram_size > ram_size || ram_size - tbf->minimum_ram_size < 32) {
        *why = "the RAM block is smaller than the app's minimum_ram_size";
        return NULL;
    }
    if ((ram_start & 7) || (ram_size & 7)) {
        *why = "the RAM block is not 8-byte aligned";
        return NULL;
    }

    struct process *p = &k->procs[k->process_count];
    memset(p, 0, sizeof *p);
    p->index = k->process_count;
    p->tbf = *tbf;
    if (tbf->has_package_name && tbf->package_name_len)
        memcpy(p->name, tbf->package_name, tbf->package_name_len + 1);
    else
        memcpy(p->name, "(unnamed)", 10);
    p->flash_start = flash_start;
    p->flash_size = tbf->total_size;
    p->flash = flash;
    p->ram_start = ram_start;
    p->ram_size = ram_size;
    p->ram = ram;
    p->binary_start = flash_start + tbf->header_size + tbf->protected_trailer_size;
    p->binary_end = flash_start + tbf->binary_end_offset;
    p->policy = k->fault_policy;
    appid_assign(k, p);
    process_reset_memory(k, p);
    p->state = PROCESS_UNSTARTED;
    if (k->cpu->create(k->cpu_ctx, p) != 0) {
        *why = "the CPU backend could not create the process";
        return NULL;
    }
    k->process_count++;
    return p;
}

/* Empty RAM, no grants, no upcalls, and the initial app break Tock gives a new process. */
void process_reset_memory(struct kernel *k, struct process *p)
{
    memset(p->ram, 0, p->ram_size);
    grant_forget_all(p);
    p->queue_head = p->queue_count = 0;
    p->app_break = p->ram_start + PROCESS_INITIAL_BREAK;
    p->kernel_break = p->ram_start + p->ram_size;
    p->debug_stack_start = p->debug_heap_start = 0;
    p->fault.kind = FAULT_NONE;
    (void)k;
}

/* Registers for the first instruction: Tock's FunctionCall to init_fn. */
static void process_set_entry(struct kernel *k, struct process *p)
{
    struct cpu_regs r;
    memset(&r, 0, sizeof r);
    r.r[0] = p->binary_start;
    r.r[1] = p->ram_start;
    r.r[2] = p->ram_size;
    r.r[3] = p->app_break;
    r.r[REG_SP] = p->ram_start + PROCESS_INITIAL_BREAK;
    r.r[REG_LR] = 1;
    r.r[REG_PC] = (p->flash_start + p->tbf.header_size + p->tbf.init_fn_offset) & ~1u;
    r.r[REG_XPSR] = 0x01000000u;
    k->cpu->set_regs(k->cpu_ctx, p, &r, (1u << REG_COUNT) - 1);
    k->cpu->memory_changed(k->cpu_ctx, p);
}

/* exit_code is kept: after exit-restart it holds the completion code the old instance gave. */
static void process_begin(struct kernel *k, struct process *p)
{
    p->id = k->next_instance_id++;
    p->exited_cleanly = false;
    process_set_entry(k, p);
    p->state = PROCESS_RUNNABLE;
    process_changed(k, p);
}

void kernel_start_processes(struct kernel *k)
{
    /* Decide every conflict before starting anything, so the order of the table does
     * not change which version of an application runs. */
    const struct process *rival[KERNEL_MAX_PROCESSES];
    for (uint32_t i = 0; i < k->process_count; i++)
        rival[i] = k->procs[i].state == PROCESS_UNSTARTED ? appid_conflict(k, &k->procs[i]) : NULL;
    for (uint32_t i = 0; i < k->process_count; i++) {
        struct process *p = &k->procs[i];
        if (p->state != PROCESS_UNSTARTED)
            continue;
        if (rival[i]) {
            kprintf(k, "[kernel] %s: not started: same application as %s, which has version %u "
                       "(this one has %u)\n",
                    p->name, rival[i]->name, (unsigned)rival[i]->tbf.app_version,
                    (unsigned)p->tbf.app_version);
            p->state = PROCESS_TERMINATED;
            continue;
        }
        process_begin(k, p);
    }
}

void process_changed(struct kernel *k, struct process *p)
{
    if (k->hooks.process_changed)
        k->hooks.process_changed(k->hooks.ctx, p);
}

/* Tell every driver p has a grant with about ev. */
void process_notify_drivers(struct kernel *k, struct process *p, enum process_event ev)
{
    for (uint32_t i = 0; i < k->driver_count; i++) {
        const struct driver *d = k->drivers[i];
        if (d->process_event)
            d->process_event(k, d, p, ev);
    }
}

/* End p's life in state `final` (TERMINATED or FAULTED): drivers forget it first. */
void process_end(struct kernel *k, struct process *p, enum process_state final,
                 enum process_event ev)
{
    process_notify_drivers(k, p, ev);
    p->state = final;
    p->queue_head = p->queue_count = 0;
    grant_forget_all(p);
    process_changed(k, p);
}

void kernel_process_terminate(struct kernel *k, struct process *p, uint32_t code)
{
    if (!process_is_alive(p))
        return;
    p->exit_code = code;
    p->exited_cleanly = code == 0;
    process_end(k, p, PROCESS_TERMINATED, PROCESS_EVENT_EXITED);
}

void kernel_process_restart(struct kernel *k, struct process *p)
{
    if (p->state == PROCESS_UNUSED)
        return;
    uint32_t old = p->id;
    process_notify_drivers(k, p, PROCESS_EVENT_RESTARTING);
    p->restart_count++;
    process_reset_memory(k, p);
    process_begin(k, p);
    kprintf(k, "[kernel] %s: restarted (id %u -> %u, restart %u)\n", p->name, (unsigned)old,
            (unsigned)p->id, (unsigned)p->restart_count);
}

void kernel_process_stop(struct kernel *k, struct process *p)
{
    if (!process_is_alive(p) || p->state == PROCESS_STOPPED)
        return;
    p->stopped_from = p->state;
    p->state = PROCESS_STOPPED;
    process_notify_drivers(k, p, PROCESS_EVENT_STOPPED);
    process_changed(k, p);
}

void kernel_process_resume(struct kernel *k, struct process *p)
{
    if (p->state != PROCESS_STOPPED)
        return;
    p->state = p->stopped_from;
    process_changed(k, p);
}

bool process_is_alive(const struct process *p)
{
    switch (p->state) {
    case PROCESS_RUNNABLE:
    case PROCESS_YIELDED:
    case PROCESS_YIELDED_FOR:
    case PROCESS_STOPPED:
        return true;
    default:
        return false;
    }
}

bool kernel_has_live_processes(const struct kernel *k)
{
    for (uint32_t i = 0; i < k->process_count; i++)
        if (process_is_alive(&k->procs[i]) || k->procs[i].state == PROCESS_UNSTARTED)
            return true;
    return false;
}

struct process *kernel_process_by_id(struct kernel *k, uint32_t id)
{
    for (uint32_t i = 0; i < k->process_count; i++)
        if (k->procs[i].id == id && process_is_alive(&k->procs[i]))
            return &k->procs[i];
    return NULL;
}

const char *process_state_name(enum process_state s)
{
    switch (s) {
    case PROCESS_UNUSED: return "unused";
    case PROCESS_UNSTARTED: return "unstarted";
    case PROCESS_RUNNABLE: return "running";
    case PROCESS_YIELDED: return "yielded";
    case PROCESS_YIELDED_FOR: return "yielded-for";
    case PROCESS_STOPPED: return "stopped";
    case PROCESS_FAULTED: return "faulted";
    case PROCESS_TERMINATED: return "terminated";
    }
    return "?";
}

/* [addr, addr+len) inside [lo, hi), without overflow. */
static bool range_inside(uint32_t addr, uint32_t len, uint32_t lo, uint32_t hi)
{
    return addr >= lo && addr <= hi && len <= hi - addr;
}

uint8_t *process_ram_ptr(struct process *p, uint32_t addr, uint32_t len)
{
    if (!range_inside(addr, len, p->ram_start, p->app_break))
        return NULL;
    return p->ram + (addr - p->ram_start);
}

const uint8_t *process_readable_ptr(struct process *p, uint32_t addr, uint32_t len)
{
    /* flash after the protected region (TBF header and protected trailer), as Tock's
     * in_app_flash_memory */
    if (range_inside(addr, len, p->binary_start, p->flash_start + p->flash_size))
        return p->flash + (addr - p->flash_start);
    return process_ram_ptr(p, addr, len);
}

bool process_in_flash(const struct process *p, uint32_t addr)
{
    return range_inside(addr, 1, p->binary_start, p->flash_start + p->flash_size);
}

uint32_t process_align_up(uint32_t v, uint32_t a) { return align_up(v, a); }
