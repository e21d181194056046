/* Isolated nonvolatile storage capsule, driver 0x50004 (Tock capsules/extra
 * isolated_nonvolatile_storage_driver.rs): each app gets its own region of the board's
 * storage, at offsets from 0, found again by its write_id on every boot.
 *
 *   RW allow 0   buffer to read into          RO allow 0   buffer to write from
 *   subscribe 0  size done (status, size_lo, size_hi)
 *   subscribe 1  read done (status, length, 0)   subscribe 2  write done (status, length, 0)
 *   command 0    exists
 *   command 1    size of the app's region (answer by upcall 0)
 *   command 2    read (offset_lo, offset_hi): fills the whole allowed buffer
 *   command 3    write (offset_lo, offset_hi): writes the whole allowed buffer
 *
 * Commands 1-3 fail at once with NOSUPPORT when the app has no write_id (or, for read and
 * write, may not read or modify its own id: tock/storage_permissions.h), and BUSY while
 * the app's previous one has not completed. Everything else ends in the upcall, whose
 * status is 0 or an error: RESERVE (no buffer, or an empty one), INVAL (the buffer does
 * not fit in the region at that offset), NOMEM (no room left for a new region). At most
 * 512 bytes move per operation.
 *
 * Layout on the device, as Tock's: regions one after another from `start`, each a 12-byte
 * header (u32 version << 24 | length, u32 write_id, u32 xor of the two; little endian)
 * then `length` bytes. The first header that does not check out ends the list. A new
 * region is erased (0xFF) before the app's first operation runs. */
#ifndef TOCK_CAPSULES_ISOLATED_NONVOLATILE_STORAGE_H
#define TOCK_CAPSULES_ISOLATED_NONVOLATILE_STORAGE_H

#include "tock/hil.h"
#include "tock/kernel.h"

enum { DRIVER_ISOLATED_NONVOLATILE_STORAGE = 0x50004 };
enum { INVS_UPCALL_SIZE = 0, INVS_UPCALL_READ = 1, INVS_UPCALL_WRITE = 2 };
enum { INVS_ALLOW_RW_READ = 0, INVS_ALLOW_RO_WRITE = 0 };
enum { INVS_CMD_EXISTS = 0, INVS_CMD_SIZE = 1, INVS_CMD_READ = 2, INVS_CMD_WRITE = 3 };
#define INVS_BUFFER_LEN 512u
#define INVS_HEADER_LEN 12u
#define INVS_HEADER_VERSION 1u

/* What the capsule is doing with the device. */
enum invs_task {
    INVS_IDLE,
    INVS_FIND,           /* reading the header at `at`, looking for owner's region */
    INVS_WRITE_HEADER,   /* writing a new region's header at `at` */
    INVS_ERASE,          /* erasing the new region: `at` next address, `remaining` bytes */
    INVS_APP_READ,
    INVS_APP_WRITE,
};

struct invs_capsule {
    struct driver driver;
    struct kernel *k;
    const struct storage_hil *hil;
    uint32_t start, size;           /* the device range the regions live in */
    uint32_t region_size;           /* bytes each new region gets */
    struct storage_client client;
    enum invs_task task;
    uint32_t owner;                 /* instance id of the process the task is for */
    uint32_t owner_write_id;
    uint32_t at, remaining;
    uint32_t region;                /* WRITE_HEADER/ERASE: start of the new region's data */
    uint8_t buffer[INVS_BUFFER_LEN];
};

void invs_capsule_init(struct invs_capsule *c, struct kernel *k, const struct storage_hil *hil,
                       uint32_t start, uint32_t size, uint32_t region_size);

/* Decode a region header; false when it is not a valid one. Shared with the tools. */
bool invs_header_decode(const uint8_t h[INVS_HEADER_LEN], uint32_t *write_id, uint32_t *length);

#endif
