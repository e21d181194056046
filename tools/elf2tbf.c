/* elf2tbf: turn an ARM app ELF (this project's SDK or stock libtock-c) into a Tock Binary
 * Format object laid out the way elf2tab lays it out:
 *
 *   [header: Base Main Program PackageName WFR* FixedAddresses Permissions
 *            StoragePermissions KernelVersion ShortId]
 *   [protected trailer (zeros)]
 *   [flash image: every PT_LOAD segment with file bytes, in flash-address order,
 *    gaps zero-filled; .crt0_header comes first]
 *   [u32 relocation byte count][.rel.<section> of every writable loaded section]
 *   [footers: Credentials TLVs of format 0 (Reserved) filling the footer space]
 *
 * The total size is padded to a power of two (at least 512) as elf2tab does for ARM;
 * the padding is covered by the reserved footer when there is room for one.
 *
 * Deliberate differences from elf2tab, all for inputs elf2tab mishandles:
 * - gaps between segments follow flash (physical) addresses, not ELF file offsets; a
 *   warning is printed when the two disagree;
 * - reserved footer space larger than one TLV can describe is split into several TLVs;
 * - the file is never longer than total_size;
 * - a fixed flash address closer than header-size bytes above a 256-byte boundary gets a
 *   protected trailer reaching down to the previous boundary instead of an error.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tock/tbf.h"

#define PIC_FLASH_BASE 0x80000000u
#define MAX_ELF_SIZE (256u << 20)
#define MAX_FLASH_IMAGE (16u << 20)
#define MAX_SEGMENTS 64
#define DEFAULT_STACK 2048u
#define CRT0_STACK_SIZE_OFFSET 36u
#define RESERVED_FOOTER_MIN 8u          /* TLV head + format word */
#define RESERVED_FOOTER_MAX 0x10000u    /* one TLV: 4 + a length of 0xFFFC */

static const char *prog = "elf2tbf";
static const char *elf_path;            /* for error messages */
static bool verbose;

/* ---- messages ---- */

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: %s: ", prog, elf_path ? elf_path : "(no input)");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void warn(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: %s: warning: ", prog, elf_path);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void info(const char *fmt, ...)
{
    if (!verbose)
        return;
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

static void usage_error(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void usage_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s --help'.\n", prog);
    exit(2);
}

static void usage(void)
{
    printf(
        "Usage: %s [OPTIONS] APP.elf\n"
        "Convert a Tock app ELF (ARM, PIC or fixed-address) into a TBF, as elf2tab does.\n"
        "\n"
        "  -o, --output FILE             output file (default: APP.tbf next to the ELF)\n"
        "  -n, --package-name NAME       Package Name TLV (default: ELF file name without\n"
        "                                its extension)\n"
        "      --stack N                 stack bytes (default: stack_size at offset 36 of\n"
        "                                .crt0_header, else the .stack section size, else 2048)\n"
        "      --app-heap N              app heap bytes (default 1024)\n"
        "      --kernel-heap N           kernel (grant) heap bytes (default 1024)\n"
        "      --kernel-major N          Kernel Version TLV major (default 2)\n"
        "      --kernel-minor N          Kernel Version TLV minor (default 2)\n"
        "      --no-kernel-version       leave the Kernel Version TLV out\n"
        "      --app-version N           Program TLV version (default 0)\n"
        "      --short-id N              add a ShortId TLV (N nonzero)\n"
        "      --permissions LIST        add a Permissions TLV; LIST = DRIVER:CMD[,DRIVER:CMD]...\n"
        "                                where CMD is a number or a range A-B; repeatable\n"
        "      --write-id N              Storage Permissions TLV: write id\n"
        "      --read-ids LIST           Storage Permissions TLV: read ids (N,N,...)\n"
        "      --access-ids LIST         Storage Permissions TLV: modify ids (N,N,...)\n"
        "      --fixed-addresses RAM:FLASH\n"
        "                                Fixed Addresses TLV; each is a number or 'none'\n"
        "                                (default: detected: flash from a non-PIC ELF whose\n"
        "                                code is not linked at 0x80000000, RAM from a\n"
        "                                nonzero _sram_origin symbol)\n"
        "      --protected-region-size N header + protected trailer bytes (default: the\n"
        "                                header only for PIC; for fixed flash, down to a\n"
        "                                256-byte boundary; the ELF symbol\n"
        "                                tbf_protected_region_size wins over both)\n"
        "      --minimum-footer-size N   reserve N bytes of footer space (default 3000)\n"
        "      --no-footer               reserve no footer space (same as size 0)\n"
        "      --disabled                clear the 'enabled' flag\n"
        "  -v, --verbose                 describe what is being done\n"
        "  -h, --help                    show this text\n"
        "\n"
        "Numbers may be decimal or 0x-prefixed hex.\n",
        prog);
}

/* ---- options ---- */

struct perm_pair {
    uint32_t driver, command;
};

struct options {
    const char *input;
    const char *output;
    const char *package_name;
    bool stack_given;
    uint32_t stack, app_heap, kernel_heap;
    bool kernel_version;
    uint32_t kernel_major, kernel_minor;
    uint32_t app_version;
    bool short_id_given;
    uint32_t short_id;
    struct perm_pair *perms;
    size_t perm_count;
    bool storage;
    uint32_t write_id;
    uint32_t read_ids[TBF_MAX_STORAGE_IDS], read_count;
    uint32_t access_ids[TBF_MAX_STORAGE_IDS], access_count;
    bool fixed_given;
    uint32_t fixed_ram, fixed_flash;
    bool protected_given;
    uint32_t protected_size;
    uint32_t min_footer;
    bool disabled;
};

static bool parse_u32_text(const char *s, size_t n, uint32_t *out)
{
    char buf[32];
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (buf[0] == '-' || buf[0] == '+')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(buf, &end, 0);
    if (errno != 0 || *end != '\0' || v > UINT32_MAX)
        return false;
    *out = (uint32_t)v;
    return true;
}

static uint32_t parse_u32_arg(const char *opt, const char *s)
{
    uint32_t v;
    if (!parse_u32_text(s, strlen(s), &v))
        usage_error("%s: '%s' is not a number from 0 to 4294967295", opt, s);
    return v;
}

static uint32_t parse_u16_arg(const char *opt, const char *s)
{
    uint32_t v = parse_u32_arg(opt, s);
    if (v > 0xFFFFu)
        usage_error("%s: %s does not fit in 16 bits", opt, s);
    return v;
}

static void add_perm(struct options *o, uint32_t driver, uint32_t command)
{
    if (o->perm_count % 64 == 0) {
        o->perms = realloc(o->perms, (o->perm_count + 64) * sizeof *o->perms);
        if (o->perms == NULL)
            usage_error("out of memory");
    }
    o->perms[o->perm_count++] = (struct perm_pair){ driver, command };
}

/* DRIVER:CMD or DRIVER:A-B, comma separated. */
static void parse_permissions(struct options *o, const char *list)
{
    const char *p = list;
    while (*p != '\0') {
        const char *item_end = strchr(p, ',');
        size_t n = item_end ? (size_t)(item_end - p) : strlen(p);
        const char *colon = memchr(p, ':', n);
        uint32_t driver, first, last;
        if (colon == NULL || !parse_u32_text(p, (size_t)(colon - p), &driver))
            usage_error("--permissions: '%.*s' is not DRIVER:CMD", (int)n, p);
        const char *cmd = colon + 1;
        size_t cn = n - (size_t)(cmd - p);
        const char *dash = memchr(cmd, '-', cn);
        bool ok;
        if (dash == NULL) {
            ok = parse_u32_text(cmd, cn, &first);
            last = first;
        } else {
            ok = parse_u32_text(cmd, (size_t)(dash - cmd), &first) &&
                 parse_u32_text(dash + 1, cn - (size_t)(dash + 1 - cmd), &last) &&
                 first <= last && last - first < 4096;
        }
        if (!ok)
            usage_error("--permissions: bad command '%.*s' in '%.*s'", (int)cn, cmd, (int)n, p);
        for (uint32_t c = first;; c++) {
            add_perm(o, driver, c);
            if (c == last)
                break;
        }
        p += n;
        if (*p == ',')
            p++;
    }
}

static uint32_t parse_id_list(const char *opt, const char *list, uint32_t *ids)
{
    uint32_t count = 0;
    const char *p = list;
    while (*p != '\0') {
        size_t n = strcspn(p, ", ");
        if (n > 0) {
            if (count == TBF_MAX_STORAGE_IDS)
                usage_error("%s: more than %u ids", opt, TBF_MAX_STORAGE_IDS);
            if (!parse_u32_text(p, n, &ids[count]))
                usage_error("%s: '%.*s' is not a number", opt, (int)n, p);
            count++;
        }
        p += n;
        if (*p != '\0')
            p++;
    }
    return count;
}

static uint32_t parse_fixed_one(const char *s, size_t n)
{
    uint32_t v;
    if (n == 4 && strncmp(s, "none", 4) == 0)
        return TBF_FIXED_NONE;
    if (!parse_u32_text(s, n, &v))
        usage_error("--fixed-addresses: '%.*s' is not a number or 'none'", (int)n, s);
    return v;
}

static void parse_fixed(struct options *o, const char *s)
{
    const char *colon = strchr(s, ':');
    if (colon == NULL)
        usage_error("--fixed-addresses: expected RAM:FLASH, got '%s'", s);
    o->fixed_given = true;
    o->fixed_ram = parse_fixed_one(s, (size_t)(colon - s));
    o->fixed_flash = parse_fixed_one(colon + 1, strlen(colon + 1));
}

enum {
    OPT_STACK = 256, OPT_APP_HEAP, OPT_KERNEL_HEAP, OPT_KMAJOR, OPT_KMINOR, OPT_NO_KVERSION,
    OPT_APP_VERSION, OPT_SHORT_ID, OPT_PERMISSIONS, OPT_WRITE_ID, OPT_READ_IDS, OPT_ACCESS_IDS,
    OPT_FIXED, OPT_PROTECTED, OPT_MIN_FOOTER, OPT_NO_FOOTER, OPT_DISABLED,
};

static void parse_options(int argc, char **argv, struct options *o)
{
    static const struct option longopts[] = {
        { "output", required_argument, NULL, 'o' },
        { "output-file", required_argument, NULL, 'o' },
        { "package-name", required_argument, NULL, 'n' },
        { "stack", required_argument, NULL, OPT_STACK },
        { "app-heap", required_argument, NULL, OPT_APP_HEAP },
        { "kernel-heap", required_argument, NULL, OPT_KERNEL_HEAP },
        { "kernel-major", required_argument, NULL, OPT_KMAJOR },
        { "kernel-minor", required_argument, NULL, OPT_KMINOR },
        { "no-kernel-version", no_argument, NULL, OPT_NO_KVERSION },
        { "app-version", required_argument, NULL, OPT_APP_VERSION },
        { "short-id", required_argument, NULL, OPT_SHORT_ID },
        { "permissions", required_argument, NULL, OPT_PERMISSIONS },
        { "write-id", required_argument, NULL, OPT_WRITE_ID },
        { "write_id", required_argument, NULL, OPT_WRITE_ID },
        { "read-ids", required_argument, NULL, OPT_READ_IDS },
        { "read_ids", required_argument, NULL, OPT_READ_IDS },
        { "access-ids", required_argument, NULL, OPT_ACCESS_IDS },
        { "access_ids", required_argument, NULL, OPT_ACCESS_IDS },
        { "fixed-addresses", required_argument, NULL, OPT_FIXED },
        { "protected-region-size", required_argument, NULL, OPT_PROTECTED },
        { "minimum-footer-size", required_argument, NULL, OPT_MIN_FOOTER },
        { "no-footer", no_argument, NULL, OPT_NO_FOOTER },
        { "disabled", no_argument, NULL, OPT_DISABLED },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    *o = (struct options){
        .app_heap = 1024, .kernel_heap = 1024, .kernel_version = true, .kernel_major = 2,
        .kernel_minor = 2, .fixed_ram = TBF_FIXED_NONE, .fixed_flash = TBF_FIXED_NONE,
        .min_footer = 3000,
    };
    int c;
    while ((c = getopt_long(argc, argv, "o:n:vh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': o->output = optarg; break;
        case 'n': o->package_name = optarg; break;
        case 'v': verbose = true; break;
        case 'h': usage(); exit(0);
        case OPT_STACK:
            o->stack = parse_u32_arg("--stack", optarg);
            o->stack_given = true;
            break;
        case OPT_APP_HEAP: o->app_heap = parse_u32_arg("--app-heap", optarg); break;
        case OPT_KERNEL_HEAP: o->kernel_heap = parse_u32_arg("--kernel-heap", optarg); break;
        case OPT_KMAJOR: o->kernel_major = parse_u16_arg("--kernel-major", optarg); break;
        case OPT_KMINOR: o->kernel_minor = parse_u16_arg("--kernel-minor", optarg); break;
        case OPT_NO_KVERSION: o->kernel_version = false; break;
        case OPT_APP_VERSION: o->app_version = parse_u32_arg("--app-version", optarg); break;
        case OPT_SHORT_ID:
            o->short_id = parse_u32_arg("--short-id", optarg);
            if (o->short_id == 0)
                usage_error("--short-id: 0 is reserved; use a nonzero id");
            o->short_id_given = true;
            break;
        case OPT_PERMISSIONS: parse_permissions(o, optarg); break;
        case OPT_WRITE_ID:
            o->write_id = parse_u32_arg("--write-id", optarg);
            o->storage = true;
            break;
        case OPT_READ_IDS:
            o->read_count = parse_id_list("--read-ids", optarg, o->read_ids);
            o->storage = true;
            break;
        case OPT_ACCESS_IDS:
            o->access_count = parse_id_list("--access-ids", optarg, o->access_ids);
            o->storage = true;
            break;
        case OPT_FIXED: parse_fixed(o, optarg); break;
        case OPT_PROTECTED:
            o->protected_size = parse_u32_arg("--protected-region-size", optarg);
            o->protected_given = true;
            break;
        case OPT_MIN_FOOTER:
            o->min_footer = parse_u32_arg("--minimum-footer-size", optarg);
            break;
        case OPT_NO_FOOTER: o->min_footer = 0; break;
        case OPT_DISABLED: o->disabled = true; break;
        default: usage_error("unknown option");
        }
    }
    if (optind == argc)
        usage_error("no input ELF given");
    if (argc - optind > 1)
        usage_error("one input ELF at a time (got %d)", argc - optind);
    o->input = argv[optind];
}

/* ---- reading the ELF ---- */

struct section {
    const Elf32_Shdr *sh;
    const char *name;
};

struct elf {
    uint8_t *data;
    size_t size;
    const Elf32_Ehdr *eh;
    const Elf32_Phdr *ph;
    unsigned phnum;
    struct section *sections;
    unsigned shnum;
};

static uint8_t *read_file(const char *path, size_t *size_out)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        die("cannot open: %s", strerror(errno));
    size_t cap = 1 << 16, len = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        if (buf == NULL)
            die("out of memory");
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap)
            break;
        if (cap >= MAX_ELF_SIZE)
            die("larger than %u MiB: not an app ELF", MAX_ELF_SIZE >> 20);
        cap *= 2;
        buf = realloc(buf, cap);
    }
    if (ferror(f))
        die("read error: %s", strerror(errno));
    fclose(f);
    *size_out = len;
    return buf;
}

static bool in_file(const struct elf *e, uint64_t off, uint64_t len)
{
    return off <= e->size && len <= e->size - off;
}

static const char *string_at(const struct elf *e, const Elf32_Shdr *strtab, uint32_t index)
{
    if (strtab == NULL || strtab->sh_type != SHT_STRTAB || index >= strtab->sh_size ||
        !in_file(e, strtab->sh_offset, strtab->sh_size))
        return NULL;
    const char *s = (const char *)e->data + strtab->sh_offset + index;
    /* the string must end inside the table */
    if (memchr(s, '\0', strtab->sh_size - index) == NULL)
        return NULL;
    return s;
}

static void check_header(struct elf *e)
{
    if (e->size < sizeof(Elf32_Ehdr) || memcmp(e->data, ELFMAG, SELFMAG) != 0)
        die("not an ELF file");
    e->eh = (const Elf32_Ehdr *)e->data;
    if (e->eh->e_ident[EI_CLASS] != ELFCLASS32)
        die("not a 32-bit ELF (ELF class %u); Tock ARM apps are ELF32",
            e->eh->e_ident[EI_CLASS]);
    if (e->eh->e_ident[EI_DATA] != ELFDATA2LSB)
        die("not a little-endian ELF");
    if (e->eh->e_machine != EM_ARM)
        die("not an ARM ELF (e_machine %u, expected %u = EM_ARM)", e->eh->e_machine, EM_ARM);
    if (e->eh->e_type != ET_EXEC && e->eh->e_type != ET_DYN)
        die("not a linked executable (e_type %u); link the app first", e->eh->e_type);
}

static void load_segments(struct elf *e)
{
    const Elf32_Ehdr *eh = e->eh;
    if (eh->e_phnum == 0)
        die("no program headers: nothing to load");
    if (eh->e_phentsize != sizeof(Elf32_Phdr) ||
        !in_file(e, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr)))
        die("program header table is outside the file or malformed");
    if (eh->e_phoff % 4 != 0)
        die("program header table is misaligned");
    e->ph = (const Elf32_Phdr *)(e->data + eh->e_phoff);
    e->phnum = eh->e_phnum;
    for (unsigned i = 0; i < e->phnum; i++) {
        const Elf32_Phdr *p = &e->ph[i];
        if (p->p_type == PT_LOAD && p->p_filesz > 0 && !in_file(e, p->p_offset, p->p_filesz))
            die("segment %u (file offset 0x%x, size 0x%x) runs past the end of the file", i,
                p->p_offset, p->p_filesz);
        if (p->p_type == PT_LOAD && p->p_filesz > p->p_memsz)
            die("segment %u has more file bytes (0x%x) than memory bytes (0x%x)", i,
                p->p_filesz, p->p_memsz);
    }
}

static void load_sections(struct elf *e)
{
    const Elf32_Ehdr *eh = e->eh;
    if (eh->e_shnum == 0 || eh->e_shoff == 0)
        die("no section headers (needed to find .rel.data, .crt0_header and .wfr sections)");
    if (eh->e_shentsize != sizeof(Elf32_Shdr) || eh->e_shoff % 4 != 0 ||
        !in_file(e, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf32_Shdr)))
        die("section header table is outside the file or malformed");
    if (eh->e_shstrndx == SHN_UNDEF || eh->e_shstrndx >= eh->e_shnum)
        die("no section name table (e_shstrndx %u)", eh->e_shstrndx);
    const Elf32_Shdr *sh = (const Elf32_Shdr *)(e->data + eh->e_shoff);
    const Elf32_Shdr *names = &sh[eh->e_shstrndx];
    e->shnum = eh->e_shnum;
    e->sections = calloc(e->shnum, sizeof *e->sections);
    if (e->sections == NULL)
        die("out of memory");
    for (unsigned i = 0; i < e->shnum; i++) {
        e->sections[i].sh = &sh[i];
        e->sections[i].name = string_at(e, names, sh[i].sh_name);
        if (e->sections[i].name == NULL)
            die("section %u has a bad name offset", i);
        if (sh[i].sh_type != SHT_NOBITS && sh[i].sh_size > 0 &&
            !in_file(e, sh[i].sh_offset, sh[i].sh_size))
            die("section %s runs past the end of the file", e->sections[i].name);
    }
}

static const struct section *find_section(const struct elf *e, const char *name)
{
    for (unsigned i = 0; i < e->shnum; i++) {
        if (strcmp(e->sections[i].name, name) == 0)
            return &e->sections[i];
    }
    return NULL;
}

/* Value of a symbol in .symtab, if present. */
static bool find_symbol(const struct elf *e, const char *name, uint32_t *value)
{
    for (unsigned i = 0; i < e->shnum; i++) {
        const Elf32_Shdr *sh = e->sections[i].sh;
        if (sh->sh_type != SHT_SYMTAB || sh->sh_entsize != sizeof(Elf32_Sym) ||
            sh->sh_link >= e->shnum)
            continue;
        const Elf32_Shdr *strtab = e->sections[sh->sh_link].sh;
        size_t count = sh->sh_size / sizeof(Elf32_Sym);
        for (size_t k = 0; k < count; k++) {
            Elf32_Sym sym;   /* copied: the table need not be aligned in the file */
            memcpy(&sym, e->data + sh->sh_offset + k * sizeof sym, sizeof sym);
            const char *s = string_at(e, strtab, sym.st_name);
            if (s != NULL && strcmp(s, name) == 0) {
                *value = sym.st_value;
                return true;
            }
        }
    }
    return false;
}

/* A section lies in a segment: allocated, inside its memory range, and (unless it
 * has no file bytes) inside its file range. Empty sections at the very end do not
 * count, as in elf2tab and binutils' strict check. */
static bool section_in_segment(const Elf32_Shdr *sh, const Elf32_Phdr *p)
{
    if (!(sh->sh_flags & SHF_ALLOC) || p->p_memsz == 0)
        return false;
    uint64_t rel = (uint64_t)sh->sh_addr - p->p_vaddr;
    if (sh->sh_addr < p->p_vaddr || rel + sh->sh_size > p->p_memsz || rel > p->p_memsz - 1)
        return false;
    if (sh->sh_type == SHT_NOBITS)
        return true;
    if (p->p_filesz == 0)
        return false;
    uint64_t frel = (uint64_t)sh->sh_offset - p->p_offset;
    return sh->sh_offset >= p->p_offset && frel + sh->sh_size <= p->p_filesz &&
           frel <= p->p_filesz - 1;
}

static bool segment_has_section(const struct elf *e, const Elf32_Phdr *p)
{
    for (unsigned i = 0; i < e->shnum; i++) {
        if (e->sections[i].sh->sh_size > 0 && section_in_segment(e->sections[i].sh, p))
            return true;
    }
    return false;
}

/* ---- what goes into the TBF ---- */

struct wfr {
    uint32_t offset, size;   /* offset from the TBF start */
    const char *name;
};

struct layout {
    /* loaded segments, sorted by flash address */
    const Elf32_Phdr *segs[MAX_SEGMENTS];
    uint32_t seg_image_off[MAX_SEGMENTS];   /* offset in the flash image */
    unsigned nsegs;
    uint32_t flash_base;
    uint32_t image_len;
    uint32_t entry_off;                     /* e_entry's offset in the flash image */

    uint8_t *rel;
    uint32_t rel_len;

    struct wfr wfrs[TBF_MAX_WRITEABLE_REGIONS];
    unsigned nwfr;

    uint32_t stack, min_ram;
    bool pic;
    uint32_t fixed_ram, fixed_flash;
};

static int compare_paddr(const void *a, const void *b)
{
    const Elf32_Phdr *x = *(const Elf32_Phdr *const *)a;
    const Elf32_Phdr *y = *(const Elf32_Phdr *const *)b;
    if (x->p_paddr != y->p_paddr)
        return x->p_paddr < y->p_paddr ? -1 : 1;
    return x < y ? -1 : (x > y);   /* keep program header order for ties */
}

/* Every PT_LOAD segment with file bytes goes to flash, in flash-address order. */
static void collect_segments(const struct elf *e, struct layout *l)
{
    for (unsigned i = 0; i < e->phnum; i++) {
        const Elf32_Phdr *p = &e->ph[i];
        if (p->p_type != PT_LOAD || p->p_filesz == 0)
            continue;
        if (l->nsegs == MAX_SEGMENTS)
            die("more than %d loadable segments", MAX_SEGMENTS);
        l->segs[l->nsegs++] = p;
    }
    if (l->nsegs == 0)
        die("no loadable segment with contents: no flash segment to put in the TBF");
    qsort(l->segs, l->nsegs, sizeof l->segs[0], compare_paddr);

    /* Flash starts at the lowest executable segment (the one holding .crt0_header and
     * .text); anything below it is not flash. */
    bool found = false;
    for (unsigned i = 0; i < l->nsegs && !found; i++) {
        if (l->segs[i]->p_flags & PF_X) {
            l->flash_base = l->segs[i]->p_paddr;
            found = true;
        }
    }
    if (!found)
        die("no executable loadable segment: no flash segment with code");
    if (l->segs[0]->p_paddr < l->flash_base)
        die("segment at 0x%08x (vaddr 0x%08x) lies below the flash start 0x%08x: "
            "it is not in flash; is the linker script putting it in RAM only?",
            l->segs[0]->p_paddr, l->segs[0]->p_vaddr, l->flash_base);
}

static void place_segments(struct layout *l)
{
    uint64_t pos = 0;
    for (unsigned i = 0; i < l->nsegs; i++) {
        const Elf32_Phdr *p = l->segs[i];
        uint64_t at = (uint64_t)p->p_paddr - l->flash_base;
        if (at < pos)
            die("segment at flash address 0x%08x overlaps the previous one (ending at "
                "0x%08llx)", p->p_paddr, (unsigned long long)(l->flash_base + pos));
        if (i > 0) {
            const Elf32_Phdr *prev = l->segs[i - 1];
            uint64_t file_gap = (uint64_t)p->p_offset - (prev->p_offset + prev->p_filesz);
            if (p->p_offset < prev->p_offset + prev->p_filesz || file_gap != at - pos)
                warn("gap before the segment at 0x%08x is %llu bytes in flash but not in the "
                     "ELF file; using the flash addresses (elf2tab would use file offsets)",
                     p->p_paddr, (unsigned long long)(at - pos));
        }
        if (at + p->p_filesz > MAX_FLASH_IMAGE)
            die("flash image would be larger than %u MiB (segment at 0x%08x)",
                MAX_FLASH_IMAGE >> 20, p->p_paddr);
        l->seg_image_off[i] = (uint32_t)at;
        pos = at + p->p_filesz;
        info("  segment: flash 0x%08x vaddr 0x%08x, %u bytes at image offset 0x%x\n",
             p->p_paddr, p->p_vaddr, p->p_filesz, l->seg_image_off[i]);
    }
    l->image_len = (uint32_t)pos;
}

static void find_entry(const struct elf *e, struct layout *l)
{
    uint32_t entry = e->eh->e_entry;
    bool found = false;
    for (unsigned i = 0; i < l->nsegs; i++) {
        const Elf32_Phdr *p = l->segs[i];
        if (entry >= p->p_paddr && entry - p->p_paddr < p->p_filesz) {
            if (found)
                die("entry point 0x%08x lies in two loaded segments", entry);
            l->entry_off = l->seg_image_off[i] + (entry - p->p_paddr);
            found = true;
        }
    }
    if (!found)
        die("entry point 0x%08x is not inside any loaded flash segment", entry);
}

static void append_rel(const struct elf *e, struct layout *l, const struct section *rel)
{
    const Elf32_Shdr *sh = rel->sh;
    if (sh->sh_type != SHT_REL || sh->sh_size == 0)
        return;
    if (sh->sh_size > MAX_FLASH_IMAGE - l->rel_len)
        die("relocation data too large");
    l->rel = realloc(l->rel, l->rel_len + sh->sh_size);
    if (l->rel == NULL)
        die("out of memory");
    memcpy(l->rel + l->rel_len, e->data + sh->sh_offset, sh->sh_size);
    l->rel_len += sh->sh_size;
    info("    relocations %s: %u bytes\n", rel->name, sh->sh_size);
}

/* For each loaded section: its .rel.<name> if writable; its position if a .wfr. */
static void scan_sections(const struct elf *e, struct layout *l, uint32_t protected_size)
{
    for (unsigned s = 0; s < l->nsegs; s++) {
        const Elf32_Phdr *p = l->segs[s];
        for (unsigned i = 0; i < e->shnum; i++) {
            const struct section *sec = &e->sections[i];
            if (sec->sh->sh_size == 0 || !section_in_segment(sec->sh, p))
                continue;
            info("    section %s: %u bytes\n", sec->name, sec->sh->sh_size);
            if (sec->sh->sh_flags & SHF_WRITE) {
                char relname[256];
                if (snprintf(relname, sizeof relname, ".rel%s", sec->name) <
                    (int)sizeof relname) {
                    const struct section *rel = find_section(e, relname);
                    if (rel != NULL)
                        append_rel(e, l, rel);
                }
            }
            if (strstr(sec->name, ".wfr") != NULL) {
                if (l->nwfr == TBF_MAX_WRITEABLE_REGIONS)
                    die("more than %u writeable flash regions (.wfr sections)",
                        TBF_MAX_WRITEABLE_REGIONS);
                l->wfrs[l->nwfr++] = (struct wfr){
                    protected_size + l->seg_image_off[s] + (sec->sh->sh_addr - p->p_vaddr),
                    sec->sh->sh_size, sec->name,
                };
            }
        }
    }
}

static unsigned count_wfr(const struct elf *e, const struct layout *l)
{
    unsigned n = 0;
    for (unsigned s = 0; s < l->nsegs; s++) {
        for (unsigned i = 0; i < e->shnum; i++) {
            const struct section *sec = &e->sections[i];
            if (sec->sh->sh_size > 0 && section_in_segment(sec->sh, l->segs[s]) &&
                strstr(sec->name, ".wfr") != NULL)
                n++;
        }
    }
    if (n > TBF_MAX_WRITEABLE_REGIONS)
        die("more than %u writeable flash regions (.wfr sections)", TBF_MAX_WRITEABLE_REGIONS);
    return n;
}

static uint32_t align_up(uint64_t v, uint32_t a)
{
    uint64_t r = (v + a - 1) / a * a;
    if (r > UINT32_MAX)
        die("size overflows 32 bits");
    return (uint32_t)r;
}

static uint32_t stack_size(const struct elf *e, const struct options *o)
{
    if (o->stack_given)
        return o->stack;
    const struct section *crt0 = find_section(e, ".crt0_header");
    if (crt0 != NULL && crt0->sh->sh_type == SHT_PROGBITS &&
        crt0->sh->sh_size >= CRT0_STACK_SIZE_OFFSET + 4) {
        uint32_t v;
        memcpy(&v, e->data + crt0->sh->sh_offset + CRT0_STACK_SIZE_OFFSET, 4);
        info("stack size from .crt0_header: %u\n", v);
        return v;
    }
    const struct section *stack = find_section(e, ".stack");
    if (stack != NULL) {
        info("stack size from .stack: %u\n", stack->sh->sh_size);
        return stack->sh->sh_size;
    }
    return DEFAULT_STACK;
}

/* RAM the app needs: writable segments loaded from flash into RAM, plus stack/heaps. */
static uint32_t minimum_ram(const struct elf *e, const struct options *o, uint32_t stack)
{
    uint64_t ram = 0;
    for (unsigned i = 0; i < e->phnum; i++) {
        const Elf32_Phdr *p = &e->ph[i];
        if (p->p_type == PT_LOAD && p->p_vaddr != p->p_paddr && p->p_memsz > 0 &&
            (p->p_flags & PF_W))
            ram += p->p_memsz;
    }
    info("RAM from segments: %llu bytes\n", (unsigned long long)ram);
    ram += (uint64_t)align_up(stack, 8) + align_up(o->app_heap, 4) + align_up(o->kernel_heap, 4);
    if (ram > UINT32_MAX)
        die("minimum RAM size overflows 32 bits");
    return (uint32_t)ram;
}

/* Fixed flash: the lowest executable segment with contents unless one sits at the PIC
 * base 0x80000000. Fixed RAM: a nonzero _sram_origin symbol. */
static void detect_fixed(const struct elf *e, const struct options *o, struct layout *l)
{
    uint32_t lowest = TBF_FIXED_NONE;
    l->pic = false;
    for (unsigned i = 0; i < e->phnum; i++) {
        const Elf32_Phdr *p = &e->ph[i];
        if (p->p_type != PT_LOAD || p->p_filesz == 0 || !(p->p_flags & PF_X) ||
            !segment_has_section(e, p))
            continue;
        if (p->p_vaddr == PIC_FLASH_BASE)
            l->pic = true;
        else if (p->p_paddr < lowest)
            lowest = p->p_paddr;
    }
    l->fixed_flash = l->pic ? TBF_FIXED_NONE : lowest;
    uint32_t sram;
    l->fixed_ram = find_symbol(e, "_sram_origin", &sram) && sram != 0 ? sram : TBF_FIXED_NONE;
    if (o->fixed_given) {
        l->fixed_ram = o->fixed_ram;
        l->fixed_flash = o->fixed_flash;
    }
}

/* ---- the header ---- */

struct header_values {
    uint32_t total_size, flags;
    uint32_t init_fn_offset, trailer, min_ram, binary_end, app_version;
};

struct out_buf {
    uint8_t *p;
    uint32_t len;
};

static void put16(struct out_buf *b, uint32_t v)
{
    b->p[b->len++] = (uint8_t)v;
    b->p[b->len++] = (uint8_t)(v >> 8);
}

static void put32(struct out_buf *b, uint32_t v)
{
    put16(b, v & 0xFFFFu);
    put16(b, v >> 16);
}

static void put_zeros(struct out_buf *b, uint32_t n)
{
    memset(b->p + b->len, 0, n);
    b->len += n;
}

static void tlv_head(struct out_buf *b, uint32_t type, uint32_t length)
{
    put16(b, type);
    put16(b, length);
}

struct perm_entry {
    uint32_t driver, offset;
    uint64_t mask;
};

/* Merge (driver, command) pairs into (driver, 64-command block) entries, first seen first. */
static size_t merge_perms(const struct options *o, struct perm_entry *out)
{
    size_t n = 0;
    for (size_t i = 0; i < o->perm_count; i++) {
        uint32_t block = o->perms[i].command / 64;
        uint64_t bit = (uint64_t)1 << (o->perms[i].command % 64);
        size_t k = 0;
        while (k < n && !(out[k].driver == o->perms[i].driver && out[k].offset == block))
            k++;
        if (k == n) {
            if (n == TBF_MAX_PERMISSIONS)
                die("--permissions: more than %u (driver, 64-command block) entries",
                    TBF_MAX_PERMISSIONS);
            out[n++] = (struct perm_entry){ o->perms[i].driver, block, 0 };
        }
        out[k].mask |= bit;
    }
    return n;
}

/* Write the whole header into buf (4 KiB); returns its size. */
static uint32_t build_header(uint8_t *buf, const struct options *o, const struct layout *l,
                             const struct header_values *v)
{
    struct out_buf b = { buf, 16 };   /* the base header is written last */

    tlv_head(&b, TBF_TLV_MAIN, 12);
    put32(&b, v->init_fn_offset);
    put32(&b, v->trailer);
    put32(&b, v->min_ram);

    tlv_head(&b, TBF_TLV_PROGRAM, 20);
    put32(&b, v->init_fn_offset);
    put32(&b, v->trailer);
    put32(&b, v->min_ram);
    put32(&b, v->binary_end);
    put32(&b, v->app_version);

    size_t name_len = strlen(o->package_name);
    if (name_len > 0) {
        tlv_head(&b, TBF_TLV_PACKAGE_NAME, (uint32_t)name_len);
        memcpy(b.p + b.len, o->package_name, name_len);
        b.len += (uint32_t)name_len;
        put_zeros(&b, (4 - name_len % 4) % 4);
    }

    for (unsigned i = 0; i < l->nwfr; i++) {
        tlv_head(&b, TBF_TLV_WRITEABLE_FLASH_REGION, 8);
        put32(&b, l->wfrs[i].offset);
        put32(&b, l->wfrs[i].size);
    }

    if (l->fixed_ram != TBF_FIXED_NONE || l->fixed_flash != TBF_FIXED_NONE) {
        tlv_head(&b, TBF_TLV_FIXED_ADDRESSES, 8);
        put32(&b, l->fixed_ram);
        put32(&b, l->fixed_flash);
    }

    struct perm_entry perms[TBF_MAX_PERMISSIONS];
    size_t nperm = merge_perms(o, perms);
    if (nperm > 0) {
        /* count, entries from data offset 2, then 2 pad bytes outside the length */
        tlv_head(&b, TBF_TLV_PERMISSIONS, 2 + 16 * (uint32_t)nperm);
        put16(&b, (uint32_t)nperm);
        for (size_t i = 0; i < nperm; i++) {
            put32(&b, perms[i].driver);
            put32(&b, perms[i].offset);
            put32(&b, (uint32_t)perms[i].mask);
            put32(&b, (uint32_t)(perms[i].mask >> 32));
        }
        put_zeros(&b, 2);
    }

    if (o->storage) {
        tlv_head(&b, TBF_TLV_STORAGE_PERMISSIONS, 8 + 4 * (o->read_count + o->access_count));
        put32(&b, o->write_id);
        put16(&b, o->read_count);
        for (uint32_t i = 0; i < o->read_count; i++)
            put32(&b, o->read_ids[i]);
        put16(&b, o->access_count);
        for (uint32_t i = 0; i < o->access_count; i++)
            put32(&b, o->access_ids[i]);
    }

    if (o->kernel_version) {
        tlv_head(&b, TBF_TLV_KERNEL_VERSION, 4);
        put16(&b, o->kernel_major);
        put16(&b, o->kernel_minor);
    }

    if (o->short_id_given) {
        tlv_head(&b, TBF_TLV_SHORT_ID, 4);
        put32(&b, o->short_id);
    }

    put_zeros(&b, (4 - b.len % 4) % 4);
    if (b.len > 0xFFFF)
        die("TBF header would be %u bytes, more than 65535", b.len);

    uint32_t header_size = b.len;
    b.len = 0;
    put16(&b, 2);
    put16(&b, header_size);
    put32(&b, v->total_size);
    put32(&b, v->flags);
    put32(&b, 0);
    b.len = 12;
    put32(&b, tbf_checksum(buf, header_size));
    return header_size;
}

/* Header + trailer: the ELF symbol, then the option, then fixed-flash alignment. */
static uint32_t protected_region(const struct elf *e, const struct options *o,
                                 const struct layout *l, uint32_t header_len)
{
    uint32_t size;
    if (find_symbol(e, "tbf_protected_region_size", &size)) {
        info("protected region size from tbf_protected_region_size: %u\n", size);
        if (o->protected_given && o->protected_size != size)
            warn("tbf_protected_region_size (%u) in the ELF overrides "
                 "--protected-region-size %u", size, o->protected_size);
    } else if (o->protected_given) {
        size = o->protected_size;
    } else if (l->fixed_flash != TBF_FIXED_NONE) {
        /* Put the TBF start on a 256-byte boundary below the fixed binary address. */
        if (l->fixed_flash < header_len)
            die("fixed flash address 0x%08x leaves no room for a %u-byte header below it",
                l->fixed_flash, header_len);
        uint32_t start = (l->fixed_flash - header_len) & ~255u;
        size = l->fixed_flash - start;
    } else {
        size = header_len;
    }
    if (size < header_len)
        die("protected region size %u is smaller than the %u-byte TBF header", size,
            header_len);
    return size;
}

/* Total size: the binary, the footer reservation, then elf2tab's ARM padding. */
static uint32_t total_size(uint32_t binary_end, uint32_t min_footer)
{
    uint64_t n = binary_end;
    if (min_footer > 0) {
        uint32_t reserve = min_footer < RESERVED_FOOTER_MIN ? RESERVED_FOOTER_MIN : min_footer;
        n += (reserve + 3u) & ~3u;
    }
    /* A power of two, at least 512, unless it is a power of two already. */
    if ((n & (n - 1)) != 0) {
        uint64_t p = 512;
        while (p < n)
            p <<= 1;
        n = p;
    }
    if (n > UINT32_MAX)
        die("TBF would be larger than 4 GiB");
    return (uint32_t)n;
}

/* Fill [from, to) with Reserved credentials footers, or zeros if no TLV fits. */
static void write_reserved_footers(uint8_t *tbf, uint32_t from, uint32_t to)
{
    struct out_buf b = { tbf, from };
    uint32_t left = to - from;
    while (left >= RESERVED_FOOTER_MIN) {
        uint32_t chunk = left > RESERVED_FOOTER_MAX ? RESERVED_FOOTER_MAX : left;
        /* never leave a tail too short for a TLV of its own */
        if (left - chunk > 0 && left - chunk < RESERVED_FOOTER_MIN)
            chunk -= RESERVED_FOOTER_MIN;
        tlv_head(&b, TBF_TLV_CREDENTIALS, chunk - 4);
        put32(&b, 0);
        put_zeros(&b, chunk - 8);
        left -= chunk;
    }
    put_zeros(&b, left);
}

/* ---- main ---- */

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The ELF's file name without its extension (also the default package name). */
static char *strip_extension(const char *path)
{
    char *s = strdup(path);
    if (s == NULL)
        die("out of memory");
    char *dot = strrchr(s, '.');
    char *slash = strrchr(s, '/');
    if (dot != NULL && (slash == NULL || dot > slash) && dot != s && dot[-1] != '/')
        *dot = '\0';
    return s;
}

static void write_output(const char *path, const uint8_t *data, uint32_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        die("cannot create output %s: %s", path, strerror(errno));
    if (fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        int saved = errno;
        remove(path);
        die("cannot write output %s: %s", path, strerror(saved));
    }
}

static void verify(const uint8_t *tbf, uint32_t len)
{
    struct tbf_header h;
    struct tbf_error err;
    if (tbf_parse(tbf, len, &h, &err) != TBF_OK)
        die("the TBF made from this ELF does not pass the parser: %s at offset %u: %s "
            "(found %u, expected %u)",
            err.field, err.offset, err.reason, err.found, err.expected);
}

int main(int argc, char **argv)
{
    struct options o;
    parse_options(argc, argv, &o);
    elf_path = o.input;

    char *stem = strip_extension(o.input);
    if (o.package_name == NULL)
        o.package_name = base_name(stem);
    if (strlen(o.package_name) > TBF_MAX_PACKAGE_NAME)
        usage_error("package name '%s' is longer than %u bytes", o.package_name,
                    TBF_MAX_PACKAGE_NAME);
    char *default_out = NULL;
    if (o.output == NULL) {
        if (asprintf(&default_out, "%s.tbf", stem) < 0)
            die("out of memory");
        o.output = default_out;
    }

    struct elf e = { 0 };
    e.data = read_file(o.input, &e.size);
    check_header(&e);
    load_segments(&e);
    load_sections(&e);

    struct layout l = { 0 };
    l.stack = stack_size(&e, &o);
    l.min_ram = minimum_ram(&e, &o, l.stack);
    detect_fixed(&e, &o, &l);
    collect_segments(&e, &l);
    info("flash base 0x%08x (%s)\n", l.flash_base, l.pic ? "PIC" : "fixed address");
    place_segments(&l);
    find_entry(&e, &l);

    /* The header size does not depend on the values in it: size it with zeros. */
    uint8_t *header = calloc(1, 4096);   /* the largest possible header is < 1 KiB */
    if (header == NULL)
        die("out of memory");
    l.nwfr = count_wfr(&e, &l);
    struct header_values v = { 0 };
    uint32_t header_len = build_header(header, &o, &l, &v);
    uint32_t protect = protected_region(&e, &o, &l, header_len);
    l.nwfr = 0;
    scan_sections(&e, &l, protect);

    uint64_t binary_end = (uint64_t)protect + l.image_len + 4 + l.rel_len;
    if (binary_end > UINT32_MAX / 2)
        die("app too large");
    if (l.rel_len > 0 && (protect + l.image_len) % 4 != 0)
        warn("relocation data starts at 0x%x, which is not 4-byte aligned",
             protect + l.image_len);
    v.binary_end = (uint32_t)binary_end;
    v.total_size = total_size(v.binary_end, o.min_footer);
    v.flags = o.disabled ? 0 : TBF_FLAG_ENABLED;
    v.trailer = protect - header_len;
    v.init_fn_offset = v.trailer + l.entry_off;
    v.min_ram = l.min_ram;
    v.app_version = o.app_version;
    if (build_header(header, &o, &l, &v) != header_len)
        die("internal error: header size changed");

    uint8_t *tbf = calloc(1, v.total_size);
    if (tbf == NULL)
        die("out of memory");
    memcpy(tbf, header, header_len);
    for (unsigned i = 0; i < l.nsegs; i++)
        memcpy(tbf + protect + l.seg_image_off[i], e.data + l.segs[i]->p_offset,
               l.segs[i]->p_filesz);
    struct out_buf rel_count = { tbf, protect + l.image_len };
    put32(&rel_count, l.rel_len);
    if (l.rel_len > 0)
        memcpy(tbf + rel_count.len, l.rel, l.rel_len);
    write_reserved_footers(tbf, v.binary_end, v.total_size);

    info("header %u bytes, protected trailer %u, init_fn_offset 0x%x, minimum RAM %u,\n"
         "binary end 0x%x, relocations %u bytes, total size %u\n",
         header_len, v.trailer, v.init_fn_offset, v.min_ram, v.binary_end, l.rel_len,
         v.total_size);
    verify(tbf, v.total_size);
    write_output(o.output, tbf, v.total_size);
    info("wrote %s\n", o.output);

    free(tbf);
    free(header);
    free(l.rel);
    free(e.sections);
    free(e.data);
    free(o.perms);
    free(default_out);
    free(stem);
    return 0;
}
