/* Reading TAB archives (tar files, as elf2tab and tockloader write them): finding the TBF
 * built for the best architecture a core runs. Shared by tockemu (emu/flash_image.c) and
 * the Cortex-M image builder (tools/tabimage.c). Every header field the walk uses is
 * checked: a member whose size field is not octal or runs past the archive is an error
 * naming the archive, the member and the field. */
#ifndef EMU_TAB_ARCHIVE_H
#define EMU_TAB_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether the data is a tar archive (a "ustar" header). */
bool tab_is_archive(const uint8_t *data, size_t len);

struct tab_member {
    const uint8_t *data;   /* inside the archive */
    size_t size;
    char name[101];        /* its base name, e.g. "cortex-m4.tbf" */
};

/* The member ARCH.tbf for the best architecture the core ("cortex-m0", "cortex-m3",
 * "cortex-m4") runs: its own, else an older one it runs too. Returns 0, or -1 with an
 * error naming `path` (the archive) in err. */
int tab_find_tbf(const char *path, const uint8_t *data, size_t len, const char *core,
                 struct tab_member *out, char *err, size_t errlen);

#endif
