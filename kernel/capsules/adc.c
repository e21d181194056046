/* ADC capsule, driver 0x5: see tock/capsules/adc.h for the contract. */
#include "tock/capsules/adc.h"

#include "tock/kstring.h"

static struct adc_capsule *adc_of(const struct driver *d)
{
    return (struct adc_capsule *)d->state;
}

static void adc_done(void *client, uint32_t status, const int32_t value[3]);

static uint32_t adc_request(struct adc_capsule *a)
{
    bool paced = a->mode != ADC_SINGLE;
    return a->hil->read(a->hil->ctx, a->channel, paced ? a->period_ns : 0, adc_done, a);
}

/* Upcall the owner on the slot it listens to (see the header on slot 1). */
static void adc_upcall(struct adc_capsule *a, struct process *p, uint32_t arg1, uint32_t arg2,
                       uint32_t buffer_index)
{
    struct grant g;
    uint32_t index;
    bool libtock_c = kernel_find_driver(a->k, DRIVER_ADC, &index) &&
                     grant_view(a->k, p, index, &g) && g.upcalls[ADC_UPCALL_LIBTOCK_C].fn;
    if (libtock_c)
        upcall_schedule(a->k, p, &a->driver, ADC_UPCALL_LIBTOCK_C, a->mode, arg1,
                        a->mode == ADC_CONTINUOUS_BUFFER ? buffer_index : arg2);
    else
        upcall_schedule(a->k, p, &a->driver, ADC_UPCALL, a->mode, arg1, arg2);
}

/* Buffered modes: store one sample; true when the buffer being filled is full, with what
 * the upcall reports. */
static bool adc_store(struct adc_capsule *a, struct process *p, uint16_t sample,
                      uint32_t *samples, uint32_t *address)
{
    uint32_t len = 0;
    uint8_t *buf = allowed_rw(a->k, p, &a->driver, a->buffer, &len);
    uint32_t capacity = buf ? len / 2 : 0;
    if (a->filled >= capacity)
        return false;   /* the app took the buffer back: the sample is lost */
    buf[a->filled * 2] = (uint8_t)sample;
    buf[a->filled * 2 + 1] = (uint8_t)(sample >> 8);
    a->filled++;
    if (a->filled < capacity)
        return false;
    *samples = capacity;
    *address = p->ram_start + (uint32_t)(buf - p->ram);
    return true;
}

static void adc_done(void *client, uint32_t status, const int32_t value[3])
{
    struct adc_capsule *a = client;
    struct process *p = kernel_process_by_id(a->k, a->owner);
    uint16_t sample = (uint16_t)value[0];
    uint32_t channel = a->channel;

    (void)status;
    if (!a->active)
        return;
    if (!p || !process_is_alive(p)) {
        a->active = false;
        return;
    }
    switch (a->mode) {
    case ADC_SINGLE:
        a->active = false;
        adc_upcall(a, p, channel, sample, 0);
        return;
    case ADC_CONTINUOUS:
        adc_upcall(a, p, channel, sample, 0);
        break;
    case ADC_SINGLE_BUFFER:
    case ADC_CONTINUOUS_BUFFER: {
        uint32_t samples, address, full = a->buffer;
        if (adc_store(a, p, sample, &samples, &address)) {
            a->filled = 0;
            if (a->mode == ADC_SINGLE_BUFFER) {
                a->active = false;
            } else {
                uint32_t other_len = 0;
                allowed_rw(a->k, p, &a->driver, ADC_ALLOW_RW_DOUBLE_BUFFER, &other_len);
                a->buffer = (full == ADC_ALLOW_RW_BUFFER && other_len >= 2)
                                ? ADC_ALLOW_RW_DOUBLE_BUFFER : ADC_ALLOW_RW_BUFFER;
            }
            adc_upcall(a, p, samples << 8 | (channel & 0xff), address, full);
        }
        break;
    }
    }
    if (a->active && adc_request(a) != TOCK_OK)
        a->active = false;
}

static struct syscall_return adc_start(struct adc_capsule *a, struct kernel *k,
                                       struct process *p, enum adc_mode mode, uint32_t channel,
                                       uint32_t frequency)
{
    if (a->active)
        return sr_failure(TOCK_BUSY);
    if (channel >= a->hil->channels)
        return sr_failure(TOCK_INVAL);
    if (mode != ADC_SINGLE && (frequency == 0 || frequency > ADC_MAX_FREQUENCY_HZ))
        return sr_failure(TOCK_INVAL);
    if (mode == ADC_SINGLE_BUFFER || mode == ADC_CONTINUOUS_BUFFER) {
        uint32_t len = 0;
        if (!allowed_rw(k, p, &a->driver, ADC_ALLOW_RW_BUFFER, &len) || len < 2)
            return sr_failure(TOCK_NOMEM);
    }
    a->mode = mode;
    a->channel = channel;
    a->period_ns = mode == ADC_SINGLE ? 0 : 1000000000u / frequency;
    a->buffer = ADC_ALLOW_RW_BUFFER;
    a->filled = 0;
    uint32_t rc = adc_request(a);
    if (rc != TOCK_OK)
        return sr_failure(rc);
    a->active = true;
    return sr_success();
}

/* Tock's rule: the first process to use the ADC owns it while it is alive. */
static bool adc_owned_by_other(struct adc_capsule *a, struct kernel *k, struct process *p)
{
    if (a->owner && a->owner != p->id) {
        struct process *owner = kernel_process_by_id(k, a->owner);
        if (owner && process_is_alive(owner))
            return true;
        a->active = false;
        if (a->hil->cancel)
            a->hil->cancel(a->hil->ctx);
    }
    a->owner = p->id;
    return false;
}

static struct syscall_return adc_command(struct kernel *k, const struct driver *d,
                                         struct process *p, uint32_t cmd, uint32_t arg0,
                                         uint32_t arg1)
{
    struct adc_capsule *a = adc_of(d);

    if (adc_owned_by_other(a, k, p))
        return sr_failure(TOCK_NOMEM);
    if (!grant_enter(k, p, d))
        return sr_failure(TOCK_NOMEM);
    switch (cmd) {
    case ADC_CMD_EXISTS:
        return sr_success_u32(a->hil->channels);
    case ADC_CMD_SINGLE:
        return adc_start(a, k, p, ADC_SINGLE, arg0, 0);
    case ADC_CMD_CONTINUOUS:
        return adc_start(a, k, p, ADC_CONTINUOUS, arg0, arg1);
    case ADC_CMD_BUFFERED:
        return adc_start(a, k, p, ADC_SINGLE_BUFFER, arg0, arg1);
    case ADC_CMD_CONTINUOUS_BUFFERED:
        return adc_start(a, k, p, ADC_CONTINUOUS_BUFFER, arg0, arg1);
    case ADC_CMD_STOP:
        if (a->active && a->hil->cancel)
            a->hil->cancel(a->hil->ctx);
        a->active = false;
        return sr_success();
    case ADC_CMD_RESOLUTION:
        return sr_success_u32(a->hil->resolution_bits);
    case ADC_CMD_REFERENCE:
        return a->hil->reference_mv ? sr_success_u32(a->hil->reference_mv)
                                    : sr_failure(TOCK_NOSUPPORT);
    default:
        return sr_failure(TOCK_NOSUPPORT);
    }
}

static const char *adc_command_name(uint32_t cmd)
{
    switch (cmd) {
    case ADC_CMD_EXISTS: return "channel count";
    case ADC_CMD_SINGLE: return "single sample";
    case ADC_CMD_CONTINUOUS: return "continuous sample";
    case ADC_CMD_BUFFERED: return "buffered sample";
    case ADC_CMD_CONTINUOUS_BUFFERED: return "continuous buffered sample";
    case ADC_CMD_STOP: return "stop";
    case ADC_CMD_RESOLUTION: return "resolution bits";
    case ADC_CMD_REFERENCE: return "reference voltage";
    default: return NULL;
    }
}

void adc_capsule_init(struct adc_capsule *a, struct kernel *k, const struct sensor_hil *hil)
{
    memset(a, 0, sizeof(*a));
    a->hil = hil;
    a->k = k;
    a->driver.num = DRIVER_ADC;
    a->driver.name = "adc";
    a->driver.upcall_count = 2;
    a->driver.allow_rw_count = 2;
    a->driver.state = a;
    a->driver.command = adc_command;
    a->driver.command_name = adc_command_name;
}
