/* ADC driver 0x5. The asynchronous calls subscribe upcall 1, the synchronous ones wait
 * on upcall 0 with Yield-WaitFor, as libtock-c does (the board answers on the slot the
 * app subscribed). */
#include <tock/adc.h>

static void adc_routing_upcall(int mode, int arg1, int arg2, void *opaque) {
    libtock_adc_callbacks *cb = (libtock_adc_callbacks *)opaque;
    uint8_t channel = (uint8_t)(arg1 & 0xff);
    uint32_t length = ((uint32_t)arg1 >> 8) & 0xffffff;
    switch (mode) {
    case libtock_adc_SingleSample:
        if (cb->single_sample_callback) cb->single_sample_callback(channel, (uint16_t)arg2);
        break;
    case libtock_adc_ContinuousSample:
        if (cb->continuous_sample_callback)
            cb->continuous_sample_callback(channel, (uint16_t)arg2);
        break;
    case libtock_adc_SingleBuffer:
        if (cb->buffered_sample_callback) cb->buffered_sample_callback(channel, length);
        break;
    case libtock_adc_ContinuousBuffer:
        if (cb->continuous_buffered_sample_callback)
            cb->continuous_buffered_sample_callback(channel, length, (uint8_t)arg2);
        break;
    }
}

bool libtock_adc_exists(void) { return driver_exists(DRIVER_NUM_ADC); }

returncode_t libtock_adc_channel_count(int *count) {
    return tock_return_u32(command(DRIVER_NUM_ADC, 0, 0, 0), (uint32_t *)count);
}

returncode_t libtock_adc_set_buffer(uint16_t *buffer, uint32_t length) {
    return tock_status(allow_readwrite(DRIVER_NUM_ADC, 0, buffer, length * 2));
}

returncode_t libtock_adc_set_double_buffer(uint16_t *buffer, uint32_t length) {
    return tock_status(allow_readwrite(DRIVER_NUM_ADC, 1, buffer, length * 2));
}

static returncode_t start(uint32_t cmd, uint8_t channel, uint32_t frequency,
                          libtock_adc_callbacks *callbacks) {
    returncode_t rc = tock_status(subscribe(DRIVER_NUM_ADC, 1, adc_routing_upcall, callbacks));
    if (rc) return rc;
    return tock_status(command(DRIVER_NUM_ADC, cmd, channel, frequency));
}

returncode_t libtock_adc_single_sample(uint8_t channel, libtock_adc_callbacks *callbacks) {
    return start(1, channel, 0, callbacks);
}
returncode_t libtock_adc_continuous_sample(uint8_t channel, uint32_t frequency,
                                           libtock_adc_callbacks *callbacks) {
    return start(2, channel, frequency, callbacks);
}
returncode_t libtock_adc_buffered_sample(uint8_t channel, uint32_t frequency,
                                         libtock_adc_callbacks *callbacks) {
    return start(3, channel, frequency, callbacks);
}
returncode_t libtock_adc_continuous_buffered_sample(uint8_t channel, uint32_t frequency,
                                                    libtock_adc_callbacks *callbacks) {
    return start(4, channel, frequency, callbacks);
}
returncode_t libtock_adc_stop_sampling(void) {
    return tock_status(command(DRIVER_NUM_ADC, 5, 0, 0));
}

returncode_t libtocksync_adc_reference_voltage(uint32_t *reference_mv) {
    return tock_return_u32(command(DRIVER_NUM_ADC, 102, 0, 0), reference_mv);
}

returncode_t libtocksync_adc_resolution_bits(uint32_t *bits) {
    return tock_return_u32(command(DRIVER_NUM_ADC, 101, 0, 0), bits);
}

returncode_t libtocksync_adc_sample(uint8_t channel, uint16_t *sample) {
    returncode_t rc = tock_status(command(DRIVER_NUM_ADC, 1, channel, 0));
    if (rc) return rc;
    *sample = (uint16_t)yield_wait_for(DRIVER_NUM_ADC, 0).data2;
    return RETURNCODE_SUCCESS;
}

returncode_t libtocksync_adc_sample_buffer(uint8_t channel, uint32_t frequency,
                                           uint16_t *buffer, uint32_t length) {
    returncode_t rc = libtock_adc_set_buffer(buffer, length);
    if (rc) return rc;
    rc = tock_status(command(DRIVER_NUM_ADC, 3, channel, frequency));
    if (rc == RETURNCODE_SUCCESS) yield_wait_for(DRIVER_NUM_ADC, 0);
    libtock_adc_set_buffer(NULL, 0);
    return rc;
}
