/* The board's application flash: TBF files, TAB archives and flash images placed one after
 * the other, as a Tock board lays out its apps, remembering which file each byte came from. */
#ifndef EMU_FLASH_IMAGE_H
#define EMU_FLASH_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"

#define FLASH_MAX_SOURCES 128

struct flash_source {
    char name[256];          /* file (and archive member) the bytes came from */
    uint32_t offset, len;
};

struct flash_image {
    uint8_t *data;           /* erased (0xFF) beyond `used` */
    uint32_t size, used;
    struct flash_source sources[FLASH_MAX_SOURCES];
    uint32_t source_count;
};

int flash_image_init(struct flash_image *f, uint32_t size, char *err, size_t errlen);
void flash_image_free(struct flash_image *f);
/* Append a TBF file, a flash image of several TBFs, or a TAB archive (the member for
 * the closest architecture the CPU can run). Errors name the file. */
int flash_image_add_file(struct flash_image *f, const char *path, enum cpu_model cpu, char *err,
                         size_t errlen);
/* Which file the byte at offset came from ("?" if none). */
const char *flash_image_source_of(const struct flash_image *f, uint32_t offset);

#endif
