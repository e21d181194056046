/* Building the board's application flash from files. */
#include "flash_image.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int flash_image_init(struct flash_image *f, uint32_t size, char *err, size_t n)
{
    memset(f, 0, sizeof *f);
    f->data = malloc(size);
    if (!f->data) {
        snprintf(err, n, "cannot allocate %u bytes of board flash", size);
        return -1;
    }
    memset(f->data, 0xFF, size);
    f->size = size;
    return 0;
}

void flash_image_free(struct flash_image *f)
{
    free(f->data);
    f->data = NULL;
}

static uint8_t *read_whole_file(const char *path, size_t *len, char *err, size_t n)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(err, n, "%s: %s", path, strerror(errno));
        return NULL;
    }
    uint8_t *buf = NULL;
    size_t cap = 0, used = 0;
    for (;;) {
        if (used == cap) {
            cap = cap ? cap * 2 : 65536;
            uint8_t *bigger = realloc(buf, cap);
            if (!bigger) {
                free(buf);
                fclose(fp);
                snprintf(err, n, "%s: out of memory", path);
                return NULL;
            }
            buf = bigger;
        }
        size_t got = fread(buf + used, 1, cap - used, fp);
        used += got;
        if (got == 0)
            break;
    }
    bool bad = ferror(fp);
    fclose(fp);
    if (bad) {
        free(buf);
        snprintf(err, n, "%s: read error", path);
        return NULL;
    }
    *len = used;
    return buf;
}

static int append(struct flash_image *f, const uint8_t *data, size_t len, const char *name,
                  char *err, size_t n)
{
    if (len == 0) {
        snprintf(err, n, "%s: empty file", name);
        return -1;
    }
    uint32_t start = (f->used + 3) & ~3u;
    if (len > f->size || start > f->size - len) {
        snprintf(err, n, "%s: %zu bytes do not fit: the board's app flash has %u of %u bytes free",
                 name, len, start < f->size ? f->size - start : 0, f->size);
        return -1;
    }
    if (f->source_count == FLASH_MAX_SOURCES) {
        snprintf(err, n, "%s: too many files (at most %d)", name, FLASH_MAX_SOURCES);
        return -1;
    }
    memcpy(f->data + start, data, len);
    struct flash_source *s = &f->sources[f->source_count++];
    snprintf(s->name, sizeof s->name, "%s", name);
    s->offset = start;
    s->len = (uint32_t)len;
    f->used = start + (uint32_t)len;
    return 0;
}

/* ---- TAB archives (tar, as tockloader writes them) ---------------------------------- */

#define TAR_BLOCK 512

static bool is_tar(const uint8_t *d, size_t len)
{
    return len >= 2 * TAR_BLOCK && memcmp(d + 257, "ustar", 5) == 0;
}

static size_t tar_size(const uint8_t *h)
{
    size_t v = 0;
    for (int i = 124; i < 136 && h[i] >= '0' && h[i] <= '7'; i++)
        v = v * 8 + (size_t)(h[i] - '0');
    return v;
}

/* Architectures each CPU can run, best first. */
static const char *const *compatible_archs(enum cpu_model cpu)
{
    static const char *const m0[] = {"cortex-m0", NULL};
    static const char *const m3[] = {"cortex-m3", "cortex-m0", NULL};
    static const char *const m4[] = {"cortex-m4", "cortex-m3", "cortex-m0", NULL};
    return cpu == CPU_CORTEX_M0 ? m0 : cpu == CPU_CORTEX_M3 ? m3 : m4;
}

static int add_tab(struct flash_image *f, const char *path, const uint8_t *d, size_t len,
                   enum cpu_model cpu, char *err, size_t n)
{
    for (const char *const *arch = compatible_archs(cpu); *arch; arch++) {
        char want[64];
        snprintf(want, sizeof want, "%s.tbf", *arch);
        for (size_t pos = 0; pos + TAR_BLOCK <= len;) {
            const uint8_t *h = d + pos;
            if (h[0] == 0)
                break;
            size_t size = tar_size(h);
            size_t body = pos + TAR_BLOCK;
            if (size > len - body) {
                snprintf(err, n, "%s: truncated TAB archive (member at offset %zu)", path, pos);
                return -1;
            }
            char name[101];
            memcpy(name, h, 100);
            name[100] = '\0';
            const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
            if (strcmp(base, want) == 0) {
                char label[300];
                snprintf(label, sizeof label, "%s:%s", path, base);
                return append(f, d + body, size, label, err, n);
            }
            pos = body + (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
        }
    }
    snprintf(err, n, "%s: the TAB archive has no TBF this %s can run", path, cpu_model_name(cpu));
    return -1;
}

int flash_image_add_file(struct flash_image *f, const char *path, enum cpu_model cpu, char *err,
                         size_t n)
{
    size_t len;
    uint8_t *d = read_whole_file(path, &len, err, n);
    if (!d)
        return -1;
    int rc = is_tar(d, len) ? add_tab(f, path, d, len, cpu, err, n) : append(f, d, len, path, err, n);
    free(d);
    return rc;
}

const char *flash_image_source_of(const struct flash_image *f, uint32_t offset)
{
    for (uint32_t i = 0; i < f->source_count; i++)
        if (offset >= f->sources[i].offset && offset - f->sources[i].offset < f->sources[i].len)
            return f->sources[i].name;
    return "?";
}
