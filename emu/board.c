/* The emulated board and its run loop. */
#define _GNU_SOURCE
#include "board.h"
#include "board_debug.h"
#include "cpu_mux.h"
#include "gdb_server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ALARM_HZ 1000000u           /* board timer: 1 tick = 1 us */
#define LEGACY_IPC_SLOTS 16         /* Tock's NUM_PROCS: process indexes legacy IPC can name */
#define PAGE 1024u
#define HOST_POLL_INTERVAL_NS 5000000ull   /* host events (console, debugger) while apps run */

static uint64_t ticks_to_ns(uint64_t t) { return t * (1000000000ull / ALARM_HZ); }

/* ---- HIL callbacks --------------------------------------------------------------------- */

static void console_write(void *ctx, struct process *p, const uint8_t *buf, uint32_t len)
{
    struct board *b = ctx;
    host_console_write(&b->console, p, buf, len);
}

static uint64_t alarm_now(void *ctx)
{
    struct board *b = ctx;
    return host_clock_now_ns(&b->clock) / (1000000000ull / ALARM_HZ);
}

static void alarm_arm(void *ctx, uint64_t deadline)
{
    struct board *b = ctx;
    b->alarm_armed = true;
    b->alarm_deadline_ticks = deadline;
}

static void alarm_disarm(void *ctx)
{
    ((struct board *)ctx)->alarm_armed = false;
}

/* ---- kernel hooks ---------------------------------------------------------------------- */

static void kernel_log(void *ctx, const char *text, size_t len)
{
    struct board *b = ctx;
    host_console_log(&b->console, text, len);
}

static void kernel_process_changed(void *ctx, struct process *p)
{
    struct board *b = ctx;
    if (!process_is_alive(p))
        host_console_flush(&b->console, p);
}

static void kernel_panic(void *ctx, struct process *p)
{
    struct board *b = ctx;
    fprintf(stdout, "[board] kernel panic after a fault of %s: stopping the board\n", p->name);
    b->stop_requested = true;
}

static uint64_t kernel_now_ns(void *ctx)
{
    return host_clock_now_ns(&((struct board *)ctx)->clock);
}

/* ---- set-up ---------------------------------------------------------------------------- */

/* The registration policy from the board's ipc-bind settings. */
static void set_ipc_policy(struct board *b)
{
    ipc_policy_init(&b->ipc_policy);
    for (uint32_t i = 0; i < b->cfg.ipc_bind_count; i++) {
        const struct ipc_bind *bind = &b->cfg.ipc_binds[i];
        if (bind->by_short_id)
            ipc_policy_bind_short_id(&b->ipc_policy, bind->service, bind->short_id);
        else
            ipc_policy_bind_app_id(&b->ipc_policy, bind->service, (const uint8_t *)bind->app,
                                   (uint32_t)strlen(bind->app));
    }
}

/* The app flash driver changes a process's flash: the board's flash image (restarts see
 * it) and what the process's engine reads. Only engine processes have writeable flash
 * regions (native apps have no TBF header). */
static void write_process_flash(void *ctx, struct process *p, uint32_t addr, const uint8_t *buf,
                                uint32_t len)
{
    struct board *b = ctx;
    uint8_t *image = b->flash.data + (p->flash - b->flash.data);
    memcpy(image + (addr - p->flash_start), buf, len);
    engine_write_flash(p, addr, buf, len);
}

/* Every driver the board-wide table has, on the host's models of the devices. */
static void add_drivers(struct board *b)
{
    b->console_hil = (struct console_hil){b, console_write};
    b->alarm_hil = (struct alarm_hil){b, ALARM_HZ, alarm_now, alarm_arm, alarm_disarm};
    set_ipc_policy(b);
    struct board_hils hils = {
        .console = &b->console_hil,
        .alarm = &b->alarm_hil,
        .leds = &b->dev.led,
        .buttons = &b->dev.button,
        .gpio = &b->dev.gpio,
        .entropy = &b->dev.entropy,
        .ipc_policy = &b->ipc_policy,
        .legacy_ipc_slots = LEGACY_IPC_SLOTS,
        .date_time = &b->rtc.hil,
        .sha = &b->crypto.sha,
        .hmac = &b->crypto.hmac,
        .aes = &b->crypto.aes,
        .crc = &b->crypto.crc,
        .ninedof = &b->sensors.hils[SENSOR_DEVICE_NINEDOF],
        .adc = &b->sensors.hils[SENSOR_DEVICE_ADC],
        .storage = &b->storage.device,
        .nv_size = HOST_STORAGE_NV_SIZE,
        .invs_region_size = HOST_STORAGE_INVS_REGION,
        .kv = &b->storage.kv,
        .app_flash = &b->storage.app_flash,
    };
    for (uint32_t i = 0; i < SENSOR_KIND_COUNT; i++)
        hils.sensors[i] = &b->sensors.hils[i];
    host_hmi_hils(&b->hmi, &hils);
    board_drivers_add(&b->k, &b->drivers, &hils, b->cfg.capsules);
    host_rtc_attach(&b->rtc, &b->drivers.date_time);
}

int board_init(struct board *b, const struct board_config *cfg, char *err, size_t n)
{
    memset(b, 0, sizeof *b);
    b->cfg = *cfg;
    if (board_config_check(cfg, err, n))
        return -1;
    b->memory = (struct board_memory){.flash_base = cfg->flash_base, .flash_size = cfg->flash_size,
                                      .ram_base = cfg->ram_base, .ram_size = cfg->ram_size,
                                      .process_ram = cfg->process_ram,
                                      .grant_reserve = cfg->grant_reserve};
    if (flash_image_init(&b->flash, cfg->flash_size, err, n))
        return -1;
    b->ram = aligned_alloc(4096, (cfg->ram_size + 4095) & ~4095u);
    if (!b->ram) {
        snprintf(err, n, "cannot allocate %u bytes of board RAM", cfg->ram_size);
        return -1;
    }
    host_console_init(&b->console, stdout, cfg->prefix);
    host_devices_init(&b->dev, cfg->leds, cfg->buttons, cfg->gpio_pins, cfg->seed,
                      cfg->show_leds ? stdout : NULL);
    if (host_hmi_init(&b->hmi, &cfg->hmi, &b->clock, stdout, err, n))
        return -1;
    b->loop = event_loop_create(cfg->loop, err, n);
    if (!b->loop)
        return -1;

    struct kernel_hooks hooks = {.ctx = b, .log = kernel_log,
                                 .process_changed = kernel_process_changed, .panic = kernel_panic,
                                 .now_ns = kernel_now_ns};
    /* every process through the mux: ARM apps on engines, host-built apps native */
    struct cpu_mux *mux = cpu_mux_create(&b->k, &b->engines);
    if (!mux) {
        snprintf(err, n, "out of memory");
        return -1;
    }
    kernel_init(&b->k, &cpu_mux_ops, mux, &hooks);
    b->k.fault_policy = cfg->fault_policy;
    b->k.max_restarts = cfg->max_restarts;
    b->k.appid_policy = cfg->appid;
    b->k.trace = cfg->trace;
    b->k.grant_granule = PAGE;   /* the engine protects memory in whole pages */

    bool virtual_clock = cfg->clock == CLOCK_VIRTUAL;
    uint32_t slice = virtual_clock ? (uint32_t)(cfg->slice_us * (VIRTUAL_CPU_HZ / 1000000))
                                   : cfg->slice_us;
    if (engines_init(&b->engines, &b->k, cfg->cpu,
                     virtual_clock ? PREEMPT_INSTRUCTIONS : PREEMPT_WATCHDOG, slice, err, n))
        return -1;
    host_clock_init(&b->clock, cfg->clock, cfg->clock_scale, &b->engines.retired);
    int64_t rtc_start = cfg->rtc_set ? cfg->rtc_start_s : (int64_t)time(NULL);
    if (host_rtc_init(&b->rtc, &b->k, &b->clock, &b->device_events, rtc_start)) {
        snprintf(err, n, "too many device models for one board");
        return -1;
    }
    if (host_crypto_init(&b->crypto, kernel_now_ns, b, &b->device_events, err, n))
        return -1;
    if (sensor_model_init(&b->sensors, &cfg->sensors, err, n))
        return -1;
    b->sensors.clock = kernel_now_ns;
    b->sensors.clock_ctx = b;
    if (host_storage_open(&b->storage, cfg->storage, write_process_flash, b, err, n))
        return -1;
    add_drivers(b);
    host_input_init(&b->input, STDIN_FILENO, b->loop);
    return 0;
}

int board_add_file(struct board *b, const char *path, char *err, size_t n)
{
    const char *native = cpu_mux_native_path(path);   /* native:PATH or an x86-64 ELF */
    if (native)
        return cpu_mux_add_native(cpu_mux_of(&b->k), native, err, n);
    return flash_image_add_file(&b->flash, path, b->cfg.cpu, err, n);
}

static const char *place_app(void *ctx, const struct tbf_header *t, uint32_t offset,
                             struct app_slot *slot)
{
    struct board *b = ctx;
    struct app_place at;
    if (app_place(&b->memory, t, offset, &at, b->place_why, sizeof b->place_why))
        return b->place_why;
    *slot = (struct app_slot){at.flash_start, b->flash.data + offset, at.ram_start,
                              b->ram + (at.ram_start - b->cfg.ram_base), at.ram_size};
    return NULL;
}

static const char *source_of(void *ctx, uint32_t offset)
{
    struct board *b = ctx;
    return flash_image_source_of(&b->flash, offset);
}

int board_boot(struct board *b)
{
    struct tbf_image_iter it;
    struct tbf_header t;
    struct tbf_error e;
    size_t off;
    enum tbf_status st;

    /* Count first: engines need address space that must be checked up front. */
    uint32_t apps = 0;
    tbf_image_begin(&it, b->flash.data, b->flash.used);
    while ((st = tbf_image_next(&it, &t, &off, &e)) != TBF_END_OF_IMAGE)
        if (st == TBF_OK)
            apps++;
        else if (it.pos >= it.len)
            break;
    char err[256];
    if (!engines_fit(apps, err, sizeof err)) {
        fprintf(stdout, "[board] cannot start: %s\n", err);
        return 0;
    }

    const struct board_loader loader = {b, place_app, source_of};
    uint32_t loaded = board_load_apps(&b->k, b->flash.data, b->flash.used, &loader, &b->refused);
    for (uint32_t i = 0; i < cpu_mux_native_count(cpu_mux_of(&b->k)); i++) {
        struct process *p = cpu_mux_load_native(cpu_mux_of(&b->k), i, &b->cfg);
        b->refused += p == NULL;   /* the native backend said why */
        loaded += p != NULL;
    }
    for (uint32_t i = 0; i < b->k.process_count; i++)   /* what apps saved in earlier runs */
        host_storage_restore(&b->storage, &b->k.procs[i]);
    for (uint32_t i = 0; i < b->k.process_count; i++)   /* the console's name column */
        if (strlen(b->k.procs[i].name) > b->console.name_width)
            b->console.name_width = (unsigned)strlen(b->k.procs[i].name);
    kernel_start_processes(&b->k);
    return (int)loaded;
}

/* ---- the run loop ---------------------------------------------------------------------- */

/* A reader waiting for console input gets what stdin holds at this moment (docs/time.md). */
static void feed_console(struct board *b)
{
    if (!board_drivers_has(&b->drivers, BOARD_DRIVER_CONSOLE))
        return;
    uint32_t want = console_capsule_rx_wanted(&b->drivers.console);
    if (!want)
        return;
    uint32_t have = host_input_fill(&b->input);
    uint32_t n = want < have ? want : have;
    if (!n)
        return;
    console_capsule_receive(&b->drivers.console, &b->k, b->input.buf, n);
    host_input_consume(&b->input, n);
}

/* Board time of the next scripted button event (press or release), if any. */
static bool next_press_event(struct board *b, uint64_t *at, uint32_t *which, bool *release)
{
    bool found = false;
    for (uint32_t i = 0; i < b->cfg.press_count; i++) {
        const struct button_press *bp = &b->cfg.presses[i];
        if (b->press_released[i])
            continue;
        bool pressed = b->dev.buttons[bp->button < HOST_MAX_BUTTONS ? bp->button : 0] &&
                       i < b->press_next;
        uint64_t t = i < b->press_next ? bp->at_ns + bp->hold_ns : bp->at_ns;
        if (!found || t < *at) {
            *at = t;
            *which = i;
            *release = i < b->press_next;
            found = true;
        }
        (void)pressed;
    }
    return found;
}

static void fire_due_events(struct board *b)
{
    uint64_t now = host_clock_now_ns(&b->clock);
    if (b->alarm_armed && ticks_to_ns(b->alarm_deadline_ticks) <= now) {
        b->alarm_armed = false;
        alarm_capsule_fire(&b->drivers.alarm, &b->k);
    }
    device_events_fire_due(&b->device_events, now);
    sensor_model_fire_due(&b->sensors, now);
    uint64_t at;
    uint32_t i;
    bool release;
    while (next_press_event(b, &at, &i, &release) && at <= now) {
        uint32_t button = b->cfg.presses[i].button;
        if (release)
            b->press_released[i] = true;
        else
            b->press_next = i + 1;
        if (button >= b->dev.button.count) {
            fprintf(stdout, "[board] press: the board has no button %u (it has %u)\n", button,
                    b->dev.button.count);
            continue;
        }
        b->dev.buttons[button] = !release;
        if (board_drivers_has(&b->drivers, BOARD_DRIVER_BUTTON))
            button_capsule_event(&b->drivers.button, &b->k, button, !release);
    }
    host_hmi_fire(&b->hmi, &b->k, &b->drivers);
}

static uint64_t board_time_limit_ns(const struct board *b)
{
    return (uint64_t)(b->cfg.board_time_s * 1e9);
}

static bool past_board_time(struct board *b)
{
    uint64_t limit = board_time_limit_ns(b);
    if (limit && host_clock_now_ns(&b->clock) >= limit) {
        b->board_time_reached = true;
        return true;
    }
    return false;
}

/* The next board time something happens by itself (an alarm, a crypto engine finishing,
 * a button event). */
static bool next_event(struct board *b, uint64_t *at)
{
    bool found = false;
    if (b->alarm_armed) {
        *at = ticks_to_ns(b->alarm_deadline_ticks);
        found = true;
    }
    uint64_t t;
    if (device_events_next(&b->device_events, &t) && (!found || t < *at)) {
        *at = t;
        found = true;
    }
    uint32_t i;
    bool release;
    if (next_press_event(b, &t, &i, &release) && (!found || t < *at)) {
        *at = t;
        found = true;
    }
    if (sensor_model_next_event(&b->sensors, &t) && (!found || t < *at)) {
        *at = t;
        found = true;
    }
    if (host_hmi_next_event(&b->hmi, &t) && (!found || t < *at)) {
        *at = t;
        found = true;
    }
    uint64_t limit = board_time_limit_ns(b);
    if (limit && (!found || limit < *at)) {
        *at = limit;
        found = true;
    }
    return found;
}

/* Virtual clock: a slice ends no later than the next event, so timers fire on time. */
static void limit_slice(struct board *b)
{
    if (b->cfg.clock != CLOCK_VIRTUAL)
        return;
    uint64_t full = (uint64_t)b->cfg.slice_us * (VIRTUAL_CPU_HZ / 1000000);
    uint64_t at, now = host_clock_now_ns(&b->clock);
    if (next_event(b, &at) && at > now) {
        uint64_t insns = (at - now) * VIRTUAL_CPU_HZ / 1000000000ull + 1;
        b->engines.slice_instructions = (uint32_t)(insns < full ? insns : full);
    } else {
        b->engines.slice_instructions = (uint32_t)full;
    }
}

static bool console_waits_for_input(struct board *b)
{
    return board_drivers_has(&b->drivers, BOARD_DRIVER_CONSOLE) &&
           console_capsule_rx_wanted(&b->drivers.console);
}

static bool past_wall_deadline(struct board *b, uint64_t wall_deadline)
{
    if (wall_deadline && event_loop_now_ns() >= wall_deadline) {
        b->timed_out = true;
        return true;
    }
    return false;
}

/* Virtual clock, an app waiting for console input from a live source (a pipe or terminal
 * still open): board time does not run ahead of the host. Wait as much host time as the
 * jump to board time at would skip; true when it passed with nothing arriving (jump now),
 * false when input, another host event or the --timeout came first. */
static bool jump_waited_out(struct board *b, uint64_t at, uint64_t wall_deadline)
{
    uint64_t board_now = host_clock_now_ns(&b->clock);
    uint64_t now = event_loop_now_ns();
    uint64_t until = now + (at > board_now ? at - board_now : 0);   /* at: maybe due already */
    bool timeout_first = wall_deadline && wall_deadline < until;
    if (timeout_first)
        until = wall_deadline;
    host_input_wake_on_input(&b->input);
    event_loop_poll(b->loop, until > now ? (int64_t)(until - now) : 0);
    return !timeout_first && event_loop_now_ns() >= until && !host_input_fill(&b->input);
}

/* Nothing can run: move time on, or wait for the host. Returns false to stop the board. */
static bool idle(struct board *b, uint64_t wall_deadline)
{
    uint64_t at;
    bool has_event = next_event(b, &at);
    bool reader = console_waits_for_input(b);
    if (reader && host_input_fill(&b->input))
        return true;   /* input is there: the reader gets it at this board time */
    bool waits_input = reader && b->input.open;
    if (b->cfg.clock == CLOCK_VIRTUAL && has_event) {
        if (waits_input && b->input.live && !jump_waited_out(b, at, wall_deadline))
            return true;
        host_clock_advance_to(&b->clock, at);
        event_loop_poll(b->loop, 0);
        return true;
    }
    if (!has_event && !waits_input && !board_debug_keeps_board_alive(b)) {
        board_report_deadlock(&b->k);
        return false;
    }
    if (waits_input)
        host_input_wake_on_input(&b->input);
    int64_t timeout = -1;
    uint64_t now = event_loop_now_ns();
    if (has_event) {
        uint64_t host_at = host_clock_host_deadline(&b->clock, at);
        timeout = host_at > now ? (int64_t)(host_at - now) : 0;
    }
    if (wall_deadline) {
        int64_t left = wall_deadline > now ? (int64_t)(wall_deadline - now) : 0;
        if (timeout < 0 || left < timeout)
            timeout = left;
    }
    event_loop_poll(b->loop, timeout);
    return true;
}

enum board_status board_run(struct board *b)
{
    uint64_t wall_deadline = b->cfg.timeout_s > 0
                                 ? event_loop_now_ns() + (uint64_t)(b->cfg.timeout_s * 1e9)
                                 : 0;
    uint64_t next_host_poll = 0;
    while (!b->stop_requested && !b->k.panicked && !past_board_time(b)) {
        gdb_server_poll(b->gdb);   /* a debugger attaching or Ctrl-C stops the board here */
        fire_due_events(b);
        feed_console(b);
        limit_slice(b);
        if (kernel_run_next(&b->k)) {
            /* By host time, so a console client is answered while an app computes; what
             * the loop delivers never changes what the apps see (docs/time.md). */
            uint64_t now = event_loop_now_ns();
            if (now >= next_host_poll) {
                next_host_poll = now + HOST_POLL_INTERVAL_NS;
                event_loop_poll(b->loop, 0);
                if (past_wall_deadline(b, wall_deadline))
                    break;
            }
            continue;
        }
        bool keep = board_debug_keeps_board_alive(b);   /* a console client may restart one */
        if ((!kernel_has_live_processes(&b->k) && !keep) || !idle(b, wall_deadline) ||
            past_wall_deadline(b, wall_deadline))
            break;
    }
    if (b->timed_out)
        fprintf(stdout, "[board] timeout: stopped after %.3g s of host time\n", b->cfg.timeout_s);
    if (b->board_time_reached)
        fprintf(stdout, "[board] board time limit: stopped at %.3g s of board time\n",
                b->cfg.board_time_s);
    for (uint32_t i = 0; i < b->k.process_count; i++)
        host_console_flush(&b->console, &b->k.procs[i]);
    char err[600];
    if (host_hmi_finish(&b->hmi, err, sizeof err)) {
        fprintf(stderr, "tockemu: %s\n", err);
        return BOARD_SETUP_ERROR;
    }

    return board_run_status(&b->k, b->refused);
}

static void describe_end(const struct process *p, char *buf, size_t n)
{
    switch (p->state) {
    case PROCESS_TERMINATED:
        if (p->exited_cleanly || p->id)
            snprintf(buf, n, "exited %u", p->exit_code);
        else
            snprintf(buf, n, "not started");
        break;
    case PROCESS_FAULTED:
        snprintf(buf, n, "faulted");
        break;
    default:
        snprintf(buf, n, "%s", process_state_name(p->state));
        break;
    }
}

void board_print_summary(struct board *b)
{
    double board_s = (double)host_clock_now_ns(&b->clock) / 1e9;
    fprintf(stdout, "[board] %u process%s, %s clock, %.3f s of board time, %s event loop\n",
            b->k.process_count, b->k.process_count == 1 ? "" : "es",
            clock_mode_name(b->cfg.clock), board_s, event_loop_backend_name(b->loop));
    for (uint32_t i = 0; i < b->k.process_count; i++) {
        const struct process *p = &b->k.procs[i];
        char end[32];
        describe_end(p, end, sizeof end);
        fprintf(stdout, "[board]   %-*s id %-3u %-12s syscalls %-8llu upcalls %-6llu restarts %u",
                (int)b->console.name_width, p->name, p->id, end,
                (unsigned long long)p->syscall_count, (unsigned long long)p->upcall_count,
                p->restart_count);
        if (p->dropped_upcalls)   /* the upcall queue (10) was full */
            fprintf(stdout, "  dropped upcalls %u", p->dropped_upcalls);
        fputc('\n', stdout);
    }
    fflush(stdout);
}

void board_request_stop(struct board *b)
{
    b->stop_requested = true;
    if (b->loop)
        event_loop_wake(b->loop);
}

void board_destroy(struct board *b)
{
    board_debug_stop(b);
    host_input_stop(&b->input);
    if (b->k.cpu) {
        for (uint32_t i = 0; i < b->k.process_count; i++)
            b->k.cpu->destroy(b->k.cpu_ctx, &b->k.procs[i]);
        cpu_mux_destroy(cpu_mux_of(&b->k));
    }
    engines_shutdown(&b->engines);
    if (b->loop)
        event_loop_destroy(b->loop);
    flash_image_free(&b->flash);
    sensor_model_free(&b->sensors);
    host_hmi_free(&b->hmi);
    free(b->ram);
    host_crypto_destroy(&b->crypto);
    host_storage_close(&b->storage);
}
