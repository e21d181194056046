/* Buzzer capsule, driver 0x90000: see tock/capsules/buzzer.h for the contract. */
#include "tock/capsules/buzzer.h"

#include "tock/kstring.h"

static struct buzzer_capsule *buzzer_of(const struct driver *d)
{
    return (struct buzzer_capsule *)d->state;
}

static uint32_t capped(uint32_t ms)
{
    return ms < BUZZER_MAX_DURATION_MS ? ms : BUZZER_MAX_DURATION_MS;
}

static uint32_t buzzer_start(void *capsule, struct kernel *k, struct process *p,
                             struct queued_op *op)
{
    struct buzzer_capsule *b = capsule;
    (void)k;
    (void)p;
    return b->hil->buzz(b->hil->ctx, op->arg0, capped(op->arg1));
}

/* Another process's tone is running (or one whose process is gone). */
static bool buzzer_taken(const struct buzzer_capsule *b, const struct process *p)
{
    return b->queue.busy && b->queue.owner != p->id;
}

static struct syscall_return buzzer_tone_now(struct buzzer_capsule *b, struct kernel *k,
                                             struct process *p, uint32_t hz, uint32_t ms)
{
    struct queued_op *op = grant_enter(k, p, &b->driver);
    if (!op)
        return sr_failure(TOCK_NOMEM);
    if (buzzer_taken(b, p))
        return sr_failure(TOCK_RESERVE);
    uint32_t status = b->hil->buzz(b->hil->ctx, hz, capped(ms));
    if (status != TOCK_OK)
        return sr_failure(status);
    b->queue.busy = true;
    b->queue.owner = p->id;
    return sr_success();
}

static struct syscall_return buzzer_command(struct kernel *k, const struct driver *d,
                                            struct process *p, uint32_t cmd,
                                            uint32_t arg0, uint32_t arg1)
{
    struct buzzer_capsule *b = buzzer_of(d);

    switch (cmd) {
    case BUZZER_CMD_EXISTS:
        return sr_success();
    case BUZZER_CMD_TONE:
        return op_queue_submit(&b->queue, k, p, cmd, arg0, arg1);
    case BUZZER_CMD_TONE_NOW:
        return buzzer_tone_now(b, k, p, arg0, arg1);
    case BUZZER_CMD_STOP:
        if (buzzer_taken(b, p))
            return sr_failure(TOCK_RESERVE);
        if (!b->queue.busy)
            return sr_failure(TOCK_OFF);
        return b->hil->stop(b->hil->ctx) == TOCK_OK ? sr_success() : sr_failure(TOCK_FAIL);
    default:
        return sr_failure(TOCK_NOSUPPORT);
    }
}

static void buzzer_process_event(struct kernel *k, const struct driver *d, struct process *p,
                                 enum process_event ev)
{
    (void)k;
    if (ev != PROCESS_EVENT_STOPPED)
        op_queue_forget(&buzzer_of(d)->queue, p);
}

static const char *buzzer_command_name(uint32_t cmd)
{
    switch (cmd) {
    case BUZZER_CMD_EXISTS: return "exists";
    case BUZZER_CMD_TONE: return "tone";
    case BUZZER_CMD_TONE_NOW: return "tone_now";
    case BUZZER_CMD_STOP: return "stop";
    default: return NULL;
    }
}

void buzzer_capsule_done(struct buzzer_capsule *b, struct kernel *k, uint32_t status)
{
    op_queue_done(&b->queue, k, status, 0, 0);
}

void buzzer_capsule_init(struct buzzer_capsule *b, const struct buzzer_hil *hil)
{
    memset(b, 0, sizeof(*b));
    b->hil = hil;
    b->driver.num = DRIVER_BUZZER;
    b->driver.name = "buzzer";
    b->driver.upcall_count = 1;
    b->driver.grant_size = sizeof(struct queued_op);
    b->driver.state = b;
    b->driver.command = buzzer_command;
    b->driver.process_event = buzzer_process_event;
    b->driver.command_name = buzzer_command_name;
    op_queue_init(&b->queue, &b->driver, b, buzzer_start, BUZZER_UPCALL_DONE, TOCK_NOMEM, false);
}
