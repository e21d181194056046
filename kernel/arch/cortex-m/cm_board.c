/* The part of every Cortex-M board that is the same (see cm_board.h). */
#include "cm_board.h"

#include "board_boot.h"
#include "cm_cpu.h"
#include "cm_irq.h"
#include "layout.h"
#include "tock/kstring.h"

#define RX_BUF 256u

/* The one board instance. */
static struct {
    const struct cm_board *b;
    struct kernel k;
    struct cm_cpu cpu;
    struct console_hil console_hil;
    struct alarm_hil alarm_hil;
    bool alarm_armed;
    uint64_t alarm_deadline;
    struct board_drivers drivers;
    struct cm_layout layout;
    uint8_t rx[RX_BUF];
    uint32_t rx_len;
    uint32_t refused;          /* TBF objects and apps refused at boot: exit status 2 */
} s;

/* ---- HILs and hooks ------------------------------------------------------------------- */

static void console_write(void *ctx, struct process *p, const uint8_t *buf, uint32_t len)
{
    (void)ctx;
    (void)p;
    s.b->write((const char *)buf, len);
}

static uint64_t alarm_now(void *ctx)
{
    (void)ctx;
    return s.b->timer.now();
}

static void program_wakeup(void)
{
    const struct cm_timer *t = &s.b->timer;
    uint64_t ticks = t->max_ticks;
    if (s.alarm_armed) {
        uint64_t now = t->now();
        uint64_t left = s.alarm_deadline > now ? s.alarm_deadline - now : 1;
        if (left < ticks)
            ticks = left;
    }
    t->wake_after(ticks ? (uint32_t)ticks : 1u);
}

static void alarm_arm(void *ctx, uint64_t deadline)
{
    (void)ctx;
    s.alarm_armed = true;
    s.alarm_deadline = deadline;
    program_wakeup();   /* the timer interrupt preempts a running process on time */
}

static void alarm_disarm(void *ctx)
{
    (void)ctx;
    s.alarm_armed = false;
}

static void kernel_log(void *ctx, const char *text, size_t len)
{
    (void)ctx;
    s.b->write(text, (uint32_t)len);
}

/* ---- events from the board's interrupt service ---------------------------------------- */

void cm_board_console_input(const uint8_t *bytes, uint32_t n)
{
    uint32_t room = RX_BUF - s.rx_len;
    if (n > room)
        n = room;   /* a full buffer drops input, like a UART overrun */
    memcpy(s.rx + s.rx_len, bytes, n);
    s.rx_len += n;
}

void cm_board_button_event(uint32_t index, bool pressed)
{
    if (board_drivers_has(&s.drivers, BOARD_DRIVER_BUTTON))
        button_capsule_event(&s.drivers.button, &s.k, index, pressed);
}

void cm_board_gpio_event(uint32_t pin, bool value)
{
    if (board_drivers_has(&s.drivers, BOARD_DRIVER_GPIO))
        gpio_capsule_interrupt(&s.drivers.gpio, &s.k, pin, value);
}

/* ---- set-up ---------------------------------------------------------------------------- */

static void add_drivers(const struct cm_board *b)
{
    struct board_hils hils = b->devices;
    s.console_hil = (struct console_hil){NULL, console_write};
    s.alarm_hil = (struct alarm_hil){NULL, b->timer.hz, alarm_now, alarm_arm, alarm_disarm};
    hils.console = &s.console_hil;
    hils.alarm = &s.alarm_hil;
    board_drivers_add(&s.k, &s.drivers, &hils, BOARD_DRIVERS_ALL);
}

/* A RAM block aligned for the MPU (cm_layout); the app's TBF stays where it is in flash. */
static const char *place_app(void *ctx, const struct tbf_header *t, uint32_t offset,
                             struct app_slot *slot)
{
    (void)ctx;
    uint32_t flash_start = s.b->apps_flash_start + offset;
    if (t->has_fixed_addresses && t->fixed_flash != TBF_FIXED_NONE &&
        t->fixed_flash != flash_start + t->header_size + t->protected_trailer_size)
        return "its FixedAddresses fixed_flash is not where the app is in flash";
    uint32_t fixed_ram = t->has_fixed_addresses ? t->fixed_ram : TBF_FIXED_NONE;
    uint32_t ram_start, ram_size;
    const char *why = cm_layout_ram(&s.layout, t->minimum_ram_size, fixed_ram, &ram_start, &ram_size);
    if (!why)
        why = cm_layout_mpu_check(&s.layout, flash_start, t->total_size, ram_start, ram_size);
    *slot = (struct app_slot){flash_start, (const uint8_t *)(uintptr_t)flash_start, ram_start,
                              (uint8_t *)(uintptr_t)ram_start, ram_size};
    return why;
}

static uint32_t load_apps(const struct cm_board *b)
{
    s.layout = (struct cm_layout){b->apps_ram_start, b->apps_ram_end, s.cpu.mpu_regions};
    const struct board_loader loader = {NULL, place_app, NULL};
    return board_load_apps(&s.k, (const uint8_t *)(uintptr_t)b->apps_flash_start,
                           b->apps_flash_end - b->apps_flash_start, &loader, &s.refused);
}

/* ---- the loop ------------------------------------------------------------------------ */

static void service_interrupts(void)
{
    int irq;
    while ((irq = cm_irq_take_pending()) >= 0) {
        s.b->service_irq((uint32_t)irq);
        cm_irq_done((uint32_t)irq);
    }
}

/* Also reads the clock on every pass (at least once a time slice or wake-up), which is
 * what lets a board extend a 32-bit counter in software (cm_timer.max_ticks). */
static void fire_alarm_if_due(void)
{
    uint64_t now = s.b->timer.now();
    if (s.alarm_armed && now >= s.alarm_deadline) {
        s.alarm_armed = false;
        alarm_capsule_fire(&s.drivers.alarm, &s.k);
    }
}

static void feed_console(void)
{
    if (!s.rx_len)
        return;
    uint32_t want = console_capsule_rx_wanted(&s.drivers.console);
    if (!want)
        return;
    uint32_t n = want < s.rx_len ? want : s.rx_len;
    console_capsule_receive(&s.drivers.console, &s.k, s.rx, n);
    for (uint32_t i = n; i < s.rx_len; i++)
        s.rx[i - n] = s.rx[i];
    s.rx_len -= n;
}

/* Nothing can wake any process: no alarm, no console read waiting for input. */
static bool stuck(void)
{
    return !s.alarm_armed && console_capsule_rx_wanted(&s.drivers.console) == 0;
}

static void print_summary(void)
{
    uint64_t ms = s.b->timer.now() / (s.b->timer.hz / 1000u);
    kprintf(&s.k, "[board] %u process%s, %llu.%03llu s of board time (real time)\n",
            (unsigned)s.k.process_count, s.k.process_count == 1 ? "" : "es",
            (unsigned long long)(ms / 1000), (unsigned long long)(ms % 1000));
    for (uint32_t i = 0; i < s.k.process_count; i++) {
        const struct process *p = &s.k.procs[i];
        const char *end = process_state_name(p->state);
        if (p->state == PROCESS_TERMINATED)
            end = p->id ? "exited" : "not started";
        kprintf(&s.k,
                "[board]   %-12s id %-3u %-11s code %-3u syscalls %-8llu upcalls %-6llu restarts %u\n",
                p->name, (unsigned)p->id, end, (unsigned)p->exit_code,
                (unsigned long long)p->syscall_count, (unsigned long long)p->upcall_count,
                (unsigned)p->restart_count);
    }
}

static void kernel_panic_hook(void *ctx, struct process *p)
{
    (void)ctx;
    kprintf(&s.k, "[board] kernel panic after a fault of %s: stopping the board\n", p->name);
}

void cm_board_run(const struct cm_board *b)
{
    s.b = b;
    cm_set_panic_output(b->write, b->halt);
    struct kernel_hooks hooks = {.ctx = NULL, .log = kernel_log, .panic = kernel_panic_hook};
    kernel_init(&s.k, &cm_cpu_ops, &s.cpu, &hooks);
    cm_cpu_init(&s.cpu, &s.k, b->cpu_hz, b->slice_us);
    s.k.grant_granule = CM_LAYOUT_GRANULE;
    s.k.fault_policy = b->fault_policy;
    add_drivers(b);

    uint32_t loaded = load_apps(b);
    kprintf(&s.k, "[board] %s: %u app%s loaded, MPU with %u regions, %u ms time slice\n", b->name,
            (unsigned)loaded, loaded == 1 ? "" : "s", (unsigned)s.cpu.mpu_regions,
            (unsigned)(b->slice_us / 1000));
    kernel_start_processes(&s.k);

    for (;;) {
        service_interrupts();
        fire_alarm_if_due();
        feed_console();
        if (s.k.panicked)
            break;
        if (kernel_run_next(&s.k))
            continue;
        if (!kernel_has_live_processes(&s.k))
            break;
        if (b->stop_when_stuck && stuck() && !cm_irq_any_pending()) {
            board_report_deadlock(&s.k);
            break;
        }
        program_wakeup();
        cm_sleep_until_interrupt();
    }
    print_summary();
    int status = (int)board_run_status(&s.k, s.refused);
    if (b->halt)
        b->halt(status);
    for (;;)
        cm_sleep_until_interrupt();
}
