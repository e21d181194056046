/* LED capsule, driver 0x2: see tock/capsules/led.h for the contract. */
#include "tock/capsules/led.h"

#include "tock/kstring.h"

static struct led_capsule *led_of(const struct driver *d)
{
    return (struct led_capsule *)d->state;
}

static bool led_get(const struct led_hil *hil, uint32_t i)
{
    return hil->get ? hil->get(hil->ctx, i) : false;
}

static struct syscall_return led_command(struct kernel *k, const struct driver *d,
                                         struct process *p, uint32_t cmd,
                                         uint32_t arg0, uint32_t arg1)
{
    const struct led_hil *hil = led_of(d)->hil;

    if (cmd == LED_CMD_COUNT)
        return sr_success_u32(hil->count);   /* Tock: count, not plain Success */
    if (cmd > LED_CMD_READ)
        return sr_failure(TOCK_NOSUPPORT);
    if (arg0 >= hil->count)
        return sr_failure(TOCK_INVAL);

    switch (cmd) {
    case LED_CMD_ON:
        hil->set(hil->ctx, arg0, true);
        break;
    case LED_CMD_OFF:
        hil->set(hil->ctx, arg0, false);
        break;
    case LED_CMD_TOGGLE:
        hil->set(hil->ctx, arg0, !led_get(hil, arg0));
        break;
    default: /* LED_CMD_READ */
        return sr_success_u32(led_get(hil, arg0) ? 1u : 0u);
    }
    return sr_success();
}

static const char *led_command_name(uint32_t cmd)
{
    switch (cmd) {
    case LED_CMD_COUNT: return "count";
    case LED_CMD_ON: return "on";
    case LED_CMD_OFF: return "off";
    case LED_CMD_TOGGLE: return "toggle";
    case LED_CMD_READ: return "read";
    default: return NULL;
    }
}

void led_capsule_init(struct led_capsule *l, const struct led_hil *hil)
{
    memset(l, 0, sizeof(*l));
    l->hil = hil;
    l->driver.num = DRIVER_LED;
    l->driver.name = "led";
    l->driver.state = l;
    l->driver.command = led_command;
    l->driver.command_name = led_command_name;
    for (uint32_t i = 0; i < hil->count; i++)
        hil->set(hil->ctx, i, false);
}
