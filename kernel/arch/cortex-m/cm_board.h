/* What every Cortex-M board does the same way: wire the drivers to the board's
 * HILs, load the apps from the flash app region (kernel_load_process with a RAM block
 * aligned for the MPU, cm_layout), start them and run the kernel loop, servicing deferred
 * interrupts and sleeping (wfi) while nothing can run. A board directory provides the
 * memory map, its devices and a struct cm_board; a new board is a new directory.
 *
 * The drivers come from the table every board shares (boards/common/board_drivers.h),
 * apps are loaded by boards/common/board_boot.h.
 *
 * Output: apps' console bytes go to write() unchanged; kernel messages too (fault reports,
 * LowLevelDebug); the board's own lines start with "[board]", as the emulator's do. */
#ifndef CM_BOARD_H
#define CM_BOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "board_drivers.h"
#include "tock/hil.h"
#include "tock/kernel.h"

/* The board's time base: a free-running 64-bit tick counter and a one-shot wake-up. */
struct cm_timer {
    uint32_t hz;
    uint64_t (*now)(void);
    /* One interrupt after at least `ticks` (1..max_ticks) ticks; replaces any earlier one. */
    void (*wake_after)(uint32_t ticks);
    /* The longest wake_after; the loop reads now() at least this often, which lets a
     * board extend a 32-bit counter in software. */
    uint32_t max_ticks;
};

struct cm_board {
    const char *name;
    uint32_t apps_flash_start, apps_flash_end;   /* the TBFs, one after another */
    uint32_t apps_ram_start, apps_ram_end;       /* process RAM blocks */
    uint32_t cpu_hz;                              /* SysTick's clock */
    uint32_t slice_us;                            /* time slice (Tock's default: 10 ms) */
    enum fault_policy fault_policy;

    struct cm_timer timer;
    void (*write)(const char *s, uint32_t n);     /* polled console output */
    /* Clear device interrupt `irq` and report what happened through cm_board_*(). */
    void (*service_irq)(uint32_t irq);
    /* The board's devices (boards/common/board_drivers.h): a NULL HIL leaves that driver
     * out. The console and the alarm are wired here, from write() and timer. */
    struct board_hils devices;

    void (*halt)(int status);   /* the run is over (QEMU: semihosting exit); NULL: sleep */
    /* End the run once no process can ever be woken again (an emulator-like board). */
    bool stop_when_stuck;
};

/* Boot and run; on the status of the run (as tockemu's: 0 every app exited 0, 1 an app
 * faulted, failed or never ends, 2 no app could be loaded, 3 kernel panic) calls halt. */
void cm_board_run(const struct cm_board *b) __attribute__((noreturn));

/* Called by the board from service_irq. */
void cm_board_console_input(const uint8_t *bytes, uint32_t n);
void cm_board_button_event(uint32_t index, bool pressed);
void cm_board_gpio_event(uint32_t pin, bool value);

#endif
