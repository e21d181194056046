/* The emulated board: the kernel, one engine per process, the core capsules wired to
 * simulated devices, board time and the host event loop, and the loop that runs it all. */
#ifndef EMU_BOARD_H
#define EMU_BOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "app_placement.h"
#include "board_config.h"
#include "engine.h"
#include "event_loop.h"
#include "flash_image.h"
#include "host_clock.h"
#include "host_console.h"
#include "host_devices.h"
#include "host_input.h"
#include "identity.h"
#include "legacy.h"
#include "policy.h"
#include "registry.h"
#include "relay_message.h"
#include "relay_request.h"
#include "tock/capsules/alarm.h"
#include "tock/capsules/button.h"
#include "tock/capsules/console.h"
#include "tock/capsules/gpio.h"
#include "tock/capsules/led.h"
#include "tock/capsules/low_level_debug.h"
#include "tock/capsules/rng.h"
#include "tock/kernel.h"

/* Exit statuses of board_run(). */
enum board_status {
    BOARD_ALL_EXITED_CLEANLY = 0,   /* every process ran exit(0) */
    BOARD_SOME_APP_FAILED = 1,      /* a fault, a non-zero exit, or still running at the end */
    BOARD_SETUP_ERROR = 2,          /* bad input: files, settings, no app loaded */
    BOARD_PANIC = 3,                /* fault policy "panic" */
};

struct board {
    struct board_config cfg;
    struct kernel k;
    struct engines engines;
    struct host_clock clock;
    struct host_console console;
    struct host_devices dev;
    struct event_loop *loop;
    struct flash_image flash;
    uint8_t *ram;                    /* the board's whole RAM, processes get blocks of it */
    struct board_memory memory;      /* flash and RAM, and how much RAM apps took */
    uint32_t refused;                /* TBF objects and apps refused at boot */

    /* capsules and the HILs they were given */
    struct console_capsule console_cap;
    struct alarm_capsule alarm_cap;
    struct led_capsule led_cap;
    struct button_capsule button_cap;
    struct gpio_capsule gpio_cap;
    struct low_level_debug_capsule lldebug_cap;
    struct rng_capsule rng_cap;
    struct ipc_policy ipc_policy;
    struct registry registry_name;
    struct registry registry_package;
    struct identity identity_cap;
    struct relay_request_capsule relay_request_cap;
    struct relay_message_capsule relay_message_cap;
    struct legacy_ipc legacy_ipc_cap;
    struct console_hil console_hil;
    struct alarm_hil alarm_hil;
    bool alarm_armed;
    uint64_t alarm_deadline_ticks;

    struct host_input input;         /* console input: stdin, read when an app waits */

    /* scripted button presses: index of the next press/release event */
    uint32_t press_next;
    bool press_released[BOARD_MAX_PRESSES];

    bool stop_requested;             /* timeout or signal */
    bool timed_out;
    bool board_time_reached;

    /* seeing inside (emu/board_debug.h): NULL when not in use */
    struct trace_file *trace_out;
    struct process_console *pconsole;
    struct symbols *symbols;
    struct gdb_server *gdb;          /* --gdb (emu/gdb_server.h): polled between slices */
};

/* Set up the board from cfg. Returns 0, or -1 with a message in err. */
int board_init(struct board *b, const struct board_config *cfg, char *err, size_t errlen);
/* Put a TBF / TAB / flash image file into the board's flash. */
int board_add_file(struct board *b, const char *path, char *err, size_t errlen);
/* Parse the flash, give each app a process (reporting refused ones), start them.
 * Returns how many processes were loaded. */
int board_boot(struct board *b);
/* Run until every process has ended, the timeout passes or the kernel panics. */
enum board_status board_run(struct board *b);
/* A line per process: state, exit code, counters. */
void board_print_summary(struct board *b);
void board_destroy(struct board *b);
/* Ask a running board to stop (safe from a signal handler). */
void board_request_stop(struct board *b);

#endif
