/* AES capsule, driver 0x40006 (Tock capsules/extra/src/symmetric_encryption/aes.rs,
 * libtock-c crypto/aes). AES-128 in CTR, CBC, ECB and CCM modes.
 *
 *   RO allow 0   key: 16 bytes          RO allow 1   IV: 16 bytes (CTR, CBC), CCM: nonce
 *   RO allow 2   source                                (its first 13 bytes); ECB: unused
 *   RW allow 0   destination: gets as much of the output as fits
 *   subscribe 0  done (status, source bytes processed, CCM: 1 if the tag checked else 0)
 *   command 0    exists
 *   command 1    set algorithm (mode: 0 CTR, 1 CBC, 2 ECB, 3 CCM, else NOSUPPORT;
 *                arg1 != 0: encrypt)
 *   command 2    setup: load key and IV, process the whole source (CBC, ECB: whole
 *                blocks, else INVAL); the process owns the engine until finish
 *   command 3    crypt: process the source again, continuing the stream (owner only,
 *                else OFF)
 *   command 4    finish: give the engine back (owner only, else OFF); no upcall
 *   commands 5-8 CCM: authenticated-data offset, message offset, tag length (4..16,
 *                even), confidential flag
 * CCM works on the source in place: authenticated data [a_off, m_off), message from m_off
 * to the end of the source, then the tag (written when encrypting; when decrypting, read
 * from the bytes after the source, which libtock-c leaves out, so the upcall says whether
 * it matched). The message is always encrypted, whatever the confidential flag (the
 * expected output of libtock-c's test is the ciphertext, with the flag never set).
 * setup while another process owns the engine waits its turn (a second: NOMEM); any
 * command of the owner while its operation is in flight: BUSY. Setup errors (no
 * algorithm, bad key or IV length) are the command's return, or the upcall's status once
 * it waited. */
#ifndef TOCK_CAPSULES_AES_H
#define TOCK_CAPSULES_AES_H

#include "tock/capsules/engine_user.h"
#include "tock/hil.h"
#include "tock/kernel.h"

#define DRIVER_AES 0x40006u
#define AES_BUF_LEN 256u      /* engine buffer: a CTR/CBC/ECB chunk, the largest CCM source + tag */

enum { AES_UPCALL_DONE = 0 };
enum { AES_ALLOW_RO_KEY = 0, AES_ALLOW_RO_IV = 1, AES_ALLOW_RO_SOURCE = 2, AES_ALLOW_RW_DEST = 0 };
enum { AES_CMD_EXISTS = 0, AES_CMD_SET_ALGORITHM = 1, AES_CMD_SETUP = 2, AES_CMD_CRYPT = 3,
       AES_CMD_FINISH = 4, AES_CMD_CCM_AOFF = 5, AES_CMD_CCM_MOFF = 6, AES_CMD_CCM_MIC_LEN = 7,
       AES_CMD_CCM_CONFIDENTIAL = 8 };

struct aes_capsule {
    struct driver driver;
    const struct aes_hil *hil;
    struct engine_user user;
    uint8_t mode;                 /* enum aes_mode of the owner's stream */
    bool tag_valid;
    uint32_t total, offset, chunk; /* source bytes: all, processed, in the engine now */
    uint8_t buf[AES_BUF_LEN];
};

void aes_capsule_init(struct aes_capsule *a, const struct aes_hil *hil);

#endif
