/* tbfdump: print every field of every TBF object in a file (one app or a whole flash
 * image), using the kernel's own parser, so what it calls bad is what the kernel refuses.
 * Exit status: 0 all objects good, 1 some object bad, 2 usage or I/O error. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tock/tbf.h"

static const char *prog = "tbfdump";

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static void usage(void)
{
    printf("Usage: %s [-h] FILE...\n"
           "Print every header field, TLV and footer of each TBF object in FILE: a single\n"
           "TBF or a flash image of consecutive objects (ending at erased flash, zeros or\n"
           "the end of the file). Bad objects are reported with the offset and the field\n"
           "at fault and skipped when their size can be trusted.\n"
           "Exit status: 0 all good, 1 a bad object was found, 2 usage or I/O error.\n",
           prog);
}

/* ---- names ---- */

static const char *driver_name(uint32_t driver)
{
    static const struct {
        uint32_t num;
        const char *name;
    } drivers[] = {
        { 0x0, "Alarm" }, { 0x1, "Console" }, { 0x2, "LED" }, { 0x3, "Button" },
        { 0x4, "GPIO" }, { 0x5, "ADC" }, { 0x6, "DAC" }, { 0x7, "AnalogComparator" },
        { 0x8, "LowLevelDebug" }, { 0x9, "ReadOnlyState" }, { 0x10, "PWM" },
        { 0x10000, "IPC" }, { 0x10001, "AppLoader" }, { 0x10002, "ProcessInfo" },
        { 0x20001, "SPI" }, { 0x30002, "UDP" }, { 0x40001, "RNG" },
        { 0x60000, "Temperature" },
    };
    for (size_t i = 0; i < sizeof drivers / sizeof drivers[0]; i++) {
        if (drivers[i].num == driver)
            return drivers[i].name;
    }
    return NULL;
}

static const char *credential_name(uint32_t format)
{
    static const char *const names[] = {
        "Reserved", "RSA3072 key+signature", "RSA4096 key+signature", "SHA256", "SHA384",
        "SHA512", "ECDSA NIST P-256",
    };
    return format < sizeof names / sizeof names[0] ? names[format] : "unknown format";
}

/* ---- one object ---- */

/* Package names are checked UTF-8 without NUL, but may hold control characters. */
static void print_name(const char *s, size_t n)
{
    putchar('"');
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch == 0x7F || ch == '"' || ch == '\\')
            printf("\\x%02x", ch);
        else
            putchar(ch);
    }
    putchar('"');
}

static void print_commands(uint32_t block, uint64_t mask)
{
    bool first = true;
    for (uint32_t k = 0; k < 64; k++) {
        if (!(mask >> k & 1))
            continue;
        uint32_t end = k;
        while (end + 1 < 64 && (mask >> (end + 1) & 1))
            end++;
        printf("%s%u", first ? "" : ",", block * 64 + k);
        if (end > k)
            printf("-%u", block * 64 + end);
        first = false;
        k = end;
    }
    if (first)
        printf("none");
}

static void print_base(const uint8_t *obj, const struct tbf_header *h)
{
    printf("  base header @0x0:\n");
    printf("    version              %u\n", h->version);
    printf("    header_size          %u (0x%x)\n", h->header_size, h->header_size);
    printf("    total_size           %u (0x%x)\n", h->total_size, h->total_size);
    printf("    flags                0x%08x (%s%s)\n", h->flags,
           h->flags & TBF_FLAG_ENABLED ? "enabled" : "disabled",
           h->flags & TBF_FLAG_STICKY ? ", sticky" : "");
    printf("    checksum             0x%08x (matches)\n", rd32(obj + 12));
}

static void print_tlv_body(const uint8_t *d, uint16_t type, uint16_t len,
                           const struct tbf_header *h)
{
    switch (type) {
    case TBF_TLV_MAIN:
    case TBF_TLV_PROGRAM:
        printf("    init_fn_offset       0x%x (entry at TBF offset 0x%x)\n", rd32(d),
               h->header_size + rd32(d));
        printf("    protected_trailer    %u\n", rd32(d + 4));
        printf("    minimum_ram_size     %u\n", rd32(d + 8));
        if (type == TBF_TLV_PROGRAM) {
            printf("    binary_end_offset    0x%x\n", rd32(d + 12));
            printf("    version              %u\n", rd32(d + 16));
        }
        if (type == TBF_TLV_MAIN && h->has_program)
            printf("    (ignored: the Program TLV takes precedence)\n");
        break;
    case TBF_TLV_WRITEABLE_FLASH_REGION:
        printf("    offset               0x%x\n", rd32(d));
        printf("    size                 %u\n", rd32(d + 4));
        break;
    case TBF_TLV_PACKAGE_NAME:
        printf("    name                 ");
        print_name((const char *)d, len);
        printf("\n");
        break;
    case TBF_TLV_FIXED_ADDRESSES:
        for (int i = 0; i < 2; i++) {
            uint32_t v = rd32(d + 4 * i);
            printf("    %-20s ", i == 0 ? "start_process_ram" : "start_process_flash");
            if (v == TBF_FIXED_NONE)
                printf("not fixed\n");
            else
                printf("0x%08x\n", v);
        }
        break;
    case TBF_TLV_PERMISSIONS:
        printf("    count                %u\n", rd16(d));
        for (uint32_t i = 0; i < h->permission_count; i++) {
            const struct tbf_permission *p = &h->permissions[i];
            const char *name = driver_name(p->driver);
            printf("    driver 0x%x%s%s%s offset %u mask 0x%016llx: commands ", p->driver,
                   name ? " (" : "", name ? name : "", name ? ")" : "", p->offset,
                   (unsigned long long)p->allowed_commands);
            print_commands(p->offset, p->allowed_commands);
            printf("\n");
        }
        break;
    case TBF_TLV_STORAGE_PERMISSIONS:
        printf("    write_id             %u%s\n", h->storage_write_id,
               h->storage_write_id == 0 ? " (may not write)" : "");
        printf("    read_ids             %u:", h->storage_read_count);
        for (uint32_t i = 0; i < h->storage_read_count; i++)
            printf(" %u", h->storage_read_ids[i]);
        printf("\n    modify_ids           %u:", h->storage_modify_count);
        for (uint32_t i = 0; i < h->storage_modify_count; i++)
            printf(" %u", h->storage_modify_ids[i]);
        printf("\n");
        break;
    case TBF_TLV_KERNEL_VERSION:
        printf("    kernel version       ^%u.%u\n", rd16(d), rd16(d + 2));
        break;
    case TBF_TLV_SHORT_ID:
        printf("    short_id             0x%08x\n", rd32(d));
        break;
    default:
        printf("    (not interpreted%s)\n", type & 0x8000 ? ": private type" : "");
        break;
    }
}

/* The header passed the parser, so every TLV is known to fit. */
static void print_tlvs(const uint8_t *obj, const struct tbf_header *h)
{
    uint32_t pos = TBF_BASE_HEADER_SIZE;
    for (uint32_t i = 0; pos < h->header_size; i++) {
        uint16_t type = rd16(obj + pos);
        uint16_t len = rd16(obj + pos + 2);
        const char *name = tbf_tlv_name(type);
        printf("  tlv[%u] %s (type %u) @0x%x, length %u\n", i, name ? name : "unknown", type,
               pos, len);
        print_tlv_body(obj + pos + 4, type, len, h);
        pos += 4u + ((len + 3u) & ~3u);
    }
}

static void print_layout(const struct tbf_header *h)
{
    uint32_t app_start = h->header_size + h->protected_trailer_size;
    printf("  layout:\n");
    printf("    header               0x0..0x%x\n", h->header_size);
    if (h->protected_trailer_size > 0)
        printf("    protected trailer    0x%x..0x%x\n", h->header_size, app_start);
    printf("    binary               0x%x..0x%x (%u bytes), entry 0x%x\n", app_start,
           h->binary_end_offset, h->binary_end_offset - app_start,
           h->header_size + h->init_fn_offset);
    printf("    footers + padding    0x%x..0x%x (%u bytes)\n", h->binary_end_offset,
           h->total_size, h->total_size - h->binary_end_offset);
}

/* The footers passed the parser too. */
static void print_footers(const uint8_t *obj, const struct tbf_header *h)
{
    uint32_t pos = h->binary_end_offset;
    for (uint32_t i = 0; h->total_size - pos >= 4; i++) {
        uint16_t type = rd16(obj + pos);
        uint16_t len = rd16(obj + pos + 2);
        const char *name = tbf_tlv_name(type);
        printf("  footer[%u] %s (type %u) @0x%x, length %u", i, name ? name : "unknown", type,
               pos, len);
        if (type == TBF_TLV_CREDENTIALS) {
            uint32_t format = rd32(obj + pos + 4);
            printf(": format %u (%s), %u data bytes", format, credential_name(format),
                   len - 4u);
        }
        printf("\n");
        uint32_t next = pos + 4u + ((len + 3u) & ~3u);
        pos = next < h->total_size ? next : h->total_size;
    }
    if (pos < h->total_size)
        printf("  trailing padding @0x%x, %u bytes\n", pos, h->total_size - pos);
}

static void print_object(const uint8_t *obj, size_t at, unsigned n, const struct tbf_header *h)
{
    printf("object %u @0x%zx: TBF", n, at);
    if (h->has_package_name) {
        putchar(' ');
        print_name(h->package_name, h->package_name_len);
    }
    printf(", %u bytes\n", h->total_size);
    print_base(obj, h);
    print_tlvs(obj, h);
    print_layout(h);
    print_footers(obj, h);
}

static void print_error(const char *path, size_t at, unsigned n, const struct tbf_error *err)
{
    printf("object %u @0x%zx: BAD: %s at 0x%zx (object offset 0x%x): %s (found %u = 0x%x, "
           "expected %u = 0x%x)\n",
           n, at, err->field, at + err->offset, err->offset, err->reason, err->found, err->found,
           err->expected, err->expected);
    fprintf(stderr, "%s: %s: bad TBF at offset 0x%zx: field %s at 0x%zx: %s\n", prog, path, at,
            err->field, at + err->offset, err->reason);
}

/* tbf_image_next skips padding objects silently; show the ones in [from, to). */
static void print_padding(const uint8_t *image, size_t from, size_t to)
{
    while (from < to) {
        struct tbf_header h;
        if (tbf_parse(image + from, to - from, &h, NULL) != TBF_OK || !h.is_padding)
            return;
        printf("padding object @0x%zx: %u bytes\n", from, h.total_size);
        from += h.total_size;
    }
}

static void print_end(const uint8_t *image, size_t len, size_t at)
{
    if (at >= len)
        printf("end of image @0x%zx: end of file\n", at);
    else if (len - at < TBF_BASE_HEADER_SIZE)
        printf("end of image @0x%zx: %zu bytes left, too few for a header\n", at, len - at);
    else
        printf("end of image @0x%zx: %s, %zu bytes left\n", at,
               image[at] == 0xFF ? "erased flash (0xFF)" : "zeros", len - at);
}

static uint8_t *read_file(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    uint8_t *buf = NULL;
    for (;;) {
        uint8_t *grown = realloc(buf, cap);
        if (grown == NULL) {
            fprintf(stderr, "%s: %s: out of memory\n", prog, path);
            free(buf);
            fclose(f);
            return NULL;
        }
        buf = grown;
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap)
            break;
        cap *= 2;
    }
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        fprintf(stderr, "%s: %s: read error\n", prog, path);
        free(buf);
        return NULL;
    }
    *len_out = len;
    return buf;
}

/* Returns 0 all good, 1 bad object, 2 could not read. */
static int dump_file(const char *path)
{
    size_t len;
    uint8_t *image = read_file(path, &len);
    if (image == NULL)
        return 2;
    printf("%s: %zu bytes\n", path, len);

    struct tbf_image_iter it;
    struct tbf_header h;
    struct tbf_error err;
    size_t at, expected = 0;
    unsigned n = 0;
    int status = 0;
    bool stopped = false;
    enum tbf_status st;
    tbf_image_begin(&it, image, len);
    while ((st = tbf_image_next(&it, &h, &at, &err)) != TBF_END_OF_IMAGE) {
        print_padding(image, expected, at);
        if (st == TBF_OK) {
            print_object(image + at, at, n, &h);
        } else {
            print_error(path, at, n, &err);
            status = 1;
            /* the walk gives up when the bad object's size cannot be trusted */
            stopped = it.pos == len && len - at != rd32(image + at + 4);
        }
        n++;
        expected = it.pos;
    }
    print_padding(image, expected, at);
    if (stopped)
        printf("end of image: walk stopped, the bad object's total_size cannot be trusted\n");
    else
        print_end(image, len, at);
    if (n == 0 && status == 0)
        printf("no TBF objects found\n");
    free(image);
    return status;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'h') {
            usage();
            return 0;
        }
        fprintf(stderr, "Try '%s --help'.\n", prog);
        return 2;
    }
    if (optind == argc) {
        fprintf(stderr, "%s: no file given\nTry '%s --help'.\n", prog, prog);
        return 2;
    }
    int status = 0;
    for (int i = optind; i < argc; i++) {
        int s = dump_file(argv[i]);
        if (s > status)
            status = s;
        if (i + 1 < argc)
            printf("\n");
    }
    return status;
}
