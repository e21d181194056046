/* The gdb script of a board: for every app, add-symbol-file with the addresses where the
 * board actually placed its sections, then target remote to the gdb server.
 *
 * Apps are linked with flash at 0x80000000 and RAM at 0 (sdk/userland.ld, as libtock-c):
 * a flash section (not writable) goes to  binary start + (address - ELF flash base),
 * a RAM section (writable)        goes to  process RAM start + address,
 * where the ELF flash base is the lowest executable segment (.crt0_header). Apps with a
 * fixed RAM address keep their RAM addresses. The ELF is the --elf APP=PATH one, else the
 * .elf next to the .tbf, else APP.elf in the directory of the TAB or flash image.
 *
 * An allocated section at address 0 (every app's .stack) makes gdb trust the address-0
 * ranges the linker leaves in the debug information for functions it dropped; relocated,
 * they break gdb's address lookups. Such an ELF is given to gdb as a copy, in a temporary
 * directory, in which that (empty, NOBITS) section is not allocated. */
#ifndef EMU_GDB_SCRIPT_H
#define EMU_GDB_SCRIPT_H

#include <stddef.h>

struct board;
struct board_debug_options;

struct gdb_script {
    char *text;          /* the script, NUL-terminated */
    char copies[64];     /* temporary directory of ELF copies; "" when none was needed */
};

/* Make the script for board b (after board_boot) and the server's port. Apps without a
 * usable ELF get a comment saying why. Returns 0, or -1 with a message in err. */
int gdb_script_make(struct gdb_script *s, struct board *b,
                    const struct board_debug_options *o, int port, char *err, size_t errlen);
/* Free the text and remove the copies (gdb has read them by then). */
void gdb_script_free(struct gdb_script *s);

#endif
