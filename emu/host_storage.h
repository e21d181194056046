/* The board's persistent storage, the host model behind the storage drivers
 * (docs/storage.md): a nonvolatile storage device (drivers 0x50001 and 0x50004), a
 * key-value store (0x50003) and the apps' writeable flash regions (0x50000), all kept in
 * one storage file (emu/storage_file.h) and saved on every change, or in memory for the
 * run when the board has no storage file. Operations complete before the call returns. */
#ifndef EMU_HOST_STORAGE_H
#define EMU_HOST_STORAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "storage_file.h"
#include "tock/hil.h"
#include "tock/kernel.h"

#define HOST_STORAGE_DEVICE_SIZE (128u * 1024u)   /* the nonvolatile storage device */
#define HOST_STORAGE_NV_SIZE (64u * 1024u)        /* its part for driver 0x50001 */
#define HOST_STORAGE_INVS_REGION 4096u            /* each app's region, driver 0x50004 */
#define HOST_STORAGE_KV_CAPACITY (32u * 1024u)    /* key-value store, bookkeeping included */

/* How the board changes a process's flash (what the process sees and the flash image). */
typedef void host_flash_writer(void *ctx, struct process *p, uint32_t addr, const uint8_t *buf,
                               uint32_t len);

struct host_storage {
    char path[4096];                  /* "" : in memory for this run */
    struct storage_state st;
    struct storage_hil device;
    struct kv_hil kv;
    struct app_flash_hil app_flash;
    host_flash_writer *write_flash;
    void *write_flash_ctx;
};

/* Open the storage at path (NULL or "": in memory), creating the file when it does not
 * exist. Returns 0, or -1 with a message naming the file. */
int host_storage_open(struct host_storage *h, const char *path, host_flash_writer *write_flash,
                      void *ctx, char *err, size_t n);
/* A process was loaded: give its writeable flash regions what it saved in earlier runs. */
void host_storage_restore(struct host_storage *h, struct process *p);
void host_storage_close(struct host_storage *h);

#endif
