/* Reads every sensor the board has and every ADC channel, once per second of board
 * time, the way libtock-c's examples/sensors does (synchronous reads), and prints the
 * values with their units. Stops after `ROUNDS` rounds. */
#include <stdio.h>
#include <tock/adc.h>
#include <tock/alarm.h>
#include <tock/sensors.h>

#define ROUNDS 3

static void print_centi(const char *what, int v, const char *unit) {
    int sign = v < 0;
    unsigned a = (unsigned)(sign ? -v : v);
    printf("%-15s %s%u.%02u %s\n", what, sign ? "-" : "", a / 100, a % 100, unit);
}

static void read_all(void) {
    int v, x, y, z;
    uint8_t prox;
    unsigned char sound;
    uint32_t rain;

    if (libtocksync_temperature_exists() && libtocksync_temperature_read(&v) == 0)
        print_centi("temperature", v, "deg C");
    if (libtocksync_humidity_exists() && libtocksync_humidity_read(&v) == 0)
        print_centi("humidity", v, "%");
    if (libtocksync_ambient_light_exists() && libtocksync_ambient_light_read_intensity(&v) == 0)
        printf("%-15s %d lux\n", "ambient_light", v);
    if (libtocksync_proximity_exists() && libtocksync_proximity_read(&prox) == 0)
        printf("%-15s %u\n", "proximity", prox);
    if (libtocksync_sound_pressure_exists() && libtocksync_sound_pressure_read(&sound) == 0)
        printf("%-15s %u dB\n", "sound_pressure", sound);
    if (libtocksync_pressure_exists() && libtocksync_pressure_read(&v) == 0)
        printf("%-15s %d hPa\n", "pressure", v);
    if (libtocksync_moisture_exists() && libtocksync_moisture_read(&v) == 0)
        print_centi("moisture", v, "%");
    if (libtocksync_rainfall_exists() && libtocksync_rainfall_read(&rain, 1) == 0)
        printf("%-15s %lu um\n", "rainfall", (unsigned long)rain);
    if (libtocksync_ninedof_exists()) {
        if (libtocksync_ninedof_read_accelerometer(&x, &y, &z) == 0)
            printf("%-15s %d %d %d mg\n", "accelerometer", x, y, z);
        if (libtocksync_ninedof_read_magnetometer(&x, &y, &z) == 0)
            printf("%-15s %d %d %d\n", "magnetometer", x, y, z);
        if (libtocksync_ninedof_read_gyroscope(&x, &y, &z) == 0)
            printf("%-15s %d %d %d deg/s\n", "gyroscope", x, y, z);
    }
    int channels = 0;
    uint32_t reference = 0;
    if (libtocksync_adc_exists() && libtock_adc_channel_count(&channels) == 0 &&
        libtocksync_adc_reference_voltage(&reference) == 0) {
        for (int c = 0; c < channels; c++) {
            uint16_t sample;
            if (libtocksync_adc_sample((uint8_t)c, &sample) == 0)
                printf("adc%-12d %lu mV (raw 0x%04x)\n", c,
                       (unsigned long)(sample * reference / 65535u), sample);
        }
    }
}

static unsigned long now_ms(void) {
    uint32_t ticks = 0;
    alarm_now(&ticks);
    return (unsigned long)alarm_ticks_to_ms(ticks);
}

int main(void) {
    for (int round = 0; round < ROUNDS; round++) {
        if (round)
            delay_ms(1000);
        printf("[sensors] round %d at %lu ms\n", round, now_ms());
        read_all();
    }
    return 0;
}
