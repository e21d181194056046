/* Function names for app code addresses, from each app's ELF symbol table.
 *
 * An app's ELF is found by its package name: the path given with --elf APP=PATH, else
 * the ELF next to the file the app came from (build/apps/hello.tbf -> build/apps/hello.elf,
 * or APP.elf in the directory of a TAB or flash image). It is read the first time one of
 * its addresses is looked up, and used only when its code is the code in the TBF.
 *
 * Address mapping: elf2tbf puts the ELF's flash image (from the lowest executable segment,
 * .crt0_header at 0x80000000 for PIC apps) right at the TBF's binary start, so
 *   ELF address = address - process binary start + ELF flash base. */
#ifndef EMU_SYMBOLS_H
#define EMU_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

#include "tock/kernel.h"

struct symbols;

struct symbols *symbols_create(void);
void symbols_destroy(struct symbols *s);

/* --elf APP=PATH: use PATH for the app named APP. Returns 0, or -1 with err. */
int symbols_set_elf(struct symbols *s, const char *app, const char *path, char *err,
                    size_t errlen);

/* The function holding flash address addr of p and the offset into it, or NULL. source is
 * the file p's TBF came from (may be NULL). Problems with an ELF are reported once on
 * stderr. */
const char *symbols_lookup(struct symbols *s, const struct process *p, const char *source,
                           uint32_t addr, uint32_t *offset);

#endif
