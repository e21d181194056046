/* Tock Binary Format parser: checks every field of one TBF object before trusting it,
 * and walks a flash image of consecutive objects.
 *
 * Layout facts (docs/spec "Tock Binary Format"): a 16-byte base header, then TLVs up to
 * header_size, an optional protected trailer, the app binary up to binary_end_offset,
 * then footers (Credentials TLVs) and padding up to total_size. All little endian.
 *
 * What is accepted where the format leaves room:
 * - Permissions (6): u16 count, then `count` 16-byte entries starting at data offset 2
 *   (where elf2tab writes them and the Tock kernel reads them). The TLV length may be
 *   2 + 16*count (elf2tab: its 2 pad bytes follow the TLV, outside the length) or
 *   4 + 16*count (the same pad bytes counted in the length). A layout with the pad
 *   between the count and the entries is not accepted: nothing writes it.
 * - Writeable Flash Region (2): exactly one region (8 bytes) per TLV, as elf2tab emits;
 *   the offset is from the TBF start (elf2tab and the Tock kernel agree on this) and
 *   the region must lie inside the app binary.
 * - Package Name (3): 1..TBF_MAX_PACKAGE_NAME bytes of valid UTF-8 without NUL bytes.
 * - Credentials footers (128): a format word then data; format 0 (Reserved) may have
 *   any length (elf2tab fills footer space with it); known formats need at least their
 *   data size; unknown formats are kept for the credential checker to judge. Footer
 *   TLVs of other types are skipped. Fewer than 4 bytes left at the end is padding.
 * - Unknown header TLVs, PicOption1 and private types (bit 15) are skipped.
 *
 * No <string.h>: the file must build freestanding for Cortex-M without a C library.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tock/tbf.h"

/* ---- little-endian reads (the data may be unaligned) ---- */

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static uint64_t rd64(const uint8_t *p)
{
    return (uint64_t)rd32(p) | ((uint64_t)rd32(p + 4) << 32);
}

static uint32_t align4(uint32_t v)
{
    return (v + 3u) & ~3u;
}

/* ---- building the field name of an error without stdio ---- */

struct text {
    char *buf;
    size_t cap;   /* including the NUL */
    size_t len;
};

static void text_str(struct text *t, const char *s)
{
    while (*s != '\0' && t->len + 1 < t->cap)
        t->buf[t->len++] = *s++;
    t->buf[t->len] = '\0';
}

static void text_u32(struct text *t, uint32_t v)
{
    char digits[10];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0);
    while (n > 0 && t->len + 1 < t->cap)
        t->buf[t->len++] = digits[--n];
    t->buf[t->len] = '\0';
}

/* Fill err: `group` is "base", "tlv" or "footer"; index < 0 means no index;
 * name (the TLV type name) and member may be NULL. */
static void fail(struct tbf_error *err, uint32_t offset, const char *group, long index,
                 const char *name, const char *member, const char *reason, uint32_t found,
                 uint32_t expected)
{
    struct text t = { err->field, sizeof err->field, 0 };
    err->field[0] = '\0';
    text_str(&t, group);
    if (index >= 0) {
        text_str(&t, "[");
        text_u32(&t, (uint32_t)index);
        text_str(&t, "]");
    }
    if (name != NULL) {
        text_str(&t, ".");
        text_str(&t, name);
    }
    if (member != NULL) {
        text_str(&t, ".");
        text_str(&t, member);
    }
    err->offset = offset;
    err->reason = reason;
    err->found = found;
    err->expected = expected;
}

static void fail_base(struct tbf_error *err, uint32_t offset, const char *member,
                      const char *reason, uint32_t found, uint32_t expected)
{
    fail(err, offset, "base", -1, NULL, member, reason, found, expected);
}

/* ---- public helpers ---- */

uint32_t tbf_checksum(const uint8_t *header, uint32_t header_size)
{
    uint32_t sum = 0;
    /* Whole words only, like the Tock kernel; word 3 is the checksum itself. */
    for (uint32_t i = 0; i + 4u <= header_size; i += 4u) {
        if (i != 12u)
            sum ^= rd32(header + i);
    }
    return sum;
}

const char *tbf_tlv_name(uint32_t type)
{
    switch (type) {
    case TBF_TLV_MAIN: return "Main";
    case TBF_TLV_WRITEABLE_FLASH_REGION: return "WriteableFlashRegion";
    case TBF_TLV_PACKAGE_NAME: return "PackageName";
    case TBF_TLV_PIC_OPTION_1: return "PicOption1";
    case TBF_TLV_FIXED_ADDRESSES: return "FixedAddresses";
    case TBF_TLV_PERMISSIONS: return "Permissions";
    case TBF_TLV_STORAGE_PERMISSIONS: return "StoragePermissions";
    case TBF_TLV_KERNEL_VERSION: return "KernelVersion";
    case TBF_TLV_PROGRAM: return "Program";
    case TBF_TLV_SHORT_ID: return "ShortId";
    case TBF_TLV_CREDENTIALS: return "Credentials";
    default: return NULL;
    }
}

bool tbf_command_permitted(const struct tbf_header *h, uint32_t driver, uint32_t command)
{
    if (!h->has_permissions)
        return true;
    uint32_t block = command / 64u;
    uint64_t bit = (uint64_t)1 << (command % 64u);
    for (uint32_t i = 0; i < h->permission_count; i++) {
        const struct tbf_permission *p = &h->permissions[i];
        if (p->driver == driver && p->offset == block && (p->allowed_commands & bit) != 0)
            return true;
    }
    return false;
}

bool tbf_driver_permitted(const struct tbf_header *h, uint32_t driver)
{
    if (!h->has_permissions)
        return true;
    for (uint32_t i = 0; i < h->permission_count; i++) {
        if (h->permissions[i].driver == driver)
            return true;
    }
    return false;
}

/* ---- TLV parsing ---- */

/* What the TLV walk remembers besides what goes into the header. */
struct parse_ctx {
    const uint8_t *tbf;
    struct tbf_header *out;
    struct tbf_error *err;

    /* the TLV being looked at */
    uint32_t index;
    uint32_t tlv_off;    /* of the type field */
    uint32_t data_off;   /* of the data */
    uint16_t type;
    uint16_t length;

    uint32_t seen;       /* bit t set once a TLV of singleton type t was found */

    /* Main and Program as found; the choice between them is made after the walk */
    uint32_t main_index, main_off;
    uint32_t main_init, main_trailer, main_ram;
    uint32_t prog_index, prog_off;
    uint32_t prog_init, prog_trailer, prog_ram, prog_end, prog_version;

    /* where each writeable flash region TLV was, for error reports */
    uint32_t wfr_index[TBF_MAX_WRITEABLE_REGIONS];
    uint32_t wfr_off[TBF_MAX_WRITEABLE_REGIONS];
};

static void tlv_fail(struct parse_ctx *c, uint32_t offset, const char *member,
                     const char *reason, uint32_t found, uint32_t expected)
{
    fail(c->err, offset, "tlv", (long)c->index, tbf_tlv_name(c->type), member, reason, found,
         expected);
}

static bool tlv_exact_length(struct parse_ctx *c, uint16_t want)
{
    if (c->length == want)
        return true;
    tlv_fail(c, c->tlv_off + 2u, "length", "wrong length for this TLV type", c->length, want);
    return false;
}

/* Types that may appear at most once. */
static bool is_singleton(uint16_t type)
{
    return type == TBF_TLV_MAIN || type == TBF_TLV_PACKAGE_NAME ||
           type == TBF_TLV_FIXED_ADDRESSES || type == TBF_TLV_PERMISSIONS ||
           type == TBF_TLV_STORAGE_PERMISSIONS || type == TBF_TLV_KERNEL_VERSION ||
           type == TBF_TLV_PROGRAM || type == TBF_TLV_SHORT_ID;
}

static bool parse_main(struct parse_ctx *c)
{
    if (!tlv_exact_length(c, 12))
        return false;
    const uint8_t *d = c->tbf + c->data_off;
    c->out->has_main = true;
    c->main_index = c->index;
    c->main_off = c->data_off;
    c->main_init = rd32(d);
    c->main_trailer = rd32(d + 4);
    c->main_ram = rd32(d + 8);
    return true;
}

static bool parse_program(struct parse_ctx *c)
{
    if (!tlv_exact_length(c, 20))
        return false;
    const uint8_t *d = c->tbf + c->data_off;
    c->out->has_program = true;
    c->prog_index = c->index;
    c->prog_off = c->data_off;
    c->prog_init = rd32(d);
    c->prog_trailer = rd32(d + 4);
    c->prog_ram = rd32(d + 8);
    c->prog_end = rd32(d + 12);
    c->prog_version = rd32(d + 16);
    return true;
}

static bool parse_writeable_region(struct parse_ctx *c)
{
    if (!tlv_exact_length(c, 8))
        return false;
    struct tbf_header *h = c->out;
    if (h->writeable_region_count >= TBF_MAX_WRITEABLE_REGIONS) {
        tlv_fail(c, c->tlv_off, NULL, "too many writeable flash regions",
                 h->writeable_region_count + 1u, TBF_MAX_WRITEABLE_REGIONS);
        return false;
    }
    uint32_t n = h->writeable_region_count++;
    h->writeable_regions[n].offset = rd32(c->tbf + c->data_off);
    h->writeable_regions[n].size = rd32(c->tbf + c->data_off + 4);
    c->wfr_index[n] = c->index;
    c->wfr_off[n] = c->data_off;
    return true;
}

/* Length of the UTF-8 sequence starting at s[0..n), or 0 when it is not valid
 * (overlong forms, surrogates and values above U+10FFFF included). */
static uint32_t utf8_sequence(const uint8_t *s, uint32_t n)
{
    uint8_t b = s[0];
    uint32_t len, min;
    uint32_t cp;
    if (b < 0x80u)
        return 1;
    if ((b & 0xE0u) == 0xC0u) {
        len = 2; min = 0x80u; cp = b & 0x1Fu;
    } else if ((b & 0xF0u) == 0xE0u) {
        len = 3; min = 0x800u; cp = b & 0x0Fu;
    } else if ((b & 0xF8u) == 0xF0u) {
        len = 4; min = 0x10000u; cp = b & 0x07u;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (uint32_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0u) != 0x80u)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFFu || (cp >= 0xD800u && cp <= 0xDFFFu))
        return 0;
    return len;
}

static bool parse_package_name(struct parse_ctx *c)
{
    if (c->length == 0) {
        tlv_fail(c, c->tlv_off + 2u, "length", "package name is empty", 0, 1);
        return false;
    }
    if (c->length > TBF_MAX_PACKAGE_NAME) {
        tlv_fail(c, c->tlv_off + 2u, "length", "package name is too long", c->length,
                 TBF_MAX_PACKAGE_NAME);
        return false;
    }
    const uint8_t *name = c->tbf + c->data_off;
    for (uint32_t i = 0; i < c->length;) {
        if (name[i] == 0) {
            tlv_fail(c, c->data_off + i, "name", "package name contains a NUL byte", 0, 0);
            return false;
        }
        uint32_t step = utf8_sequence(name + i, c->length - i);
        if (step == 0) {
            tlv_fail(c, c->data_off + i, "name", "package name is not valid UTF-8", name[i], 0);
            return false;
        }
        i += step;
    }
    for (uint32_t i = 0; i < c->length; i++)
        c->out->package_name[i] = (char)name[i];
    c->out->package_name[c->length] = '\0';
    c->out->package_name_len = c->length;
    c->out->has_package_name = true;
    return true;
}

static bool parse_fixed_addresses(struct parse_ctx *c)
{
    if (!tlv_exact_length(c, 8))
        return false;
    c->out->has_fixed_addresses = true;
    c->out->fixed_ram = rd32(c->tbf + c->data_off);
    c->out->fixed_flash = rd32(c->tbf + c->data_off + 4);
    return true;
}

static bool parse_permissions(struct parse_ctx *c)
{
    if (c->length < 2) {
        tlv_fail(c, c->tlv_off + 2u, "length", "too short for the permission count",
                 c->length, 2);
        return false;
    }
    uint32_t count = rd16(c->tbf + c->data_off);
    if (count > TBF_MAX_PERMISSIONS) {
        tlv_fail(c, c->data_off, "count", "too many permission entries", count,
                 TBF_MAX_PERMISSIONS);
        return false;
    }
    uint32_t want = 2u + 16u * count;
    if (c->length != want && c->length != want + 2u) {
        tlv_fail(c, c->tlv_off + 2u, "length", "does not match the permission count",
                 c->length, want);
        return false;
    }
    struct tbf_header *h = c->out;
    h->has_permissions = true;
    h->permission_count = count;
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *e = c->tbf + c->data_off + 2u + 16u * i;
        h->permissions[i].driver = rd32(e);
        h->permissions[i].offset = rd32(e + 4);
        h->permissions[i].allowed_commands = rd64(e + 8);
    }
    return true;
}

/* write_id u32, read_count u16, read_ids u32[], modify_count u16, modify_ids u32[] */
static bool parse_storage_permissions(struct parse_ctx *c)
{
    const uint8_t *d = c->tbf + c->data_off;
    if (c->length < 8) {
        tlv_fail(c, c->tlv_off + 2u, "length", "too short for write_id and both counts",
                 c->length, 8);
        return false;
    }
    uint32_t reads = rd16(d + 4);
    if (reads > TBF_MAX_STORAGE_IDS) {
        tlv_fail(c, c->data_off + 4u, "read_count", "too many read ids", reads,
                 TBF_MAX_STORAGE_IDS);
        return false;
    }
    uint32_t modify_at = 6u + 4u * reads;   /* offset of modify_count in the data */
    if (modify_at + 2u > c->length) {
        tlv_fail(c, c->tlv_off + 2u, "length", "too short for the read ids", c->length,
                 modify_at + 2u);
        return false;
    }
    uint32_t modifies = rd16(d + modify_at);
    if (modifies > TBF_MAX_STORAGE_IDS) {
        tlv_fail(c, c->data_off + modify_at, "modify_count", "too many modify ids", modifies,
                 TBF_MAX_STORAGE_IDS);
        return false;
    }
    uint32_t want = modify_at + 2u + 4u * modifies;
    if (c->length != want) {
        tlv_fail(c, c->tlv_off + 2u, "length", "does not match the id counts", c->length,
                 want);
        return false;
    }
    struct tbf_header *h = c->out;
    h->has_storage_permissions = true;
    h->storage_write_id = rd32(d);
    h->storage_read_count = reads;
    for (uint32_t i = 0; i < reads; i++)
        h->storage_read_ids[i] = rd32(d + 6u + 4u * i);
    h->storage_modify_count = modifies;
    for (uint32_t i = 0; i < modifies; i++)
        h->storage_modify_ids[i] = rd32(d + modify_at + 2u + 4u * i);
    return true;
}

static bool parse_kernel_version(struct parse_ctx *c)
{
    if (!tlv_exact_length(c, 4))
        return false;
    c->out->has_kernel_version = true;
    c->out->kernel_major = rd16(c->tbf + c->data_off);
    c->out->kernel_minor = rd16(c->tbf + c->data_off + 2);
    return true;
}

static bool parse_short_id(struct parse_ctx *c)
{
    if (!tlv_exact_length(c, 4))
        return false;
    uint32_t id = rd32(c->tbf + c->data_off);
    if (id == 0) {
        tlv_fail(c, c->data_off, "short_id", "ShortId 0 is reserved (must be nonzero)", 0, 1);
        return false;
    }
    c->out->has_short_id = true;
    c->out->short_id = id;
    return true;
}

static bool parse_one_tlv(struct parse_ctx *c)
{
    if (is_singleton(c->type)) {
        uint32_t bit = 1u << c->type;
        if (c->seen & bit) {
            tlv_fail(c, c->tlv_off, NULL, "duplicate TLV: this type may appear only once",
                     c->type, 0);
            return false;
        }
        c->seen |= bit;
    }
    switch (c->type) {
    case TBF_TLV_MAIN: return parse_main(c);
    case TBF_TLV_WRITEABLE_FLASH_REGION: return parse_writeable_region(c);
    case TBF_TLV_PACKAGE_NAME: return parse_package_name(c);
    case TBF_TLV_FIXED_ADDRESSES: return parse_fixed_addresses(c);
    case TBF_TLV_PERMISSIONS: return parse_permissions(c);
    case TBF_TLV_STORAGE_PERMISSIONS: return parse_storage_permissions(c);
    case TBF_TLV_KERNEL_VERSION: return parse_kernel_version(c);
    case TBF_TLV_PROGRAM: return parse_program(c);
    case TBF_TLV_SHORT_ID: return parse_short_id(c);
    default: return true;   /* PicOption1, unknown and private types: skipped */
    }
}

static bool parse_tlvs(struct parse_ctx *c)
{
    uint32_t header_size = c->out->header_size;
    uint32_t pos = TBF_BASE_HEADER_SIZE;
    c->index = 0;
    /* header_size and every step are multiples of 4, so a TLV head always fits. */
    while (pos < header_size) {
        c->tlv_off = pos;
        c->data_off = pos + 4u;
        c->type = rd16(c->tbf + pos);
        c->length = rd16(c->tbf + pos + 2u);
        uint32_t room = header_size - c->data_off;
        if (c->length > room) {
            tlv_fail(c, pos + 2u, "length", "runs past the end of the header", c->length,
                     room);
            return false;
        }
        if (!parse_one_tlv(c))
            return false;
        pos = c->data_off + align4(c->length);
        c->index++;
    }
    return true;
}

/* ---- checks that need the whole header ---- */

/* Pick Program over Main and check that the offsets it gives fit the object. */
static bool check_program(struct parse_ctx *c)
{
    struct tbf_header *h = c->out;
    const char *name;
    uint32_t index, off;
    if (h->has_program) {
        name = "Program";
        index = c->prog_index;
        off = c->prog_off;
        h->init_fn_offset = c->prog_init;
        h->protected_trailer_size = c->prog_trailer;
        h->minimum_ram_size = c->prog_ram;
        h->binary_end_offset = c->prog_end;
        h->app_version = c->prog_version;
    } else if (h->has_main) {
        name = "Main";
        index = c->main_index;
        off = c->main_off;
        h->init_fn_offset = c->main_init;
        h->protected_trailer_size = c->main_trailer;
        h->minimum_ram_size = c->main_ram;
        h->binary_end_offset = h->total_size;
        h->app_version = 0;
    } else {
        fail(c->err, TBF_BASE_HEADER_SIZE, "tlv", -1, "Program", NULL,
             "missing: an app needs a Program or Main TLV", 0, 0);
        return false;
    }

    uint32_t end = h->binary_end_offset;
    if (end < h->header_size || end > h->total_size) {
        fail(c->err, off + 12u, "tlv", (long)index, name, "binary_end_offset",
             end < h->header_size ? "lies inside the header" : "lies past total_size", end,
             end < h->header_size ? h->header_size : h->total_size);
        return false;
    }
    /* 64-bit sums: none of these fields is trusted not to wrap. */
    uint64_t app_start = (uint64_t)h->header_size + h->protected_trailer_size;
    if (app_start > end) {
        fail(c->err, off + 4u, "tlv", (long)index, name, "protected_trailer_size",
             "runs past the end of the binary", h->protected_trailer_size,
             end - h->header_size);
        return false;
    }
    /* the first instruction: the Thumb bit (bit 0) is not part of its address */
    uint64_t entry = ((uint64_t)h->header_size + h->init_fn_offset) & ~(uint64_t)1;
    if (entry < app_start) {
        fail(c->err, off, "tlv", (long)index, name, "init_fn_offset",
             "entry point lies in the protected trailer", h->init_fn_offset,
             h->protected_trailer_size);
        return false;
    }
    if (entry >= end) {
        fail(c->err, off, "tlv", (long)index, name, "init_fn_offset",
             "entry point lies past the end of the binary", h->init_fn_offset,
             end - h->header_size);
        return false;
    }
    return true;
}

static bool check_writeable_regions(struct parse_ctx *c)
{
    const struct tbf_header *h = c->out;
    uint64_t start = (uint64_t)h->header_size + h->protected_trailer_size;
    for (uint32_t i = 0; i < h->writeable_region_count; i++) {
        uint64_t off = h->writeable_regions[i].offset;
        uint64_t size = h->writeable_regions[i].size;
        if (off < start || off > h->binary_end_offset) {
            fail(c->err, c->wfr_off[i], "tlv", (long)c->wfr_index[i], "WriteableFlashRegion",
                 "offset", "region starts outside the app binary", (uint32_t)off,
                 (uint32_t)start);
            return false;
        }
        if (off + size > h->binary_end_offset) {
            fail(c->err, c->wfr_off[i] + 4u, "tlv", (long)c->wfr_index[i],
                 "WriteableFlashRegion", "size", "region runs past the end of the binary",
                 (uint32_t)size, (uint32_t)(h->binary_end_offset - off));
            return false;
        }
    }
    return true;
}

/* Data bytes a credentials format needs after its format word; 0 = any length. */
static uint32_t credential_data_size(uint32_t format)
{
    switch (format) {
    case 1: return 768;    /* RSA3072 key + signature */
    case 2: return 1024;   /* RSA4096 key + signature */
    case 3: return 32;     /* SHA256 */
    case 4: return 48;     /* SHA384 */
    case 5: return 64;     /* SHA512 */
    case 6: return 64;     /* ECDSA NIST P-256 signature */
    default: return 0;     /* 0 Reserved (any length) and formats this parser does not know */
    }
}

static bool parse_footers(const uint8_t *tbf, struct tbf_header *h, struct tbf_error *err)
{
    uint32_t pos = h->binary_end_offset;
    uint32_t total = h->total_size;
    long index = 0;
    /* Fewer than 4 bytes left cannot hold a TLV head: that is trailing padding. */
    while (total - pos >= 4u) {
        uint16_t type = rd16(tbf + pos);
        uint16_t length = rd16(tbf + pos + 2u);
        uint32_t data = pos + 4u;
        const char *name = tbf_tlv_name(type);
        if (length > total - data) {
            fail(err, pos + 2u, "footer", index, name, "length", "runs past total_size", length,
                 total - data);
            return false;
        }
        if (type == TBF_TLV_CREDENTIALS) {
            if (length < 4u) {
                fail(err, pos + 2u, "footer", index, name, "length",
                     "too short for the credentials format", length, 4);
                return false;
            }
            uint32_t format = rd32(tbf + data);
            uint32_t need = credential_data_size(format);
            uint32_t have = length - 4u;
            if (have < need) {
                fail(err, pos + 2u, "footer", index, name, "length",
                     "too short for this credentials format", length, need + 4u);
                return false;
            }
            /* Footers beyond TBF_MAX_CREDENTIALS are checked but not recorded. */
            if (h->credential_count < TBF_MAX_CREDENTIALS) {
                struct tbf_credential *cr = &h->credentials[h->credential_count++];
                cr->format = format;
                cr->offset = data + 4u;
                cr->length = need != 0 ? need : have;
            }
        }
        uint32_t next = data + align4(length);
        pos = next < total ? next : total;
        index++;
    }
    return true;
}

/* ---- the base header ---- */

static bool check_base(const uint8_t *data, size_t len, struct tbf_header *h,
                       struct tbf_error *err)
{
    if (data == NULL || len < TBF_BASE_HEADER_SIZE) {
        fail(err, 0, "base", -1, NULL, NULL, "fewer than 16 bytes: no room for a TBF header",
             data == NULL ? 0 : (uint32_t)len, TBF_BASE_HEADER_SIZE);
        return false;
    }
    h->version = rd16(data);
    h->header_size = rd16(data + 2);
    h->total_size = rd32(data + 4);
    h->flags = rd32(data + 8);
    h->checksum = rd32(data + 12);

    uint32_t avail = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
    if (h->version != 2) {
        fail_base(err, 0, "version", "unsupported TBF version", h->version, 2);
        return false;
    }
    if (h->header_size < TBF_BASE_HEADER_SIZE) {
        fail_base(err, 2, "header_size", "smaller than the 16-byte base header",
                  h->header_size, TBF_BASE_HEADER_SIZE);
        return false;
    }
    if (h->header_size % 4u != 0) {
        fail_base(err, 2, "header_size", "not a multiple of 4", h->header_size,
                  align4(h->header_size));
        return false;
    }
    if (h->header_size > avail) {
        fail_base(err, 2, "header_size", "runs past the end of the data", h->header_size, avail);
        return false;
    }
    if (h->header_size > h->total_size) {
        fail_base(err, 2, "header_size", "larger than total_size", h->header_size,
                  h->total_size);
        return false;
    }
    if (h->total_size > avail) {
        fail_base(err, 4, "total_size", "runs past the end of the data", h->total_size, avail);
        return false;
    }
    uint32_t sum = tbf_checksum(data, h->header_size);
    if (sum != h->checksum) {
        fail_base(err, 12, "checksum", "does not match the XOR of the header words",
                  h->checksum, sum);
        return false;
    }
    uint32_t known = TBF_FLAG_ENABLED | TBF_FLAG_STICKY;
    if ((h->flags & ~known) != 0) {
        fail_base(err, 8, "flags", "reserved bits 2-31 are set", h->flags, h->flags & known);
        return false;
    }
    return true;
}

enum tbf_status tbf_parse(const uint8_t *data, size_t len, struct tbf_header *out,
                          struct tbf_error *err)
{
    struct tbf_header scratch_header;
    struct tbf_error scratch_err;
    if (out == NULL)
        out = &scratch_header;
    if (err == NULL)
        err = &scratch_err;
    *out = (struct tbf_header){ 0 };
    *err = (struct tbf_error){ 0 };
    out->fixed_ram = TBF_FIXED_NONE;
    out->fixed_flash = TBF_FIXED_NONE;

    if (!check_base(data, len, out, err))
        return TBF_BAD;

    if (out->header_size == TBF_BASE_HEADER_SIZE) {
        /* No TLVs: a padding object that only says how far to skip. */
        out->is_padding = true;
        out->binary_end_offset = out->total_size;
        return TBF_OK;
    }

    struct parse_ctx c = { 0 };
    c.tbf = data;
    c.out = out;
    c.err = err;
    if (!parse_tlvs(&c) || !check_program(&c) || !check_writeable_regions(&c) ||
        !parse_footers(data, out, err))
        return TBF_BAD;
    return TBF_OK;
}

/* ---- walking a flash image ---- */

void tbf_image_begin(struct tbf_image_iter *it, const uint8_t *image, size_t len)
{
    it->image = image;
    it->len = image == NULL ? 0 : len;
    it->pos = 0;
}

/* Erased flash (all 0xFF) or zeros where a base header would be. */
static bool looks_empty(const uint8_t *p)
{
    bool all_ff = true, all_zero = true;
    for (uint32_t i = 0; i < TBF_BASE_HEADER_SIZE; i++) {
        all_ff = all_ff && p[i] == 0xFFu;
        all_zero = all_zero && p[i] == 0x00u;
    }
    return all_ff || all_zero;
}

enum tbf_status tbf_image_next(struct tbf_image_iter *it, struct tbf_header *out,
                               size_t *offset_out, struct tbf_error *err)
{
    struct tbf_header scratch_header;
    struct tbf_error scratch_err;
    if (out == NULL)
        out = &scratch_header;
    if (err == NULL)
        err = &scratch_err;

    for (;;) {
        size_t remaining = it->pos <= it->len ? it->len - it->pos : 0;
        if (offset_out != NULL)
            *offset_out = it->pos;
        if (remaining < TBF_BASE_HEADER_SIZE || looks_empty(it->image + it->pos)) {
            it->pos = it->len;
            return TBF_END_OF_IMAGE;
        }
        const uint8_t *obj = it->image + it->pos;

        if (tbf_parse(obj, remaining, out, err) == TBF_OK) {
            it->pos += out->total_size;
            if (out->is_padding)
                continue;
            return TBF_OK;
        }

        /* Skip a bad object only when its size still makes sense; otherwise nothing
         * after it can be found reliably. */
        uint32_t total = rd32(obj + 4);
        if (total >= TBF_BASE_HEADER_SIZE && total <= remaining && total % 4u == 0)
            it->pos += total;
        else
            it->pos = it->len;
        return TBF_BAD;
    }
}
