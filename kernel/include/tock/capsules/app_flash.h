/* App flash capsule, driver 0x50000 (Tock capsules/extra app_flash_driver.rs, libtock-c's
 * app_state): an app rewrites its own writeable flash regions (TBF WriteableFlashRegion
 * TLVs; memop 7-9 say where they are).
 *
 *   RO allow 0   the bytes to write
 *   subscribe 0  write done (0, 0, 0)
 *   command 0    exists
 *   command 1    write (flash address): the whole buffer, at most 512 bytes, there
 *
 * INVAL unless [address, address + buffer length) lies inside one of the app's writeable
 * flash regions (Tock allows any flash after the header; the regions are what apps are
 * given to write); RESERVE without a buffer; one write runs at a time, another app's
 * waits (one per app: a second gets NOMEM). */
#ifndef TOCK_CAPSULES_APP_FLASH_H
#define TOCK_CAPSULES_APP_FLASH_H

#include "tock/hil.h"
#include "tock/kernel.h"

enum { DRIVER_APP_FLASH = 0x50000 };
enum { APP_FLASH_UPCALL_DONE = 0, APP_FLASH_ALLOW_RO_BUFFER = 0 };
enum { APP_FLASH_CMD_EXISTS = 0, APP_FLASH_CMD_WRITE = 1 };
#define APP_FLASH_BUFFER_LEN 512u

struct app_flash_capsule {
    struct driver driver;
    struct kernel *k;
    const struct app_flash_hil *hil;
    struct storage_client client;
    bool busy;
    uint32_t owner;                 /* instance id of the process writing */
    uint8_t buffer[APP_FLASH_BUFFER_LEN];
};

void app_flash_capsule_init(struct app_flash_capsule *c, struct kernel *k,
                            const struct app_flash_hil *hil);

/* The writeable flash region of p that holds [addr, addr + len): its index, or -1. */
int app_flash_region_of(const struct process *p, uint32_t addr, uint32_t len);

#endif
