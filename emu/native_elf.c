/* Reading a native app's ELF: see native_elf.h. Every field is checked: the file comes
 * from the user. */
#define _GNU_SOURCE
#include "native_elf.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE (64u << 20)
#define MAX_FLASH (16u << 20)

static uint8_t *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    uint8_t *data = NULL;
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (size < (long)sizeof(Elf64_Ehdr) || size > (long)MAX_FILE || fseek(f, 0, SEEK_SET) != 0) {
        snprintf(err, errlen, "%s: not a native app (size %ld)", path, size);
    } else if (!(data = malloc((size_t)size))) {
        snprintf(err, errlen, "%s: out of memory", path);
    } else if (fread(data, 1, (size_t)size, f) != (size_t)size) {
        snprintf(err, errlen, "%s: read error", path);
        free(data);
        data = NULL;
    }
    fclose(f);
    *len = (size_t)size;
    return data;
}

static bool is_host_header(const Elf64_Ehdr *h)
{
    return memcmp(h->e_ident, ELFMAG, SELFMAG) == 0 && h->e_ident[EI_CLASS] == ELFCLASS64 &&
           h->e_ident[EI_DATA] == ELFDATA2LSB && h->e_machine == EM_X86_64;
}

bool native_elf_is_host_app(const char *path)
{
    Elf64_Ehdr h;
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    bool ok = fread(&h, sizeof h, 1, f) == 1 && is_host_header(&h);
    fclose(f);
    return ok;
}

/* [off, off+len) inside a file of size size */
static bool in_file(uint64_t off, uint64_t len, size_t size)
{
    return off <= size && len <= size - off;
}

static const Elf64_Shdr *find_section(const uint8_t *data, size_t size, const Elf64_Ehdr *h,
                                      const char *name)
{
    if (h->e_shentsize != sizeof(Elf64_Shdr) || h->e_shstrndx >= h->e_shnum ||
        !in_file(h->e_shoff, (uint64_t)h->e_shnum * sizeof(Elf64_Shdr), size))
        return NULL;
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(const void *)(data + h->e_shoff);
    const Elf64_Shdr *strs = &sh[h->e_shstrndx];
    if (!in_file(strs->sh_offset, strs->sh_size, size))
        return NULL;
    const char *names = (const char *)data + strs->sh_offset;
    for (uint32_t i = 0; i < h->e_shnum; i++) {
        uint64_t at = sh[i].sh_name;
        size_t n = strlen(name);
        if (at < strs->sh_size && n < strs->sh_size - at && memcmp(names + at, name, n + 1) == 0)
            return &sh[i];
    }
    return NULL;
}

/* The read-only PT_LOAD segments become the flash copy; writable ones must lie in the
 * RAM block of the info section. */
static int load_segments(struct native_image *img, const uint8_t *data, size_t size,
                         const Elf64_Ehdr *h, char *err, size_t errlen)
{
    if (h->e_phentsize != sizeof(Elf64_Phdr) ||
        !in_file(h->e_phoff, (uint64_t)h->e_phnum * sizeof(Elf64_Phdr), size)) {
        snprintf(err, errlen, "%s: bad program headers", img->path);
        return -1;
    }
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(const void *)(data + h->e_phoff);
    uint64_t lo = UINT64_MAX, hi = 0;
    uint64_t ram_lo = img->info.ram_start, ram_hi = img->info.image_end;
    for (uint32_t i = 0; i < h->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD || ph[i].p_memsz == 0)
            continue;
        uint64_t end = ph[i].p_vaddr + ph[i].p_memsz;
        if (end < ph[i].p_vaddr || ph[i].p_filesz > ph[i].p_memsz ||
            !in_file(ph[i].p_offset, ph[i].p_filesz, size)) {
            snprintf(err, errlen, "%s: segment %u is malformed", img->path, i);
            return -1;
        }
        if (ph[i].p_flags & PF_W) {
            /* an ASan build keeps glibc's .got and .dynamic outside the block: not the
             * app's memory, never passed to the kernel */
            bool outside_ok = img->info.flags & NATIVE_INFO_ASAN;
            if (!outside_ok && (ph[i].p_vaddr < ram_lo || end > ram_hi)) {
                snprintf(err, errlen, "%s: writable segment 0x%llx-0x%llx lies outside the "
                         "app's RAM block (is it linked with sdk/native/native.ld?)", img->path,
                         (unsigned long long)ph[i].p_vaddr, (unsigned long long)end);
                return -1;
            }
            continue;
        }
        lo = ph[i].p_vaddr < lo ? ph[i].p_vaddr : lo;
        hi = end > hi ? end : hi;
    }
    if (hi == 0 || hi > 0xffffffffu || hi - lo > MAX_FLASH || lo >= ram_lo) {
        snprintf(err, errlen, "%s: code must lie below 4 GiB and below the RAM block "
                 "(found 0x%llx-0x%llx)", img->path, (unsigned long long)lo,
                 (unsigned long long)hi);
        return -1;
    }
    if (h->e_entry < lo || h->e_entry >= hi) {
        snprintf(err, errlen, "%s: entry point 0x%llx is outside the code", img->path,
                 (unsigned long long)h->e_entry);
        return -1;
    }
    img->flash_start = (uint32_t)lo;
    img->flash_size = (uint32_t)(hi - lo);
    img->entry = (uint32_t)h->e_entry;
    img->flash = calloc(1, img->flash_size);
    if (!img->flash) {
        snprintf(err, errlen, "%s: out of memory", img->path);
        return -1;
    }
    for (uint32_t i = 0; i < h->e_phnum; i++)
        if (ph[i].p_type == PT_LOAD && !(ph[i].p_flags & PF_W) && ph[i].p_filesz)
            memcpy(img->flash + (ph[i].p_vaddr - lo), data + ph[i].p_offset, ph[i].p_filesz);
    return 0;
}

static int read_info(struct native_image *img, const uint8_t *data, size_t size,
                     const Elf64_Ehdr *h, char *err, size_t errlen)
{
    const Elf64_Shdr *s = find_section(data, size, h, NATIVE_INFO_SECTION);
    if (!s || s->sh_size < sizeof img->info || !in_file(s->sh_offset, sizeof img->info, size)) {
        snprintf(err, errlen, "%s: an x86-64 program, but not a Tock app built for the host "
                 "(no %s section: build it with the SDK, see docs/native.md)", img->path,
                 NATIVE_INFO_SECTION);
        return -1;
    }
    memcpy(&img->info, data + s->sh_offset, sizeof img->info);
    struct native_info *in = &img->info;
    if (in->magic != NATIVE_ABI_MAGIC || in->version != NATIVE_ABI_VERSION) {
        snprintf(err, errlen, "%s: built for native ABI version %u, this tockemu speaks %u "
                 "(rebuild the app)", img->path, in->version, NATIVE_ABI_VERSION);
        return -1;
    }
    if (in->ram_start % NATIVE_PAGE || in->ram_start < NATIVE_RAM_BASE ||
        in->image_end <= in->ram_start || in->image_end > NATIVE_RAM_LIMIT ||
        in->stack_size % NATIVE_PAGE || in->stack_size > in->image_end - in->ram_start) {
        snprintf(err, errlen, "%s: bad RAM layout in %s (RAM 0x%llx, image end 0x%llx, "
                 "stack %llu)", img->path, NATIVE_INFO_SECTION,
                 (unsigned long long)in->ram_start, (unsigned long long)in->image_end,
                 (unsigned long long)in->stack_size);
        return -1;
    }
    in->package_name[NATIVE_NAME_MAX] = 0;
    if (in->package_name[0]) {
        snprintf(img->name, sizeof img->name, "%s", in->package_name);
    } else {
        const char *base = strrchr(img->path, '/');
        snprintf(img->name, sizeof img->name, "%.*s", NATIVE_NAME_MAX, base ? base + 1 : img->path);
    }
    return 0;
}

int native_image_load(struct native_image *img, const char *path, char *err, size_t errlen)
{
    memset(img, 0, sizeof *img);
    snprintf(img->path, sizeof img->path, "%s", path);
    size_t size;
    uint8_t *data = read_file(path, &size, err, errlen);
    if (!data)
        return -1;
    const Elf64_Ehdr *h = (const Elf64_Ehdr *)(const void *)data;
    int rc = -1;
    if (!is_host_header(h) || h->e_type != ET_EXEC)
        snprintf(err, errlen, "%s: not an x86-64 static executable", path);
    else if (read_info(img, data, size, h, err, errlen) == 0)
        rc = load_segments(img, data, size, h, err, errlen);
    free(data);
    if (rc)
        native_image_free(img);
    return rc;
}

void native_image_free(struct native_image *img)
{
    free(img->flash);
    img->flash = NULL;
}
