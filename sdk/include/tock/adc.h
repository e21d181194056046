/* ADC driver 0x5 (libtock-c's libtock/peripherals/adc.h and libtock-sync, same names).
 * Samples are left-aligned to 16 bits: millivolts = sample * reference_mv / 65535. */
#ifndef TOCK_ADC_H
#define TOCK_ADC_H

#include <tock.h>

#define DRIVER_NUM_ADC 0x5

enum { libtock_adc_SingleSample = 0, libtock_adc_ContinuousSample = 1,
       libtock_adc_SingleBuffer = 2, libtock_adc_ContinuousBuffer = 3 };

typedef struct {
    void (*single_sample_callback)(uint8_t channel, uint16_t sample);
    void (*continuous_sample_callback)(uint8_t channel, uint16_t sample);
    void (*buffered_sample_callback)(uint8_t channel, uint32_t length);
    void (*continuous_buffered_sample_callback)(uint8_t channel, uint32_t length,
                                                uint8_t buffer_index);
} libtock_adc_callbacks;

bool libtock_adc_exists(void);
returncode_t libtock_adc_channel_count(int *count);
returncode_t libtock_adc_set_buffer(uint16_t *buffer, uint32_t length);
returncode_t libtock_adc_set_double_buffer(uint16_t *buffer, uint32_t length);
returncode_t libtock_adc_single_sample(uint8_t channel, libtock_adc_callbacks *callbacks);
returncode_t libtock_adc_continuous_sample(uint8_t channel, uint32_t frequency,
                                           libtock_adc_callbacks *callbacks);
returncode_t libtock_adc_buffered_sample(uint8_t channel, uint32_t frequency,
                                         libtock_adc_callbacks *callbacks);
returncode_t libtock_adc_continuous_buffered_sample(uint8_t channel, uint32_t frequency,
                                                    libtock_adc_callbacks *callbacks);
returncode_t libtock_adc_stop_sampling(void);

#define libtocksync_adc_exists libtock_adc_exists
#define libtocksync_adc_channel_count libtock_adc_channel_count
returncode_t libtocksync_adc_reference_voltage(uint32_t *reference_mv);
returncode_t libtocksync_adc_resolution_bits(uint32_t *bits);
returncode_t libtocksync_adc_sample(uint8_t channel, uint16_t *sample);
returncode_t libtocksync_adc_sample_buffer(uint8_t channel, uint32_t frequency,
                                           uint16_t *buffer, uint32_t length);

#endif
