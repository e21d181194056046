/* Waits until the proximity sensor reads above 175 (libtock-c's examples/tests/proximity
 * starts the same way), then prints it and the temperature: set both from the process
 * console (`sensor temperature 30`, `sensor proximity 200`). */
#include <stdio.h>
#include <tock/sensors.h>

int main(void) {
    uint8_t proximity = 0;
    int temperature = 0;
    printf("waiting for proximity > 175\n");
    if (libtocksync_proximity_read_on_interrupt(0, 175, &proximity) != RETURNCODE_SUCCESS)
        return 1;
    if (libtocksync_temperature_read(&temperature) != RETURNCODE_SUCCESS)
        return 2;
    printf("proximity %u, temperature %d\n", proximity, temperature);
    return 0;
}
