/* CRC capsule, driver 0x40002 (Tock capsules/extra/src/crc.rs, libtock-c
 * peripherals/crc).
 *
 *   RO allow 0   the data
 *   subscribe 0  done (status, CRC, algorithm)
 *   command 0    exists
 *   command 1    CRC of the first arg1 bytes of the data with algorithm arg0 (0 CRC-32,
 *                1 CRC-32C, 2 CRC-16-CCITT; else INVAL). BUSY while this process's
 *                request is not done; SIZE when arg1 exceeds the buffer. While the engine
 *                works for another process the request waits its turn. As in Tock, a
 *                request for 0 bytes gets an upcall with SIZE and the command returns
 *                FAIL (when no other request could start instead). */
#ifndef TOCK_CAPSULES_CRC_H
#define TOCK_CAPSULES_CRC_H

#include "tock/capsules/engine_user.h"
#include "tock/hil.h"
#include "tock/kernel.h"

#define DRIVER_CRC 0x40002u

enum { CRC_UPCALL_DONE = 0, CRC_ALLOW_RO_DATA = 0 };
enum { CRC_CMD_EXISTS = 0, CRC_CMD_REQUEST = 1 };

struct crc_capsule {
    struct driver driver;
    const struct crc_hil *hil;
    struct engine_user user;
    uint32_t result;
};

void crc_capsule_init(struct crc_capsule *c, const struct crc_hil *hil);

#endif
