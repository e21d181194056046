/* Finding the instruction behind a data access.
 *
 * When an access faults, or a memory hook stops the engine, Unicorn leaves the PC at the
 * start of the translation block while every other register already holds its value from
 * just before the accessing instruction. precise_pc_find() runs each instruction of that
 * block again, alone, from those registers, and returns the first one that makes the same
 * access. The CPU registers and RAM are the same afterwards (the PC is left at the block
 * start: the caller writes the result). */
#ifndef EMU_PRECISE_PC_H
#define EMU_PRECISE_PC_H

#include <stdbool.h>
#include <stdint.h>
#include <unicorn/unicorn.h>

struct pc_probe {
    uint32_t block_start;          /* the PC Unicorn reported */
    uint32_t addr, size;           /* the access to find: any overlap with [addr, addr+size) */
    bool read, write;              /* which kinds of access count */
    const uint8_t *code;           /* the process's flash, to walk instruction boundaries */
    uint32_t code_base, code_len;
    uint8_t *ram;                  /* the process's RAM, restored after every try */
    uint32_t ram_size;
};

/* true with the instruction's address in *pc; false when no instruction of the block
 * makes that access. Flushes the engine's translation cache (twice). */
bool precise_pc_find(uc_engine *uc, const struct pc_probe *probe, uint32_t *pc);

#endif
