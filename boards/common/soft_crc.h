/* Tock's CRC algorithms in software (enum crc_alg in tock/hil.h), for boards without a
 * CRC unit. Portable C: the emulator and the Cortex-M boards share it. */
#ifndef SOFT_CRC_H
#define SOFT_CRC_H

#include <stdint.h>

#include "tock/hil.h"

uint32_t soft_crc(enum crc_alg alg, const uint8_t *data, uint32_t len);

#endif
