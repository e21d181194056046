/* Seeing inside a running board: the Perfetto trace file (trace_file.h), the process
 * console (process_console.h) and function names in fault reports (symbols.h), wired to
 * the kernel through its hooks (event, symbolize). */
#ifndef EMU_BOARD_DEBUG_H
#define EMU_BOARD_DEBUG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct board;

#define BOARD_DEBUG_MAX_ELFS 32

struct board_debug_options {
    const char *trace_file;       /* --trace-file: Chrome/Perfetto JSON; NULL = none */
    const char *console_socket;   /* --console-socket: unix socket path; NULL = none */
    struct {
        const char *app, *path;
    } elfs[BOARD_DEBUG_MAX_ELFS]; /* --elf APP=PATH */
    uint32_t elf_count;
};

/* Take one --elf APP=PATH argument. Returns 0, or -1 with a message in err. */
int board_debug_add_elf(struct board_debug_options *o, const char *arg, char *err,
                        size_t errlen);

/* Switch the features on for board b (after board_init). Returns 0, or -1 with err. */
int board_debug_start(struct board *b, const struct board_debug_options *o, char *err,
                      size_t errlen);
/* The board must not stop just because every process waits: a console client may still
 * restart one. */
bool board_debug_keeps_board_alive(const struct board *b);
/* Close the console, finish the trace file (an error is printed on stderr), free the
 * symbols. Safe to call twice; board_destroy calls it. */
void board_debug_stop(struct board *b);

#endif
