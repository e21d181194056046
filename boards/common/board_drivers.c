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

static bool add_date_time(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->date_time)
        return false;
    date_time_capsule_init(&d->date_time, h->date_time);
    return kernel_add_driver(k, &d->date_time.driver) == 0;
}

/* crypto */

static bool add_sha(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->sha)
        return false;
    sha_capsule_init(&d->sha, h->sha);
    return kernel_add_driver(k, &d->sha.driver) == 0;
}

static bool add_hmac(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->hmac)
        return false;
    hmac_capsule_init(&d->hmac, h->hmac);
    return kernel_add_driver(k, &d->hmac.driver) == 0;
}

static bool add_aes(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->aes)
        return false;
    aes_capsule_init(&d->aes, h->aes);
    return kernel_add_driver(k, &d->aes.driver) == 0;
}

static bool add_crc(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->crc)
        return false;
    crc_capsule_init(&d->crc, h->crc);
    return kernel_add_driver(k, &d->crc.driver) == 0;
}

/* sensors and ADC */
static bool add_sensor(struct kernel *k, struct board_drivers *d, const struct board_hils *h,
                       enum sensor_kind kind)
{
    if (!h->sensors[kind])
        return false;
    sensor_capsule_init(&d->sensors[kind], k, kind, h->sensors[kind]);
    return kernel_add_driver(k, &d->sensors[kind].driver) == 0;
}

#define ADD_SENSOR(fn, kind)                                                                    \
    static bool fn(struct kernel *k, struct board_drivers *d, const struct board_hils *h)      \
    {                                                                                           \
        return add_sensor(k, d, h, kind);                                                       \
    }
ADD_SENSOR(add_temperature, SENSOR_TEMPERATURE)
ADD_SENSOR(add_humidity, SENSOR_HUMIDITY)
ADD_SENSOR(add_ambient_light, SENSOR_AMBIENT_LIGHT)
ADD_SENSOR(add_proximity, SENSOR_PROXIMITY)
ADD_SENSOR(add_sound_pressure, SENSOR_SOUND_PRESSURE)
ADD_SENSOR(add_pressure, SENSOR_PRESSURE)
ADD_SENSOR(add_moisture, SENSOR_MOISTURE)
ADD_SENSOR(add_rainfall, SENSOR_RAINFALL)

static bool add_ninedof(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->ninedof)
        return false;
    ninedof_capsule_init(&d->ninedof, k, h->ninedof);
    return kernel_add_driver(k, &d->ninedof.driver) == 0;
}

static bool add_adc(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->adc)
        return false;
    adc_capsule_init(&d->adc, k, h->adc);
    return kernel_add_driver(k, &d->adc.driver) == 0;
}

/* display, touch and sound */

static bool add_screen(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->screen)
        return false;
    screen_capsule_init(&d->screen, h->screen);
    return kernel_add_driver(k, &d->screen.driver) == 0;
}

static bool add_text_screen(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->text_screen)
        return false;
    text_screen_capsule_init(&d->text_screen, h->text_screen);
    return kernel_add_driver(k, &d->text_screen.driver) == 0;
}

static bool add_touch(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->touch)
        return false;
    touch_capsule_init(&d->touch, h->touch);
    return kernel_add_driver(k, &d->touch.driver) == 0;
}

static bool add_buzzer(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->buzzer)
        return false;
    buzzer_capsule_init(&d->buzzer, h->buzzer);
    return kernel_add_driver(k, &d->buzzer.driver) == 0;
}

static bool add_servo(struct kernel *k, struct board_drivers *d, const struct board_hils *h)
{
    if (!h->servo)
        return false;
    servo_capsule_init(&d->servo, h->servo);
    return kernel_add_driver(k, &d->servo.driver) == 0;
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
    [BOARD_DRIVER_DATE_TIME] = {"rtc", "date and time 0x90007", add_date_time},
    /* crypto */
    [BOARD_DRIVER_SHA] = {"sha", "SHA-256 0x40005", add_sha},
    [BOARD_DRIVER_HMAC] = {"hmac", "HMAC-SHA-256/384/512 0x40003", add_hmac},
    [BOARD_DRIVER_AES] = {"aes", "AES-128 CTR/CBC/ECB/CCM 0x40006", add_aes},
    [BOARD_DRIVER_CRC] = {"crc", "CRC-32/32C/16-CCITT 0x40002", add_crc},
    /* sensors and ADC */
    [BOARD_DRIVER_TEMPERATURE] = {"temperature", "temperature 0x60000", add_temperature},
    [BOARD_DRIVER_HUMIDITY] = {"humidity", "humidity 0x60001", add_humidity},
    [BOARD_DRIVER_AMBIENT_LIGHT] = {"ambient_light", "ambient light 0x60002", add_ambient_light},
    [BOARD_DRIVER_PROXIMITY] = {"proximity", "proximity 0x60005", add_proximity},
    [BOARD_DRIVER_SOUND_PRESSURE] = {"sound_pressure", "sound pressure 0x60006",
                                     add_sound_pressure},
    [BOARD_DRIVER_PRESSURE] = {"pressure", "pressure 0x60008", add_pressure},
    [BOARD_DRIVER_MOISTURE] = {"moisture", "moisture 0x6000A", add_moisture},
    [BOARD_DRIVER_RAINFALL] = {"rainfall", "rainfall 0x6000B", add_rainfall},
    [BOARD_DRIVER_NINEDOF] = {"ninedof", "accelerometer, magnetometer, gyroscope 0x60004",
                              add_ninedof},
    [BOARD_DRIVER_ADC] = {"adc", "ADC 0x5: single, continuous and buffered sampling", add_adc},
    /* display, touch and sound */
    [BOARD_DRIVER_SCREEN] = {"screen", "screen 0x90001: a framebuffer", add_screen},
    [BOARD_DRIVER_TEXT_SCREEN] = {"text_screen", "text screen 0x90003: a character display",
                                  add_text_screen},
    [BOARD_DRIVER_TOUCH] = {"touch", "touch panel 0x90002: single touch", add_touch},
    [BOARD_DRIVER_BUZZER] = {"buzzer", "buzzer 0x90000: tones", add_buzzer},
    [BOARD_DRIVER_SERVO] = {"servo", "servo motors 0x90009", add_servo},
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
