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
#include "tock/capsules/gpio.h"
#include "tock/capsules/led.h"
#include "tock/capsules/low_level_debug.h"
#include "tock/capsules/rng.h"
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
    /* storage group (docs/storage.md) */
    BOARD_DRIVER_APP_FLASH,
    BOARD_DRIVER_NV_STORAGE,
    BOARD_DRIVER_KV,
    BOARD_DRIVER_INVS,
    BOARD_DRIVER_COUNT
};

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
