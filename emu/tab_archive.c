/* TAB archive reader (see tab_archive.h). */
#include "tab_archive.h"

#include <stdio.h>
#include <string.h>

#define TAR_BLOCK 512
#define TAR_SIZE_FIELD 124   /* 12 bytes: octal digits, ended by NUL or space */
#define TAR_SIZE_LEN 12

bool tab_is_archive(const uint8_t *d, size_t len)
{
    return len >= 2 * TAR_BLOCK && memcmp(d + 257, "ustar", 5) == 0;
}

/* Architectures a core runs, best first, NULL-terminated. */
static const char *const *compatible_archs(const char *core)
{
    static const char *const m0[] = {"cortex-m0", NULL};
    static const char *const m3[] = {"cortex-m3", "cortex-m0", NULL};
    static const char *const m4[] = {"cortex-m4", "cortex-m3", "cortex-m0", NULL};
    return !strcmp(core, "cortex-m0") ? m0 : !strcmp(core, "cortex-m3") ? m3
           : !strcmp(core, "cortex-m4") ? m4 : NULL;
}

/* The size field: optional leading spaces, octal digits, then only NULs or spaces. */
static bool parse_size(const uint8_t *h, size_t *size)
{
    const uint8_t *f = h + TAR_SIZE_FIELD;
    size_t i = 0, v = 0, digits = 0;
    while (i < TAR_SIZE_LEN && f[i] == ' ')
        i++;
    for (; i < TAR_SIZE_LEN && f[i] >= '0' && f[i] <= '7'; i++, digits++)
        v = v * 8 + (size_t)(f[i] - '0');
    for (; i < TAR_SIZE_LEN; i++)
        if (f[i] != '\0' && f[i] != ' ')
            return false;
    *size = v;
    return digits > 0;
}

/* The field as text, non-printing bytes as '?', up to its first NUL. */
static void field_text(const uint8_t *f, size_t len, char *out)
{
    size_t i = 0;
    for (; i < len && f[i]; i++)
        out[i] = f[i] >= 0x20 && f[i] < 0x7f ? (char)f[i] : '?';
    out[i] = '\0';
}

int tab_find_tbf(const char *path, const uint8_t *d, size_t len, const char *core,
                 struct tab_member *out, char *err, size_t n)
{
    for (const char *const *archs = compatible_archs(core); archs && *archs; archs++) {
        char want[64];
        snprintf(want, sizeof want, "%s.tbf", *archs);
        for (size_t pos = 0; pos + TAR_BLOCK <= len;) {
            const uint8_t *h = d + pos;
            if (h[0] == 0)
                break;   /* the end-of-archive blocks */
            char name[101];
            field_text(h, 100, name);
            size_t size, body = pos + TAR_BLOCK;
            if (!parse_size(h, &size)) {
                char field[TAR_SIZE_LEN + 1];
                field_text(h + TAR_SIZE_FIELD, TAR_SIZE_LEN, field);
                snprintf(err, n, "%s: TAB member %s at offset %zu: size field '%s' is not an "
                                 "octal number", path, name, pos, field);
                return -1;
            }
            if (size > len - body) {
                snprintf(err, n, "%s: TAB member %s at offset %zu: size %zu runs past the end "
                                 "of the archive (%zu bytes)", path, name, pos, size, len);
                return -1;
            }
            const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
            if (strcmp(base, want) == 0) {
                out->data = d + body;
                out->size = size;
                snprintf(out->name, sizeof out->name, "%s", base);
                return 0;
            }
            pos = body + (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
        }
    }
    snprintf(err, n, "%s: the TAB archive has no TBF a %s can run", path, core);
    return -1;
}
