/* CRC driver 0x40002 with libtock-c's names (libtock/peripherals/crc.h and its
 * syscalls): RO allow 0 data, subscribe 0 done (status, CRC, algorithm), command 1
 * request (algorithm, length). */
#ifndef LIBTOCK_PERIPHERALS_CRC_H
#define LIBTOCK_PERIPHERALS_CRC_H

#include <tock.h>

#define DRIVER_NUM_CRC 0x40002

/* Input bytes are taken least significant bit first. */
typedef enum {
    LIBTOCK_CRC_32,       /* polynomial 0x04C11DB7, output reversed then inverted */
    LIBTOCK_CRC_32C,      /* polynomial 0x1EDC6F41, output reversed then inverted */
    LIBTOCK_CRC_16CCITT,  /* polynomial 0x1021, no output post-processing */
} libtock_crc_alg_t;

/* Status and CRC. */
typedef void (*libtock_crc_callback_computed)(returncode_t, uint32_t);

bool libtock_crc_driver_exists(void);
returncode_t libtock_crc_set_upcall(subscribe_upcall callback, void *opaque);
returncode_t libtock_crc_set_readonly_allow(const uint8_t *buf, uint32_t len);
/* EBUSY while this process's request is not done, ESIZE when len exceeds the buffer. */
returncode_t libtock_crc_command_request(uint32_t algorithm, uint32_t len);

bool libtock_crc_exists(void);
returncode_t libtock_crc_compute(const uint8_t *buf, uint32_t buflen, libtock_crc_alg_t algorithm,
                                 libtock_crc_callback_computed cb);

#endif
