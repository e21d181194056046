/* Nonvolatile storage capsule, driver 0x50001 (Tock capsules/extra nonvolatile_storage_driver.rs):
 * one range of the board's storage that every app may read and write, at offsets from 0.
 *
 *   RW allow 0   buffer to read into          RO allow 0   buffer to write from
 *   subscribe 0  read done (length, 0, 0)     subscribe 1  write done (length, 0, 0)
 *   command 0    exists
 *   command 1    size of the range: Success u32
 *   command 2    read (offset, length)        command 3    write (offset, length)
 *
 * read/write check offset < size and offset + length <= size (INVAL) and that the matching
 * buffer is allowed (RESERVE), then move min(length, buffer length, 512) bytes: the upcall
 * says how many. One operation runs at a time on the device; an app's command made while
 * another runs waits (one per app: a second gets NOMEM, as in Tock). When a queued
 * operation cannot start (its buffer was taken back), the upcall reports 0 bytes. */
#ifndef TOCK_CAPSULES_NONVOLATILE_STORAGE_H
#define TOCK_CAPSULES_NONVOLATILE_STORAGE_H

#include "tock/hil.h"
#include "tock/kernel.h"

enum { DRIVER_NONVOLATILE_STORAGE = 0x50001 };
enum { NV_UPCALL_READ_DONE = 0, NV_UPCALL_WRITE_DONE = 1 };
enum { NV_ALLOW_RW_READ = 0, NV_ALLOW_RO_WRITE = 0 };
enum { NV_CMD_EXISTS = 0, NV_CMD_SIZE = 1, NV_CMD_READ = 2, NV_CMD_WRITE = 3 };
#define NV_BUFFER_LEN 512u

struct nv_storage_capsule {
    struct driver driver;
    struct kernel *k;
    const struct storage_hil *hil;
    uint32_t start, size;           /* the device range apps see */
    struct storage_client client;
    bool busy;
    bool busy_read;                 /* the running operation is a read */
    uint32_t owner;                 /* instance id of the process it is for */
    uint8_t buffer[NV_BUFFER_LEN];
};

void nv_storage_capsule_init(struct nv_storage_capsule *c, struct kernel *k,
                             const struct storage_hil *hil, uint32_t start, uint32_t size);

#endif
