/* libFuzzer harness for the TBF parser: tbf_parse() and the flash-image walk on arbitrary
 * bytes. Besides "no crash, no out-of-bounds read" (AddressSanitizer sees every byte past
 * the input, which lives in a buffer of exactly its size), it checks what the parser
 * promises about an accepted header, since the kernel relies on it to place a process:
 * every offset inside the object, the name terminated, the counts within their arrays,
 * and a walk that always moves forward and ends. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tock/tbf.h"

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "fuzz_tbf: invariant failed: %s (line %d)\n", #cond, __LINE__); \
            abort();                                                                    \
        }                                                                               \
    } while (0)

static void check_header(const struct tbf_header *h, size_t len)
{
    CHECK(h->header_size >= TBF_BASE_HEADER_SIZE);
    CHECK(h->header_size <= h->total_size);
    CHECK(h->total_size <= len);
    CHECK(h->binary_end_offset <= h->total_size);
    if (h->is_padding)
        return;
    CHECK(h->has_main || h->has_program);
    CHECK(h->binary_end_offset >= h->header_size);
    uint64_t app_start = (uint64_t)h->header_size + h->protected_trailer_size;
    CHECK(app_start <= h->binary_end_offset);
    uint64_t entry = (uint64_t)h->header_size + h->init_fn_offset;
    CHECK(entry >= app_start && entry < h->binary_end_offset);
    CHECK(h->package_name_len <= TBF_MAX_PACKAGE_NAME);
    CHECK(h->package_name[h->package_name_len] == '\0');
    CHECK(strlen(h->package_name) == h->package_name_len);
    CHECK(h->has_package_name || h->package_name_len == 0);
    CHECK(h->writeable_region_count <= TBF_MAX_WRITEABLE_REGIONS);
    for (uint32_t i = 0; i < h->writeable_region_count; i++) {
        uint64_t off = h->writeable_regions[i].offset, size = h->writeable_regions[i].size;
        CHECK(off >= app_start && off + size <= h->binary_end_offset);
    }
    CHECK(h->permission_count <= TBF_MAX_PERMISSIONS);
    CHECK(h->storage_read_count <= TBF_MAX_STORAGE_IDS);
    CHECK(h->storage_modify_count <= TBF_MAX_STORAGE_IDS);
    CHECK(h->credential_count <= TBF_MAX_CREDENTIALS);
    for (uint32_t i = 0; i < h->credential_count; i++) {
        const struct tbf_credential *c = &h->credentials[i];
        CHECK(c->offset >= h->binary_end_offset);
        CHECK((uint64_t)c->offset + c->length <= h->total_size);
    }
}

static void check_error(const struct tbf_error *e)
{
    CHECK(memchr(e->field, '\0', sizeof e->field) != NULL);
    CHECK(e->field[0] != '\0');
    CHECK(e->reason != NULL);
}

/* The permission queries must answer for any driver and command. */
static void query_permissions(const struct tbf_header *h, const uint8_t *data, size_t len)
{
    uint32_t driver = len >= 4 ? (uint32_t)data[0] | (uint32_t)data[1] << 8 : 0;
    uint32_t command = len >= 4 ? (uint32_t)data[2] | (uint32_t)data[3] << 24 : 0;
    bool any = tbf_driver_permitted(h, driver);
    if (tbf_command_permitted(h, driver, command))
        CHECK(any);   /* a permitted command implies the driver is permitted */
    for (uint32_t i = 0; i < h->permission_count; i++)
        (void)tbf_command_permitted(h, h->permissions[i].driver, command);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);

    struct tbf_header h;
    struct tbf_error e;
    enum tbf_status st = tbf_parse(copy, size, &h, &e);
    CHECK(st == TBF_OK || st == TBF_BAD);
    if (st == TBF_OK) {
        check_header(&h, size);
        query_permissions(&h, copy, size);
    } else {
        check_error(&e);
    }
    CHECK(tbf_parse(copy, size, NULL, NULL) == st);   /* NULL out/err allowed */

    /* The flash-image walk: always forward, inside the image, and it ends. */
    struct tbf_image_iter it;
    tbf_image_begin(&it, copy, size);
    size_t steps = 0, off = 0, last = 0;
    for (;;) {
        st = tbf_image_next(&it, &h, &off, &e);
        CHECK(it.pos <= size);
        if (st == TBF_END_OF_IMAGE)
            break;
        CHECK(st == TBF_OK || st == TBF_BAD);
        CHECK(off < size && (steps == 0 || off > last));
        CHECK(it.pos > off);
        if (st == TBF_OK) {
            check_header(&h, size - off);
            CHECK(off + h.total_size <= size);
        } else {
            check_error(&e);
        }
        last = off;
        CHECK(++steps <= size / TBF_BASE_HEADER_SIZE + 1);
    }
    free(copy);
    return 0;
}
