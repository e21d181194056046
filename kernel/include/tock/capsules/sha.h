/* SHA capsule, driver 0x40005 (Tock capsules/extra/src/sha.rs, libtock-c crypto/sha).
 *
 *   RO allow 0   data to hash          RO allow 1   digest to compare (verify)
 *   RW allow 0   destination: exactly 32 bytes, else the upcall reports NOMEM
 *   subscribe 0  hash done (status, 0, 0)
 *   subscribe 1  verify done (status, 1 if equal else 0, 0)
 *   command 0    exists
 *   command 1    set algorithm: 0 = SHA-256 (the default); anything else NOSUPPORT
 *   command 2    hash the whole data buffer (none allowed: the empty message)
 *   command 3    hash it and compare with RO allow 1 (which must hold 32 bytes)
 * A process has one operation at a time (a second: NOMEM). While the engine works for
 * another process the request waits its turn and the command succeeds; a request that
 * cannot start reports its error in the command's return, or, once it was waiting, in its
 * upcall. */
#ifndef TOCK_CAPSULES_SHA_H
#define TOCK_CAPSULES_SHA_H

#include "tock/capsules/engine_user.h"
#include "tock/hil.h"
#include "tock/kernel.h"

#define DRIVER_SHA 0x40005u
#define SHA_DIGEST_LEN 32u

enum { SHA_UPCALL_HASH = 0, SHA_UPCALL_VERIFY = 1 };
enum { SHA_ALLOW_RO_DATA = 0, SHA_ALLOW_RO_COMPARE = 1, SHA_ALLOW_RW_DEST = 0 };
enum { SHA_CMD_EXISTS = 0, SHA_CMD_SET_ALGORITHM = 1, SHA_CMD_HASH = 2, SHA_CMD_VERIFY = 3 };

struct sha_capsule {
    struct driver driver;
    const struct digest_hil *hil;
    struct engine_user user;
    uint8_t digest[SHA_DIGEST_LEN];
};

void sha_capsule_init(struct sha_capsule *s, const struct digest_hil *hil);

#endif
