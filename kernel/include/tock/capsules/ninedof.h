/* Nine-axis motion sensor capsule, driver 0x60004 (Tock capsules/extra/src/ninedof.rs).
 *
 *   subscribe 0  reading ready: (x, y, z)
 *   command 0    exists
 *   command 1    read the accelerometer (milli-g)
 *   command 100  read the magnetometer
 *   command 200  read the gyroscope (degrees per second)
 *
 * One reading at a time for the whole board. A command while another process's reading
 * is under way is queued (one per process; a second one answers BUSY) and answered from
 * that reading when it was for the same instrument, else started next. As in Tock, the
 * process whose reading is under way may queue one more command. */
#ifndef TOCK_CAPSULES_NINEDOF_H
#define TOCK_CAPSULES_NINEDOF_H

#include <stdbool.h>

#include "tock/hil.h"
#include "tock/kernel.h"

enum { DRIVER_NINEDOF = 0x60004 };

enum { NINEDOF_UPCALL_READING = 0 };

enum { NINEDOF_CMD_EXISTS = 0, NINEDOF_CMD_ACCELEROMETER = 1, NINEDOF_CMD_MAGNETOMETER = 100,
       NINEDOF_CMD_GYROSCOPE = 200 };

/* The HIL's channels. */
enum { NINEDOF_ACCELEROMETER, NINEDOF_MAGNETOMETER, NINEDOF_GYROSCOPE };

struct ninedof_capsule {
    struct driver driver;
    const struct sensor_hil *hil;
    struct kernel *k;
    bool reading;            /* a reading is under way in the HIL */
    uint32_t current;        /* instance id of the process it is for */
    uint32_t current_channel;
};

void ninedof_capsule_init(struct ninedof_capsule *n, struct kernel *k,
                          const struct sensor_hil *hil);

#endif
