/* What every board does the same way around its apps: load each TBF of the flash image
 * into a process (the board decides where it goes), report what it refused, say why
 * nothing can run any more, and turn the end of a run into the run's exit status.
 * Messages go through the kernel log and start with "[board]". */
#ifndef BOARD_BOOT_H
#define BOARD_BOOT_H

#include <stddef.h>
#include <stdint.h>

#include "tock/kernel.h"
#include "tock/tbf.h"

/* Where one app lives on the board. */
struct app_slot {
    uint32_t flash_start;   /* the app's TBF in the guest address space */
    const uint8_t *flash;   /* ... and where the loader reads it */
    uint32_t ram_start;     /* the process's RAM block in the guest address space */
    uint8_t *ram;           /* ... and where the kernel writes it */
    uint32_t ram_size;
};

struct board_loader {
    void *ctx;
    /* Fill slot for the enabled app t found at image offset `offset`; NULL, or why the board
     * cannot place it (the text must live until the next call). */
    const char *(*place)(void *ctx, const struct tbf_header *t, uint32_t offset,
                         struct app_slot *slot);
    /* The file the object at `offset` came from, for messages; NULL hook or result: none. */
    const char *(*source_of)(void *ctx, uint32_t offset);
};

/* Load every app in image[0, len); returns how many became processes and adds the TBF
 * objects and apps refused to *refused. Apps whose TBF is not enabled are skipped, as on
 * Tock, and are not counted as refused. */
uint32_t board_load_apps(struct kernel *k, const uint8_t *image, uint32_t len,
                         const struct board_loader *l, uint32_t *refused);

/* Every process is waiting and nothing can wake them: say what each waits for. */
void board_report_deadlock(struct kernel *k);

/* The exit status of a run: 0 every app exited 0; 1 an app faulted, exited non-zero or
 * never ended; 2 bad input (nothing loaded, or something refused); 3 kernel panic. */
enum board_status {
    BOARD_ALL_EXITED_CLEANLY = 0,
    BOARD_SOME_APP_FAILED = 1,
    BOARD_SETUP_ERROR = 2,
    BOARD_PANIC = 3,
};
enum board_status board_run_status(const struct kernel *k, uint32_t refused);

#endif
