/* Tock's CRC algorithms in software: see soft_crc.h. */
#include "soft_crc.h"

/* CRC-32 and CRC-32C as usually computed: input and output bit-reflected (the reflected
 * polynomial shifted right), initial value and final XOR all ones. */
static uint32_t crc32_reflected(uint32_t reflected_poly, const uint8_t *data, uint32_t len)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (uint32_t i = 0; i < len; i++) {
        crc ^= data[i];
        for (int bit = 0; bit < 8; bit++)
            crc = (crc >> 1) ^ ((crc & 1u) ? reflected_poly : 0u);
    }
    return ~crc;
}

static uint8_t reverse8(uint8_t b)
{
    uint8_t r = 0;
    for (int i = 0; i < 8; i++)
        r = (uint8_t)((r << 1) | ((b >> i) & 1u));
    return r;
}

/* Tock's CRC-16-CCITT (the SAM4L unit's): polynomial 0x1021, initial 0xFFFF, each input
 * byte taken LSB first, no post-processing of the result. */
static uint32_t crc16_ccitt_lsb_first(const uint8_t *data, uint32_t len)
{
    uint16_t crc = 0xFFFFu;
    for (uint32_t i = 0; i < len; i++) {
        crc ^= (uint16_t)(reverse8(data[i]) << 8);
        for (int bit = 0; bit < 8; bit++)
            crc = (uint16_t)(((uint32_t)crc << 1) ^ ((crc & 0x8000u) ? 0x1021u : 0u));
    }
    return crc;
}

uint32_t soft_crc(enum crc_alg alg, const uint8_t *data, uint32_t len)
{
    switch (alg) {
    case CRC_32:
        return crc32_reflected(0xEDB88320u, data, len);     /* 0x04C11DB7 reflected */
    case CRC_32C:
        return crc32_reflected(0x82F63B78u, data, len);     /* 0x1EDC6F41 reflected */
    default:
        return crc16_ccitt_lsb_first(data, len);
    }
}
