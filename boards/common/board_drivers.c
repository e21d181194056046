/* The table of drivers every board draws from (see board_drivers.h). */
#include "board_drivers.h"

typedef bool add_fn(struct kernel *k, struct board_drivers *d, const struct board_hils *h);

/* Each add_* registers its capsule and returns true, or false when the board lacks the
 * hardware. */

static bool add_console(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->console)
        return false;
    console_capsule_init(&d->console, h->console);
    return kernel_add_driver(k, &d->console.driver) == 0;
}

static bool add_alarm(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->alarm)
        return false;
    alarm_capsule_init(&d->alarm, h->alarm);
    return kernel_add_driver(k, &d->alarm.driver) == 0;
}

static bool add_led(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->leds)
        return false;
    led_capsule_init(&d->led, h->leds);
    return kernel_add_driver(k, &d->led.driver) == 0;
}

static bool add_button(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->buttons)
        return false;
    button_capsule_init(&d->button, h->buttons);
    return kernel_add_driver(k, &d->button.driver) == 0;
}

static bool add_gpio(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->gpio)
        return false;
    gpio_capsule_init(&d->gpio, h->gpio);
    return kernel_add_driver(k, &d->gpio.driver) == 0;
}

static bool add_lldebug(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    (void)h;   /* writes through the kernel's log: every board has it */
    low_level_debug_capsule_init(&d->lldebug);
    return kernel_add_driver(k, &d->lldebug.driver) == 0;
}

static bool add_rng(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->entropy)
        return false;
    rng_capsule_init(&d->rng, h->entropy);
    return kernel_add_driver(k, &d->rng.driver) == 0;
}

static bool add_ipc(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->ipc_policy)
        return false;
    ipc_capsules_add(k, &d->ipc, h->ipc_policy, h->legacy_ipc_slots);
    return true;
}

/* storage group */

static bool add_app_flash(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->app_flash)
        return false;
    app_flash_capsule_init(&d->app_flash, k, h->app_flash);
    return kernel_add_driver(k, &d->app_flash.driver) == 0;
}

static bool add_nv_storage(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->storage || h->nv_size == 0 || h->nv_size > h->storage->size)
        return false;
    nv_storage_capsule_init(&d->nv_storage, k, h->storage, 0, h->nv_size);
    return kernel_add_driver(k, &d->nv_storage.driver) == 0;
}

static bool add_kv(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->kv)
        return false;
    kv_capsule_init(&d->kv, k, h->kv);
    return kernel_add_driver(k, &d->kv.driver) == 0;
}

static bool add_invs(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->storage || h->invs_region_size == 0 || h->nv_size >= h->storage->size)
        return false;
    invs_capsule_init(&d->invs, k, h->storage, h->nv_size, h->storage->size - h->nv_size,
                      h->invs_region_size);
    return kernel_add_driver(k, &d->invs.driver) == 0;
}

static const struct {
    const char *name;
    const char *summary;
    add_fn *add;
} drivers[BOARD_DRIVER_COUNT] = {
    [BOARD_DRIVER_CONSOLE] = {"console", "console 0x1: text out and in", add_console},
    [BOARD_DRIVER_ALARM] = {"alarm", "alarm 0x0: time and timers", add_alarm},
    [BOARD_DRIVER_LED] = {"led", "LEDs 0x2", add_led},
    [BOARD_DRIVER_BUTTON] = {"button", "buttons 0x3", add_button},
    [BOARD_DRIVER_GPIO] = {"gpio", "GPIO pins 0x4", add_gpio},
    [BOARD_DRIVER_LOW_LEVEL_DEBUG] = {"lldebug", "low-level debug 0x8", add_lldebug},
    [BOARD_DRIVER_RNG] = {"rng", "random numbers 0x40001", add_rng},
    [BOARD_DRIVER_IPC] = {"ipc", "IPC: registries, identity, relays, legacy IPC", add_ipc},
    /* storage group */
    [BOARD_DRIVER_APP_FLASH] = {"appflash", "app state 0x50000: writeable flash regions",
                                add_app_flash},
    [BOARD_DRIVER_NV_STORAGE] = {"nvstorage", "nonvolatile storage 0x50001", add_nv_storage},
    [BOARD_DRIVER_KV] = {"kv", "key-value store 0x50003", add_kv},
    [BOARD_DRIVER_INVS] = {"invs", "isolated nonvolatile storage 0x50004", add_invs},
};

void board_drivers_add(struct kernel *k, struct board_drivers *d, const struct board_hils *hils,
                       uint64_t wanted)
{
    d->present = 0;
    for (uint32_t i = 0; i < BOARD_DRIVER_COUNT; i++)
        if (((wanted >> i) & 1u) && drivers[i].add(k, d, hils))
            d->present |= 1ull << i;
}

const char *board_driver_name(uint32_t id)
{
    return id < BOARD_DRIVER_COUNT ? drivers[id].name : NULL;
}

const char *board_driver_summary(uint32_t id)
{
    return id < BOARD_DRIVER_COUNT ? drivers[id].summary : NULL;
}
