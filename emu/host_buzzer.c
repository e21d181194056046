/* The buzzer model: see host_buzzer.h. */
#include "host_buzzer.h"

#include <string.h>

#include "tock/syscall_abi.h"

static uint32_t hil_buzz(void *ctx, uint32_t frequency_hz, uint32_t duration_ms)
{
    struct host_buzzer *b = ctx;
    if (frequency_hz == 0)
        return TOCK_INVAL;      /* the PWM cannot make a 0 Hz square wave */
    uint64_t now = host_clock_now_ns(b->clock);
    drive_log_line(b->log, "buzzer", now, "%u Hz for %u ms", frequency_hz, duration_ms);
    b->playing = true;
    b->ends_ns = now + (uint64_t)duration_ms * 1000000u;
    b->tones++;
    return TOCK_OK;
}

static uint32_t hil_stop(void *ctx)
{
    struct host_buzzer *b = ctx;
    uint64_t now = host_clock_now_ns(b->clock);
    drive_log_line(b->log, "buzzer", now, "stopped");
    b->ends_ns = now;
    return TOCK_OK;
}

void host_buzzer_init(struct host_buzzer *b, const struct host_clock *clock,
                      struct drive_log *log)
{
    memset(b, 0, sizeof *b);
    b->clock = clock;
    b->log = log;
    b->hil = (struct buzzer_hil){b, hil_buzz, hil_stop};
}

bool host_buzzer_next(const struct host_buzzer *b, uint64_t *at_ns)
{
    if (b->playing)
        *at_ns = b->ends_ns;
    return b->playing;
}

bool host_buzzer_take_end(struct host_buzzer *b, uint64_t now_ns)
{
    if (!b->playing || b->ends_ns > now_ns)
        return false;
    b->playing = false;
    return true;
}
