/* GPIO capsule, driver 0x4: see tock/capsules/gpio.h for the contract. */
#include "tock/capsules/gpio.h"

#include "tock/kstring.h"

/* Per-process data in the grant. Having a grant is what makes a process receive
 * interrupts (Tock's GPIO delivers to every process with a grant); the counter is for
 * statistics and keeps the grant non-empty. */
struct gpio_app {
    uint32_t interrupts;
};

static struct gpio_capsule *gpio_of(const struct driver *d)
{
    return (struct gpio_capsule *)d->state;
}

static struct syscall_return gpio_input(const struct gpio_hil *hil, uint32_t pin, uint32_t pull)
{
    static const enum gpio_mode modes[] = { GPIO_INPUT_FLOATING, GPIO_INPUT_PULLUP,
                                            GPIO_INPUT_PULLDOWN };

    if (pull >= sizeof(modes) / sizeof(modes[0]))
        return sr_failure(TOCK_NOSUPPORT);
    hil->configure(hil->ctx, pin, modes[pull]);
    return sr_success();
}

static struct syscall_return gpio_irq(const struct gpio_hil *hil, uint32_t pin, uint32_t edge)
{
    static const enum gpio_irq_edge edges[] = { GPIO_IRQ_EITHER, GPIO_IRQ_RISING,
                                                GPIO_IRQ_FALLING };

    if (edge >= sizeof(edges) / sizeof(edges[0]))
        return sr_failure(TOCK_NOSUPPORT);
    hil->set_irq(hil->ctx, pin, edges[edge]);
    return sr_success();
}

/* Commands 1-9: all take a pin in arg0. */
static struct syscall_return gpio_pin_command(const struct gpio_hil *hil, uint32_t cmd,
                                              uint32_t pin, uint32_t arg1)
{
    switch (cmd) {
    case GPIO_CMD_OUTPUT:
        hil->configure(hil->ctx, pin, GPIO_OUTPUT);
        break;
    case GPIO_CMD_SET:
        hil->write(hil->ctx, pin, true);
        break;
    case GPIO_CMD_CLEAR:
        hil->write(hil->ctx, pin, false);
        break;
    case GPIO_CMD_TOGGLE:
        hil->write(hil->ctx, pin, !hil->read(hil->ctx, pin));
        break;
    case GPIO_CMD_INPUT:
        return gpio_input(hil, pin, arg1);
    case GPIO_CMD_READ:
        return sr_success_u32(hil->read(hil->ctx, pin) ? 1u : 0u);
    case GPIO_CMD_IRQ_ENABLE:
        return gpio_irq(hil, pin, arg1);
    case GPIO_CMD_IRQ_DISABLE:
        hil->set_irq(hil->ctx, pin, GPIO_IRQ_NONE);
        hil->configure(hil->ctx, pin, GPIO_DISABLED);   /* Tock also deactivates the pin */
        break;
    default: /* GPIO_CMD_DISABLE */
        hil->configure(hil->ctx, pin, GPIO_DISABLED);
        break;
    }
    return sr_success();
}

static struct syscall_return gpio_command(struct kernel *k, const struct driver *d,
                                          struct process *p, uint32_t cmd,
                                          uint32_t arg0, uint32_t arg1)
{
    const struct gpio_hil *hil = gpio_of(d)->hil;

    if (cmd == GPIO_CMD_EXISTS)
        return sr_success();
    if (cmd == GPIO_CMD_COUNT)
        return sr_success_u32(hil->count);
    if (cmd > GPIO_CMD_COUNT)
        return sr_failure(TOCK_NOSUPPORT);
    if (arg0 >= hil->count)
        return sr_failure(TOCK_INVAL);
    return gpio_pin_command(hil, cmd, arg0, arg1);
}

void gpio_capsule_interrupt(struct gpio_capsule *g, struct kernel *k, uint32_t pin, bool value)
{
    if (pin >= g->hil->count)
        return;
    for (uint32_t i = 0; i < k->process_count; i++) {
        struct process *p = &k->procs[i];
        if (p->state == PROCESS_UNUSED)
            continue;
        struct gpio_app *app = grant_peek(k, p, &g->driver);
        if (!app)
            continue;
        app->interrupts++;
        upcall_schedule(k, p, &g->driver, GPIO_UPCALL_INTERRUPT, pin, value ? 1u : 0u, 0);
    }
}

static const char *gpio_command_name(uint32_t cmd)
{
    static const char *const names[] = {
        "exists", "enable_output", "set", "clear", "toggle", "enable_input", "read",
        "enable_interrupt", "disable_interrupt", "disable", "count",
    };

    return cmd < sizeof(names) / sizeof(names[0]) ? names[cmd] : NULL;
}

void gpio_capsule_init(struct gpio_capsule *g, const struct gpio_hil *hil)
{
    memset(g, 0, sizeof(*g));
    g->hil = hil;
    g->driver.num = DRIVER_GPIO;
    g->driver.name = "gpio";
    g->driver.upcall_count = 1;
    g->driver.grant_size = sizeof(struct gpio_app);
    g->driver.state = g;
    g->driver.command = gpio_command;
    g->driver.command_name = gpio_command_name;
}
