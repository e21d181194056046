/* Where an app of the board's flash goes: it stays where it is in flash and gets a RAM
 * block of the board's RAM, at its fixed address if its TBF has one, else the next free
 * block. Every address and size the TBF gives is checked against the board's memory
 * first, so the block always lies inside the board's RAM. No engine, no I/O: the board
 * (emu/board.c) and the load fuzzer (tests/fuzz/fuzz_load.c) share it. */
#ifndef EMU_APP_PLACEMENT_H
#define EMU_APP_PLACEMENT_H

#include <stddef.h>
#include <stdint.h>

#include "tock/tbf.h"

#define PLACEMENT_PAGE 1024u   /* blocks start and end on the engine's 1 KiB pages */

struct board_memory {
    uint32_t flash_base, flash_size;
    uint32_t ram_base, ram_size;
    uint32_t process_ram;      /* RAM per process; 0: minimum_ram_size + grant_reserve */
    uint32_t grant_reserve;
    uint32_t ram_used;         /* bytes from ram_base already handed out */
};

struct app_place {
    uint32_t flash_start;      /* board address of the TBF */
    uint32_t ram_start, ram_size;
};

/* Place the app whose TBF t lies at flash_offset of the board's flash (the caller checked
 * that t->total_size bytes are there). On success fills *out and takes the RAM block out
 * of m. On refusal returns -1 with a reason naming the TBF field and its value in why. */
int app_place(struct board_memory *m, const struct tbf_header *t, uint32_t flash_offset,
              struct app_place *out, char *why, size_t why_len);

#endif
