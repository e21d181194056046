/* Servo capsule, driver 0x90009: see tock/capsules/servo.h for the contract. */
#include "tock/capsules/servo.h"

#include "tock/kstring.h"

static struct syscall_return servo_command(struct kernel *k, const struct driver *d,
                                           struct process *p, uint32_t cmd,
                                           uint32_t arg0, uint32_t arg1)
{
    const struct servo_hil *h = ((struct servo_capsule *)d->state)->hil;
    uint32_t degrees = 0, status;
    (void)k;
    (void)p;

    switch (cmd) {
    case SERVO_CMD_EXISTS:
        return sr_success();
    case SERVO_CMD_COUNT:
        return sr_success_u32(h->count);
    case SERVO_CMD_SET_ANGLE:
        if (arg0 >= h->count)
            return sr_failure(TOCK_NODEVICE);
        if (arg1 > 360)
            return sr_failure(TOCK_INVAL);
        status = h->set_angle(h->ctx, arg0, arg1);
        return status == TOCK_OK ? sr_success() : sr_failure(status);
    case SERVO_CMD_ANGLE:
        if (arg0 >= h->count)
            return sr_failure(TOCK_NODEVICE);
        if (!h->angle(h->ctx, arg0, &degrees))
            return sr_failure(TOCK_NOSUPPORT);
        return sr_success_u32(degrees);
    default:
        return sr_failure(TOCK_NOSUPPORT);
    }
}

static const char *servo_command_name(uint32_t cmd)
{
    switch (cmd) {
    case SERVO_CMD_EXISTS: return "exists";
    case SERVO_CMD_COUNT: return "count";
    case SERVO_CMD_SET_ANGLE: return "set_angle";
    case SERVO_CMD_ANGLE: return "angle";
    default: return NULL;
    }
}

void servo_capsule_init(struct servo_capsule *s, const struct servo_hil *hil)
{
    memset(s, 0, sizeof(*s));
    s->hil = hil;
    s->driver.num = DRIVER_SERVO;
    s->driver.name = "servo";
    s->driver.state = s;
    s->driver.command = servo_command;
    s->driver.command_name = servo_command_name;
}
