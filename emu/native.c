/* The native CPU backend (see native.h): cpu_ops for Tock processes that are Linux
 * processes, and the loading of native apps into the kernel.
 *
 * A trap is what an `svc` is to engine.c: the app posts r0-r3 and its class in the
 * channel, run() calls kernel_syscall() exactly as the engine's SVC hook does, writes back
 * only the registers the kernel's mask names, and hands the turn back while the kernel
 * says the process keeps running. The "registers" the kernel reads and writes between
 * traps are kept here; an upcall is a PC the kernel moved away from the trap.
 *
 * Memory: the RAM block is a memfd. The app maps all of it; tockemu maps it too (p->ram),
 * except that the pages holding grants are private to tockemu: when the grant region
 * grows into a page, that page is copied to private memory and its memfd page is zeroed.
 * So the kernel's own data never sits where the app can read or write it, and every
 * pointer the app passes is checked by the kernel as for an ARM app. */
#define _GNU_SOURCE
#include "native_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "host_clock.h"

#define MIN_SLICE_NS 100000ull          /* stopping a process costs microseconds */
#define START_TIMEOUT_NS 10000000000ull /* exec and start-up before the first trap */

extern char **environ;

static struct native_proc *proc_of(struct natives *n, const struct process *p)
{
    return p->index < KERNEL_MAX_PROCESSES ? n->procs[p->index] : NULL;
}

static uint32_t page_up(uint32_t v) { return (v + NATIVE_PAGE - 1) & ~(NATIVE_PAGE - 1); }

/* ---- set-up ---------------------------------------------------------------------------- */

struct natives *natives_create(struct kernel *k, struct engines *e)
{
    struct natives *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->k = k;
    n->engines = e;
    n->seccomp = true;
    /* Both sides poll a while before sleeping: a round trip then needs no system call.
     * On one CPU polling only delays the other side. */
    if (sched_getaffinity(0, sizeof n->cpus, &n->cpus) != 0)
        CPU_ZERO(&n->cpus);
    natives_set_polling(n, CPU_COUNT(&n->cpus) > 1);
    size_t count = 0;
    while (environ && environ[count])
        count++;
    n->envp = calloc(count + 2, sizeof *n->envp);
    if (!n->envp) {
        free(n);
        return NULL;
    }
    for (size_t i = 0; i < count; i++)
        n->envp[i] = environ[i];
    n->envp[count] = NATIVE_ENV "=1";
    return n;
}

void natives_destroy(struct natives *n)
{
    if (!n)
        return;
    if (n->pinned)   /* give tockemu's thread its CPUs back */
        sched_setaffinity(0, sizeof n->cpus, &n->cpus);
    for (uint32_t i = 0; i < n->image_count; i++)
        native_image_free(&n->images[i]);
    free(n->wrap);
    free(n->envp);
    free(n);
}

void natives_set_wrap(struct natives *n, const char *wrap)
{
    free(n->wrap);
    n->wrap = wrap && *wrap ? strdup(wrap) : NULL;
}

void natives_set_seccomp(struct natives *n, bool on) { n->seccomp = on; }

void natives_set_polling(struct natives *n, bool on)
{
    n->app_spin = on ? 60000 : 0;            /* TSC ticks: 20-30 us at 2-3 GHz */
    n->kernel_spin_ns = on ? 50000 : 0;
}

int natives_add(struct natives *n, const char *path, char *err, size_t errlen)
{
    if (n->image_count == NATIVE_MAX_APPS) {
        snprintf(err, errlen, "%s: at most %d native apps", path, NATIVE_MAX_APPS);
        return -1;
    }
    if (native_image_load(&n->images[n->image_count], path, err, errlen) != 0)
        return -1;
    n->image_count++;
    return 0;
}

uint32_t natives_count(const struct natives *n) { return n ? n->image_count : 0; }

bool natives_owns(const struct natives *n, const struct process *p)
{
    return n && ((n->pending.ram && n->pending.ram == p->ram) ||
                 (p->index < KERNEL_MAX_PROCESSES && n->procs[p->index]));
}

/* ---- loading ----------------------------------------------------------------------------- */

static bool overlaps(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
    return a < b + blen && b < a + alen;
}

static bool refuse(const struct native_image *img, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A [board] line like the board's own for a refused TBF; returns false. */
static bool refuse(const struct native_image *img, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stdout, "[board] %s (native:%s): refused: ", img->name, img->path);
    vfprintf(stdout, fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    return false;
}

/* The RAM block: its address is the one the app was linked for. */
static bool check_ram(struct natives *n, const struct native_image *img,
                                 const struct native_ram_rules *r, uint32_t *min_out,
                                 uint32_t *size_out)
{
    const struct native_info *in = &img->info;
    uint32_t start = (uint32_t)in->ram_start;
    /* 64-bit sums: app_heap and kernel_heap come from the file */
    uint64_t need = (in->image_end - in->ram_start) + (uint64_t)in->app_heap + in->kernel_heap;
    if (need > NATIVE_RAM_SLOT)
        return refuse(img, "%s: image %llu + app_heap %u + kernel_heap %u bytes is more than a "
                      "native app's RAM block (%u bytes)", NATIVE_INFO_SECTION,
                      (unsigned long long)(in->image_end - in->ram_start), in->app_heap,
                      in->kernel_heap, NATIVE_RAM_SLOT);
    uint32_t min = page_up((uint32_t)need);
    uint32_t size = r->process_ram ? page_up(r->process_ram) : page_up(min + r->grant_reserve);
    if (size > NATIVE_RAM_SLOT || start + size > NATIVE_RAM_LIMIT)
        return refuse(img, "needs %u bytes of RAM; a native app's block holds at most %u", size,
                      NATIVE_RAM_SLOT);
    if (overlaps(start, size, r->board_ram_base, r->board_ram_size))
        return refuse(img, "linked for RAM 0x%08x-0x%08x, which overlaps the board's RAM "
                      "0x%08x-0x%08x (change ram-base)", start, start + size,
                      r->board_ram_base, r->board_ram_base + r->board_ram_size);
    for (uint32_t i = 0; i < n->k->process_count; i++) {
        const struct process *q = &n->k->procs[i];
        if (overlaps(start, size, q->ram_start, q->ram_size))
            return refuse(img, "linked for RAM 0x%08x, which %s uses too (apps built "
                          "separately may share a block: rebuild them together)", start,
                          q->name);
    }
    *min_out = min;
    *size_out = size;
    return true;
}

static struct tbf_header make_header(const struct native_image *img, uint32_t min_ram)
{
    struct tbf_header t;
    memset(&t, 0, sizeof t);
    t.version = 2;
    t.header_size = 0;                 /* no header: the binary starts at the flash start */
    t.total_size = img->flash_size;
    t.flags = TBF_FLAG_ENABLED;
    t.has_main = true;
    t.init_fn_offset = img->entry - img->flash_start;
    t.minimum_ram_size = min_ram;
    t.binary_end_offset = img->flash_size;
    t.has_package_name = true;
    size_t len = strlen(img->name);
    if (len > TBF_MAX_PACKAGE_NAME)
        len = TBF_MAX_PACKAGE_NAME;
    memcpy(t.package_name, img->name, len);
    t.package_name_len = (uint32_t)len;
    t.fixed_ram = t.fixed_flash = TBF_FIXED_NONE;
    return t;
}

struct process *natives_load(struct natives *n, uint32_t i, const struct native_ram_rules *r)
{
    const struct native_image *img = &n->images[i];
    struct kernel *k = n->k;
    uint32_t min = 0, size = 0;
    if (!check_ram(n, img, r, &min, &size))
        return NULL;
    /* Grants must fill whole host pages, so the app break and the grants never share one
     * (the kernel's view of grant pages is private, see the top of this file). */
    if (k->grant_granule < NATIVE_PAGE)
        k->grant_granule = NATIVE_PAGE;

    int fd = memfd_create(img->name, MFD_CLOEXEC);
    if (fd < 0 || ftruncate(fd, size) != 0) {
        if (fd >= 0)
            close(fd);
        refuse(img, "cannot create its RAM block: %s", strerror(errno));
        return NULL;
    }
    uint8_t *ram = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (ram == MAP_FAILED) {
        close(fd);
        refuse(img, "cannot map its RAM block: %s", strerror(errno));
        return NULL;
    }
    struct tbf_header t = make_header(img, min);
    n->pending.ram = ram;
    n->pending.ram_fd = fd;
    n->pending.img = img;
    const char *why = NULL;
    struct process *p = kernel_load_process(k, &t, img->flash_start, img->flash,
                                            (uint32_t)img->info.ram_start, ram, size, &why);
    n->pending.ram = NULL;
    if (!p) {
        munmap(ram, size);
        close(fd);
        refuse(img, "%s", why ? why : "the kernel refused it");
        return NULL;
    }
    return p;
}

/* ---- cpu_ops ----------------------------------------------------------------------------- */

static int native_create(void *ctx, struct process *p)
{
    struct natives *n = ctx;
    if (!n->pending.ram || n->pending.ram != p->ram || p->index >= KERNEL_MAX_PROCESSES)
        return -1;
    char err[256];
    if (n->seccomp && !n->filters_built) {
        if (native_seccomp_build(NATIVE_FILTER_APP, n->filter_app, &n->app_len, err, sizeof err) ||
            native_seccomp_build(NATIVE_FILTER_TOOL, n->filter_tool, &n->tool_len, err,
                                 sizeof err) ||
            native_seccomp_build(NATIVE_FILTER_SANITIZER, n->filter_san, &n->san_len, err,
                                 sizeof err) ||
            native_seccomp_build(NATIVE_FILTER_STARTUP, n->filter_startup, &n->startup_len, err,
                                 sizeof err)) {
            fprintf(stderr, "tockemu: %s: %s\n", p->name, err);
            return -1;
        }
        n->filters_built = true;
    }
    struct native_proc *np = calloc(1, sizeof *np);
    if (!np)
        return -1;
    np->owner = n;
    np->p = p;
    np->img = n->pending.img;
    np->ram = p->ram;
    np->ram_fd = n->pending.ram_fd;
    np->shared_end = p->ram_start + p->ram_size;
    np->pidfd = -1;
    np->chan_fd = memfd_create("tock-channel", MFD_CLOEXEC);
    if (np->chan_fd < 0 || ftruncate(np->chan_fd, NATIVE_CHANNEL_SIZE) != 0 ||
        (np->ch = mmap(NULL, NATIVE_CHANNEL_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
                       np->chan_fd, 0)) == MAP_FAILED) {
        fprintf(stderr, "tockemu: %s: cannot create the channel: %s\n", p->name, strerror(errno));
        if (np->chan_fd >= 0)
            close(np->chan_fd);
        free(np);
        return -1;
    }
    n->procs[p->index] = np;
    return 0;
}

bool native_tooled(const struct native_proc *np)
{
    return np->owner->wrap || (np->img->info.flags & NATIVE_INFO_ASAN);
}

static void native_destroy(void *ctx, struct process *p)
{
    struct natives *n = ctx;
    struct native_proc *np = proc_of(n, p);
    if (!np)
        return;
    native_child_end(np, 0);
    munmap(np->ch, NATIVE_CHANNEL_SIZE);
    close(np->chan_fd);
    munmap(np->ram, p->ram_size);
    close(np->ram_fd);
    n->procs[p->index] = NULL;
    free(np);
}

static void native_get_regs(void *ctx, struct process *p, struct cpu_regs *out)
{
    *out = proc_of(ctx, p)->regs;
}

static void native_set_regs(void *ctx, struct process *p, const struct cpu_regs *in, uint32_t mask)
{
    struct native_proc *np = proc_of(ctx, p);
    for (uint32_t m = mask; m; m &= m - 1) {
        int i = __builtin_ctz(m);
        np->regs.r[i] = in->r[i];
    }
    /* All registers with the PC at the entry point: the kernel (re)starts the process
     * (process_set_entry). The next run() starts a fresh Linux process. */
    if (mask == (1u << REG_COUNT) - 1 && in->r[REG_PC] == np->img->entry) {
        native_child_kill(np);
        np->need_start = true;
        np->trap_pc = in->r[REG_PC];
    }
}

static void die(const struct process *p, const char *what)
{
    fprintf(stderr, "tockemu: %s: cannot %s: %s\n", p->name, what, strerror(errno));
    abort();   /* grant memory must never stay where the app can reach it */
}

/* Kernel-private pages [lo, hi): same contents, no longer backed by the memfd, whose
 * pages there are zeroed so the app sees nothing of the kernel's. */
static void make_private(struct native_proc *np, uint32_t lo, uint32_t hi)
{
    uint32_t off = lo - np->p->ram_start, len = hi - lo;
    uint8_t *keep = malloc(len);
    if (!keep)
        die(np->p, "save grant pages");
    memcpy(keep, np->ram + off, len);
    if (mmap(np->ram + off, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
             -1, 0) == MAP_FAILED)
        die(np->p, "make grant pages private");
    memcpy(np->ram + off, keep, len);
    free(keep);
    if (fallocate(np->ram_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len) != 0)
        die(np->p, "clear grant pages");
}

/* Pages [lo, hi) go back to the memfd, zeroed (the process was reset). */
static void make_shared(struct native_proc *np, uint32_t lo, uint32_t hi)
{
    uint32_t off = lo - np->p->ram_start, len = hi - lo;
    if (fallocate(np->ram_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len) != 0 ||
        mmap(np->ram + off, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, np->ram_fd,
             off) == MAP_FAILED)
        die(np->p, "give RAM pages back");
}

static void native_memory_changed(void *ctx, struct process *p)
{
    struct native_proc *np = proc_of(ctx, p);
    uint32_t want = p->ram_start + ((p->kernel_break - p->ram_start) & ~(NATIVE_PAGE - 1));
    if (want < np->shared_end)
        make_private(np, want, np->shared_end);
    else if (want > np->shared_end)
        make_shared(np, np->shared_end, want);
    np->shared_end = want;
}

static uint64_t slice_ns(const struct natives *n)
{
    const struct engines *e = n->engines;
    uint64_t ns = e->preempt == PREEMPT_INSTRUCTIONS
                      ? (uint64_t)e->slice_instructions * 1000000000ull / VIRTUAL_CPU_HZ
                      : (uint64_t)e->slice_us * 1000ull;
    return ns < MIN_SLICE_NS ? MIN_SLICE_NS : ns;
}

/* Under the virtual clock board time is executed instructions: a native app's host time
 * counts as instructions of the 64 MHz core. */
static void charge(struct natives *n, uint64_t ns)
{
    if (n->engines->preempt == PREEMPT_INSTRUCTIONS)
        n->engines->retired += ns * VIRTUAL_CPU_HZ / 1000000000ull;
}

/* The trap the app posted: into kernel_syscall(), as engine.c's SVC hook. */
static bool handle_trap(struct native_proc *np)
{
    struct natives *n = np->owner;
    struct native_channel *c = np->ch;
    struct process *p = np->p;
    if (!np->tid)
        np->tid = c->app_tid & NATIVE_TID_MASK;
    np->trapped = true;
    for (int i = 0; i < 4; i++)
        np->regs.r[i] = c->r[i];
    np->regs.r[REG_PC] = np->trap_pc = c->pc;
    np->regs.r[REG_SP] = c->sp;
    struct cpu_regs regs = np->regs;
    uint32_t mask = 0;
    bool keep = kernel_syscall(n->k, p, c->cls, &regs, &mask);
    if (np->need_start)
        return false;          /* restarted: the old process is gone already */
    for (uint32_t m = mask; m; m &= m - 1) {
        int i = __builtin_ctz(m);
        np->regs.r[i] = regs.r[i];
    }
    if (!process_is_alive(p)) {
        native_child_end(np, p->exit_code);
        return false;
    }
    return keep;
}

/* Runs the app until it leaves the CPU. starting: the app was just spawned; its slice
 * begins at its first trap (exec and start-up are not its time). */
static enum cpu_stop run_loop(struct native_proc *np, uint64_t deadline, bool starting,
                              uint64_t *begin)
{
    for (;;) {
        enum native_wait w = native_child_wait(np, deadline);
        if (w == NATIVE_WAIT_TIMEOUT) {
            w = native_child_preempt(np);
            if (w == NATIVE_WAIT_TIMEOUT)
                return CPU_STOP_PREEMPTED;
            deadline = 1;      /* it trapped or died just now: the slice is over anyway */
        }
        if (w == NATIVE_WAIT_DIED) {
            native_child_died(np);
            return CPU_STOP_FAULT;
        }
        if (starting) {
            starting = false;
            *begin = native_now_ns();
            if (deadline)
                deadline = *begin + slice_ns(np->owner);
        }
        if (!handle_trap(np))
            return CPU_STOP_SWITCH;
        if (deadline && native_now_ns() >= deadline)
            return CPU_STOP_PREEMPTED;
        native_child_resume(np);
    }
}

static enum cpu_stop native_run(void *ctx, struct process *p)
{
    struct natives *n = ctx;
    struct native_proc *np = proc_of(n, p);
    p->fault.kind = FAULT_NONE;
    uint64_t begin = native_now_ns();
    /* Under a wrapper (a debugger) the app may pause for minutes: no watchdog. */
    uint64_t deadline = n->wrap ? 0 : begin + slice_ns(n);
    bool starting = np->need_start;
    if (starting) {
        char err[200];
        if (native_child_spawn(np, err, sizeof err) != 0) {
            p->fault.kind = FAULT_KERNEL;
            p->fault.address = p->fault.pc = 0;
            snprintf(p->fault.detail, sizeof p->fault.detail, "cannot start: %.48s", err);
            return CPU_STOP_FAULT;
        }
        deadline = deadline ? begin + START_TIMEOUT_NS : 0;
    } else if (np->trapped) {
        native_child_resume(np);
    } else if (np->stopped) {
        kill(np->pid, SIGCONT);      /* preempted in the middle of its work */
        np->stopped = false;
    }
    enum cpu_stop stop = run_loop(np, deadline, starting, &begin);
    charge(n, native_now_ns() - begin);
    return stop;
}

/* A native app cannot map another process's memory; an emulated one can map a native
 * app's RAM (the mux passes that case to the engine). */
static int native_share_memory(void *ctx, struct process *owner, uint32_t addr, uint32_t len,
                               struct process *with)
{
    (void)ctx, (void)owner, (void)addr, (void)len;
    return with ? -1 : 0;
}

const struct cpu_ops native_cpu_ops = {
    .create = native_create,
    .destroy = native_destroy,
    .run = native_run,
    .get_regs = native_get_regs,
    .set_regs = native_set_regs,
    .memory_changed = native_memory_changed,
    .share_memory = native_share_memory,
};
