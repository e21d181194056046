/* What the emulated board has and how it behaves. Settings come from a small
 * "key = value" file and from command-line options, through one setter. */
#ifndef EMU_BOARD_CONFIG_H
#define EMU_BOARD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "engine.h"
#include "event_loop.h"
#include "hmi_config.h"
#include "host_clock.h"
#include "sensor_model.h"
#include "tock/kernel.h"


#define BOARD_MAX_IPC_BINDS 16

/* A service name only the named application may register ("keystore:keystore"), by
 * package name (the application identifier here) or by ShortId ("name:#0x1234"). */
struct ipc_bind {
    char service[64];
    char app[64];
    bool by_short_id;
    uint32_t short_id;
};

#define BOARD_MAX_PRESSES 32

struct button_press {
    uint32_t button;
    uint64_t at_ns;      /* board time of the press */
    uint64_t hold_ns;    /* released this much later */
};

struct board_config {
    enum cpu_model cpu;
    enum clock_mode clock;
    double clock_scale;
    enum fault_policy fault_policy;
    uint32_t max_restarts;
    enum appid_policy appid;
    uint32_t flash_base, flash_size;
    uint32_t ram_base, ram_size;
    uint32_t process_ram;        /* RAM per process; 0 = minimum_ram_size + grant_reserve */
    uint32_t grant_reserve;
    uint32_t slice_us;
    uint32_t leds, buttons, gpio_pins;
    uint64_t seed;               /* RNG seed; 0 = from the host */
    bool rtc_set;                /* the RTC starts at rtc_start_s, not the host's time */
    int64_t rtc_start_s;
    uint64_t capsules;           /* a bit per enum board_driver_id */
    uint32_t trace;              /* enum trace_flag */
    double timeout_s;            /* wall-clock limit; 0 = none */
    double board_time_s;         /* board-time limit; 0 = none (deterministic under virtual) */
    bool prefix;
    bool show_leds;
    bool quiet;
    enum event_loop_backend loop;
    struct button_press presses[BOARD_MAX_PRESSES];
    uint32_t press_count;
    struct ipc_bind ipc_binds[BOARD_MAX_IPC_BINDS];
    uint32_t ipc_bind_count;
    struct sensor_settings sensors;
    struct hmi_config hmi;       /* screen, text screen, touch, buzzer, servos */
    char storage[4096];          /* storage file; "" = storage in memory for the run */
};

void board_config_defaults(struct board_config *c);
/* Set one setting by name ("clock", "fault-policy", ...). Returns 0, or -1 with err. */
int board_config_set(struct board_config *c, const char *key, const char *value, char *err,
                     size_t errlen);
/* Whether the settings together describe memory a board can have: flash and RAM each
 * non-empty, below the Cortex-M system region (0xE0000000, which no 32-bit range may wrap
 * past), and apart from each other (every engine maps both); grant-reserve and process-ram
 * no larger than ram-size. Errors name the setting. */
int board_config_check(const struct board_config *c, char *err, size_t errlen);
/* Read a configuration file; errors name the file and line. */
int board_config_load(struct board_config *c, const char *path, char *err, size_t errlen);
/* The settings and what they take, for --help. */
void board_config_print_help(FILE *out);

#endif
