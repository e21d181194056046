/* Key-value capsule, driver 0x50003 (Tock capsules/extra kv_driver.rs over
 * kv_store_permissions.rs): keys and values of bytes, shared by all apps, each value
 * stored with the write_id of the app that stored it. An app reads a value only if that
 * id is among its read ids and replaces or deletes it only if it is among its modify ids
 * (tock/storage_permissions.h): by default an app sees its own keys only.
 *
 *   RO allow 0   key (at most KV_MAX_KEY bytes)
 *   RO allow 1   value for set/add/update (at most KV_MAX_VALUE bytes)
 *   RW allow 0   buffer for get
 *   subscribe 0  done (status, value length for get, 0)
 *   command 0    exists         command 1  get        command 2  set
 *   command 3    delete         command 4  add        command 5  update
 *   command 6    garbage collect
 *
 * Failing at once (as Tock's run()): SIZE for a key or value too long, INVAL for set/add/
 * update by an app without a write_id; a command made while another app's runs waits, one
 * per app (a second gets NOMEM). Ending in the upcall: NOSUPPORT for a missing key, one
 * the app may not read (get) or modify (set over it, update, delete), add of an existing
 * key, update of a missing one; SIZE when get's buffer is shorter than the value (the
 * start is copied, the length is the whole value's); NOMEM when the store is full.
 *
 * The stored value is Tock's 9-byte header (u8 version 0, u32 length, u32 write_id;
 * little endian) followed by the app's bytes. */
#ifndef TOCK_CAPSULES_KV_H
#define TOCK_CAPSULES_KV_H

#include "tock/hil.h"
#include "tock/kernel.h"
#include "tock/storage_permissions.h"

enum { DRIVER_KV = 0x50003 };
enum { KV_UPCALL_DONE = 0, KV_ALLOW_RO_KEY = 0, KV_ALLOW_RO_VALUE = 1, KV_ALLOW_RW_VALUE = 0 };
enum { KV_CMD_EXISTS = 0, KV_CMD_GET = 1, KV_CMD_SET = 2, KV_CMD_DELETE = 3, KV_CMD_ADD = 4,
       KV_CMD_UPDATE = 5, KV_CMD_GC = 6 };
#define KV_MAX_KEY 64u
#define KV_HEADER_LEN 9u
#define KV_VALUE_BUFFER 512u
#define KV_MAX_VALUE (KV_VALUE_BUFFER - KV_HEADER_LEN)

/* Decode a stored value's header; false when it is not one this capsule wrote. */
bool kv_header_decode(const uint8_t *v, uint32_t len, uint32_t *write_id, uint32_t *length);

struct kv_capsule {
    struct driver driver;
    struct kernel *k;
    const struct kv_hil *hil;
    struct storage_client client;
    bool busy;
    bool checking;                  /* reading an existing value's header before a change */
    uint8_t op;                     /* KV_CMD_* being run */
    uint32_t owner;                 /* instance id of the process it is for */
    struct storage_permissions perms;
    uint32_t key_len, value_len;
    uint8_t key[KV_MAX_KEY];
    uint8_t value[KV_VALUE_BUFFER];
    uint8_t existing[KV_HEADER_LEN];   /* header of the value a change would replace */
};

void kv_capsule_init(struct kv_capsule *c, struct kernel *k, const struct kv_hil *hil);

#endif
