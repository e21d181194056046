/* The part of every Cortex-M board that is the same (see cm_board.h). */
#include "cm_board.h"

#include "cm_cpu.h"
#include "cm_irq.h"
#include "layout.h"
#include "tock/capsules/alarm.h"
#include "tock/capsules/button.h"
#include "tock/capsules/console.h"
#include "tock/capsules/gpio.h"
#include "tock/capsules/led.h"
#include "tock/capsules/low_level_debug.h"
#include "tock/capsules/rng.h"
#include "tock/kstring.h"

#define RX_BUF 256u

/* The one board instance. */
static struct {
    const struct cm_board *b;
    struct kernel k;
    struct cm_cpu cpu;
    struct console_hil console_hil;
    struct console_capsule console;
    struct alarm_hil alarm_hil;
    struct alarm_capsule alarm;
    bool alarm_armed;
    uint64_t alarm_deadline;
    struct led_capsule led;
    struct button_capsule button;
    struct gpio_capsule gpio;
    struct low_level_debug_capsule lldebug;
    struct rng_capsule rng;
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
    if (s.b->buttons)
        button_capsule_event(&s.button, &s.k, index, pressed);
}

void cm_board_gpio_event(uint32_t pin, bool value)
{
    if (s.b->gpio)
        gpio_capsule_interrupt(&s.gpio, &s.k, pin, value);
}

/* ---- set-up ---------------------------------------------------------------------------- */

static void add_capsules(const struct cm_board *b)
{
    struct kernel *k = &s.k;
    s.console_hil = (struct console_hil){NULL, console_write};
    console_capsule_init(&s.console, &s.console_hil);
    kernel_add_driver(k, &s.console.driver);
    s.alarm_hil = (struct alarm_hil){NULL, b->timer.hz, alarm_now, alarm_arm, alarm_disarm};
    alarm_capsule_init(&s.alarm, &s.alarm_hil);
    kernel_add_driver(k, &s.alarm.driver);
    if (b->leds) {
        led_capsule_init(&s.led, b->leds);
        kernel_add_driver(k, &s.led.driver);
    }
    if (b->buttons) {
        button_capsule_init(&s.button, b->buttons);
        kernel_add_driver(k, &s.button.driver);
    }
    if (b->gpio) {
        gpio_capsule_init(&s.gpio, b->gpio);
        kernel_add_driver(k, &s.gpio.driver);
    }
    low_level_debug_capsule_init(&s.lldebug);
    kernel_add_driver(k, &s.lldebug.driver);
    if (b->entropy) {
        rng_capsule_init(&s.rng, b->entropy);
        kernel_add_driver(k, &s.rng.driver);
    }
    if (b->add_drivers)
        b->add_drivers(k);
}

static void report_bad_object(uint32_t offset, const struct tbf_error *e)
{
    kprintf(&s.k, "[board] bad TBF at flash offset 0x%x: field %s at byte %u: %s", (unsigned)offset,
            e->field[0] ? e->field : "?", (unsigned)e->offset, e->reason ? e->reason : "invalid");
    if (e->found || e->expected)
        kprintf(&s.k, " (found 0x%x, expected 0x%x)", (unsigned)e->found, (unsigned)e->expected);
    kprintf(&s.k, "; skipped\n");
    s.refused++;
}

static bool flash_address_ok(const struct tbf_header *t, uint32_t flash_start)
{
    if (!t->has_fixed_addresses || t->fixed_flash == TBF_FIXED_NONE)
        return true;
    uint32_t binary = flash_start + t->header_size + t->protected_trailer_size;
    if (binary == t->fixed_flash)
        return true;
    kprintf(&s.k, "[board] %s: refused: FixedAddresses fixed_flash 0x%08x, but placed at 0x%08x\n",
            t->package_name, (unsigned)t->fixed_flash, (unsigned)binary);
    return false;
}

/* Load one app at flash offset off; false when it is refused. */
static bool load_app(const struct cm_board *b, struct cm_layout *lay, const struct tbf_header *t,
                     uint32_t off)
{
    uint32_t flash_start = b->apps_flash_start + off;
    if (!(t->flags & TBF_FLAG_ENABLED)) {   /* installed but not to be run */
        kprintf(&s.k, "[board] %s: skipped: the TBF is not enabled\n", t->package_name);
        return false;
    }
    if (!flash_address_ok(t, flash_start)) {
        s.refused++;
        return false;
    }
    uint32_t fixed_ram = t->has_fixed_addresses ? t->fixed_ram : TBF_FIXED_NONE;
    uint32_t ram_start, ram_size;
    const char *why = cm_layout_ram(lay, t->minimum_ram_size, fixed_ram, &ram_start, &ram_size);
    if (!why)
        why = cm_layout_mpu_check(lay, flash_start, t->total_size, ram_start, ram_size);
    if (!why && kernel_load_process(&s.k, t, flash_start, (const uint8_t *)(uintptr_t)flash_start,
                                    ram_start, (uint8_t *)(uintptr_t)ram_start, ram_size, &why))
        return true;
    kprintf(&s.k, "[board] %s: refused: %s (minimum_ram_size %u, fixed_ram 0x%08x)\n",
            t->package_name, why, (unsigned)t->minimum_ram_size, (unsigned)fixed_ram);
    s.refused++;
    return false;
}

static uint32_t load_apps(const struct cm_board *b)
{
    struct cm_layout lay = {b->apps_ram_start, b->apps_ram_end, s.cpu.mpu_regions};
    struct tbf_image_iter it;
    struct tbf_header t;
    struct tbf_error e;
    size_t off;
    uint32_t loaded = 0;
    tbf_image_begin(&it, (const uint8_t *)(uintptr_t)b->apps_flash_start,
                    b->apps_flash_end - b->apps_flash_start);
    for (;;) {
        enum tbf_status st = tbf_image_next(&it, &t, &off, &e);
        if (st == TBF_END_OF_IMAGE)
            break;
        if (st == TBF_BAD) {
            report_bad_object((uint32_t)off, &e);
            if (it.pos >= it.len)
                break;
            continue;
        }
        if (load_app(b, &lay, &t, (uint32_t)off))
            loaded++;
    }
    return loaded;
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
        alarm_capsule_fire(&s.alarm, &s.k);
    }
}

static void feed_console(void)
{
    if (!s.rx_len)
        return;
    uint32_t want = console_capsule_rx_wanted(&s.console);
    if (!want)
        return;
    uint32_t n = want < s.rx_len ? want : s.rx_len;
    console_capsule_receive(&s.console, &s.k, s.rx, n);
    for (uint32_t i = n; i < s.rx_len; i++)
        s.rx[i - n] = s.rx[i];
    s.rx_len -= n;
}

/* Nothing can wake any process: no alarm, no console read waiting for input. */
static bool stuck(void)
{
    return !s.alarm_armed && console_capsule_rx_wanted(&s.console) == 0;
}

static void report_deadlock(void)
{
    kprintf(&s.k, "[board] every process is waiting and nothing can wake them:\n");
    for (uint32_t i = 0; i < s.k.process_count; i++) {
        struct process *p = &s.k.procs[i];
        if (p->state == PROCESS_YIELDED)
            kprintf(&s.k, "[board]   %s: yield-wait for any upcall\n", p->name);
        else if (p->state == PROCESS_YIELDED_FOR)
            kprintf(&s.k, "[board]   %s: yield-wait-for driver 0x%x upcall %u\n", p->name,
                    (unsigned)p->wait_driver, (unsigned)p->wait_subscribe);
        else if (p->state == PROCESS_STOPPED)
            kprintf(&s.k, "[board]   %s: stopped\n", p->name);
    }
}

static int run_status(void)
{
    if (s.k.panicked)
        return 3;
    if (s.k.process_count == 0 || s.refused)
        return 2;   /* an app in flash was refused: bad input, as tockemu says */
    for (uint32_t i = 0; i < s.k.process_count; i++) {
        const struct process *p = &s.k.procs[i];
        if (p->state != PROCESS_TERMINATED || !p->exited_cleanly)
            return 1;
    }
    return 0;
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
    add_capsules(b);

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
            report_deadlock();
            break;
        }
        program_wakeup();
        cm_sleep_until_interrupt();
    }
    print_summary();
    int status = run_status();
    if (b->halt)
        b->halt(status);
    for (;;)
        cm_sleep_until_interrupt();
}
