/* ADC capsule, driver 0x5 (Tock capsules/core/src/adc.rs, AdcDedicated): one process at a
 * time owns the ADC (others get NOMEM while it is alive).
 *
 *   RW allow 0, 1  sample buffers (16-bit samples) for buffered sampling; continuous
 *                  buffered sampling alternates between them
 *   subscribe 0    (mode, channel, sample) for single (mode 0) and continuous (1) samples;
 *                  (mode, samples << 8 | channel, buffer address) when a buffer is full
 *                  (modes 2 and 3)
 *   subscribe 1    libtock-c's asynchronous ADC API subscribes here (a slot Tock's capsule
 *                  lacks): when it is set, upcalls go to it instead, with the buffer index
 *                  (0 or 1) that libtock-c reads in place of the address
 *   command 0      exists: Success u32 = number of channels (as Tock, not plain Success)
 *   command 1      one sample of channel arg0
 *   command 2      a sample of channel arg0 every 1/arg1 s until stopped
 *   command 3      fill buffer 0 at arg1 Hz (NOMEM without a buffer)
 *   command 4      fill buffer 0, then 1, then 0... at arg1 Hz until stopped
 *   command 5      stop sampling
 *   command 101    resolution in bits; 102 reference voltage in mV (NOSUPPORT if none)
 * Samples are left-aligned to 16 bits. BUSY while sampling, INVAL for a channel the board
 * lacks or a frequency of 0 or above ADC_MAX_FREQUENCY_HZ (the fastest libtock-c's ADC test
 * asks for is 175 kHz; a real ADC refuses rates it cannot do, and this bounds how often
 * the board must stop for a sample). */
#ifndef TOCK_CAPSULES_ADC_H
#define TOCK_CAPSULES_ADC_H

#include <stdbool.h>

#include "tock/hil.h"
#include "tock/kernel.h"

enum { DRIVER_ADC = 0x5 };

#define ADC_MAX_FREQUENCY_HZ 200000u

enum { ADC_UPCALL = 0, ADC_UPCALL_LIBTOCK_C = 1 };
enum { ADC_ALLOW_RW_BUFFER = 0, ADC_ALLOW_RW_DOUBLE_BUFFER = 1 };

enum { ADC_CMD_EXISTS = 0, ADC_CMD_SINGLE = 1, ADC_CMD_CONTINUOUS = 2, ADC_CMD_BUFFERED = 3,
       ADC_CMD_CONTINUOUS_BUFFERED = 4, ADC_CMD_STOP = 5, ADC_CMD_RESOLUTION = 101,
       ADC_CMD_REFERENCE = 102 };

enum adc_mode { ADC_SINGLE = 0, ADC_CONTINUOUS = 1, ADC_SINGLE_BUFFER = 2,
                ADC_CONTINUOUS_BUFFER = 3 };

struct adc_capsule {
    struct driver driver;
    const struct sensor_hil *hil;
    struct kernel *k;
    uint32_t owner;          /* instance id of the owning process; 0 = none */
    bool active;
    enum adc_mode mode;
    uint32_t channel;
    uint32_t period_ns;
    uint32_t buffer;         /* buffered modes: the allow slot being filled */
    uint32_t filled;         /* samples in it so far */
};

void adc_capsule_init(struct adc_capsule *a, struct kernel *k, const struct sensor_hil *hil);

#endif
