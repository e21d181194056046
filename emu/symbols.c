/* App symbol tables from ELF files: see symbols.h. */
#define _GNU_SOURCE
#include "symbols.h"

#include <elf.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_APPS KERNEL_MAX_PROCESSES
#define MAX_ELF_BYTES (64u << 20)
#define CHECK_BYTES 256u          /* code compared between the ELF and the TBF */

struct symbol {
    uint32_t addr, size;
    char *name;
};

struct app_symbols {
    char name[PROCESS_NAME_MAX + 1];
    char *elf_path;               /* from --elf, or found at the first lookup */
    bool loaded;                  /* tried already (successfully or not) */
    bool usable;
    uint32_t flash_base;          /* ELF address of the first flash byte */
    struct symbol *syms;          /* functions, by address */
    uint32_t count;
    uint8_t check[CHECK_BYTES];   /* the first bytes of the ELF's flash image */
    uint32_t check_len;
};

struct symbols {
    struct app_symbols apps[MAX_APPS];
    uint32_t count;
};

struct symbols *symbols_create(void)
{
    return calloc(1, sizeof(struct symbols));
}

void symbols_destroy(struct symbols *s)
{
    if (!s)
        return;
    for (uint32_t i = 0; i < s->count; i++) {
        struct app_symbols *a = &s->apps[i];
        for (uint32_t j = 0; j < a->count; j++)
            free(a->syms[j].name);
        free(a->syms);
        free(a->elf_path);
    }
    free(s);
}

static struct app_symbols *app_entry(struct symbols *s, const char *name)
{
    for (uint32_t i = 0; i < s->count; i++)
        if (!strcmp(s->apps[i].name, name))
            return &s->apps[i];
    if (s->count == MAX_APPS)
        return NULL;
    struct app_symbols *a = &s->apps[s->count++];
    memset(a, 0, sizeof *a);
    snprintf(a->name, sizeof a->name, "%s", name);
    return a;
}

int symbols_set_elf(struct symbols *s, const char *app, const char *path, char *err,
                    size_t errlen)
{
    struct app_symbols *a = app_entry(s, app);
    if (!a) {
        snprintf(err, errlen, "--elf %s=%s: too many apps", app, path);
        return -1;
    }
    free(a->elf_path);
    a->elf_path = strdup(path);
    return a->elf_path ? 0 : -1;
}

/* ---- reading an ELF ---------------------------------------------------------------- */

struct elf_file {
    uint8_t *data;
    size_t len;
};

static bool in_file(const struct elf_file *f, uint64_t off, uint64_t len)
{
    return off <= f->len && len <= f->len - off;
}

static const char *read_file(const char *path, struct elf_file *f)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return strerror(errno);
    const char *why = NULL;
    long size = fseek(in, 0, SEEK_END) == 0 ? ftell(in) : -1;
    if (size < 0 || (unsigned long)size > MAX_ELF_BYTES)
        why = "cannot read it, or larger than 64 MiB";
    else if (!(f->data = malloc((size_t)size + 1)))
        why = "out of memory";
    else if (fseek(in, 0, SEEK_SET) != 0 || fread(f->data, 1, (size_t)size, in) != (size_t)size)
        why = "read error";
    f->len = why ? 0 : (size_t)size;
    fclose(in);
    return why;
}

static const char *check_header(const struct elf_file *f, const Elf32_Ehdr **eh)
{
    if (!in_file(f, 0, sizeof(Elf32_Ehdr)) || memcmp(f->data, ELFMAG, SELFMAG) != 0)
        return "not an ELF file";
    const Elf32_Ehdr *h = (const Elf32_Ehdr *)(const void *)f->data;
    if (h->e_ident[EI_CLASS] != ELFCLASS32 || h->e_ident[EI_DATA] != ELFDATA2LSB ||
        h->e_machine != EM_ARM)
        return "not a 32-bit little-endian ARM ELF";
    if (!in_file(f, h->e_phoff, (uint64_t)h->e_phnum * sizeof(Elf32_Phdr)) ||
        !in_file(f, h->e_shoff, (uint64_t)h->e_shnum * sizeof(Elf32_Shdr)))
        return "program or section headers outside the file";
    *eh = h;
    return NULL;
}

/* The flash base as elf2tbf sees it: the lowest executable loaded segment with bytes. */
static const char *find_flash(const struct elf_file *f, const Elf32_Ehdr *eh,
                              struct app_symbols *a)
{
    const Elf32_Phdr *ph = (const Elf32_Phdr *)(const void *)(f->data + eh->e_phoff);
    const Elf32_Phdr *code = NULL;
    for (unsigned i = 0; i < eh->e_phnum; i++)
        if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X) && ph[i].p_filesz &&
            (!code || ph[i].p_paddr < code->p_paddr))
            code = &ph[i];
    if (!code || !in_file(f, code->p_offset, code->p_filesz))
        return "no executable segment";
    a->flash_base = code->p_paddr;
    a->check_len = code->p_filesz < CHECK_BYTES ? code->p_filesz : CHECK_BYTES;
    memcpy(a->check, f->data + code->p_offset, a->check_len);
    return NULL;
}

static int compare_symbols(const void *x, const void *y)
{
    const struct symbol *a = x, *b = y;
    return a->addr < b->addr ? -1 : a->addr > b->addr;
}

/* Every defined function of the symbol table, sorted by address. */
static const char *read_functions(const struct elf_file *f, const Elf32_Ehdr *eh,
                                  struct app_symbols *a)
{
    const Elf32_Shdr *sh = (const Elf32_Shdr *)(const void *)(f->data + eh->e_shoff);
    const Elf32_Shdr *symtab = NULL;
    for (unsigned i = 0; i < eh->e_shnum && !symtab; i++)
        if (sh[i].sh_type == SHT_SYMTAB)
            symtab = &sh[i];
    if (!symtab)
        return "no symbol table (stripped?)";
    if (symtab->sh_link >= eh->e_shnum || !in_file(f, symtab->sh_offset, symtab->sh_size))
        return "bad symbol table";
    const Elf32_Shdr *strtab = &sh[symtab->sh_link];
    if (!in_file(f, strtab->sh_offset, strtab->sh_size) || strtab->sh_size == 0)
        return "bad string table";
    const char *strings = (const char *)f->data + strtab->sh_offset;
    const Elf32_Sym *sym = (const Elf32_Sym *)(const void *)(f->data + symtab->sh_offset);
    uint32_t n = symtab->sh_size / sizeof(Elf32_Sym);

    a->syms = calloc(n ? n : 1, sizeof *a->syms);
    if (!a->syms)
        return "out of memory";
    for (uint32_t i = 0; i < n; i++) {
        if (ELF32_ST_TYPE(sym[i].st_info) != STT_FUNC || sym[i].st_shndx == SHN_UNDEF ||
            sym[i].st_name >= strtab->sh_size)
            continue;
        const char *name = strings + sym[i].st_name;
        if (!memchr(name, '\0', strtab->sh_size - sym[i].st_name) || !*name)
            continue;
        struct symbol *out = &a->syms[a->count];
        out->addr = sym[i].st_value & ~1u;   /* Thumb bit */
        out->size = sym[i].st_size;
        out->name = strdup(name);
        if (out->name)
            a->count++;
    }
    qsort(a->syms, a->count, sizeof *a->syms, compare_symbols);
    return NULL;
}

static const char *load_elf(struct app_symbols *a)
{
    struct elf_file f = {0};
    const Elf32_Ehdr *eh = NULL;
    const char *why = read_file(a->elf_path, &f);
    if (!why)
        why = check_header(&f, &eh);
    if (!why)
        why = find_flash(&f, eh, a);
    if (!why)
        why = read_functions(&f, eh, a);
    free(f.data);
    return why;
}

/* ---- finding the ELF and using it ------------------------------------------------------ */

static bool file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

/* hello.tbf -> hello.elf; otherwise APP.elf in the source's directory. */
static char *find_elf(const char *app, const char *source)
{
    if (!source)
        return NULL;
    char path[4096];
    size_t len = strlen(source);
    if (len > 4 && len < sizeof path && !strcmp(source + len - 4, ".tbf")) {
        snprintf(path, sizeof path, "%.*s.elf", (int)(len - 4), source);
        if (file_exists(path))
            return strdup(path);
    }
    const char *slash = strrchr(source, '/');
    int dir_len = slash ? (int)(slash - source + 1) : 0;
    snprintf(path, sizeof path, "%.*s%s.elf", dir_len, source, app);
    return file_exists(path) ? strdup(path) : NULL;
}

/* The ELF is only trusted when its first code bytes are the TBF's. */
static bool matches_tbf(const struct app_symbols *a, const struct process *p)
{
    uint32_t at = p->binary_start - p->flash_start;
    if (at > p->flash_size || p->flash_size - at < a->check_len)
        return false;
    return memcmp(p->flash + at, a->check, a->check_len) == 0;
}

static void load_for(struct app_symbols *a, const struct process *p, const char *source)
{
    a->loaded = true;
    if (!a->elf_path)
        a->elf_path = find_elf(a->name, source);
    if (!a->elf_path)
        return;   /* no ELF around: addresses stay plain numbers */
    const char *why = load_elf(a);
    if (!why && !matches_tbf(a, p))
        why = "its code is not the code of the TBF (rebuilt since?)";
    if (why) {
        fprintf(stderr, "tockemu: symbols for %s: %s: %s; reports show addresses only\n",
                a->name, a->elf_path, why);
        return;
    }
    a->usable = true;
}

/* The last symbol at or below addr. */
static const struct symbol *symbol_at(const struct app_symbols *a, uint32_t addr)
{
    uint32_t lo = 0, hi = a->count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (a->syms[mid].addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    const struct symbol *s = &a->syms[lo - 1];
    if (s->size && addr - s->addr >= s->size)
        return NULL;   /* between functions */
    return s;
}

const char *symbols_lookup(struct symbols *s, const struct process *p, const char *source,
                           uint32_t addr, uint32_t *offset)
{
    if (!s || addr < p->binary_start || addr - p->flash_start >= p->flash_size)
        return NULL;
    struct app_symbols *a = app_entry(s, p->name);
    if (!a)
        return NULL;
    if (!a->loaded)
        load_for(a, p, source);
    if (!a->usable)
        return NULL;
    const struct symbol *sym = symbol_at(a, addr - p->binary_start + a->flash_base);
    if (!sym)
        return NULL;
    *offset = addr - p->binary_start + a->flash_base - sym->addr;
    return sym->name;
}
