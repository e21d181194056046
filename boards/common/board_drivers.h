/* The drivers a board offers its apps, as one table shared by every board (the emulator
 * and the Cortex-M boards). A board says what hardware it has (struct board_hils: a NULL
 * HIL means "not on this board"), and board_drivers_add() registers the capsule of every
 * driver whose hardware is there and which the board wants.
 *
 * Adding a driver (docs/drivers.md): its capsule in kernel/capsules/, its HIL in
 * tock/hil.h, an enum value, a field here and a row in board_drivers.c; then each board
 * that has the device fills in the HIL. */
#ifndef BOARD_DRIVERS_H
#define BOARD_DRIVERS_H

#include <stdbool.h>
#include <stdint.h>

#include "ipc_capsules.h"
#include "tock/capsules/alarm.h"
#include "tock/capsules/button.h"
#include "tock/capsules/console.h"
#include "tock/capsules/date_time.h"
#include "tock/capsules/gpio.h"
#include "tock/capsules/led.h"
#include "tock/capsules/low_level_debug.h"
#include "tock/capsules/rng.h"
#include "tock/capsules/aes.h"
#include "tock/capsules/crc.h"
#include "tock/capsules/hmac.h"
#include "tock/capsules/sha.h"
#include "tock/capsules/adc.h"
#include "tock/capsules/ninedof.h"
#include "tock/capsules/sensor.h"
#include "tock/capsules/buzzer.h"
#include "tock/capsules/screen.h"
#include "tock/capsules/servo.h"
#include "tock/capsules/text_screen.h"
#include "tock/capsules/touch.h"
/* storage group */
#include "tock/capsules/app_flash.h"
#include "tock/capsules/isolated_nonvolatile_storage.h"
#include "tock/capsules/kv.h"
#include "tock/capsules/nonvolatile_storage.h"
#include "tock/hil.h"
#include "tock/kernel.h"

/* Table order: also the bit of each driver in a `wanted` mask and the emulator's
 * `capsules` setting. */
enum board_driver_id {
    BOARD_DRIVER_CONSOLE,
    BOARD_DRIVER_ALARM,
    BOARD_DRIVER_LED,
    BOARD_DRIVER_BUTTON,
    BOARD_DRIVER_GPIO,
    BOARD_DRIVER_LOW_LEVEL_DEBUG,
    BOARD_DRIVER_RNG,
    BOARD_DRIVER_IPC,
    BOARD_DRIVER_DATE_TIME,
    /* crypto */
    BOARD_DRIVER_SHA,
    BOARD_DRIVER_HMAC,
    BOARD_DRIVER_AES,
    BOARD_DRIVER_CRC,
    /* sensors and ADC: the single-value sensors in enum sensor_kind order */
    BOARD_DRIVER_TEMPERATURE,
    BOARD_DRIVER_HUMIDITY,
    BOARD_DRIVER_AMBIENT_LIGHT,
    BOARD_DRIVER_PROXIMITY,
    BOARD_DRIVER_SOUND_PRESSURE,
    BOARD_DRIVER_PRESSURE,
    BOARD_DRIVER_MOISTURE,
    BOARD_DRIVER_RAINFALL,
    BOARD_DRIVER_NINEDOF,
    BOARD_DRIVER_ADC,
    /* display, touch and sound */
    BOARD_DRIVER_SCREEN,
    BOARD_DRIVER_TEXT_SCREEN,
    BOARD_DRIVER_TOUCH,
    BOARD_DRIVER_BUZZER,
    BOARD_DRIVER_SERVO,
    /* storage group (docs/storage.md) */
    BOARD_DRIVER_APP_FLASH,
    BOARD_DRIVER_NV_STORAGE,
    BOARD_DRIVER_KV,
    BOARD_DRIVER_INVS,
    BOARD_DRIVER_COUNT
};

_Static_assert(BOARD_DRIVER_COUNT <= 64, "a driver is a bit of a 64-bit mask");
#define BOARD_DRIVERS_ALL ((1ull << BOARD_DRIVER_COUNT) - 1)

/* The board's hardware, as HILs. */
struct board_hils {
    const struct console_hil *console;
    const struct alarm_hil *alarm;
    const struct led_hil *leds;
    const struct button_hil *buttons;
    const struct gpio_hil *gpio;
    const struct entropy_hil *entropy;
    const struct ipc_policy *ipc_policy;   /* who may register which IPC service name */
    uint32_t legacy_ipc_slots;             /* 0: no legacy IPC (needs cpu_ops.share_memory) */
    const struct date_time_hil *date_time;
    /* crypto engines */
    const struct digest_hil *sha;
    const struct digest_hil *hmac;
    const struct aes_hil *aes;
    const struct crc_hil *crc;
    /* sensors and ADC */
    const struct sensor_hil *sensors[SENSOR_KIND_COUNT];
    const struct sensor_hil *ninedof;
    const struct sensor_hil *adc;
    /* display, touch and sound */
    const struct screen_hil *screen;
    const struct text_screen_hil *text_screen;
    const struct touch_hil *touch;
    const struct buzzer_hil *buzzer;
    const struct servo_hil *servo;
    /* storage group: the storage device's first nv_size bytes are driver 0x50001's, the
     * rest holds the isolated regions of driver 0x50004 (invs_region_size bytes each) */
    const struct storage_hil *storage;
    uint32_t nv_size;
    uint32_t invs_region_size;
    const struct kv_hil *kv;
    const struct app_flash_hil *app_flash;
};

/* The capsule instances; `present` has a bit per driver that was added. */
struct board_drivers {
    uint64_t present;
    struct console_capsule console;
    struct alarm_capsule alarm;
    struct led_capsule led;
    struct button_capsule button;
    struct gpio_capsule gpio;
    struct low_level_debug_capsule lldebug;
    struct rng_capsule rng;
    struct ipc_capsules ipc;
    struct date_time_capsule date_time;
    /* crypto */
    struct sha_capsule sha;
    struct hmac_capsule hmac;
    struct aes_capsule aes;
    struct crc_capsule crc;
    /* sensors and ADC */
    struct sensor_capsule sensors[SENSOR_KIND_COUNT];
    struct ninedof_capsule ninedof;
    struct adc_capsule adc;
    /* display, touch and sound */
    struct screen_capsule screen;
    struct text_screen_capsule text_screen;
    struct touch_capsule touch;
    struct buzzer_capsule buzzer;
    struct servo_capsule servo;
    /* storage group */
    struct app_flash_capsule app_flash;
    struct nv_storage_capsule nv_storage;
    struct kv_capsule kv;
    struct invs_capsule invs;
};

/* Register every driver that is in `wanted` (bits by enum board_driver_id) and whose
 * hardware hils has. */
void board_drivers_add(struct kernel *k, struct board_drivers *d, const struct board_hils *hils,
                       uint64_t wanted);

static inline bool board_drivers_has(const struct board_drivers *d, enum board_driver_id id)
{
    return (d->present >> id) & 1u;
}

/* The name of a driver as settings and help text say it ("console", "rng"), and what it
 * is, in a few words; NULL past the end of the table. */
const char *board_driver_name(uint32_t id);
const char *board_driver_summary(uint32_t id);

#endif
