/* The gdb script of a board: see gdb_script.h. */
#define _GNU_SOURCE
#include "gdb_script.h"

#include <dirent.h>
#include <elf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "board.h"
#include "board_debug.h"
#include "gdb_server.h"

#define PIC_FLASH_BASE 0x80000000u   /* sdk/userland.ld and libtock-c: FLASH origin */

struct elf {
    uint8_t *data;
    size_t len;
    const Elf32_Ehdr *eh;
    const Elf32_Shdr *sh;
    const char *names;   /* section name table */
    size_t names_len;
};

static bool file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

/* --elf APP=PATH for this app, if given. */
static const char *elf_option(const struct board_debug_options *o, const char *app)
{
    for (uint32_t i = 0; o && i < o->elf_count; i++) {
        const char *eq = strchr(o->elfs[i].app, '=');
        size_t len = eq ? (size_t)(eq - o->elfs[i].app) : strlen(o->elfs[i].app);
        if (strlen(app) == len && strncmp(o->elfs[i].app, app, len) == 0)
            return o->elfs[i].path;
    }
    return NULL;
}

/* hello.tbf -> hello.elf; else APP.elf in the directory of the source file. */
static bool find_elf(const char *app, const char *source, char *path, size_t n)
{
    size_t len = strlen(source);
    if (len > 4 && strcmp(source + len - 4, ".tbf") == 0) {
        snprintf(path, n, "%.*s.elf", (int)(len - 4), source);
        if (file_exists(path))
            return true;
    }
    const char *slash = strrchr(source, '/');
    int dir_len = slash ? (int)(slash - source + 1) : 0;
    snprintf(path, n, "%.*s%s.elf", dir_len, source, app);
    return file_exists(path);
}

static bool elf_in_file(const struct elf *f, uint64_t off, uint64_t len)
{
    return off <= f->len && len <= f->len - off;
}

/* Read and check an ARM ELF32 file; NULL or the reason it cannot be used. */
static const char *elf_load(const char *path, struct elf *f)
{
    memset(f, 0, sizeof *f);
    FILE *in = fopen(path, "rb");
    if (!in)
        return "cannot open it";
    fseek(in, 0, SEEK_END);
    long size = ftell(in);
    fseek(in, 0, SEEK_SET);
    f->data = size > 0 ? malloc((size_t)size) : NULL;
    if (!f->data || fread(f->data, 1, (size_t)size, in) != (size_t)size) {
        fclose(in);
        return "cannot read it";
    }
    fclose(in);
    f->len = (size_t)size;
    f->eh = (const Elf32_Ehdr *)f->data;
    const Elf32_Ehdr *eh = f->eh;
    if (f->len < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
        eh->e_ident[EI_CLASS] != ELFCLASS32 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
        eh->e_machine != EM_ARM)
        return "not a 32-bit little-endian ARM ELF file";
    if (eh->e_shentsize != sizeof(Elf32_Shdr) || eh->e_shstrndx >= eh->e_shnum ||
        !elf_in_file(f, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf32_Shdr)))
        return "bad section header table";
    if (eh->e_phnum && (eh->e_phentsize != sizeof(Elf32_Phdr) ||
                        !elf_in_file(f, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr))))
        return "bad program header table";
    f->sh = (const Elf32_Shdr *)(f->data + eh->e_shoff);
    const Elf32_Shdr *names = &f->sh[eh->e_shstrndx];
    if (!elf_in_file(f, names->sh_offset, names->sh_size))
        return "bad section name table";
    f->names = (const char *)f->data + names->sh_offset;
    f->names_len = names->sh_size;
    return NULL;
}

static const char *section_name(const struct elf *f, const Elf32_Shdr *s)
{
    if (s->sh_name >= f->names_len || !memchr(f->names + s->sh_name, 0, f->names_len - s->sh_name))
        return "";
    return f->names + s->sh_name;
}

/* Where the app's flash image starts in the ELF: its lowest executable segment. */
static uint32_t elf_flash_base(const struct elf *f)
{
    uint32_t base = UINT32_MAX;
    const Elf32_Phdr *ph = (const Elf32_Phdr *)(f->data + f->eh->e_phoff);
    for (uint32_t i = 0; i < f->eh->e_phnum; i++)
        if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X) && ph[i].p_vaddr < base)
            base = ph[i].p_vaddr;
    return base == UINT32_MAX ? PIC_FLASH_BASE : base;
}

/* Where the board put a section of p's ELF. */
static uint32_t placed_address(const struct process *p, const Elf32_Shdr *s, uint32_t flash_base)
{
    if (!(s->sh_flags & SHF_WRITE))
        return p->binary_start + (s->sh_addr - flash_base);
    bool fixed_ram = p->tbf.has_fixed_addresses && p->tbf.fixed_ram != TBF_FIXED_NONE;
    return fixed_ram ? s->sh_addr : p->ram_start + s->sh_addr;
}

static void write_quoted(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

/* The add-symbol-file line for p: the ELF at elf_path, given to gdb as gdb_path. */
static void write_add_symbol_file(FILE *out, const struct process *p, const char *elf_path,
                                  const char *gdb_path, const struct elf *f)
{
    uint32_t flash_base = elf_flash_base(f);
    const Elf32_Shdr *text = NULL;
    for (uint32_t i = 0; i < f->eh->e_shnum; i++)
        if (strcmp(section_name(f, &f->sh[i]), ".text") == 0)
            text = &f->sh[i];
    fprintf(out, "# %s (id %u): %s; flash 0x%08x, binary 0x%08x, RAM 0x%08x\n", p->name,
            (unsigned)p->id, elf_path, (unsigned)p->flash_start, (unsigned)p->binary_start,
            (unsigned)p->ram_start);
    fprintf(out, "add-symbol-file ");
    write_quoted(out, gdb_path);
    if (text)
        fprintf(out, " 0x%08x", (unsigned)placed_address(p, text, flash_base));
    for (uint32_t i = 0; i < f->eh->e_shnum; i++) {
        const Elf32_Shdr *s = &f->sh[i];
        const char *name = section_name(f, s);
        if (s == text || !(s->sh_flags & SHF_ALLOC) || !s->sh_size || !name[0])
            continue;
        fprintf(out, " -s %s 0x%08x", name, (unsigned)placed_address(p, s, flash_base));
    }
    fprintf(out, "\n");
}

/* NOBITS and allocated at address 0: gdb would then take address 0 for real code. */
static bool misleads_gdb(const Elf32_Shdr *s)
{
    return (s->sh_flags & SHF_ALLOC) && s->sh_addr == 0 && s->sh_type == SHT_NOBITS;
}

/* If the ELF has such sections, unallocate them and write the result into the copies
 * directory as path. Returns NULL or what went wrong; *copied tells if it made a copy. */
static const char *copy_if_needed(struct gdb_script *sc, struct elf *f, const char *app,
                                  char *path, size_t n, bool *copied)
{
    bool patched = false;
    Elf32_Shdr *sh = (Elf32_Shdr *)(f->data + f->eh->e_shoff);
    for (uint32_t i = 0; i < f->eh->e_shnum; i++)
        if (misleads_gdb(&sh[i])) {
            sh[i].sh_flags &= ~(Elf32_Word)SHF_ALLOC;
            patched = true;
        }
    *copied = patched;
    if (!patched)
        return NULL;
    if (!sc->copies[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(sc->copies, sizeof sc->copies, "%s/tockemu-gdb-XXXXXX",
                 tmp && tmp[0] && strlen(tmp) < 40 ? tmp : "/tmp");
        if (!mkdtemp(sc->copies)) {
            sc->copies[0] = '\0';
            return "cannot make a temporary directory for its gdb copy";
        }
    }
    snprintf(path, n, "%s/%s.elf", sc->copies, app);
    FILE *out = fopen(path, "wb");
    bool ok = out && fwrite(f->data, 1, f->len, out) == f->len;
    if (out && fclose(out))
        ok = false;
    return ok ? NULL : "cannot write its gdb copy";
}

/* One app: its add-symbol-file line, or a comment saying why there is none. */
static bool write_app(struct gdb_script *sc, FILE *out, const struct board *b,
                      const struct process *p, const struct board_debug_options *o)
{
    const char *source = flash_image_source_of(&b->flash, p->flash_start - b->cfg.flash_base);
    char found[4096], copy[4096];
    const char *path = elf_option(o, p->name);
    if (!path && find_elf(p->name, source, found, sizeof found))
        path = found;
    if (!path) {
        fprintf(out, "# %s: no ELF next to %s (give it with --elf %s=PATH)\n", p->name, source,
                p->name);
        return false;
    }
    struct elf f;
    bool copied = false;
    char *full = realpath(path, NULL);
    if (full)
        path = full;
    const char *why = elf_load(path, &f);
    if (!why)
        why = copy_if_needed(sc, &f, p->name, copy, sizeof copy, &copied);
    if (why)
        fprintf(out, "# %s: %s: %s\n", p->name, path, why);
    else
        write_add_symbol_file(out, p, path, copied ? copy : path, &f);
    free(f.data);
    free(full);
    return why == NULL;
}

int gdb_script_make(struct gdb_script *sc, struct board *b,
                    const struct board_debug_options *o, int port, char *err, size_t errlen)
{
    size_t len;
    memset(sc, 0, sizeof *sc);
    FILE *out = open_memstream(&sc->text, &len);
    if (!out) {
        snprintf(err, errlen, "gdb script: out of memory");
        return -1;
    }
    fprintf(out, "# gdb script written by tockemu: each app's symbols at its load address.\n"
                 "# Every app has a main: use  break hello/main.c:main  or  break *ADDRESS.\n"
                 "set confirm off\n");
    for (uint32_t i = 0; i < b->k.process_count; i++) {
        const struct process *p = &b->k.procs[i];
        if (gdb_debuggable(&b->k, p))
            write_app(sc, out, b, p, o);
        else
            fprintf(out, "# %s: a native app: debug it with the host's gdb\n", p->name);
    }
    fprintf(out, "set confirm on\n"
                 "target remote 127.0.0.1:%d\n", port);
    if (fclose(out)) {
        snprintf(err, errlen, "gdb script: out of memory");
        gdb_script_free(sc);
        return -1;
    }
    return 0;
}

void gdb_script_free(struct gdb_script *sc)
{
    free(sc->text);
    sc->text = NULL;
    if (!sc->copies[0])
        return;
    DIR *d = opendir(sc->copies);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        char path[sizeof sc->copies + 256 + 2];
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", sc->copies, e->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(sc->copies);
    sc->copies[0] = '\0';
}
