/* Board settings: defaults, one setter per key, and the configuration file reader. */
#include "board_config.h"
#include "board_drivers.h"
#include "host_rtc.h"
#include "host_devices.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void board_config_defaults(struct board_config *c)
{
    memset(c, 0, sizeof *c);
    c->cpu = CPU_CORTEX_M4;
    c->clock = CLOCK_VIRTUAL;
    c->clock_scale = 1.0;
    c->fault_policy = FAULT_POLICY_STOP;
    c->max_restarts = 8;
    c->appid = APPID_POLICY_TBF_SHORT_ID;
    c->flash_base = 0x00040000;
    c->flash_size = 4u << 20;
    c->ram_base = 0x20000000;
    c->ram_size = 4u << 20;
    c->grant_reserve = 2048;
    c->slice_us = 10000;     /* Tock's default time slice */
    c->leds = 4;
    c->buttons = 2;
    c->gpio_pins = 8;
    c->capsules = BOARD_DRIVERS_ALL;
    sensor_settings_defaults(&c->sensors);
    c->prefix = true;
    c->loop = EVENT_LOOP_AUTO;
    hmi_config_defaults(&c->hmi);
}

static int fail(char *err, size_t n, const char *key, const char *value, const char *expect)
{
    snprintf(err, n, "setting '%s': '%s' is not %s", key, value, expect);
    return -1;
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s || *s == '-')
        return -1;
    if (*end == 'K' || *end == 'k')
        v <<= 10, end++;
    else if (*end == 'M' || *end == 'm')
        v <<= 20, end++;
    if (*end)
        return -1;
    *out = v;
    return 0;
}

static int parse_u32(const char *s, uint32_t *out)
{
    uint64_t v;
    if (parse_u64(s, &v) || v > UINT32_MAX)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

static int parse_seconds(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || v < 0)
        return -1;
    *out = v;
    return 0;
}

/* "0@500" or "1@1200+300": button, press time in ms, optional hold in ms (default 50). */
static int parse_press(struct board_config *c, const char *s)
{
    unsigned button;
    double at_ms, hold_ms = 50;
    int n = 0;
    if (sscanf(s, "%u@%lf%n", &button, &at_ms, &n) != 2)
        return -1;
    if (s[n] == '+') {
        int m = 0;
        if (sscanf(s + n + 1, "%lf%n", &hold_ms, &m) != 1)
            return -1;
        n += 1 + m;
    }
    if (s[n] || at_ms < 0 || hold_ms <= 0)
        return -1;
    c->presses[c->press_count++] = (struct button_press){
        button, (uint64_t)(at_ms * 1e6), (uint64_t)(hold_ms * 1e6)};
    return 0;
}

/* "keystore:keystore" or "keystore:#0x1234". */
static int parse_ipc_bind(struct board_config *c, const char *s)
{
    const char *colon = strchr(s, ':');
    if (!colon || colon == s || !colon[1] || c->ipc_bind_count == BOARD_MAX_IPC_BINDS)
        return -1;
    struct ipc_bind *b = &c->ipc_binds[c->ipc_bind_count];
    memset(b, 0, sizeof *b);
    size_t service_len = (size_t)(colon - s);
    if (service_len >= sizeof b->service || strlen(colon + 1) >= sizeof b->app)
        return -1;
    memcpy(b->service, s, service_len);
    if (colon[1] == '#') {
        if (parse_u32(colon + 2, &b->short_id) || b->short_id == 0)
            return -1;
        b->by_short_id = true;
    } else {
        strcpy(b->app, colon + 1);
    }
    c->ipc_bind_count++;
    return 0;
}

/* Comma-separated names into bits; names[i] is bit i. */
static int parse_list(const char *s, const char *const *names, uint32_t count, uint32_t *out)
{
    uint32_t bits = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *save, *tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
        uint32_t i = 0;
        while (i < count && strcasecmp(tok, names[i]) != 0)
            i++;
        if (i == count) {
            if (strcasecmp(tok, "all") == 0) {
                bits |= (1u << count) - 1;
                continue;
            }
            if (strcasecmp(tok, "none") == 0)
                continue;
            return -1;
        }
        bits |= 1u << i;
    }
    *out = bits;
    return 0;
}

/* Comma-separated driver names from the board's driver table, "all" or "none". */
static int parse_drivers(const char *s, uint64_t *out)
{
    uint64_t bits = 0;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *save, *tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
        uint32_t i = 0;
        while (board_driver_name(i) && strcasecmp(tok, board_driver_name(i)) != 0)
            i++;
        if (board_driver_name(i))
            bits |= 1ull << i;
        else if (strcasecmp(tok, "all") == 0)
            bits |= BOARD_DRIVERS_ALL;
        else if (strcasecmp(tok, "none") != 0)
            return -1;
    }
    *out = bits;
    return 0;
}

/* "console, alarm, ..." */
static void driver_names(char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (uint32_t i = 0; board_driver_name(i) && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? ", " : "", board_driver_name(i));
}

static int parse_choice(const char *s, const char *const *names, int count)
{
    for (int i = 0; i < count; i++)
        if (strcasecmp(s, names[i]) == 0)
            return i;
    return -1;
}

static const char *const trace_names[] = {"syscalls", "upcalls", "ipc", "sched"};
static const char *const policy_names[] = {"stop", "restart", "panic"};
static const char *const appid_names[] = {"tbf", "name", "unique"};
static const char *const clock_names[] = {"virtual", "real"};
static const char *const loop_names[] = {"auto", "io_uring", "epoll"};
static const char *const bool_names[] = {"no", "yes", "false", "true", "off", "on", "0", "1"};

#define COUNT(a) (int)(sizeof(a) / sizeof((a)[0]))

int board_config_set(struct board_config *c, const char *key, const char *v, char *err, size_t n)
{
    int i = hmi_config_set(&c->hmi, key, v, err, n);
    if (i <= 0)
        return i;
    if (!strcmp(key, "cpu")) {
        enum cpu_model m;
        if (cpu_model_parse(v, &m))
            return fail(err, n, key, v, "cortex-m0, cortex-m3 or cortex-m4");
        c->cpu = m;
    } else if (!strcmp(key, "clock")) {
        if ((i = parse_choice(v, clock_names, COUNT(clock_names))) < 0)
            return fail(err, n, key, v, "virtual or real");
        c->clock = (enum clock_mode)i;
    } else if (!strcmp(key, "clock-scale")) {
        if (parse_seconds(v, &c->clock_scale) || c->clock_scale <= 0)
            return fail(err, n, key, v, "a positive number");
    } else if (!strcmp(key, "fault-policy")) {
        if ((i = parse_choice(v, policy_names, COUNT(policy_names))) < 0)
            return fail(err, n, key, v, "stop, restart or panic");
        c->fault_policy = (enum fault_policy)i;
    } else if (!strcmp(key, "max-restarts")) {
        if (parse_u32(v, &c->max_restarts))
            return fail(err, n, key, v, "a number");
    } else if (!strcmp(key, "appid")) {
        if ((i = parse_choice(v, appid_names, COUNT(appid_names))) < 0)
            return fail(err, n, key, v, "tbf, name or unique");
        c->appid = (enum appid_policy)i;
    } else if (!strcmp(key, "flash-base") || !strcmp(key, "flash-size") ||
               !strcmp(key, "ram-base") || !strcmp(key, "ram-size") ||
               !strcmp(key, "process-ram") || !strcmp(key, "grant-reserve")) {
        uint32_t *field = !strcmp(key, "flash-base")   ? &c->flash_base
                          : !strcmp(key, "flash-size") ? &c->flash_size
                          : !strcmp(key, "ram-base")   ? &c->ram_base
                          : !strcmp(key, "ram-size")   ? &c->ram_size
                          : !strcmp(key, "process-ram") ? &c->process_ram
                                                        : &c->grant_reserve;
        uint32_t val;
        if (parse_u32(v, &val) || (val & 1023))
            return fail(err, n, key, v, "a multiple of 1024 (suffix K or M allowed)");
        *field = val;
    } else if (!strcmp(key, "slice-us")) {
        if (parse_u32(v, &c->slice_us) || c->slice_us < 100)
            return fail(err, n, key, v, "a number of microseconds >= 100");
    } else if (!strcmp(key, "leds") || !strcmp(key, "buttons") || !strcmp(key, "gpio-pins")) {
        uint32_t val, max = !strcmp(key, "leds") ? HOST_MAX_LEDS : !strcmp(key, "buttons") ? HOST_MAX_BUTTONS : HOST_MAX_GPIO;
        if (parse_u32(v, &val) || val > max) {
            char expect[48];
            snprintf(expect, sizeof expect, "a number from 0 to %u", max);
            return fail(err, n, key, v, expect);
        }
        *(!strcmp(key, "leds") ? &c->leds : !strcmp(key, "buttons") ? &c->buttons : &c->gpio_pins) = val;
    } else if (!strcmp(key, "seed")) {
        if (parse_u64(v, &c->seed))
            return fail(err, n, key, v, "a number");
    } else if (!strcmp(key, "rtc")) {
        if (host_rtc_parse(v, &c->rtc_start_s))
            return fail(err, n, key, v, "a UTC date and time like 2023-01-01T12:30:00");
        c->rtc_set = true;
    } else if (!strcmp(key, "capsules")) {
        if (parse_drivers(v, &c->capsules)) {
            char names[512], expect[600];
            driver_names(names, sizeof names);
            snprintf(expect, sizeof expect, "a list of %s (or all, none)", names);
            return fail(err, n, key, v, expect);
        }
    } else if (!strcmp(key, "trace")) {
        if (parse_list(v, trace_names, COUNT(trace_names), &c->trace))
            return fail(err, n, key, v, "a list of syscalls, upcalls, ipc, sched");
    } else if (!strcmp(key, "timeout")) {
        if (parse_seconds(v, &c->timeout_s))
            return fail(err, n, key, v, "a number of seconds");
    } else if (!strcmp(key, "board-time")) {
        if (parse_seconds(v, &c->board_time_s))
            return fail(err, n, key, v, "a number of seconds");
    } else if (!strcmp(key, "press")) {
        if (c->press_count == BOARD_MAX_PRESSES) {
            snprintf(err, n, "setting '%s': '%s': a board takes at most %d button presses", key, v,
                     BOARD_MAX_PRESSES);
            return -1;
        }
        if (parse_press(c, v))
            return fail(err, n, key, v, "BUTTON@MS or BUTTON@MS+HOLD_MS");
    } else if (!strcmp(key, "ipc-bind")) {
        if (parse_ipc_bind(c, v))
            return fail(err, n, key, v, "SERVICE:APP or SERVICE:#SHORTID (at most 16)");
    } else if (!strcmp(key, "storage")) {
        if (strlen(v) >= sizeof c->storage)
            return fail(err, n, key, v, "a path shorter than 4096 bytes");
        strcpy(c->storage, v);
    } else if (!strcmp(key, "event-loop")) {
        if ((i = parse_choice(v, loop_names, COUNT(loop_names))) < 0)
            return fail(err, n, key, v, "auto, io_uring or epoll");
        c->loop = (enum event_loop_backend)i;
    } else if (!strcmp(key, "prefix") || !strcmp(key, "show-leds") || !strcmp(key, "quiet")) {
        if ((i = parse_choice(v, bool_names, COUNT(bool_names))) < 0)
            return fail(err, n, key, v, "yes or no");
        *(!strcmp(key, "prefix") ? &c->prefix : !strcmp(key, "show-leds") ? &c->show_leds : &c->quiet) = i & 1;
    } else if (sensor_settings_key(key)) {
        return sensor_settings_set(&c->sensors, key, v, err, n);
    } else {
        snprintf(err, n, "unknown setting '%s' (see --help for the list)", key);
        return -1;
    }
    return 0;
}

#define SYSTEM_REGION 0xE0000000u   /* Cortex-M PPB and vendor system space, EXC_RETURN values */

/* [base, base+size) as a board memory named `what` (settings base_key and size_key). */
static int check_region(const char *what, const char *base_key, const char *size_key,
                        uint32_t base, uint32_t size, char *err, size_t n)
{
    uint64_t end = (uint64_t)base + size;
    if (size == 0) {
        snprintf(err, n, "setting '%s': the board needs some %s", size_key, what);
        return -1;
    }
    if (end > SYSTEM_REGION) {
        snprintf(err, n, "setting '%s': %s 0x%08x + %s 0x%x ends at 0x%llx, beyond 0x%08x "
                         "where the Cortex-M system region begins",
                 base_key, what, base, size_key, size, (unsigned long long)end, SYSTEM_REGION);
        return -1;
    }
    return 0;
}

int board_config_check(const struct board_config *c, char *err, size_t n)
{
    if (check_region("flash", "flash-base", "flash-size", c->flash_base, c->flash_size, err, n) ||
        check_region("RAM", "ram-base", "ram-size", c->ram_base, c->ram_size, err, n))
        return -1;
    if (c->grant_reserve > c->ram_size || c->process_ram > c->ram_size) {
        bool grant = c->grant_reserve > c->ram_size;
        snprintf(err, n, "setting '%s': %u bytes is more than ram-size (%u)",
                 grant ? "grant-reserve" : "process-ram", grant ? c->grant_reserve : c->process_ram,
                 c->ram_size);
        return -1;
    }
    if (c->ram_base < c->flash_base + c->flash_size && c->flash_base < c->ram_base + c->ram_size) {
        snprintf(err, n, "setting 'ram-base': RAM 0x%08x-0x%08x overlaps flash 0x%08x-0x%08x "
                         "(flash-base, flash-size): every engine maps both",
                 c->ram_base, c->ram_base + c->ram_size - 1, c->flash_base,
                 c->flash_base + c->flash_size - 1);
        return -1;
    }
    return 0;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

int board_config_load(struct board_config *c, const char *path, char *err, size_t n)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, n, "%s: %s", path, strerror(errno));
        return -1;
    }
    char line[512], msg[256];
    int lineno = 0, rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *s = trim(line);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, n, "%s:%d: expected 'key = value', got '%s'", path, lineno, s);
            rc = -1;
            break;
        }
        *eq = '\0';
        if (board_config_set(c, trim(s), trim(eq + 1), msg, sizeof msg)) {
            snprintf(err, n, "%s:%d: %s", path, lineno, msg);
            rc = -1;
        }
    }
    fclose(f);
    return rc;
}

static const char settings_help[] =
    "Board settings (in a --board file as 'key = value', or with --set key=value):\n"
    "  cpu            cortex-m0 | cortex-m3 | cortex-m4 (default cortex-m4)\n"
    "  clock          virtual | real (default virtual: deterministic, idle time skipped)\n"
    "  clock-scale    real clock speed factor (default 1)\n"
    "  fault-policy   stop | restart | panic (default stop)\n"
    "  max-restarts   restarts before a faulting process is stopped (default 8)\n"
    "  appid          tbf | name | unique: ShortId from the TBF header, a CRC-32 of the\n"
    "                 package name, or locally unique (default tbf, falling back to name)\n"
    "  flash-base, flash-size, ram-base, ram-size   board memory (defaults 0x40000 4M,\n"
    "                 0x20000000 4M)\n"
    "  process-ram    RAM per process (default: the app's minimum_ram_size + grant-reserve)\n"
    "  grant-reserve  extra RAM per process for grants and page rounding (default 2K)\n"
    "  slice-us       time slice before preemption (default 10000)\n"
    "  leds, buttons, gpio-pins   how many (defaults 4, 2, 8)\n"
    "  seed           random number generator seed (default: from the host)\n"
    "  rtc            the date and time (UTC) the board's clock starts at, like\n"
    "                 2023-01-01T12:30:00 (default: the host's time at start)\n"
    "  capsules       drivers present, by name (default all; see the list below)\n"
    "  ipc-bind       SERVICE:APP or SERVICE:#SHORTID: only that application may register\n"
    "                 the IPC service name (repeatable)\n"
    "  trace          syscalls,upcalls,ipc,sched (default none)\n"
    "  timeout        stop after this many wall-clock seconds (default none)\n"
    "  board-time     stop when the board clock reaches this many seconds (default none;\n"
    "                 with the virtual clock the stopping point is exactly repeatable)\n"
    "  press          BUTTON@MS[+HOLD_MS]: press a button at a board time (repeatable)\n"
    "  storage        FILE: the storage drivers keep their data there across runs (created\n"
    "                 on first use; docs/storage.md). Default: none, storage lives in\n"
    "                 memory for the run only\n"
    "  event-loop     auto | io_uring | epoll (default auto)\n"
    "  prefix, show-leds, quiet   yes | no\n";

void board_config_print_help(FILE *out)
{
    fputs(settings_help, out);
    hmi_config_print_help(out);
    fputs("Drivers (setting capsules):\n", out);
    for (uint32_t i = 0; board_driver_name(i); i++)
        fprintf(out, "  %-14s %s\n", board_driver_name(i), board_driver_summary(i));
    fputs(sensor_settings_help, out);
}
