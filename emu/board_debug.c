/* Seeing inside a running board: see board_debug.h. */
#define _GNU_SOURCE
#include "board_debug.h"

#include <stdio.h>
#include <string.h>

#include "board.h"
#include "process_console.h"
#include "symbols.h"
#include "trace_file.h"

int board_debug_add_elf(struct board_debug_options *o, const char *arg, char *err,
                        size_t errlen)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1]) {
        snprintf(err, errlen, "--elf '%s': expected APP=PATH (the app's package name and "
                              "its ELF file)", arg);
        return -1;
    }
    if (o->elf_count == BOARD_DEBUG_MAX_ELFS) {
        snprintf(err, errlen, "--elf: at most %d apps", BOARD_DEBUG_MAX_ELFS);
        return -1;
    }
    o->elfs[o->elf_count].app = arg;   /* cut at '=' when used */
    o->elfs[o->elf_count].path = eq + 1;
    o->elf_count++;
    return 0;
}

/* ---- kernel hooks ------------------------------------------------------------------------ */

static void on_event(void *ctx, const struct trace_event *e)
{
    struct board *b = ctx;
    trace_file_event(b->trace_out, host_clock_now_ns(&b->clock), e);
}

static const char *on_symbolize(void *ctx, struct process *p, uint32_t addr, uint32_t *offset)
{
    struct board *b = ctx;
    const char *source = flash_image_source_of(&b->flash, p->flash_start - b->cfg.flash_base);
    return symbols_lookup(b->symbols, p, source, addr, offset);
}

/* ---- start and stop ---------------------------------------------------------------------- */

static int start_symbols(struct board *b, const struct board_debug_options *o, char *err,
                         size_t errlen)
{
    b->symbols = symbols_create();
    if (!b->symbols) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (uint32_t i = 0; i < o->elf_count; i++) {
        char app[PROCESS_NAME_MAX + 1];
        size_t len = (size_t)(strchr(o->elfs[i].app, '=') - o->elfs[i].app);
        snprintf(app, sizeof app, "%.*s", (int)len, o->elfs[i].app);
        if (symbols_set_elf(b->symbols, app, o->elfs[i].path, err, errlen) != 0)
            return -1;
    }
    b->k.hooks.symbolize = on_symbolize;
    return 0;
}

int board_debug_start(struct board *b, const struct board_debug_options *o, char *err,
                      size_t errlen)
{
    if (start_symbols(b, o, err, errlen) != 0)
        return -1;
    if (o->trace_file) {
        b->trace_out = trace_file_open(o->trace_file, err, errlen);
        if (!b->trace_out)
            return -1;
        b->k.hooks.event = on_event;
    }
    if (o->console_socket) {
        b->pconsole = process_console_open(b, o->console_socket, err, errlen);
        if (!b->pconsole)
            return -1;
    }
    return 0;
}

bool board_debug_keeps_board_alive(const struct board *b)
{
    return process_console_connected(b->pconsole);
}

void board_debug_stop(struct board *b)
{
    process_console_close(b->pconsole);
    b->pconsole = NULL;
    if (b->trace_out) {
        char err[256];
        b->k.hooks.event = NULL;
        if (trace_file_close(b->trace_out, host_clock_now_ns(&b->clock), err, sizeof err) != 0)
            fprintf(stderr, "tockemu: %s\n", err);
        b->trace_out = NULL;
    }
    b->k.hooks.symbolize = NULL;
    symbols_destroy(b->symbols);
    b->symbols = NULL;
}
