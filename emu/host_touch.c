/* The touch panel model: see host_touch.h. */
#include "host_touch.h"

#include <string.h>

#include "tock/capsules/touch.h"

static void hil_enable(void *ctx, bool on)
{
    ((struct host_touch *)ctx)->listening = on;
}

static bool add_event(struct host_touch *t, uint64_t at_ns, uint32_t status, uint32_t x,
                      uint32_t y)
{
    if (t->count == HOST_TOUCH_EVENTS)
        return false;
    t->events[t->count++] = (struct touch_event){at_ns, status, x, y};
    return true;
}

bool host_touch_add(struct host_touch *t, uint32_t x, uint32_t y, uint64_t at_ns,
                    uint64_t hold_ns)
{
    if (t->count + 2 > HOST_TOUCH_EVENTS)
        return false;
    add_event(t, at_ns, TOUCH_PRESSED, x, y);
    return add_event(t, at_ns + hold_ns, TOUCH_RELEASED, x, y);
}

void host_touch_init(struct host_touch *t, const struct hmi_config *cfg)
{
    memset(t, 0, sizeof *t);
    t->hil = (struct touch_hil){t, hil_enable};
    for (uint32_t i = 0; i < cfg->touch_count; i++) {
        const struct scripted_touch *s = &cfg->touches[i];
        host_touch_add(t, s->x, s->y, s->at_ns, s->hold_ns);
    }
}

/* Index of the earliest event (ties: the order they were added), or count. */
static uint32_t earliest(const struct host_touch *t)
{
    uint32_t best = t->count;
    for (uint32_t i = 0; i < t->count; i++)
        if (best == t->count || t->events[i].at_ns < t->events[best].at_ns)
            best = i;
    return best;
}

bool host_touch_next(const struct host_touch *t, uint64_t *at_ns)
{
    uint32_t i = earliest(t);
    if (i == t->count)
        return false;
    *at_ns = t->events[i].at_ns;
    return true;
}

bool host_touch_take(struct host_touch *t, uint64_t now_ns, struct drive_log *log,
                     struct touch_event *out)
{
    uint32_t i = earliest(t);
    if (i == t->count || t->events[i].at_ns > now_ns)
        return false;
    *out = t->events[i];
    memmove(&t->events[i], &t->events[i + 1], (t->count - i - 1) * sizeof t->events[0]);
    t->count--;
    drive_log_line(log, "touch", now_ns, "%s %u,%u%s",
                   out->status == TOUCH_PRESSED ? "pressed" : "released", out->x, out->y,
                   t->listening ? "" : " (no app listens)");
    return true;
}
