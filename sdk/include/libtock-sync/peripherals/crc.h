/* Blocking CRC with libtock-c's names (libtock-sync/peripherals/crc.h). */
#ifndef LIBTOCK_SYNC_PERIPHERALS_CRC_H
#define LIBTOCK_SYNC_PERIPHERALS_CRC_H

#include <stddef.h>

#include <libtock/peripherals/crc.h>

bool libtocksync_crc_exists(void);
returncode_t libtocksync_crc_compute(const uint8_t *buf, size_t buflen, libtock_crc_alg_t algorithm,
                                     uint32_t *crc);

#endif
