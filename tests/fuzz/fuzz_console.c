/* libFuzzer harness for the process console's commands (emu/process_console.c): the
 * fuzzer's bytes are lines a client types, each run by process_console_command() on a
 * board whose kernel has a few processes (two of them with the same name, each with a
 * grant holding an upcall and buffers) on a CPU backend that runs nothing. Processes are
 * stopped, restarted, faulted and terminated as the lines say, from one input to the next.
 *
 * Checked, besides "no crash, no sanitizer report": every reply is text of a sane
 * length, the command reports exactly one outcome per line it runs, the process table
 * keeps its size and every process a known state, and only "quit" (or "exit") stops
 * the board. The board's other parts (clock, event loop) are stubs here, and so is writing
 * the screen's PNG (no file is ever written). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "fake_cpu.h"
#include "process_console.h"
#include "screen_png.h"

#define CHECK(cond)                                                                          \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "fuzz_console: invariant failed: %s (line %d)\n", #cond, __LINE__); \
            abort();                                                                         \
        }                                                                                    \
    } while (0)

#define PROCESSES 3
#define LINE_MAX 511   /* what the console's line buffer holds; longer lines are cut */

/* ---- the parts of the board the console uses, as stubs ------------------------------- */

static bool stop_requested;

void board_request_stop(struct board *b) { (void)b; stop_requested = true; }
uint64_t host_clock_now_ns(const struct host_clock *c) { (void)c; return 1234567890; }
const char *clock_mode_name(enum clock_mode m) { (void)m; return "virtual"; }
const char *event_loop_backend_name(const struct event_loop *loop) { (void)loop; return "none"; }
int event_loop_watch_read(struct event_loop *loop, int fd, event_loop_read_fn cb, void *ctx)
{
    (void)loop; (void)fd; (void)cb; (void)ctx;
    return -1;
}
int event_loop_unwatch(struct event_loop *loop, int fd) { (void)loop; (void)fd; return 0; }
int screen_png_write(const struct host_screen *s, const char *path, bool replace, char *err,
                     size_t errlen)
{
    CHECK(s->rgb && path[0] && !replace);
    snprintf(err, errlen, "%s: not written by the fuzz harness", path);
    return -1;
}

/* ---- a CPU that runs nothing -------------------------------------------------------- */

static struct cpu_regs regs[PROCESSES];
static uint8_t flash[PROCESSES][FAKE_FLASH_SIZE];
static uint8_t ram[PROCESSES][FAKE_RAM_SIZE];

static int cpu_create(void *ctx, struct process *p) { (void)ctx; (void)p; return 0; }
static void cpu_destroy(void *ctx, struct process *p) { (void)ctx; (void)p; }
static void cpu_memory_changed(void *ctx, struct process *p) { (void)ctx; (void)p; }
static enum cpu_stop cpu_run(void *ctx, struct process *p) { (void)ctx; (void)p; return CPU_STOP_SWITCH; }
static void cpu_get_regs(void *ctx, struct process *p, struct cpu_regs *out)
{
    (void)ctx;
    *out = regs[p->index];
}
static void cpu_set_regs(void *ctx, struct process *p, const struct cpu_regs *in, uint32_t mask)
{
    (void)ctx;
    for (int i = 0; i < REG_COUNT; i++)
        if (mask & REG_BIT(i))
            regs[p->index].r[i] = in->r[i];
}
static const struct cpu_ops cpu = {
    .create = cpu_create, .destroy = cpu_destroy, .run = cpu_run, .get_regs = cpu_get_regs,
    .set_regs = cpu_set_regs, .memory_changed = cpu_memory_changed,
};

static void discard(void *ctx, const char *text, size_t len) { (void)ctx; (void)text; (void)len; }

static struct board *B;

/* A driver with upcalls and buffers, so that "grants" has something to show. */
static struct syscall_return gadget_command(struct kernel *k, const struct driver *d,
                                            struct process *p, uint32_t cmd, uint32_t a0,
                                            uint32_t a1)
{
    (void)k, (void)d, (void)p, (void)cmd, (void)a0, (void)a1;
    return sr_success();
}
static const struct driver gadget = {
    .num = 0x90, .name = "gadget", .upcall_count = 2, .allow_ro_count = 1,
    .allow_rw_count = 2, .allow_ur_count = 1, .command = gadget_command,
};

/* The process makes a system call, as its code would. */
static void call(struct process *p, uint32_t cls, uint32_t r0, uint32_t r1, uint32_t r2,
                 uint32_t r3)
{
    struct cpu_regs *r = &regs[p->index];
    r->r[0] = r0, r->r[1] = r1, r->r[2] = r2, r->r[3] = r3;
    uint32_t mask = 0;
    kernel_syscall(&B->k, p, cls, r, &mask);
}

static void boot(void)
{
    B = calloc(1, sizeof *B);
    CHECK(B);
    struct kernel_hooks hooks = {.log = discard};
    kernel_init(&B->k, &cpu, NULL, &hooks);
    struct hmi_config devices;
    hmi_config_defaults(&devices);
    char err[256];
    CHECK(host_hmi_init(&B->hmi, &devices, &B->clock, NULL, err, sizeof err) == 0);
    CHECK(kernel_add_driver(&B->k, &gadget) == 0);
    static const char *names[PROCESSES] = {"alpha", "beta", "alpha"};
    for (uint32_t i = 0; i < PROCESSES; i++) {
        struct tbf_header t = fake_header(names[i], i);
        const char *why = NULL;
        CHECK(kernel_load_process(&B->k, &t, FAKE_FLASH_BASE + i * FAKE_FLASH_SIZE, flash[i],
                                  FAKE_RAM_BASE + i * FAKE_RAM_SIZE, ram[i], FAKE_RAM_SIZE,
                                  &why));
    }
    kernel_start_processes(&B->k);
    for (uint32_t i = 0; i < PROCESSES; i++) {
        struct process *p = &B->k.procs[i];
        call(p, SYSCALL_MEMOP, 0, p->ram_start + 2048, 0, 0);   /* brk */
        call(p, SYSCALL_SUBSCRIBE, gadget.num, 1, p->binary_start + 8, 0x1234);
        call(p, SYSCALL_ALLOW_RW, gadget.num, 1, p->ram_start + 64, 16);
        call(p, SYSCALL_ALLOW_RO, gadget.num, 0, p->ram_start + 128, 8);
    }
}

/* ---- replies ------------------------------------------------------------------------ */

static size_t reply_bytes;

static void collect(void *ctx, const char *text, size_t len)
{
    (void)ctx;
    CHECK(len > 0 && len < 1024);
    CHECK(!memchr(text, '\0', len));
    reply_bytes += len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!B)
        boot();
    char line[LINE_MAX + 1];
    while (size) {
        const uint8_t *nl = memchr(data, '\n', size);
        size_t n = nl ? (size_t)(nl - data) : size;
        size_t take = n < LINE_MAX ? n : LINE_MAX;
        memcpy(line, data, take);
        line[take] = '\0';
        data += nl ? n + 1 : n;
        size -= nl ? n + 1 : n;

        stop_requested = false;
        reply_bytes = 0;
        bool go_on = process_console_command(B, line, collect, NULL);
        char copy[LINE_MAX + 1], *save = NULL;
        memcpy(copy, line, take + 1);
        const char *first = strtok_r(copy, " \t\r\n", &save);
        bool quit = first && (!strcmp(first, "quit") || !strcmp(first, "exit"));
        CHECK(go_on == !quit && stop_requested == quit);
        CHECK(reply_bytes > 0 || !first);   /* every command answers */
        CHECK(B->k.process_count == PROCESSES);
        for (uint32_t i = 0; i < PROCESSES; i++)
            CHECK(strcmp(process_state_name(B->k.procs[i].state), "?") != 0);
    }
    return 0;
}
