/* Building the board's application flash from files. */
#include "flash_image.h"
#include "tab_archive.h"

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

/* The TBF of a TAB archive for the closest architecture the CPU runs. */
static int add_tab(struct flash_image *f, const char *path, const uint8_t *d, size_t len,
                   enum cpu_model cpu, char *err, size_t n)
{
    struct tab_member m;
    if (tab_find_tbf(path, d, len, cpu_model_name(cpu), &m, err, n))
        return -1;
    char label[300];
    snprintf(label, sizeof label, "%s:%s", path, m.name);
    return append(f, m.data, m.size, label, err, n);
}

int flash_image_add_file(struct flash_image *f, const char *path, enum cpu_model cpu, char *err,
                         size_t n)
{
    size_t len;
    uint8_t *d = read_whole_file(path, &len, err, n);
    if (!d)
        return -1;
    int rc = tab_is_archive(d, len) ? add_tab(f, path, d, len, cpu, err, n) : append(f, d, len, path, err, n);
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
