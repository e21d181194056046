/* HMAC capsule, driver 0x40003 (Tock capsules/extra/src/hmac.rs, libtock-c crypto/hmac).
 *
 *   RO allow 0   key (Tock copies at most 64 bytes of it: a longer key is cut to 64)
 *   RO allow 1   data                  RO allow 2   MAC to compare (verify)
 *   RW allow 2   destination: gets min(its length, digest length) bytes
 *   subscribe 0  run/update/finish done (status, 0, 0)
 *   subscribe 1  verify done (status, 1 if equal else 0, 0)
 *   command 0    set algorithm: 0 SHA-256, 1 SHA-384, 2 SHA-512; else NOSUPPORT
 *                (there is no "exists" command: libtock-c's check sends command 0)
 *   command 1    run: add the data buffer and finish
 *   command 2    update: add the data buffer; the process keeps the engine
 *   command 3    finish (after updates)    command 5   verify-finish (after updates)
 *   command 4    verify: add the data buffer, finish and compare with RO allow 2
 * The first run/update/verify of a stream needs an algorithm (else INVAL) and takes the
 * key. The process that started a stream owns the engine until its run, finish or verify
 * completes: others' run/update/verify wait their turn (a second waiting request: NOMEM);
 * finish from a process that does not own the engine: OFF; any command of the owner while
 * its operation is in flight: BUSY. */
#ifndef TOCK_CAPSULES_HMAC_H
#define TOCK_CAPSULES_HMAC_H

#include "tock/capsules/engine_user.h"
#include "tock/hil.h"
#include "tock/kernel.h"

#define DRIVER_HMAC 0x40003u
#define HMAC_MAX_KEY_LEN 64u

enum { HMAC_UPCALL_DONE = 0, HMAC_UPCALL_VERIFY = 1 };
enum { HMAC_ALLOW_RO_KEY = 0, HMAC_ALLOW_RO_DATA = 1, HMAC_ALLOW_RO_COMPARE = 2,
       HMAC_ALLOW_RW_DEST = 2 };
enum { HMAC_CMD_SET_ALGORITHM = 0, HMAC_CMD_RUN = 1, HMAC_CMD_UPDATE = 2, HMAC_CMD_FINISH = 3,
       HMAC_CMD_VERIFY = 4, HMAC_CMD_VERIFY_FINISH = 5 };

struct hmac_capsule {
    struct driver driver;
    const struct digest_hil *hil;
    struct engine_user user;
    bool stream_open;               /* the owner's key is in the engine */
    uint8_t op;                     /* the owner's operation (run, update or verify) */
    uint8_t alg;                    /* enum digest_alg of the stream */
    uint8_t digest[DIGEST_MAX_LEN];
};

void hmac_capsule_init(struct hmac_capsule *h, const struct digest_hil *hil);

#endif
