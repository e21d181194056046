/* tabimage: build a Cortex-M board's flash image: the kernel ELF, then the apps' TBFs laid
 * out as Tock boards lay apps out (each TBF at a multiple of its power-of-two size, gaps
 * filled with padding TBFs), checked against the board's app flash, app RAM and MPU with
 * the same rules the board applies at boot (kernel/arch/cortex-m/layout.c).
 *
 *   tabimage -o IMAGE.bin --kernel KERNEL.elf [--arch cortex-m4] [--mpu-regions 8]
 *            APP.tbf|APP.tab...
 *
 * The board's memory comes from the kernel ELF's linker symbols _apps_flash_start,
 * _apps_flash_end, _apps_ram_start and _apps_ram_end. The image is raw bytes from the
 * lowest load address of the kernel to the end of the last app, followed by an erased
 * block so the board's walk stops there. Exit status 0, 1 when an app does not fit (the
 * message names the app and the numbers), 2 for bad input. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "tab_archive.h"
#include "tock/tbf.h"

#define MAX_APPS 64
#define ERASED_TAIL 512      /* erased bytes written after the last app */

static const char *prog = "tabimage";

static void die(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(status);
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die(2, "%s: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf)
        die(2, "out of memory");
    *len = n;
    return buf;
}

static uint32_t rd32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static void wr32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* ---- the kernel ELF ------------------------------------------------------------------- */

struct segment { uint32_t addr, len; const uint8_t *data; };

struct kernel_elf {
    uint8_t *file;        /* the whole ELF file; the segments point into it */
    struct segment seg[16];
    uint32_t nseg;
    uint32_t base, end;   /* lowest and highest load address with file data */
    uint32_t apps_flash_start, apps_flash_end, apps_ram_start, apps_ram_end;
};

static bool elf_symbol(const uint8_t *d, size_t len, const char *name, uint32_t *value)
{
    uint32_t shoff = rd32(d + 0x20);
    uint16_t shentsize = rd16(d + 0x2E), shnum = rd16(d + 0x30);
    for (uint32_t i = 0; i < shnum; i++) {
        const uint8_t *sh = d + shoff + i * shentsize;
        if ((size_t)(sh - d) + 40 > len || rd32(sh + 4) != 2 /* SHT_SYMTAB */)
            continue;
        uint32_t off = rd32(sh + 16), size = rd32(sh + 20), link = rd32(sh + 24);
        const uint8_t *strsh = d + shoff + link * shentsize;
        if ((size_t)(strsh - d) + 40 > len)
            return false;
        uint32_t stroff = rd32(strsh + 16), strsize = rd32(strsh + 20);
        if ((size_t)off + size > len || (size_t)stroff + strsize > len)
            return false;
        for (uint32_t s = 0; s + 16 <= size; s += 16) {
            uint32_t n = rd32(d + off + s);
            if (n < strsize && strncmp((const char *)d + stroff + n, name, strsize - n) == 0) {
                *value = rd32(d + off + s + 4);
                return true;
            }
        }
    }
    return false;
}

static void read_kernel(const char *path, struct kernel_elf *k)
{
    size_t len;
    uint8_t *d = read_file(path, &len);
    if (len < 52 || memcmp(d, "\x7f" "ELF\x01\x01", 6) != 0 || rd16(d + 0x12) != 40 /* EM_ARM */)
        die(2, "%s: not a 32-bit little-endian ARM ELF file", path);
    uint32_t phoff = rd32(d + 0x1C);
    uint16_t phentsize = rd16(d + 0x2A), phnum = rd16(d + 0x2C);
    memset(k, 0, sizeof *k);
    k->file = d;
    k->base = UINT32_MAX;
    for (uint32_t i = 0; i < phnum; i++) {
        const uint8_t *ph = d + phoff + i * phentsize;
        if ((size_t)(ph - d) + 32 > len)
            die(2, "%s: truncated program headers", path);
        uint32_t off = rd32(ph + 4), paddr = rd32(ph + 12), filesz = rd32(ph + 16);
        if (rd32(ph) != 1 /* PT_LOAD */ || filesz == 0)
            continue;
        if ((size_t)off + filesz > len || k->nseg == 16)
            die(2, "%s: bad PT_LOAD segment %u", path, i);
        if ((uint64_t)paddr + filesz > UINT32_MAX)
            die(2, "%s: PT_LOAD segment %u at 0x%08x (%u bytes) runs past 4 GiB", path, i, paddr,
                filesz);
        k->seg[k->nseg++] = (struct segment){paddr, filesz, d + off};
        if (paddr < k->base)
            k->base = paddr;
        if (paddr + filesz > k->end)
            k->end = paddr + filesz;
    }
    static const char *const names[4] = {"_apps_flash_start", "_apps_flash_end", "_apps_ram_start",
                                         "_apps_ram_end"};
    uint32_t *vals[4] = {&k->apps_flash_start, &k->apps_flash_end, &k->apps_ram_start,
                         &k->apps_ram_end};
    for (int i = 0; i < 4; i++)
        if (!elf_symbol(d, len, names[i], vals[i]))
            die(2, "%s: no symbol %s (the board's linker script defines the app regions)", path,
                names[i]);
    if (k->nseg == 0)
        die(2, "%s: no loadable segments", path);
    if (k->apps_flash_end < k->apps_flash_start || k->apps_ram_end < k->apps_ram_start)
        die(2, "%s: app region ends before it starts (_apps_flash 0x%08x..0x%08x, _apps_ram "
               "0x%08x..0x%08x)", path, k->apps_flash_start, k->apps_flash_end,
            k->apps_ram_start, k->apps_ram_end);
    if (k->end > k->apps_flash_start)
        die(1, "%s: the kernel ends at 0x%08x, past the start of the app region 0x%08x", path,
            k->end, k->apps_flash_start);
}

/* ---- apps ----------------------------------------------------------------------------- */

struct app {
    uint8_t *file;        /* the whole file (a TBF or a TAB holding it) */
    char source[300];
    const uint8_t *tbf;
    struct tbf_header h;
};

static void read_app(const char *path, const char *arch, struct app *a)
{
    size_t len;
    a->file = read_file(path, &len);
    const uint8_t *d = a->file;
    snprintf(a->source, sizeof a->source, "%s", path);
    if (tab_is_archive(d, len)) {
        struct tab_member m;
        char err[512];
        if (tab_find_tbf(path, d, len, arch, &m, err, sizeof err))
            die(2, "%s", err);
        snprintf(a->source, sizeof a->source, "%s:%s", path, m.name);
        d = m.data;
        len = m.size;
    }
    struct tbf_error e;
    if (tbf_parse(d, len, &a->h, &e) != TBF_OK)
        die(2, "%s: bad TBF: field %s at byte %u: %s", a->source, e.field[0] ? e.field : "?",
            e.offset, e.reason ? e.reason : "invalid");
    if (a->h.is_padding)
        die(2, "%s: a padding TBF, not an app", a->source);
    if (a->h.total_size > len)
        die(2, "%s: TBF total_size %u is larger than the file (%zu bytes)", a->source,
            a->h.total_size, len);
    a->tbf = d;
}

static const char *app_name(const struct app *a)
{
    return a->h.has_package_name ? a->h.package_name : a->source;
}

/* ---- the image ------------------------------------------------------------------------ */

static void put_padding(uint8_t *at, uint32_t size)
{
    memset(at, 0, 16);
    wr32(at, 2 | 16u << 16);   /* version 2, header_size 16: no TLVs */
    wr32(at + 4, size);
    wr32(at + 8, 0);           /* not enabled */
    wr32(at + 12, tbf_checksum(at, 16));
}

static void usage(void)
{
    fprintf(stderr, "Usage: %s -o IMAGE --kernel KERNEL.elf [--arch cortex-m4|cortex-m3|cortex-m0]\n"
                    "       [--mpu-regions N] [-q] APP.tbf|APP.tab...\n", prog);
    exit(2);
}

int main(int argc, char **argv)
{
    const char *out = NULL, *kernel = NULL, *arch = "cortex-m4";
    uint32_t mpu_regions = CM_LAYOUT_MPU_REGIONS;
    bool quiet = false;
    static struct app apps[MAX_APPS];
    int napps = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-o") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(a, "--kernel") == 0 && i + 1 < argc)
            kernel = argv[++i];
        else if (strcmp(a, "--arch") == 0 && i + 1 < argc)
            arch = argv[++i];
        else if (strcmp(a, "--mpu-regions") == 0 && i + 1 < argc)
            mpu_regions = (uint32_t)strtoul(argv[++i], NULL, 0);
        else if (strcmp(a, "-q") == 0)
            quiet = true;
        else if (a[0] == '-')
            usage();
        else if (napps == MAX_APPS)
            die(2, "at most %d apps", MAX_APPS);
        else
            read_app(a, arch, &apps[napps++]);
    }
    if (!out || !kernel)
        usage();
    struct kernel_elf k;
    read_kernel(kernel, &k);

    uint32_t flash_size = k.apps_flash_end - k.base;
    uint8_t *img = malloc(flash_size);
    if (!img)
        die(2, "out of memory");
    memset(img, 0xFF, flash_size);
    for (uint32_t i = 0; i < k.nseg; i++)
        memcpy(img + (k.seg[i].addr - k.base), k.seg[i].data, k.seg[i].len);
    if (!quiet)
        printf("%s: kernel 0x%08x..0x%08x (%u bytes), apps from 0x%08x\n", prog, k.base, k.end,
               k.end - k.base, k.apps_flash_start);

    struct cm_layout lay = {k.apps_ram_start, k.apps_ram_end, mpu_regions};
    uint32_t pos = k.apps_flash_start;
    for (int i = 0; i < napps; i++) {
        const struct app *a = &apps[i];
        const struct tbf_header *h = &a->h;
        uint32_t align = cm_layout_flash_align(h->total_size);
        uint32_t start = cm_align_up(pos, align);
        bool fixed = h->has_fixed_addresses && h->fixed_flash != TBF_FIXED_NONE;
        if (fixed) {
            uint64_t binary_offset = (uint64_t)h->header_size + h->protected_trailer_size;
            start = (uint32_t)(h->fixed_flash - binary_offset);
            if (h->fixed_flash < binary_offset || start < pos || start % 4)
                die(1, "%s (%s): FixedAddresses fixed_flash 0x%08x: the next free flash is 0x%08x",
                    app_name(a), a->source, h->fixed_flash, pos);
            if (start > pos && start - pos < 16)
                die(1, "%s (%s): FixedAddresses fixed_flash 0x%08x leaves a %u-byte gap after "
                       "0x%08x, too small for a padding TBF", app_name(a), a->source,
                    h->fixed_flash, start - pos, pos);
        }
        while (start > pos && start - pos < 16)   /* too small for a padding header */
            start += align;
        if (start < pos || start > k.apps_flash_end || h->total_size > k.apps_flash_end - start)
            die(1, "%s (%s): needs %u bytes of flash at 0x%08x (aligned to %u), the board's app "
                   "flash has %u bytes left (0x%08x..0x%08x)",
                app_name(a), a->source, h->total_size, start, align,
                pos < k.apps_flash_end ? k.apps_flash_end - pos : 0, pos, k.apps_flash_end);
        uint32_t fixed_ram = h->has_fixed_addresses ? h->fixed_ram : TBF_FIXED_NONE;
        uint32_t ram_next = lay.ram_next, ram_start, ram_size;
        const char *why =
            cm_layout_ram(&lay, h->minimum_ram_size, fixed_ram, &ram_start, &ram_size);
        if (why)
            die(1, "%s (%s): %s: needs %u bytes of RAM (minimum_ram_size %u + %u for grants, in "
                   "%u-byte steps), the board has %u bytes left at 0x%08x (RAM 0x%08x..0x%08x)",
                app_name(a), a->source, why,
                cm_align_up(h->minimum_ram_size + CM_LAYOUT_GRANT_RESERVE, CM_LAYOUT_GRANULE),
                h->minimum_ram_size, CM_LAYOUT_GRANT_RESERVE, CM_LAYOUT_GRANULE,
                k.apps_ram_end - ram_next, ram_next, k.apps_ram_start, k.apps_ram_end);
        why = cm_layout_mpu_check(&lay, start, h->total_size, ram_start, ram_size);
        if (why)
            die(1, "%s (%s): %s (flash 0x%08x, %u bytes; RAM 0x%08x, %u bytes; %u MPU regions)",
                app_name(a), a->source, why, start, h->total_size, ram_start, ram_size,
                mpu_regions);
        if (start > pos)
            put_padding(img + (pos - k.base), start - pos);
        memcpy(img + (start - k.base), a->tbf, h->total_size);
        if (!quiet)
            printf("%s: %-16s flash 0x%08x %7u bytes   RAM 0x%08x %7u bytes\n", prog, app_name(a),
                   start, h->total_size, ram_start, ram_size);
        pos = start + h->total_size;
    }
    /* an erased block after the last app: whatever the flash held before is not an app */
    uint32_t end = pos + ERASED_TAIL <= k.apps_flash_end ? pos + ERASED_TAIL : k.apps_flash_end;

    FILE *f = fopen(out, "wb");
    if (!f)
        die(2, "%s: %s", out, strerror(errno));
    if (fwrite(img, 1, end - k.base, f) != end - k.base || fclose(f) != 0)
        die(2, "%s: write failed", out);
    free(img);
    free(k.file);
    for (int i = 0; i < napps; i++)
        free(apps[i].file);
    return 0;
}
