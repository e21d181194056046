/* libFuzzer harness for the system-call layer: a kernel with the core capsules on fake
 * HILs and the unit tests' fake CPU (tests/unit/fake_cpu.c), driven by the fuzzer's bytes.
 *
 * Input: a small header (process count, their app RAM, permissions, fault policy, grant
 * granule, tracing), then records until the bytes run out. A record is a system call of a running
 * process (class and r0-r3, each register drawn from a mix of raw values and addresses
 * near that process's RAM, break, grants, flash and TBF header), or a board event: a
 * scheduler round, an alarm interrupt, a button or GPIO edge, console input, or a console
 * action on a process (stop, resume, terminate, restart, fault).
 *
 * Checked after every step, besides "no crash, no sanitizer report": the return variant
 * is valid for the class; a failing allow/subscribe hands its arguments back; an upcall
 * only ever starts in the process's code; every process's break, grant region, upcall
 * queue and allowed buffers stay inside its own memory; and every buffer the capsules
 * give a HIL lies in the memory of the process it belongs to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_cpu.h"
#include "tock/capsules/alarm.h"
#include "tock/capsules/button.h"
#include "tock/capsules/console.h"
#include "tock/capsules/gpio.h"
#include "tock/capsules/led.h"
#include "tock/capsules/low_level_debug.h"
#include "tock/capsules/rng.h"

#define CHECK(cond)                                                                         \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "fuzz_syscall: invariant failed: %s (line %d)\n", #cond, __LINE__); \
            abort();                                                                        \
        }                                                                                   \
    } while (0)

#define LEDS 4u
#define BUTTONS 2u
#define PINS 8u

/* ---- the input ------------------------------------------------------------------------ */

struct input {
    const uint8_t *data;
    size_t len, pos;
};

static uint8_t byte(struct input *in) { return in->pos < in->len ? in->data[in->pos++] : 0; }

static uint32_t word(struct input *in)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v |= (uint32_t)byte(in) << (8 * i);
    return v;
}

/* ---- the board: fake CPU, capsules on fake HILs ------------------------------------------- */

static struct fake_board *B;
static struct console_capsule console_cap;
static struct alarm_capsule alarm_cap;
static struct led_capsule led_cap;
static struct button_capsule button_cap;
static struct gpio_capsule gpio_cap;
static struct low_level_debug_capsule lldebug_cap;
static struct rng_capsule rng_cap;
static uint64_t ticks;
static struct input *current_input;

/* [buf, buf+len) lies in memory p may access: app RAM, or (readable) its flash. */
static bool host_span_in(struct process *p, const uint8_t *buf, uint32_t len, bool readable)
{
    const uint8_t *ram = B->ram[p->index];
    uint32_t app = p->app_break - p->ram_start;
    if (buf >= ram && buf <= ram + app && len <= (size_t)(ram + app - buf))
        return true;
    const uint8_t *flash = B->flash[p->index];
    return readable && buf >= flash && buf <= flash + FAKE_FLASH_SIZE &&
           len <= (size_t)(flash + FAKE_FLASH_SIZE - buf);
}

static void hil_console_write(void *ctx, struct process *p, const uint8_t *buf, uint32_t len)
{
    CHECK(host_span_in(p, buf, len, true));
    (void)ctx;
}

static uint64_t hil_alarm_now(void *ctx) { (void)ctx; return ticks; }
static void hil_alarm_arm(void *ctx, uint64_t deadline) { (void)ctx; (void)deadline; }
static void hil_alarm_disarm(void *ctx) { (void)ctx; }

static bool leds[LEDS], pins[PINS];
static void hil_led_set(void *ctx, uint32_t i, bool on) { CHECK(i < LEDS); leds[i] = on; (void)ctx; }
static bool hil_led_get(void *ctx, uint32_t i) { CHECK(i < LEDS); (void)ctx; return leds[i]; }
static bool hil_button_read(void *ctx, uint32_t i) { CHECK(i < BUTTONS); (void)ctx; return false; }
static void hil_gpio_configure(void *ctx, uint32_t pin, enum gpio_mode m) { CHECK(pin < PINS); (void)ctx; (void)m; }
static void hil_gpio_write(void *ctx, uint32_t pin, bool high) { CHECK(pin < PINS); pins[pin] = high; (void)ctx; }
static bool hil_gpio_read(void *ctx, uint32_t pin) { CHECK(pin < PINS); (void)ctx; return pins[pin]; }
static void hil_gpio_irq(void *ctx, uint32_t pin, enum gpio_irq_edge e) { CHECK(pin < PINS); (void)ctx; (void)e; }

/* The RNG writes into a buffer some live process lent it. */
static void hil_entropy_fill(void *ctx, uint8_t *buf, uint32_t len)
{
    bool inside = false;
    for (uint32_t i = 0; i < B->k.process_count && !inside; i++)
        inside = process_is_alive(&B->k.procs[i]) && host_span_in(&B->k.procs[i], buf, len, false);
    CHECK(inside);
    memset(buf, 0x5A, len);
    (void)ctx;
}

static const struct console_hil console_hil = {NULL, hil_console_write};
static const struct alarm_hil alarm_hil = {NULL, 1000000, hil_alarm_now, hil_alarm_arm,
                                           hil_alarm_disarm};
static const struct led_hil led_hil = {NULL, LEDS, hil_led_set, hil_led_get};
static const struct button_hil button_hil = {NULL, BUTTONS, hil_button_read};
static const struct gpio_hil gpio_hil = {NULL, PINS, hil_gpio_configure, hil_gpio_write,
                                         hil_gpio_read, hil_gpio_irq};
static const struct entropy_hil entropy_hil = {NULL, hil_entropy_fill};

/* A scheduled process "runs": it is preempted, or faults (the fuzzer says which). */
static enum cpu_stop on_run(struct fake_board *b, struct process *p)
{
    uint8_t how = byte(current_input);
    if (how < 224)
        return CPU_STOP_PREEMPTED;
    static const enum fault_kind kinds[] = {FAULT_READ, FAULT_WRITE, FAULT_EXECUTE,
                                            FAULT_UNDEFINED, FAULT_UNALIGNED, FAULT_BKPT};
    memset(&p->fault, 0, sizeof p->fault);
    p->fault.kind = kinds[how % 6];
    p->fault.address = p->ram_start + how;
    p->fault.pc = b->regs[p->index].r[REG_PC];
    return CPU_STOP_FAULT;
}

/* hooks.event: every event names a live process and carries terminated strings. */
static void on_event(void *ctx, const struct trace_event *e)
{
    CHECK(e->p != NULL && e->name != NULL);
    CHECK(strlen(e->name) < 4096 && (!e->detail || strlen(e->detail) < 4096));
    (void)ctx;
}

static void board_reset(void)
{
    if (!B) {
        B = calloc(1, sizeof *B);   /* 1.3 MB, reused: the kernel clears what it uses */
        CHECK(B != NULL);
    }
    fake_kernel_init(B);
    B->log_len = 0;
    B->log[0] = '\0';
    B->on_run = on_run;
    memset(B->regs, 0, sizeof B->regs);
    memset(B->runs, 0, sizeof B->runs);
    ticks = 0;
    console_capsule_init(&console_cap, &console_hil);
    alarm_capsule_init(&alarm_cap, &alarm_hil);
    led_capsule_init(&led_cap, &led_hil);
    button_capsule_init(&button_cap, &button_hil);
    gpio_capsule_init(&gpio_cap, &gpio_hil);
    low_level_debug_capsule_init(&lldebug_cap);
    rng_capsule_init(&rng_cap, &entropy_hil);
    const struct driver *drivers[] = {&alarm_cap.driver, &console_cap.driver, &led_cap.driver,
                                      &button_cap.driver, &gpio_cap.driver,
                                      &lldebug_cap.driver, &rng_cap.driver};
    for (size_t i = 0; i < sizeof drivers / sizeof drivers[0]; i++)
        CHECK(kernel_add_driver(&B->k, drivers[i]) == 0);
}

/* A process with a header built from the input: RAM need, name, maybe permissions. */
static struct process *load_process(struct input *in, uint32_t slot)
{
    struct tbf_header t;
    memset(&t, 0, sizeof t);
    t.version = 2;
    t.header_size = 64;
    t.total_size = FAKE_FLASH_SIZE;
    t.flags = TBF_FLAG_ENABLED;
    t.has_program = true;
    t.minimum_ram_size = 1024u * (1 + byte(in) % 8);
    t.binary_end_offset = FAKE_FLASH_SIZE;
    t.has_package_name = true;
    t.package_name_len = (uint32_t)snprintf(t.package_name, sizeof t.package_name, "p%u", slot);
    uint8_t perms = byte(in);
    if (perms & 0x80) {
        t.has_permissions = true;
        t.permission_count = perms % (TBF_MAX_PERMISSIONS + 1);
        static const uint32_t nums[] = {0, 1, 2, 3, 4, 8, 0x40001, 5};
        for (uint32_t i = 0; i < t.permission_count; i++) {
            t.permissions[i].driver = nums[byte(in) % 8];
            t.permissions[i].offset = byte(in) % 2;
            t.permissions[i].allowed_commands = (uint64_t)word(in) << 32 | word(in);
        }
    }
    const char *why = NULL;
    struct process *p = kernel_load_process(&B->k, &t, FAKE_FLASH_BASE + slot * FAKE_FLASH_SIZE,
                                            B->flash[slot], FAKE_RAM_BASE + slot * FAKE_RAM_SIZE,
                                            B->ram[slot], FAKE_RAM_SIZE, &why);
    CHECK(p != NULL);
    return p;
}

/* A register value: raw, or an address near something interesting in process p. */
static uint32_t reg_value(struct input *in, struct process *p)
{
    static const uint32_t drivers[] = {0, 1, 2, 3, 4, 8, 0x40001, 0x10000};
    uint8_t tag = byte(in);
    uint32_t v = word(in);
    switch (tag % 10) {
    case 0: return v;
    case 1: return p->ram_start + v % p->ram_size;            /* anywhere in its RAM block */
    case 2: return p->app_break + (uint32_t)(int8_t)v;        /* around the break */
    case 3: return p->kernel_break + (uint32_t)(int8_t)v;     /* around the grants */
    case 4: return p->binary_start + v % (p->flash_size + 8); /* code */
    case 5: return v % 16;                                    /* small numbers */
    case 6: return drivers[v % 8];
    case 7: return 0xFFFFFFF0u + v % 16;                      /* wrapping */
    case 8: return p->flash_start + v % 80;                   /* the TBF header */
    default: {                                                /* another process's RAM */
        struct process *q = &B->k.procs[v % B->k.process_count];
        return q->ram_start + (v >> 8) % q->ram_size;
    }
    }
}

/* ---- invariants ------------------------------------------------------------------------ */

static void check_process(struct process *p)
{
    if (!process_is_alive(p))
        return;
    uint32_t ram_end = p->ram_start + p->ram_size;
    CHECK(p->ram_start <= p->app_break);
    CHECK(p->app_break <= p->kernel_break);
    CHECK(p->kernel_break <= ram_end);
    CHECK(p->queue_count <= UPCALL_QUEUE_LEN && p->queue_head < UPCALL_QUEUE_LEN);
    for (uint32_t i = 0; i < KERNEL_MAX_DRIVERS; i++) {
        struct grant view;
        if (!grant_view(&B->k, p, i, &view)) {
            CHECK(p->grant_at[i] == GRANT_NONE);
            continue;
        }
        const struct grant *g = &view;
        CHECK(i < B->k.driver_count && g->driver == B->k.drivers[i]);
        CHECK(g->address >= p->kernel_break && g->address < ram_end);
        const struct driver *d = g->driver;
        for (uint32_t n = 0; n < d->allow_rw_count; n++)
            if (g->allow_rw[n].len)
                CHECK(process_ram_ptr(p, g->allow_rw[n].addr, g->allow_rw[n].len) != NULL);
        for (uint32_t n = 0; n < d->allow_ur_count; n++)
            if (g->allow_ur[n].len)
                CHECK(process_ram_ptr(p, g->allow_ur[n].addr, g->allow_ur[n].len) != NULL);
        for (uint32_t n = 0; n < d->allow_ro_count; n++)
            if (g->allow_ro[n].len)
                CHECK(process_readable_ptr(p, g->allow_ro[n].addr, g->allow_ro[n].len) != NULL);
    }
}

static bool valid_variant(uint32_t v) { return v <= RV_FAILURE_U64 || (v >= RV_SUCCESS && v <= RV_SUCCESS_U32_U64); }

static void check_answer(struct process *p, uint32_t cls, const uint32_t in[4],
                         const struct cpu_regs *r, uint32_t pc_after_svc)
{
    switch (cls) {
    case SYSCALL_YIELD:
        /* no upcall: back after the svc; an upcall: its function, in the process's code */
        CHECK(r->r[REG_PC] == pc_after_svc ||
              (r->r[REG_PC] >= p->binary_start && r->r[REG_PC] < p->flash_start + p->flash_size &&
               r->r[REG_LR] == (pc_after_svc | 1u)));
        break;
    case SYSCALL_SUBSCRIBE:
    case SYSCALL_ALLOW_RW:
    case SYSCALL_ALLOW_RO:
    case SYSCALL_ALLOW_USERSPACE_READABLE:
        CHECK(r->r[0] == RV_FAILURE_2U32 || r->r[0] == RV_SUCCESS_2U32);
        if (r->r[0] == RV_FAILURE_2U32)
            CHECK(r->r[2] == in[2] && r->r[3] == in[3]);
        break;
    case SYSCALL_MEMOP:
        CHECK(r->r[0] == RV_FAILURE || r->r[0] == RV_SUCCESS || r->r[0] == RV_SUCCESS_U32);
        break;
    case SYSCALL_EXIT:
        CHECK(r->r[0] == RV_FAILURE && r->r[1] == TOCK_NOSUPPORT);
        break;
    default:
        CHECK(valid_variant(r->r[0]));
        break;
    }
}

/* ---- the steps ------------------------------------------------------------------------ */

static void step_syscall(struct input *in, uint32_t cls)
{
    struct process *p = &B->k.procs[byte(in) % B->k.process_count];
    uint32_t args[4];
    for (int i = 0; i < 4; i++)
        args[i] = reg_value(in, p);
    /* Only a running process can make a system call. Exit-terminate and exit-restart
     * are kept rare so that processes live long enough to do something. */
    if (p->state != PROCESS_RUNNABLE)
        return;
    if (cls == SYSCALL_EXIT && args[0] < 2 && byte(in) < 240)
        args[0] = 2 + args[0];
    uint32_t id = p->id;
    uint32_t pc_after = B->regs[p->index].r[REG_PC] + 2;
    bool keep = false;
    struct cpu_regs r = fake_syscall(B, p, cls, args[0], args[1], args[2], args[3], &keep);
    if (keep)
        CHECK(p->state == PROCESS_RUNNABLE && p->id == id);
    if (cls <= SYSCALL_ALLOW_USERSPACE_READABLE && p->id == id && p->state == PROCESS_RUNNABLE &&
        !(cls == SYSCALL_YIELD && args[0] == YIELD_WAIT_FOR))
        check_answer(p, cls, args, &r, pc_after);
}

static void step_event(struct input *in, uint8_t op)
{
    struct kernel *k = &B->k;
    struct process *p = &k->procs[byte(in) % k->process_count];
    switch (op) {
    case 9:
        kernel_run_next(k);
        break;
    case 10:
        ticks += byte(in) * (1u + byte(in));
        alarm_capsule_fire(&alarm_cap, k);
        break;
    case 11:
        button_capsule_event(&button_cap, k, byte(in) % (BUTTONS + 1), byte(in) & 1);
        break;
    case 12:
        gpio_capsule_interrupt(&gpio_cap, k, byte(in) % (PINS + 2), byte(in) & 1);
        break;
    case 13: {
        uint8_t bytes[16];
        uint32_t n = byte(in) % sizeof bytes;
        for (uint32_t i = 0; i < n; i++)
            bytes[i] = byte(in);
        uint32_t want = console_capsule_rx_wanted(&console_cap);
        console_capsule_receive(&console_cap, k, bytes, n < want ? n : want);
        break;
    }
    default:
        switch (byte(in) % 5) {
        case 0: kernel_process_stop(k, p); break;
        case 1: kernel_process_resume(k, p); break;
        case 2: kernel_process_terminate(k, p, byte(in)); break;
        case 3: kernel_process_restart(k, p); break;
        default: {
            struct cpu_fault f = {.kind = FAULT_KERNEL, .address = 0, .pc = 0};
            if (process_is_alive(p))
                kernel_process_fault(k, p, &f);
            break;
        }
        }
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = {data, size, 0};
    current_input = &in;
    board_reset();
    uint8_t setup = byte(&in), tracing = byte(&in);
    uint32_t nprocs = 1 + setup % 3;
    /* Traces format every argument and result: fuzz that too, some of the time. */
    B->k.trace = tracing & (TRACE_SYSCALLS | TRACE_UPCALLS | TRACE_SCHED);
    B->k.hooks.event = tracing & 0x80 ? on_event : NULL;
    B->k.fault_policy = (enum fault_policy)((setup >> 2) % 3);
    B->k.max_restarts = (setup >> 4) % 4;
    B->k.grant_granule = setup & 0x80 ? 1024 : 8;
    for (uint32_t i = 0; i < nprocs; i++)
        load_process(&in, i);
    kernel_start_processes(&B->k);
    for (uint32_t i = 0; i < B->k.process_count; i++) {
        struct process *p = &B->k.procs[i];
        B->regs[i].r[REG_PC] = p->binary_start;   /* so an svc "returns" into its code */
        fake_syscall(B, p, SYSCALL_MEMOP, 0, p->ram_start + 1024u * (1 + byte(&in) % 12), 0, 0, NULL);
    }

    for (uint32_t steps = 0; in.pos < in.len && steps < 4096; steps++) {
        uint8_t op = byte(&in) % 16;
        if (op <= 7)
            step_syscall(&in, op);
        else if (op == 8)
            step_syscall(&in, 8 + byte(&in));   /* unknown class: the process faults */
        else
            step_event(&in, op);
        for (uint32_t i = 0; i < B->k.process_count; i++)
            check_process(&B->k.procs[i]);
    }
    return 0;
}
