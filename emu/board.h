/* The emulated board: the kernel, one engine per process, the core capsules wired to
 * simulated devices, board time and the host event loop, and the loop that runs it all. */
#ifndef EMU_BOARD_H
#define EMU_BOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "app_placement.h"
#include "board_boot.h"
#include "board_drivers.h"
#include "board_config.h"
#include "device_events.h"
#include "engine.h"
#include "event_loop.h"
#include "flash_image.h"
#include "host_clock.h"
#include "host_console.h"
#include "host_crypto.h"
#include "host_devices.h"
#include "host_hmi.h"
#include "host_input.h"
#include "host_rtc.h"
#include "sensor_model.h"
#include "host_storage.h"
#include "tock/kernel.h"


struct board {
    struct board_config cfg;
    struct kernel k;
    struct engines engines;
    struct host_clock clock;
    struct host_console console;
    struct host_devices dev;
    struct host_crypto crypto;       /* SHA, HMAC, AES and CRC engines */
    struct event_loop *loop;
    struct flash_image flash;
    uint8_t *ram;                    /* the board's whole RAM, processes get blocks of it */
    struct board_memory memory;      /* flash and RAM, and how much RAM apps took */
    uint32_t refused;                /* TBF objects and apps refused at boot */

    /* the drivers (boards/common/board_drivers.h) and the host models behind them */
    struct board_drivers drivers;
    struct console_hil console_hil;
    struct alarm_hil alarm_hil;
    struct ipc_policy ipc_policy;
    struct host_rtc rtc;
    struct device_events device_events;   /* device work finishing at a board time */
    struct sensor_model sensors;     /* sensors and ADC */
    char place_why[256];             /* why the last app could not be placed */
    bool alarm_armed;
    uint64_t alarm_deadline_ticks;

    struct host_hmi hmi;             /* screen, text screen, touch, buzzer, servos */
    struct host_storage storage;     /* the storage drivers' data (docs/storage.md) */

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
