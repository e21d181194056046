/* Tock Binary Format: parse and check one TBF object, walk a flash image of them.
 * Portable: reads only the bytes it is given and never trusts a field. */
#ifndef TOCK_TBF_H
#define TOCK_TBF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TBF_BASE_HEADER_SIZE 16u
#define TBF_MAX_PACKAGE_NAME 64u     /* longer names are rejected */
#define TBF_MAX_WRITEABLE_REGIONS 4u
#define TBF_MAX_PERMISSIONS 16u
#define TBF_MAX_STORAGE_IDS 8u
#define TBF_MAX_CREDENTIALS 4u

enum tbf_tlv_type {
    TBF_TLV_MAIN = 1,
    TBF_TLV_WRITEABLE_FLASH_REGION = 2,
    TBF_TLV_PACKAGE_NAME = 3,
    TBF_TLV_PIC_OPTION_1 = 4,
    TBF_TLV_FIXED_ADDRESSES = 5,
    TBF_TLV_PERMISSIONS = 6,
    TBF_TLV_STORAGE_PERMISSIONS = 7,
    TBF_TLV_KERNEL_VERSION = 8,
    TBF_TLV_PROGRAM = 9,
    TBF_TLV_SHORT_ID = 10,
    TBF_TLV_CREDENTIALS = 128,
};

#define TBF_FLAG_ENABLED 0x1u
#define TBF_FLAG_STICKY 0x2u
#define TBF_FIXED_NONE 0xFFFFFFFFu

struct tbf_permission {
    uint32_t driver;
    uint32_t offset;            /* command block: commands offset*64 .. offset*64+63 */
    uint64_t allowed_commands;  /* bit k allows command offset*64 + k */
};

struct tbf_credential {
    uint32_t format;      /* 0 reserved, 1 RSA3072, 2 RSA4096, 3 SHA256, ... */
    uint32_t offset;      /* of the footer's data (after format) from the TBF start */
    uint32_t length;      /* of the data, in bytes */
};

/* Everything a TBF header says, after every check has passed. */
struct tbf_header {
    /* base header */
    uint16_t version;
    uint16_t header_size;
    uint32_t total_size;
    uint32_t flags;
    uint32_t checksum;
    bool is_padding;            /* header with no TLVs: skip total_size bytes */

    /* Main (1) and/or Program (9); Program wins when both exist */
    bool has_main;
    bool has_program;
    uint32_t init_fn_offset;    /* from the end of the header */
    uint32_t protected_trailer_size;
    uint32_t minimum_ram_size;
    uint32_t binary_end_offset; /* from the TBF start; total_size without Program */
    uint32_t app_version;       /* 0 without Program */

    /* Package Name (3): not NUL terminated in the file; NUL terminated here */
    bool has_package_name;
    char package_name[TBF_MAX_PACKAGE_NAME + 1];
    uint32_t package_name_len;

    /* Writeable Flash Regions (2): one per TLV; offset from the TBF start (as elf2tab
     * writes it and the Tock kernel reads it), inside the app binary */
    uint32_t writeable_region_count;
    struct { uint32_t offset, size; } writeable_regions[TBF_MAX_WRITEABLE_REGIONS];

    /* Fixed Addresses (5) */
    bool has_fixed_addresses;
    uint32_t fixed_ram;         /* TBF_FIXED_NONE = not fixed */
    uint32_t fixed_flash;

    /* Permissions (6) */
    bool has_permissions;
    uint32_t permission_count;
    struct tbf_permission permissions[TBF_MAX_PERMISSIONS];

    /* Storage Permissions (7) */
    bool has_storage_permissions;
    uint32_t storage_write_id;
    uint32_t storage_read_count;
    uint32_t storage_read_ids[TBF_MAX_STORAGE_IDS];
    uint32_t storage_modify_count;
    uint32_t storage_modify_ids[TBF_MAX_STORAGE_IDS];

    /* Kernel Version (8) */
    bool has_kernel_version;
    uint16_t kernel_major;
    uint16_t kernel_minor;

    /* ShortId (10) */
    bool has_short_id;
    uint32_t short_id;

    /* Credentials footers (128), found between binary_end_offset and total_size; the
     * first TBF_MAX_CREDENTIALS are recorded, any further ones are checked only */
    uint32_t credential_count;
    struct tbf_credential credentials[TBF_MAX_CREDENTIALS];
};

#define TBF_ERROR_FIELD_MAX 64u

/* Why a TBF was refused: the byte offset (from the TBF start) and the field at fault.
 * `field` is text stored in the struct itself (it carries TLV indices), so the struct
 * can be copied freely; it is always NUL terminated. */
struct tbf_error {
    uint32_t offset;
    char field[TBF_ERROR_FIELD_MAX];  /* e.g. "base.checksum", "tlv[2].Program.length" */
    const char *reason;  /* e.g. "does not match the computed XOR" (static string) */
    uint32_t found;      /* the offending value, when there is one */
    uint32_t expected;   /* the value it should have had, when there is one */
};

enum tbf_status {
    TBF_OK = 0,
    TBF_END_OF_IMAGE,   /* erased flash (0xFF..) or zeros where a header would start */
    TBF_BAD,            /* see struct tbf_error */
};

/* Parse the TBF object at data[0..len). len may exceed the object (a flash image);
 * only total_size bytes are read. Footers are parsed too. out and err may be NULL.
 * What is accepted where the format leaves a choice is listed at the top of tbf.c. */
enum tbf_status tbf_parse(const uint8_t *data, size_t len, struct tbf_header *out,
                          struct tbf_error *err);

/* XOR checksum of the header words, skipping word 3 (the checksum itself). */
uint32_t tbf_checksum(const uint8_t *header, uint32_t header_size);

/* Name of a TLV type as used in error fields ("Program", "PackageName",
 * "WriteableFlashRegion", ...), or NULL for unknown types. */
const char *tbf_tlv_name(uint32_t type);

/* true when the app may call `command` of `driver` (no Permissions TLV = all allowed). */
bool tbf_command_permitted(const struct tbf_header *h, uint32_t driver, uint32_t command);
/* true when allow/subscribe to `driver` is permitted (no Permissions TLV = all allowed). */
bool tbf_driver_permitted(const struct tbf_header *h, uint32_t driver);

/* Walk a flash image of consecutive TBF objects. A bad object whose total_size is
 * still usable is skipped (its error reported) and the walk goes on; one whose size
 * cannot be trusted ends the walk. */
struct tbf_image_iter {
    const uint8_t *image;
    size_t len;
    size_t pos;
};
void tbf_image_begin(struct tbf_image_iter *it, const uint8_t *image, size_t len);
/* Returns TBF_OK with *offset_out = the object's offset in the image, TBF_BAD
 * (object skipped when possible, see *err), or TBF_END_OF_IMAGE. Padding objects
 * are skipped silently. */
enum tbf_status tbf_image_next(struct tbf_image_iter *it, struct tbf_header *out,
                               size_t *offset_out, struct tbf_error *err);

#endif
