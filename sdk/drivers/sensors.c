/* Sensors: every single-value sensor shares one ABI (subscribe 0, command 1 = read),
 * with the value first in the upcall, or (status, value) for moisture and rainfall. */
#include <tock/sensors.h>

static bool status_first(uint32_t driver) {
    return driver == DRIVER_NUM_MOISTURE || driver == DRIVER_NUM_RAINFALL;
}

/* ---- asynchronous -------------------------------------------------------------------- */

static void value_upcall(int a0, int a1, int a2, void *opaque) {
    (void)a1;
    (void)a2;
    ((libtock_sensor_callback)opaque)(RETURNCODE_SUCCESS, a0);
}

static void status_upcall(int a0, int a1, int a2, void *opaque) {
    (void)a2;
    ((libtock_sensor_callback)opaque)(tock_status_to_returncode((uint32_t)a0), a1);
}

static returncode_t start(uint32_t driver, uint32_t cmd, uint32_t a0, uint32_t a1,
                          libtock_sensor_callback cb) {
    subscribe_upcall *up = status_first(driver) ? status_upcall : value_upcall;
    returncode_t rc = tock_status(subscribe(driver, 0, up, (void *)cb));
    if (rc) return rc;
    return tock_status(command(driver, cmd, a0, a1));
}

bool libtock_temperature_exists(void) { return driver_exists(DRIVER_NUM_TEMPERATURE); }
bool libtock_humidity_exists(void) { return driver_exists(DRIVER_NUM_HUMIDITY); }
bool libtock_ambient_light_exists(void) { return driver_exists(DRIVER_NUM_AMBIENT_LIGHT); }
bool libtock_proximity_exists(void) { return driver_exists(DRIVER_NUM_PROXIMITY); }
bool libtock_sound_pressure_exists(void) { return driver_exists(DRIVER_NUM_SOUND_PRESSURE); }
bool libtock_pressure_exists(void) { return driver_exists(DRIVER_NUM_PRESSURE); }
bool libtock_moisture_exists(void) { return driver_exists(DRIVER_NUM_MOISTURE); }
bool libtock_rainfall_exists(void) { return driver_exists(DRIVER_NUM_RAINFALL); }
bool libtock_ninedof_exists(void) { return driver_exists(DRIVER_NUM_NINEDOF); }

returncode_t libtock_temperature_read(libtock_sensor_callback cb) {
    return start(DRIVER_NUM_TEMPERATURE, 1, 0, 0, cb);
}
returncode_t libtock_humidity_read(libtock_sensor_callback cb) {
    return start(DRIVER_NUM_HUMIDITY, 1, 0, 0, cb);
}
returncode_t libtock_ambient_light_read_intensity(libtock_sensor_callback cb) {
    return start(DRIVER_NUM_AMBIENT_LIGHT, 1, 0, 0, cb);
}
returncode_t libtock_proximity_read(libtock_sensor_callback cb) {
    return start(DRIVER_NUM_PROXIMITY, 1, 0, 0, cb);
}
returncode_t libtock_proximity_read_on_interrupt(uint32_t lower, uint32_t higher,
                                                 libtock_sensor_callback cb) {
    return start(DRIVER_NUM_PROXIMITY, 2, lower, higher, cb);
}
returncode_t libtock_sound_pressure_read(libtock_sensor_callback cb) {
    return start(DRIVER_NUM_SOUND_PRESSURE, 1, 0, 0, cb);
}
returncode_t libtock_sound_pressure_enable(void) {
    return tock_status(command(DRIVER_NUM_SOUND_PRESSURE, 2, 0, 0));
}
returncode_t libtock_sound_pressure_disable(void) {
    return tock_status(command(DRIVER_NUM_SOUND_PRESSURE, 3, 0, 0));
}
returncode_t libtock_pressure_read(libtock_sensor_callback cb) {
    return start(DRIVER_NUM_PRESSURE, 1, 0, 0, cb);
}
returncode_t libtock_moisture_read(libtock_sensor_callback cb) {
    return start(DRIVER_NUM_MOISTURE, 1, 0, 0, cb);
}
returncode_t libtock_rainfall_read(libtock_sensor_callback cb, int hours) {
    return start(DRIVER_NUM_RAINFALL, 1, (uint32_t)hours, 0, cb);
}

static void ninedof_upcall(int x, int y, int z, void *opaque) {
    ((libtock_ninedof_callback)opaque)(RETURNCODE_SUCCESS, x, y, z);
}

static returncode_t ninedof_start(uint32_t cmd, libtock_ninedof_callback cb) {
    returncode_t rc = tock_status(subscribe(DRIVER_NUM_NINEDOF, 0, ninedof_upcall, (void *)cb));
    if (rc) return rc;
    return tock_status(command(DRIVER_NUM_NINEDOF, cmd, 0, 0));
}

returncode_t libtock_ninedof_read_accelerometer(libtock_ninedof_callback cb) {
    return ninedof_start(1, cb);
}
returncode_t libtock_ninedof_read_magnetometer(libtock_ninedof_callback cb) {
    return ninedof_start(100, cb);
}
returncode_t libtock_ninedof_read_gyroscope(libtock_ninedof_callback cb) {
    return ninedof_start(200, cb);
}

/* ---- synchronous: the command, then Yield-WaitFor on subscribe 0 ------------------- */

static returncode_t read_sync(uint32_t driver, uint32_t cmd, uint32_t a0, uint32_t a1,
                              int *out) {
    returncode_t rc = tock_status(command(driver, cmd, a0, a1));
    if (rc) return rc;
    yield_waitfor_return_t r = yield_wait_for(driver, 0);
    if (status_first(driver)) {
        rc = tock_status_to_returncode(r.data0);
        if (rc) return rc;
        *out = (int)r.data1;
    } else {
        *out = (int)r.data0;
    }
    return RETURNCODE_SUCCESS;
}

returncode_t libtocksync_temperature_read(int *temperature) {
    return read_sync(DRIVER_NUM_TEMPERATURE, 1, 0, 0, temperature);
}
returncode_t libtocksync_humidity_read(int *humidity) {
    return read_sync(DRIVER_NUM_HUMIDITY, 1, 0, 0, humidity);
}
returncode_t libtocksync_ambient_light_read_intensity(int *lux) {
    return read_sync(DRIVER_NUM_AMBIENT_LIGHT, 1, 0, 0, lux);
}
returncode_t libtocksync_proximity_read(uint8_t *proximity) {
    int v = 0;
    returncode_t rc = read_sync(DRIVER_NUM_PROXIMITY, 1, 0, 0, &v);
    *proximity = (uint8_t)v;
    return rc;
}
returncode_t libtocksync_proximity_read_on_interrupt(uint32_t lower, uint32_t higher,
                                                     uint8_t *proximity) {
    int v = 0;
    returncode_t rc = read_sync(DRIVER_NUM_PROXIMITY, 2, lower, higher, &v);
    *proximity = (uint8_t)v;
    return rc;
}
returncode_t libtocksync_sound_pressure_read(unsigned char *sound_pressure) {
    int v = 0;
    returncode_t rc = read_sync(DRIVER_NUM_SOUND_PRESSURE, 1, 0, 0, &v);
    *sound_pressure = (unsigned char)v;
    return rc;
}
returncode_t libtocksync_pressure_read(int *pressure) {
    return read_sync(DRIVER_NUM_PRESSURE, 1, 0, 0, pressure);
}
returncode_t libtocksync_moisture_read(int *moisture) {
    return read_sync(DRIVER_NUM_MOISTURE, 1, 0, 0, moisture);
}
returncode_t libtocksync_rainfall_read(uint32_t *rainfall, int hours) {
    int v = 0;
    returncode_t rc = read_sync(DRIVER_NUM_RAINFALL, 1, (uint32_t)hours, 0, &v);
    *rainfall = (uint32_t)v;
    return rc;
}

static returncode_t ninedof_sync(uint32_t cmd, int *x, int *y, int *z) {
    returncode_t rc = tock_status(command(DRIVER_NUM_NINEDOF, cmd, 0, 0));
    if (rc) return rc;
    yield_waitfor_return_t r = yield_wait_for(DRIVER_NUM_NINEDOF, 0);
    *x = (int)r.data0;
    *y = (int)r.data1;
    *z = (int)r.data2;
    return RETURNCODE_SUCCESS;
}

returncode_t libtocksync_ninedof_read_accelerometer(int *x, int *y, int *z) {
    return ninedof_sync(1, x, y, z);
}
returncode_t libtocksync_ninedof_read_magnetometer(int *x, int *y, int *z) {
    return ninedof_sync(100, x, y, z);
}
returncode_t libtocksync_ninedof_read_gyroscope(int *x, int *y, int *z) {
    return ninedof_sync(200, x, y, z);
}
