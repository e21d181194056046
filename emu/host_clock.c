/* Board time, virtual or real. */
#include "host_clock.h"

#include "event_loop.h"

void host_clock_init(struct host_clock *c, enum clock_mode mode, double scale,
                     const uint64_t *retired)
{
    c->mode = mode;
    c->scale = scale > 0 ? scale : 1.0;
    c->retired = retired;
    c->skipped_ns = 0;
    c->real_start_ns = event_loop_now_ns();
}

uint64_t host_clock_now_ns(const struct host_clock *c)
{
    if (c->mode == CLOCK_VIRTUAL)
        return *c->retired * 1000000000ull / VIRTUAL_CPU_HZ + c->skipped_ns;
    return (uint64_t)((double)(event_loop_now_ns() - c->real_start_ns) * c->scale);
}

void host_clock_advance_to(struct host_clock *c, uint64_t t_ns)
{
    uint64_t now = host_clock_now_ns(c);
    if (c->mode == CLOCK_VIRTUAL && t_ns > now)
        c->skipped_ns += t_ns - now;
}

uint64_t host_clock_host_deadline(const struct host_clock *c, uint64_t t_ns)
{
    return c->real_start_ns + (uint64_t)((double)t_ns / c->scale);
}

const char *clock_mode_name(enum clock_mode m)
{
    return m == CLOCK_VIRTUAL ? "virtual" : "real";
}
