/* RNG capsule, driver 0x40001 (Tock capsules/core/src/rng.rs).
 *
 *   RW allow 0   buffer for random bytes
 *   subscribe 0  done (0, bytes_filled, 0)
 *   command 0    exists
 *   command 1    fill min(arg0, buffer length) bytes from the entropy HIL; the upcall is
 *                queued at once. As in Tock a request for 0 bytes succeeds and never
 *                completes (no upcall); with no buffer allowed the upcall reports 0. */
#ifndef TOCK_CAPSULES_RNG_H
#define TOCK_CAPSULES_RNG_H

#include "tock/hil.h"
#include "tock/kernel.h"

enum { RNG_UPCALL_DONE = 0, RNG_ALLOW_RW_BUFFER = 0 };

enum { RNG_CMD_EXISTS = 0, RNG_CMD_GET = 1 };

struct rng_capsule {
    struct driver driver;
    const struct entropy_hil *hil;
};

void rng_capsule_init(struct rng_capsule *r, const struct entropy_hil *hil);

#endif
