/* Random number generator driver 0x40001. */
#ifndef TOCK_RNG_H
#define TOCK_RNG_H

#include <tock.h>

#define DRIVER_NUM_RNG 0x40001

/* Starts filling buf with up to `len` random bytes (buf stays lent to the
 * kernel until done).  cb(0, bytes_received, 0, userdata). */
returncode_t rng_get(uint8_t *buf, uint32_t len, subscribe_upcall *cb, void *userdata);
/* Fills buf and waits; `received` (may be NULL) gets the byte count. */
returncode_t rng_get_sync(uint8_t *buf, uint32_t len, uint32_t *received);

#endif
