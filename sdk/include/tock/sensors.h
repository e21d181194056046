/* Sensors (libtock-c's libtock/sensors and libtock-sync/sensors, same names and units).
 *
 * Units: temperature hundredths of a degree C, humidity and moisture hundredths of a
 * percent, ambient light lux, proximity 0..255, sound pressure dB, pressure hPa,
 * rainfall micrometres, accelerometer milli-g, gyroscope degrees per second.
 *
 * The libtock_* functions start a reading; the callback gets (status, value). The
 * libtocksync_* functions wait for it with Yield-WaitFor. */
#ifndef TOCK_SENSORS_H
#define TOCK_SENSORS_H

#include <tock.h>

#define DRIVER_NUM_TEMPERATURE 0x60000
#define DRIVER_NUM_HUMIDITY 0x60001
#define DRIVER_NUM_AMBIENT_LIGHT 0x60002
#define DRIVER_NUM_NINEDOF 0x60004
#define DRIVER_NUM_PROXIMITY 0x60005
#define DRIVER_NUM_SOUND_PRESSURE 0x60006
#define DRIVER_NUM_PRESSURE 0x60008
#define DRIVER_NUM_MOISTURE 0x6000A
#define DRIVER_NUM_RAINFALL 0x6000B

typedef void (*libtock_sensor_callback)(returncode_t status, int value);
typedef void (*libtock_ninedof_callback)(returncode_t status, int x, int y, int z);

bool libtock_temperature_exists(void);
bool libtock_humidity_exists(void);
bool libtock_ambient_light_exists(void);
bool libtock_proximity_exists(void);
bool libtock_sound_pressure_exists(void);
bool libtock_pressure_exists(void);
bool libtock_moisture_exists(void);
bool libtock_rainfall_exists(void);
bool libtock_ninedof_exists(void);

returncode_t libtock_temperature_read(libtock_sensor_callback cb);
returncode_t libtock_humidity_read(libtock_sensor_callback cb);
returncode_t libtock_ambient_light_read_intensity(libtock_sensor_callback cb);
returncode_t libtock_proximity_read(libtock_sensor_callback cb);
/* The callback comes once the reading leaves [lower, higher]. */
returncode_t libtock_proximity_read_on_interrupt(uint32_t lower, uint32_t higher,
                                                 libtock_sensor_callback cb);
returncode_t libtock_sound_pressure_read(libtock_sensor_callback cb);
returncode_t libtock_sound_pressure_enable(void);
returncode_t libtock_sound_pressure_disable(void);
returncode_t libtock_pressure_read(libtock_sensor_callback cb);
returncode_t libtock_moisture_read(libtock_sensor_callback cb);
returncode_t libtock_rainfall_read(libtock_sensor_callback cb, int hours);
returncode_t libtock_ninedof_read_accelerometer(libtock_ninedof_callback cb);
returncode_t libtock_ninedof_read_magnetometer(libtock_ninedof_callback cb);
returncode_t libtock_ninedof_read_gyroscope(libtock_ninedof_callback cb);

#define libtocksync_temperature_exists libtock_temperature_exists
#define libtocksync_humidity_exists libtock_humidity_exists
#define libtocksync_ambient_light_exists libtock_ambient_light_exists
#define libtocksync_proximity_exists libtock_proximity_exists
#define libtocksync_sound_pressure_exists libtock_sound_pressure_exists
#define libtocksync_pressure_exists libtock_pressure_exists
#define libtocksync_moisture_exists libtock_moisture_exists
#define libtocksync_rainfall_exists libtock_rainfall_exists
#define libtocksync_ninedof_exists libtock_ninedof_exists
#define libtocksync_sound_pressure_enable libtock_sound_pressure_enable
#define libtocksync_sound_pressure_disable libtock_sound_pressure_disable

returncode_t libtocksync_temperature_read(int *temperature);
returncode_t libtocksync_humidity_read(int *humidity);
returncode_t libtocksync_ambient_light_read_intensity(int *lux);
returncode_t libtocksync_proximity_read(uint8_t *proximity);
returncode_t libtocksync_proximity_read_on_interrupt(uint32_t lower, uint32_t higher,
                                                     uint8_t *proximity);
returncode_t libtocksync_sound_pressure_read(unsigned char *sound_pressure);
returncode_t libtocksync_pressure_read(int *pressure);
returncode_t libtocksync_moisture_read(int *moisture);
returncode_t libtocksync_rainfall_read(uint32_t *rainfall, int hours);
returncode_t libtocksync_ninedof_read_accelerometer(int *x, int *y, int *z);
returncode_t libtocksync_ninedof_read_magnetometer(int *x, int *y, int *z);
returncode_t libtocksync_ninedof_read_gyroscope(int *x, int *y, int *z);

#endif
