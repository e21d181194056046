/* Reading a Tock app built for the host (an x86-64 ELF from sdk/native): its "flash"
 * (the read-only segments, which the kernel checks read-only allows and upcall functions
 * against), its entry point and its info section (package name, RAM block, heaps). */
#ifndef EMU_NATIVE_ELF_H
#define EMU_NATIVE_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "native_abi.h"

struct native_image {
    char path[4096];
    char name[NATIVE_NAME_MAX + 1];    /* package name: the info section, else the file name */
    uint8_t *flash;                    /* copy of [flash_start, flash_start + flash_size) */
    uint32_t flash_start, flash_size;
    uint32_t entry;
    struct native_info info;
};

/* true when path names an x86-64 ELF executable (what a host build of an app is). */
bool native_elf_is_host_app(const char *path);
/* Read the app at path. Returns 0, or -1 with a message naming the file and the problem. */
int native_image_load(struct native_image *img, const char *path, char *err, size_t errlen);
void native_image_free(struct native_image *img);

#endif
