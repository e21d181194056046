/* Unit tests for the TBF parser (kernel/tbf.c): every refusal names the right field and
 * offset, the accepted layouts parse to the right values, and the flash-image walk skips
 * what it can and stops where it must. TBFs are built in memory by a small builder. */
#include <CUnit/Basic.h>

#include "unit_run.h"
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tock/tbf.h"

/* ---- a tiny TBF builder ---- */

#define BUF_SIZE 4096u

struct builder {
    uint8_t buf[BUF_SIZE];
    uint32_t hlen;      /* header bytes written so far */
};

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v & 0xFFFFu);
    put16(p + 2, v >> 16);
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

static void b_init(struct builder *b)
{
    memset(b->buf, 0, sizeof b->buf);
    b->hlen = 16;
}

/* Append a TLV whose length field says `declared` and whose data is data[0..n);
 * padded to 4. Returns the TLV's offset. */
static uint32_t b_tlv_len(struct builder *b, uint16_t type, uint16_t declared, const void *data,
                          uint32_t n)
{
    uint32_t off = b->hlen;
    put16(b->buf + off, type);
    put16(b->buf + off + 2, declared);
    if (n > 0)
        memcpy(b->buf + off + 4, data, n);
    b->hlen = off + 4 + ((n + 3u) & ~3u);
    return off;
}

static uint32_t b_tlv(struct builder *b, uint16_t type, const void *data, uint32_t n)
{
    return b_tlv_len(b, type, (uint16_t)n, data, n);
}

static uint32_t b_program(struct builder *b, uint32_t init, uint32_t trailer, uint32_t ram,
                          uint32_t end, uint32_t version)
{
    uint8_t d[20];
    put32(d, init);
    put32(d + 4, trailer);
    put32(d + 8, ram);
    put32(d + 12, end);
    put32(d + 16, version);
    return b_tlv(b, TBF_TLV_PROGRAM, d, 20);
}

static uint32_t b_main(struct builder *b, uint32_t init, uint32_t trailer, uint32_t ram)
{
    uint8_t d[12];
    put32(d, init);
    put32(d + 4, trailer);
    put32(d + 8, ram);
    return b_tlv(b, TBF_TLV_MAIN, d, 12);
}

static uint32_t b_u32_tlv(struct builder *b, uint16_t type, uint32_t v)
{
    uint8_t d[4];
    put32(d, v);
    return b_tlv(b, type, d, 4);
}

static uint32_t b_name(struct builder *b, const char *name)
{
    return b_tlv(b, TBF_TLV_PACKAGE_NAME, name, (uint32_t)strlen(name));
}

/* Write the base header (flags: enabled) and its checksum. */
static void b_finish_flags(struct builder *b, uint32_t total, uint32_t flags)
{
    put16(b->buf, 2);
    put16(b->buf + 2, b->hlen);
    put32(b->buf + 4, total);
    put32(b->buf + 8, flags);
    put32(b->buf + 12, tbf_checksum(b->buf, b->hlen));
}

static void b_finish(struct builder *b, uint32_t total)
{
    b_finish_flags(b, total, TBF_FLAG_ENABLED);
}

/* Recompute the checksum after poking at the header. */
static void b_resum(struct builder *b)
{
    uint32_t hs = (uint32_t)(b->buf[2] | (b->buf[3] << 8));
    put32(b->buf + 12, tbf_checksum(b->buf, hs));
}

/* Reserved credentials footer from `at` to `total`. */
static void b_reserved_footer(struct builder *b, uint32_t at, uint32_t total)
{
    put16(b->buf + at, TBF_TLV_CREDENTIALS);
    put16(b->buf + at + 2, total - at - 4);
    put32(b->buf + at + 4, 0);
}

#define APP_TOTAL 1024u
#define APP_BINARY_END 512u

/* The reference app: Main + Program + name + kernel version, binary to 512, a reserved
 * footer filling 512..1024. Returns the header size. */
static uint32_t make_app(struct builder *b)
{
    b_init(b);
    b_main(b, 0x29, 0, 5120);
    b_program(b, 0x29, 0, 5120, APP_BINARY_END, 7);
    b_name(b, "hello");
    uint8_t kv[4];
    put16(kv, 2);
    put16(kv + 2, 2);
    b_tlv(b, TBF_TLV_KERNEL_VERSION, kv, 4);
    b_reserved_footer(b, APP_BINARY_END, APP_TOTAL);
    b_finish(b, APP_TOTAL);
    return b->hlen;
}

/* ---- assertion helpers ---- */

static struct tbf_header hdr;
static struct tbf_error err;

static enum tbf_status parse(struct builder *b, size_t len)
{
    return tbf_parse(b->buf, len, &hdr, &err);
}

/* Expect a refusal naming `field` at `offset`; print what came back when it does not. */
static void expect_bad(enum tbf_status st, const char *field, uint32_t offset, int line)
{
    bool ok = st == TBF_BAD && strcmp(err.field, field) == 0 && err.offset == offset;
    if (!ok)
        fprintf(stderr, "\n  line %d: expected BAD %s @%u, got status %d %s @%u (%s)\n", line,
                field, offset, (int)st, err.field, err.offset, err.reason ? err.reason : "-");
    CU_ASSERT(ok);
    CU_ASSERT_PTR_NOT_NULL(err.reason);
}

#define EXPECT_BAD(st, field, offset) expect_bad((st), (field), (offset), __LINE__)

static void expect_ok(enum tbf_status st, int line)
{
    if (st != TBF_OK)
        fprintf(stderr, "\n  line %d: expected OK, got %d: %s @%u (%s)\n", line, (int)st,
                err.field, err.offset, err.reason ? err.reason : "-");
    CU_ASSERT_EQUAL(st, TBF_OK);
}

#define EXPECT_OK(st) expect_ok((st), __LINE__)

/* ---- valid headers ---- */

static void test_valid_app(void)
{
    struct builder b;
    uint32_t hs = make_app(&b);
    EXPECT_OK(parse(&b, sizeof b.buf));
    CU_ASSERT_EQUAL(hdr.version, 2);
    CU_ASSERT_EQUAL(hdr.header_size, hs);
    CU_ASSERT_EQUAL(hdr.total_size, APP_TOTAL);
    CU_ASSERT_EQUAL(hdr.flags, TBF_FLAG_ENABLED);
    CU_ASSERT_FALSE(hdr.is_padding);
    CU_ASSERT_TRUE(hdr.has_main);
    CU_ASSERT_TRUE(hdr.has_program);
    CU_ASSERT_EQUAL(hdr.init_fn_offset, 0x29);
    CU_ASSERT_EQUAL(hdr.protected_trailer_size, 0);
    CU_ASSERT_EQUAL(hdr.minimum_ram_size, 5120);
    CU_ASSERT_EQUAL(hdr.binary_end_offset, APP_BINARY_END);
    CU_ASSERT_EQUAL(hdr.app_version, 7);
    CU_ASSERT_TRUE(hdr.has_package_name);
    CU_ASSERT_STRING_EQUAL(hdr.package_name, "hello");
    CU_ASSERT_EQUAL(hdr.package_name_len, 5);
    CU_ASSERT_TRUE(hdr.has_kernel_version);
    CU_ASSERT_EQUAL(hdr.kernel_major, 2);
    CU_ASSERT_EQUAL(hdr.kernel_minor, 2);
    CU_ASSERT_FALSE(hdr.has_permissions);
    CU_ASSERT_FALSE(hdr.has_short_id);
    CU_ASSERT_FALSE(hdr.has_fixed_addresses);
    CU_ASSERT_EQUAL(hdr.fixed_ram, TBF_FIXED_NONE);
    CU_ASSERT_EQUAL(hdr.fixed_flash, TBF_FIXED_NONE);
    CU_ASSERT_EQUAL(hdr.credential_count, 1);
    CU_ASSERT_EQUAL(hdr.credentials[0].format, 0);
    CU_ASSERT_EQUAL(hdr.credentials[0].offset, APP_BINARY_END + 8);
    CU_ASSERT_EQUAL(hdr.credentials[0].length, APP_TOTAL - APP_BINARY_END - 8);
    /* exactly total_size bytes are enough */
    EXPECT_OK(parse(&b, APP_TOTAL));
}

static void test_null_error_and_checksum_helper(void)
{
    struct builder b;
    make_app(&b);
    CU_ASSERT_EQUAL(tbf_parse(b.buf, sizeof b.buf, &hdr, NULL), TBF_OK);
    /* XOR of the words except word 3 */
    uint8_t h[20] = { 0 };
    put32(h, 0x11111111);
    put32(h + 4, 0x22222222);
    put32(h + 12, 0xFFFFFFFF);
    put32(h + 16, 0x00000044);
    CU_ASSERT_EQUAL(tbf_checksum(h, 20), 0x11111111u ^ 0x22222222u ^ 0x44u);
    CU_ASSERT_EQUAL(tbf_checksum(h, 16), 0x11111111u ^ 0x22222222u);
}

static void test_program_preferred_over_main(void)
{
    struct builder b;
    b_init(&b);
    b_main(&b, 0x10, 0, 1000);
    b_program(&b, 0x40, 8, 3000, 400, 3);
    b_finish(&b, 512);
    EXPECT_OK(parse(&b, 512));
    CU_ASSERT_EQUAL(hdr.init_fn_offset, 0x40);
    CU_ASSERT_EQUAL(hdr.protected_trailer_size, 8);
    CU_ASSERT_EQUAL(hdr.minimum_ram_size, 3000);
    CU_ASSERT_EQUAL(hdr.binary_end_offset, 400);
    CU_ASSERT_EQUAL(hdr.app_version, 3);

    /* Program before Main: the same */
    b_init(&b);
    b_program(&b, 0x40, 8, 3000, 400, 3);
    b_main(&b, 0x10, 0, 1000);
    b_finish(&b, 512);
    EXPECT_OK(parse(&b, 512));
    CU_ASSERT_EQUAL(hdr.init_fn_offset, 0x40);
    CU_ASSERT_EQUAL(hdr.minimum_ram_size, 3000);
}

static void test_main_only(void)
{
    struct builder b;
    b_init(&b);
    b_main(&b, 0x10, 0, 1000);
    b_finish(&b, 512);
    EXPECT_OK(parse(&b, 512));
    CU_ASSERT_TRUE(hdr.has_main);
    CU_ASSERT_FALSE(hdr.has_program);
    CU_ASSERT_EQUAL(hdr.binary_end_offset, 512);
    CU_ASSERT_EQUAL(hdr.app_version, 0);
    CU_ASSERT_EQUAL(hdr.credential_count, 0);
}

static void test_unknown_and_private_tlvs_ignored(void)
{
    struct builder b;
    b_init(&b);
    uint8_t junk[7] = { 1, 2, 3, 4, 5, 6, 7 };
    b_tlv(&b, 0x0042, junk, 7);               /* unknown in-tree type */
    b_tlv(&b, 0x8001, junk, 3);               /* private (bit 15) */
    b_tlv(&b, TBF_TLV_PIC_OPTION_1, junk, 7); /* legacy, not parsed */
    b_tlv(&b, 0x0000, NULL, 0);               /* empty unknown */
    b_tlv(&b, 0xFFFF, junk, 1);
    b_program(&b, 0, 0, 100, 256, 0);
    b_finish(&b, 256);
    EXPECT_OK(parse(&b, 256));
    CU_ASSERT_TRUE(hdr.has_program);
    CU_ASSERT_EQUAL(hdr.minimum_ram_size, 100);
}

static void test_padding_object(void)
{
    struct builder b;
    b_init(&b);
    b_finish_flags(&b, 2048, 0);
    EXPECT_OK(parse(&b, sizeof b.buf));
    CU_ASSERT_TRUE(hdr.is_padding);
    CU_ASSERT_EQUAL(hdr.total_size, 2048);
    CU_ASSERT_FALSE(hdr.has_main);
    CU_ASSERT_FALSE(hdr.has_program);

    /* a padding object still needs a good checksum */
    b.buf[12] ^= 1;
    EXPECT_BAD(parse(&b, sizeof b.buf), "base.checksum", 12);
}

static void test_all_optional_tlvs(void)
{
    struct builder b;
    b_init(&b);
    b_program(&b, 0x20, 0, 4096, 1024, 1);
    uint8_t wfr[8];
    put32(wfr, 0x100);
    put32(wfr + 4, 0x80);
    b_tlv(&b, TBF_TLV_WRITEABLE_FLASH_REGION, wfr, 8);
    put32(wfr, 0x200);
    put32(wfr + 4, 0x40);
    b_tlv(&b, TBF_TLV_WRITEABLE_FLASH_REGION, wfr, 8);
    uint8_t fixed[8];
    put32(fixed, 0x20004000);
    put32(fixed + 4, TBF_FIXED_NONE);
    b_tlv(&b, TBF_TLV_FIXED_ADDRESSES, fixed, 8);
    b_u32_tlv(&b, TBF_TLV_SHORT_ID, 0x1234);
    /* storage: write 7, read {1,2}, modify {3} */
    uint8_t st[20];
    put32(st, 7);
    put16(st + 4, 2);
    put32(st + 6, 1);
    put32(st + 10, 2);
    put16(st + 14, 1);
    put32(st + 16, 3);
    b_tlv(&b, TBF_TLV_STORAGE_PERMISSIONS, st, 20);
    b_finish(&b, 2048);
    EXPECT_OK(parse(&b, 2048));
    CU_ASSERT_EQUAL(hdr.writeable_region_count, 2);
    CU_ASSERT_EQUAL(hdr.writeable_regions[0].offset, 0x100);
    CU_ASSERT_EQUAL(hdr.writeable_regions[0].size, 0x80);
    CU_ASSERT_EQUAL(hdr.writeable_regions[1].offset, 0x200);
    CU_ASSERT_TRUE(hdr.has_fixed_addresses);
    CU_ASSERT_EQUAL(hdr.fixed_ram, 0x20004000);
    CU_ASSERT_EQUAL(hdr.fixed_flash, TBF_FIXED_NONE);
    CU_ASSERT_TRUE(hdr.has_short_id);
    CU_ASSERT_EQUAL(hdr.short_id, 0x1234);
    CU_ASSERT_TRUE(hdr.has_storage_permissions);
    CU_ASSERT_EQUAL(hdr.storage_write_id, 7);
    CU_ASSERT_EQUAL(hdr.storage_read_count, 2);
    CU_ASSERT_EQUAL(hdr.storage_read_ids[1], 2);
    CU_ASSERT_EQUAL(hdr.storage_modify_count, 1);
    CU_ASSERT_EQUAL(hdr.storage_modify_ids[0], 3);
    /* no footer space at all: binary ends 1024 bytes before total; zeros = unknown
     * type 0 footers of length 0, skipped */
    CU_ASSERT_EQUAL(hdr.credential_count, 0);
}

/* ---- base header refusals ---- */

static void test_too_short(void)
{
    uint8_t small[15] = { 2, 0, 16, 0 };
    EXPECT_BAD(tbf_parse(small, sizeof small, &hdr, &err), "base", 0);
    EXPECT_BAD(tbf_parse(NULL, 100, &hdr, &err), "base", 0);
}

static void test_wrong_version(void)
{
    struct builder b;
    make_app(&b);
    put16(b.buf, 1);
    b_resum(&b);
    EXPECT_BAD(parse(&b, sizeof b.buf), "base.version", 0);
    CU_ASSERT_EQUAL(err.found, 1);
    CU_ASSERT_EQUAL(err.expected, 2);
}

static void test_bad_checksum(void)
{
    struct builder b;
    make_app(&b);
    uint32_t good = tbf_checksum(b.buf, b.hlen);
    b.buf[12] ^= 0x80;
    EXPECT_BAD(parse(&b, sizeof b.buf), "base.checksum", 12);
    CU_ASSERT_EQUAL(err.expected, good);
    CU_ASSERT_EQUAL(err.found, good ^ 0x80);

    /* a flipped TLV byte is caught by the checksum too */
    make_app(&b);
    b.buf[20] ^= 1;
    EXPECT_BAD(parse(&b, sizeof b.buf), "base.checksum", 12);
}

static void test_header_size(void)
{
    struct builder b;
    /* bigger than total_size */
    make_app(&b);
    put32(b.buf + 4, 64);
    put16(b.buf + 2, 128);
    b_resum(&b);
    EXPECT_BAD(parse(&b, sizeof b.buf), "base.header_size", 2);
    /* bigger than the data */
    make_app(&b);
    EXPECT_BAD(parse(&b, b.hlen - 4), "base.header_size", 2);
    /* not a multiple of 4 */
    make_app(&b);
    put16(b.buf + 2, b.hlen - 2);
    b_resum(&b);
    EXPECT_BAD(parse(&b, sizeof b.buf), "base.header_size", 2);
    /* smaller than the base header */
    make_app(&b);
    put16(b.buf + 2, 12);
    EXPECT_BAD(parse(&b, sizeof b.buf), "base.header_size", 2);
    CU_ASSERT_EQUAL(err.found, 12);
}

static void test_total_size(void)
{
    struct builder b;
    make_app(&b);
    EXPECT_BAD(parse(&b, APP_TOTAL - 4), "base.total_size", 4);
    CU_ASSERT_EQUAL(err.found, APP_TOTAL);
    CU_ASSERT_EQUAL(err.expected, APP_TOTAL - 4);
}

static void test_reserved_flags(void)
{
    struct builder b;
    make_app(&b);
    b_finish_flags(&b, APP_TOTAL, TBF_FLAG_ENABLED | TBF_FLAG_STICKY);
    EXPECT_OK(parse(&b, sizeof b.buf));
    CU_ASSERT_EQUAL(hdr.flags, 3);
    b_finish_flags(&b, APP_TOTAL, TBF_FLAG_ENABLED | 0x100);
    EXPECT_BAD(parse(&b, sizeof b.buf), "base.flags", 8);
    CU_ASSERT_EQUAL(err.found, 0x101);
}

/* ---- TLV refusals ---- */

static void test_tlv_overruns_header(void)
{
    struct builder b;
    b_init(&b);
    b_program(&b, 0, 0, 0, 256, 0);
    /* a name TLV claiming 40 bytes where only 8 follow */
    uint32_t off = b_tlv_len(&b, TBF_TLV_PACKAGE_NAME, 40, "abcdefgh", 8);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[1].PackageName.length", off + 2);
    CU_ASSERT_EQUAL(err.found, 40);
    CU_ASSERT_EQUAL(err.expected, 8);

    /* an unknown TLV overrunning is refused as well */
    b_init(&b);
    b_program(&b, 0, 0, 0, 256, 0);
    off = b_tlv_len(&b, 0x8123, 9, "abcdefgh", 8);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[1].length", off + 2);

    /* truncated: the header ends right after a TLV head that promises data */
    b_init(&b);
    b_program(&b, 0, 0, 0, 256, 0);
    off = b_tlv_len(&b, TBF_TLV_SHORT_ID, 4, NULL, 0);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[1].ShortId.length", off + 2);
}

struct fixed_case {
    uint16_t type;
    uint16_t good;
    const char *field;
};

static void test_fixed_size_lengths(void)
{
    static const struct fixed_case cases[] = {
        { TBF_TLV_MAIN, 12, "tlv[1].Main.length" },
        { TBF_TLV_WRITEABLE_FLASH_REGION, 8, "tlv[1].WriteableFlashRegion.length" },
        { TBF_TLV_FIXED_ADDRESSES, 8, "tlv[1].FixedAddresses.length" },
        { TBF_TLV_KERNEL_VERSION, 4, "tlv[1].KernelVersion.length" },
        { TBF_TLV_PROGRAM, 20, "tlv[1].Program.length" },
        { TBF_TLV_SHORT_ID, 4, "tlv[1].ShortId.length" },
    };
    uint8_t data[32];
    memset(data, 0x11, sizeof data);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct fixed_case *fc = &cases[i];
        const uint16_t wrong[2] = { (uint16_t)(fc->good - 4), (uint16_t)(fc->good + 4) };
        for (int w = 0; w < 2; w++) {
            struct builder b;
            b_init(&b);
            /* tlv[0] is a Main (or a Program when Main is under test) */
            if (fc->type == TBF_TLV_MAIN)
                b_program(&b, 0, 0, 0, 256, 0);
            else
                b_main(&b, 0, 0, 0);
            uint32_t off = b_tlv(&b, fc->type, data, wrong[w]);
            b_finish(&b, 256);
            EXPECT_BAD(parse(&b, 256), fc->field, off + 2);
            CU_ASSERT_EQUAL(err.found, wrong[w]);
            CU_ASSERT_EQUAL(err.expected, fc->good);
        }
    }
}

static void test_short_id_zero(void)
{
    struct builder b;
    b_init(&b);
    b_program(&b, 0, 0, 0, 256, 0);
    uint32_t off = b_u32_tlv(&b, TBF_TLV_SHORT_ID, 0);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[1].ShortId.short_id", off + 4);
}

static void test_duplicates(void)
{
    struct builder b;
    b_init(&b);
    b_program(&b, 0, 0, 0, 256, 0);
    uint32_t off = b_program(&b, 0, 0, 0, 256, 0);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[1].Program", off);

    b_init(&b);
    b_program(&b, 0, 0, 0, 256, 0);
    b_name(&b, "a");
    b_u32_tlv(&b, TBF_TLV_SHORT_ID, 5);
    off = b_name(&b, "b");
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[3].PackageName", off);

    /* several writeable flash regions are fine, up to the limit */
    b_init(&b);
    b_program(&b, 0, 0, 0, 256, 0);
    uint8_t wfr[8];
    put32(wfr, 0x80);
    put32(wfr + 4, 4);
    for (uint32_t i = 0; i < TBF_MAX_WRITEABLE_REGIONS; i++)
        b_tlv(&b, TBF_TLV_WRITEABLE_FLASH_REGION, wfr, 8);
    b_finish(&b, 256);
    EXPECT_OK(parse(&b, 256));
    CU_ASSERT_EQUAL(hdr.writeable_region_count, TBF_MAX_WRITEABLE_REGIONS);
    off = b_tlv(&b, TBF_TLV_WRITEABLE_FLASH_REGION, wfr, 8);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[5].WriteableFlashRegion", off);
}

static void test_missing_main_and_program(void)
{
    struct builder b;
    b_init(&b);
    b_name(&b, "nomain");
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv.Program", 16);
}

static void test_init_fn_outside_binary(void)
{
    struct builder b;
    /* header 16+24 = 40; binary end 200: init 160 lands on 200 = past the end */
    b_init(&b);
    uint32_t off = b_program(&b, 160, 0, 0, 200, 0);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[0].Program.init_fn_offset", off + 4);
    CU_ASSERT_EQUAL(err.found, 160);
    CU_ASSERT_EQUAL(err.expected, 160);
    /* one less is the last byte of the binary */
    b_init(&b);
    b_program(&b, 159, 0, 0, 200, 0);
    b_finish(&b, 256);
    EXPECT_OK(parse(&b, 256));
    /* huge offsets do not wrap around */
    b_init(&b);
    off = b_program(&b, 0xFFFFFFF0u, 0, 0, 200, 0);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[0].Program.init_fn_offset", off + 4);
    /* inside the protected trailer */
    b_init(&b);
    off = b_program(&b, 4, 8, 0, 200, 0);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[0].Program.init_fn_offset", off + 4);
    /* the Thumb bit does not count: an odd trailer with init 1 would start 1 byte inside
     * the trailer (found by fuzz_load) */
    b_init(&b);
    off = b_program(&b, 1, 1, 0, 200, 0);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[0].Program.init_fn_offset", off + 4);
    b_init(&b);
    b_program(&b, 3, 1, 0, 200, 0);
    b_finish(&b, 256);
    EXPECT_OK(parse(&b, 256));
    /* Main only: the binary runs to total_size */
    b_init(&b);
    off = b_main(&b, 256 - 28, 0, 0);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[0].Main.init_fn_offset", off + 4);
}

static void test_binary_end_offset(void)
{
    struct builder b;
    b_init(&b);
    uint32_t off = b_program(&b, 0, 0, 0, 300, 0);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[0].Program.binary_end_offset", off + 16);
    CU_ASSERT_EQUAL(err.found, 300);
    CU_ASSERT_EQUAL(err.expected, 256);

    b_init(&b);
    off = b_program(&b, 0, 0, 0, 20, 0);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[0].Program.binary_end_offset", off + 16);
}

static void test_protected_trailer(void)
{
    struct builder b;
    b_init(&b);
    b_program(&b, 0x20, 0x10, 0, 256, 0);
    b_finish(&b, 256);
    EXPECT_OK(parse(&b, 256));
    CU_ASSERT_EQUAL(hdr.protected_trailer_size, 0x10);

    b_init(&b);
    uint32_t off = b_program(&b, 0, 0x1000, 0, 256, 0);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[0].Program.protected_trailer_size", off + 8);
    b_init(&b);
    off = b_program(&b, 0, 0xFFFFFFFFu, 0, 256, 0);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[0].Program.protected_trailer_size", off + 8);
}

static void test_writeable_region_bounds(void)
{
    struct builder b;
    uint8_t wfr[8];
    /* past the binary end */
    b_init(&b);
    b_program(&b, 0, 0, 0, 200, 0);
    put32(wfr, 0x80);
    put32(wfr + 4, 0x100);
    uint32_t off = b_tlv(&b, TBF_TLV_WRITEABLE_FLASH_REGION, wfr, 8);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[1].WriteableFlashRegion.size", off + 8);
    /* inside the header */
    b_init(&b);
    b_program(&b, 0, 0, 0, 200, 0);
    put32(wfr, 0x4);
    put32(wfr + 4, 0x10);
    off = b_tlv(&b, TBF_TLV_WRITEABLE_FLASH_REGION, wfr, 8);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[1].WriteableFlashRegion.offset", off + 4);
}

static void test_package_name(void)
{
    struct builder b;
    char longname[TBF_MAX_PACKAGE_NAME + 2];
    memset(longname, 'x', sizeof longname);
    longname[TBF_MAX_PACKAGE_NAME + 1] = '\0';

    b_init(&b);
    b_program(&b, 0, 0, 0, 256, 0);
    uint32_t off = b_name(&b, longname);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[1].PackageName.length", off + 2);
    CU_ASSERT_EQUAL(err.found, TBF_MAX_PACKAGE_NAME + 1);
    CU_ASSERT_EQUAL(err.expected, TBF_MAX_PACKAGE_NAME);

    /* exactly the maximum is fine */
    longname[TBF_MAX_PACKAGE_NAME] = '\0';
    b_init(&b);
    b_program(&b, 0, 0, 0, 256, 0);
    b_name(&b, longname);
    b_finish(&b, 256);
    EXPECT_OK(parse(&b, 256));
    CU_ASSERT_EQUAL(strlen(hdr.package_name), TBF_MAX_PACKAGE_NAME);

    /* empty */
    b_init(&b);
    b_program(&b, 0, 0, 0, 256, 0);
    off = b_name(&b, "");
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[1].PackageName.length", off + 2);

    /* NUL inside */
    b_init(&b);
    b_program(&b, 0, 0, 0, 256, 0);
    off = b_tlv(&b, TBF_TLV_PACKAGE_NAME, "ab\0cd", 5);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[1].PackageName.name", off + 4 + 2);

    /* bad UTF-8 (a lone continuation byte), then good UTF-8 */
    b_init(&b);
    b_program(&b, 0, 0, 0, 256, 0);
    off = b_tlv(&b, TBF_TLV_PACKAGE_NAME, "a\x80", 2);
    b_finish(&b, 256);
    EXPECT_BAD(parse(&b, 256), "tlv[1].PackageName.name", off + 4 + 1);
    b_init(&b);
    b_program(&b, 0, 0, 0, 256, 0);
    b_name(&b, "caf\xc3\xa9");
    b_finish(&b, 256);
    EXPECT_OK(parse(&b, 256));
    CU_ASSERT_STRING_EQUAL(hdr.package_name, "caf\xc3\xa9");
}

/* Permissions TLV with `n` entries; pad2 = count the 2 pad bytes in the length. */
static uint32_t b_permissions(struct builder *b, uint32_t n, bool pad2, uint32_t count_field)
{
    uint8_t d[2 + 16 * 20 + 2];
    memset(d, 0, sizeof d);
    put16(d, count_field);
    for (uint32_t i = 0; i < n; i++) {
        uint8_t *e = d + 2 + 16 * i;
        put32(e, i == 0 ? 1 : 0x40000 + i);        /* console, then others */
        put32(e + 4, i == 0 ? 0 : 1);
        put64(e + 8, i == 0 ? 0x0Bu : ((uint64_t)1 << 63));
    }
    uint32_t len = 2 + 16 * n + (pad2 ? 2 : 0);
    /* always write the pad bytes: elf2tab puts them after the TLV either way */
    uint32_t off = b_tlv_len(b, TBF_TLV_PERMISSIONS, (uint16_t)len, d, 2 + 16 * n + 2);
    return off;
}

static void test_permissions(void)
{
    struct builder b;
    for (int pad = 0; pad < 2; pad++) {
        b_init(&b);
        b_program(&b, 0, 0, 0, 512, 0);
        b_permissions(&b, 2, pad == 1, 2);
        b_finish(&b, 512);
        EXPECT_OK(parse(&b, 512));
        CU_ASSERT_TRUE(hdr.has_permissions);
        CU_ASSERT_EQUAL(hdr.permission_count, 2);
        CU_ASSERT_EQUAL(hdr.permissions[0].driver, 1);
        CU_ASSERT_EQUAL(hdr.permissions[0].allowed_commands, 0x0B);
        CU_ASSERT_EQUAL(hdr.permissions[1].driver, 0x40001);
        CU_ASSERT_EQUAL(hdr.permissions[1].offset, 1);
    }
    /* count disagrees with the length */
    b_init(&b);
    b_program(&b, 0, 0, 0, 512, 0);
    uint32_t off = b_permissions(&b, 2, false, 3);
    b_finish(&b, 512);
    EXPECT_BAD(parse(&b, 512), "tlv[1].Permissions.length", off + 2);
    CU_ASSERT_EQUAL(err.found, 34);
    CU_ASSERT_EQUAL(err.expected, 50);
    /* too many */
    b_init(&b);
    b_program(&b, 0, 0, 0, 1024, 0);
    off = b_permissions(&b, TBF_MAX_PERMISSIONS + 1, false, TBF_MAX_PERMISSIONS + 1);
    b_finish(&b, 1024);
    EXPECT_BAD(parse(&b, 1024), "tlv[1].Permissions.count", off + 4);
    CU_ASSERT_EQUAL(err.found, TBF_MAX_PERMISSIONS + 1);
    /* shorter than the count */
    b_init(&b);
    b_program(&b, 0, 0, 0, 512, 0);
    off = b_tlv(&b, TBF_TLV_PERMISSIONS, "\x01", 1);
    b_finish(&b, 512);
    EXPECT_BAD(parse(&b, 512), "tlv[1].Permissions.length", off + 2);
}

static void test_permission_helpers(void)
{
    struct builder b;
    make_app(&b);
    EXPECT_OK(parse(&b, sizeof b.buf));
    /* no Permissions TLV: everything allowed */
    CU_ASSERT_TRUE(tbf_command_permitted(&hdr, 1, 1));
    CU_ASSERT_TRUE(tbf_command_permitted(&hdr, 0x99, 1000));
    CU_ASSERT_TRUE(tbf_driver_permitted(&hdr, 0x99));

    b_init(&b);
    b_program(&b, 0, 0, 0, 512, 0);
    b_permissions(&b, 2, false, 2);   /* console cmds 0,1,3; 0x40001 cmd 127 */
    b_finish(&b, 512);
    EXPECT_OK(parse(&b, 512));
    CU_ASSERT_TRUE(tbf_command_permitted(&hdr, 1, 0));
    CU_ASSERT_TRUE(tbf_command_permitted(&hdr, 1, 1));
    CU_ASSERT_FALSE(tbf_command_permitted(&hdr, 1, 2));
    CU_ASSERT_TRUE(tbf_command_permitted(&hdr, 1, 3));
    CU_ASSERT_FALSE(tbf_command_permitted(&hdr, 1, 64));   /* other block */
    CU_ASSERT_FALSE(tbf_command_permitted(&hdr, 1, 67));
    CU_ASSERT_TRUE(tbf_command_permitted(&hdr, 0x40001, 127));
    CU_ASSERT_FALSE(tbf_command_permitted(&hdr, 0x40001, 63));
    CU_ASSERT_FALSE(tbf_command_permitted(&hdr, 2, 0));
    CU_ASSERT_TRUE(tbf_driver_permitted(&hdr, 1));
    CU_ASSERT_TRUE(tbf_driver_permitted(&hdr, 0x40001));
    CU_ASSERT_FALSE(tbf_driver_permitted(&hdr, 2));

    /* an empty Permissions TLV allows nothing */
    b_init(&b);
    b_program(&b, 0, 0, 0, 512, 0);
    b_permissions(&b, 0, false, 0);
    b_finish(&b, 512);
    EXPECT_OK(parse(&b, 512));
    CU_ASSERT_FALSE(tbf_command_permitted(&hdr, 1, 0));
    CU_ASSERT_FALSE(tbf_driver_permitted(&hdr, 1));
}

static void test_storage_permissions_bad(void)
{
    struct builder b;
    uint8_t st[64];
    memset(st, 0, sizeof st);
    /* read count 9 > max */
    b_init(&b);
    b_program(&b, 0, 0, 0, 512, 0);
    put16(st + 4, TBF_MAX_STORAGE_IDS + 1);
    uint32_t off = b_tlv(&b, TBF_TLV_STORAGE_PERMISSIONS, st, 8);
    b_finish(&b, 512);
    EXPECT_BAD(parse(&b, 512), "tlv[1].StoragePermissions.read_count", off + 8);
    /* counts say 1 read id, 1 modify id, length says none */
    b_init(&b);
    b_program(&b, 0, 0, 0, 512, 0);
    put16(st + 4, 1);
    put16(st + 10, 1);
    off = b_tlv(&b, TBF_TLV_STORAGE_PERMISSIONS, st, 12);
    b_finish(&b, 512);
    EXPECT_BAD(parse(&b, 512), "tlv[1].StoragePermissions.length", off + 2);
    CU_ASSERT_EQUAL(err.expected, 16);
    /* too short for anything */
    b_init(&b);
    b_program(&b, 0, 0, 0, 512, 0);
    off = b_tlv(&b, TBF_TLV_STORAGE_PERMISSIONS, st, 4);
    b_finish(&b, 512);
    EXPECT_BAD(parse(&b, 512), "tlv[1].StoragePermissions.length", off + 2);
}

/* ---- footers ---- */

static void test_footers(void)
{
    struct builder b;
    b_init(&b);
    b_program(&b, 0, 0, 0, 256, 0);
    b_finish(&b, 1024);
    /* SHA256 at 256 (4 + 4 + 32), then a reserved footer to 1024 */
    put16(b.buf + 256, TBF_TLV_CREDENTIALS);
    put16(b.buf + 258, 36);
    put32(b.buf + 260, 3);
    memset(b.buf + 264, 0xAB, 32);
    b_reserved_footer(&b, 296, 1024);
    EXPECT_OK(parse(&b, 1024));
    CU_ASSERT_EQUAL(hdr.credential_count, 2);
    CU_ASSERT_EQUAL(hdr.credentials[0].format, 3);
    CU_ASSERT_EQUAL(hdr.credentials[0].offset, 264);
    CU_ASSERT_EQUAL(hdr.credentials[0].length, 32);
    CU_ASSERT_EQUAL(hdr.credentials[1].format, 0);
    CU_ASSERT_EQUAL(hdr.credentials[1].offset, 304);
    CU_ASSERT_EQUAL(hdr.credentials[1].length, 1024 - 304);

    /* SHA256 footer too short for its hash */
    put16(b.buf + 258, 20);
    b_reserved_footer(&b, 280, 1024);
    EXPECT_BAD(parse(&b, 1024), "footer[0].Credentials.length", 258);
    CU_ASSERT_EQUAL(err.expected, 36);

    /* a footer running past total_size */
    b_reserved_footer(&b, 256, 1024);
    put16(b.buf + 258, 1024);
    EXPECT_BAD(parse(&b, 1024), "footer[0].Credentials.length", 258);
    /* no room for the format word */
    put16(b.buf + 258, 2);
    EXPECT_BAD(parse(&b, 1024), "footer[0].Credentials.length", 258);

    /* a reserved footer with no data at all, then 0-3 bytes of padding */
    b_init(&b);
    b_program(&b, 0, 0, 0, 256, 0);
    b_finish(&b, 266);
    b_reserved_footer(&b, 256, 264);
    EXPECT_OK(parse(&b, 266));
    CU_ASSERT_EQUAL(hdr.credential_count, 1);
    CU_ASSERT_EQUAL(hdr.credentials[0].length, 0);

    /* footers of other types are skipped */
    b_init(&b);
    b_program(&b, 0, 0, 0, 256, 0);
    b_finish(&b, 512);
    put16(b.buf + 256, 0x8000);
    put16(b.buf + 258, 5);
    b_reserved_footer(&b, 268, 512);
    EXPECT_OK(parse(&b, 512));
    CU_ASSERT_EQUAL(hdr.credential_count, 1);
    CU_ASSERT_EQUAL(hdr.credentials[0].offset, 276);
}

/* ---- image walk ---- */

/* Build the reference app at image + at, with total size `total` (binary end at half). */
static void place_app(uint8_t *image, uint32_t at, uint32_t total, const char *name)
{
    struct builder b;
    b_init(&b);
    b_program(&b, 0, 0, 1000, total / 2, 0);
    b_name(&b, name);
    b_reserved_footer(&b, total / 2, total);
    b_finish(&b, total);
    memcpy(image + at, b.buf, total);
}

static void place_padding(uint8_t *image, uint32_t at, uint32_t total)
{
    struct builder b;
    b_init(&b);
    b_finish_flags(&b, total, 0);
    memcpy(image + at, b.buf, 16);
}

static void test_image_walk(void)
{
    static uint8_t image[8192];
    memset(image, 0xFF, sizeof image);
    place_app(image, 0, 1024, "first");
    place_app(image, 1024, 512, "broken");
    image[1024 + 12] ^= 0x55;                     /* bad checksum, sane total_size */
    place_app(image, 1536, 512, "second");
    place_padding(image, 2048, 1024);
    place_app(image, 3072, 1024, "third");
    /* erased flash from 4096 on */

    struct tbf_image_iter it;
    size_t off = 99;
    tbf_image_begin(&it, image, sizeof image);
    CU_ASSERT_EQUAL(tbf_image_next(&it, &hdr, &off, &err), TBF_OK);
    CU_ASSERT_EQUAL(off, 0);
    CU_ASSERT_STRING_EQUAL(hdr.package_name, "first");
    CU_ASSERT_EQUAL(tbf_image_next(&it, &hdr, &off, &err), TBF_BAD);
    CU_ASSERT_EQUAL(off, 1024);
    CU_ASSERT_STRING_EQUAL(err.field, "base.checksum");
    CU_ASSERT_EQUAL(tbf_image_next(&it, &hdr, &off, &err), TBF_OK);
    CU_ASSERT_EQUAL(off, 1536);
    CU_ASSERT_STRING_EQUAL(hdr.package_name, "second");
    /* the padding object is skipped silently */
    CU_ASSERT_EQUAL(tbf_image_next(&it, &hdr, &off, &err), TBF_OK);
    CU_ASSERT_EQUAL(off, 3072);
    CU_ASSERT_STRING_EQUAL(hdr.package_name, "third");
    CU_ASSERT_EQUAL(tbf_image_next(&it, &hdr, &off, &err), TBF_END_OF_IMAGE);
    CU_ASSERT_EQUAL(off, 4096);
    CU_ASSERT_EQUAL(tbf_image_next(&it, &hdr, &off, &err), TBF_END_OF_IMAGE);
}

static void test_image_end_conditions(void)
{
    static uint8_t image[2048];
    struct tbf_image_iter it;
    size_t off;

    /* erased */
    memset(image, 0xFF, sizeof image);
    tbf_image_begin(&it, image, sizeof image);
    CU_ASSERT_EQUAL(tbf_image_next(&it, &hdr, &off, &err), TBF_END_OF_IMAGE);
    CU_ASSERT_EQUAL(off, 0);
    /* zeros */
    memset(image, 0, sizeof image);
    tbf_image_begin(&it, image, sizeof image);
    CU_ASSERT_EQUAL(tbf_image_next(&it, &hdr, &off, &err), TBF_END_OF_IMAGE);
    /* one app filling all but 8 bytes: fewer than 16 left ends the walk */
    place_app(image, 0, 1024, "a");
    tbf_image_begin(&it, image, 1032);
    CU_ASSERT_EQUAL(tbf_image_next(&it, &hdr, &off, &err), TBF_OK);
    memset(image + 1024, 0x12, 8);
    CU_ASSERT_EQUAL(tbf_image_next(&it, &hdr, &off, &err), TBF_END_OF_IMAGE);
    /* empty image and NULL image */
    tbf_image_begin(&it, image, 0);
    CU_ASSERT_EQUAL(tbf_image_next(&it, &hdr, &off, &err), TBF_END_OF_IMAGE);
    tbf_image_begin(&it, NULL, 100);
    CU_ASSERT_EQUAL(tbf_image_next(&it, NULL, NULL, NULL), TBF_END_OF_IMAGE);
}

static void test_image_bad_size_ends_walk(void)
{
    static uint8_t image[4096];
    struct tbf_image_iter it;
    size_t off;
    memset(image, 0xFF, sizeof image);
    place_app(image, 0, 512, "a");
    place_app(image, 1024, 512, "unreachable");
    /* garbage at 512 whose total_size is not a multiple of 4 */
    memset(image + 512, 0x5A, 16);
    put16(image + 512, 2);
    put32(image + 516, 510);
    tbf_image_begin(&it, image, sizeof image);
    CU_ASSERT_EQUAL(tbf_image_next(&it, &hdr, &off, &err), TBF_OK);
    CU_ASSERT_EQUAL(tbf_image_next(&it, &hdr, &off, &err), TBF_BAD);
    CU_ASSERT_EQUAL(off, 512);
    CU_ASSERT_EQUAL(tbf_image_next(&it, &hdr, &off, &err), TBF_END_OF_IMAGE);

    /* total_size larger than what is left */
    put32(image + 516, 1u << 20);
    tbf_image_begin(&it, image, sizeof image);
    CU_ASSERT_EQUAL(tbf_image_next(&it, &hdr, &off, &err), TBF_OK);
    CU_ASSERT_EQUAL(tbf_image_next(&it, &hdr, &off, &err), TBF_BAD);
    CU_ASSERT_STRING_EQUAL(err.field, "base.header_size");   /* 0x5A5A: not a multiple of 4 */
    CU_ASSERT_EQUAL(tbf_image_next(&it, &hdr, &off, &err), TBF_END_OF_IMAGE);
}

static void test_tlv_names(void)
{
    CU_ASSERT_STRING_EQUAL(tbf_tlv_name(TBF_TLV_PROGRAM), "Program");
    CU_ASSERT_STRING_EQUAL(tbf_tlv_name(TBF_TLV_MAIN), "Main");
    CU_ASSERT_STRING_EQUAL(tbf_tlv_name(TBF_TLV_CREDENTIALS), "Credentials");
    CU_ASSERT_STRING_EQUAL(tbf_tlv_name(TBF_TLV_SHORT_ID), "ShortId");
    CU_ASSERT_PTR_NULL(tbf_tlv_name(0));
    CU_ASSERT_PTR_NULL(tbf_tlv_name(0x8001));
}

/* Bytes past a truncated TBF are never read: parse every prefix of a valid app
 * (ASan catches an overrun of the exact-size heap copy). */
static void test_every_prefix(void)
{
    struct builder b;
    make_app(&b);
    for (uint32_t n = 0; n <= APP_TOTAL; n++) {
        uint8_t *copy = malloc(n == 0 ? 1 : n);
        memcpy(copy, b.buf, n);
        enum tbf_status st = tbf_parse(copy, n, &hdr, &err);
        CU_ASSERT_EQUAL(st, n == APP_TOTAL ? TBF_OK : TBF_BAD);
        free(copy);
    }
}

int main(void)
{
    static const struct unit_test tests[] = {
        { "valid app", test_valid_app },
        { "NULL error, checksum helper", test_null_error_and_checksum_helper },
        { "Program preferred over Main", test_program_preferred_over_main },
        { "Main only", test_main_only },
        { "unknown and private TLVs ignored", test_unknown_and_private_tlvs_ignored },
        { "padding object", test_padding_object },
        { "all optional TLVs", test_all_optional_tlvs },
        { "fewer than 16 bytes", test_too_short },
        { "wrong version", test_wrong_version },
        { "bad checksum", test_bad_checksum },
        { "header_size", test_header_size },
        { "total_size", test_total_size },
        { "reserved flags", test_reserved_flags },
        { "TLV overruns header", test_tlv_overruns_header },
        { "fixed-size TLV lengths", test_fixed_size_lengths },
        { "ShortId 0", test_short_id_zero },
        { "duplicate TLVs", test_duplicates },
        { "missing Main and Program", test_missing_main_and_program },
        { "init_fn outside binary", test_init_fn_outside_binary },
        { "binary_end_offset", test_binary_end_offset },
        { "protected trailer", test_protected_trailer },
        { "writeable region bounds", test_writeable_region_bounds },
        { "package name", test_package_name },
        { "permissions", test_permissions },
        { "permission helpers", test_permission_helpers },
        { "storage permissions", test_storage_permissions_bad },
        { "footers", test_footers },
        { "image walk", test_image_walk },
        { "image end conditions", test_image_end_conditions },
        { "image bad size ends walk", test_image_bad_size_ends_walk },
        { "TLV names", test_tlv_names },
        { "every prefix", test_every_prefix },
        {NULL, NULL},
    };
    return unit_run("tbf", tests, NULL, NULL);
}
