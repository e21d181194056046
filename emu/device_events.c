/* Device work that completes at a board time (see device_events.h). */
#include "device_events.h"

#include <stddef.h>

int device_events_add(struct device_events *q, struct device_event *e, void (*fire)(void *ctx),
                      void *ctx)
{
    if (q->count == DEVICE_EVENTS_MAX)
        return -1;
    *e = (struct device_event){fire, ctx, 0, false};
    q->events[q->count++] = e;
    return 0;
}

void device_event_arm(struct device_event *e, uint64_t at_ns)
{
    e->at_ns = at_ns;
    e->armed = true;
}

void device_event_cancel(struct device_event *e)
{
    e->armed = false;
}

static struct device_event *earliest(const struct device_events *q)
{
    struct device_event *first = NULL;
    for (uint32_t i = 0; i < q->count; i++) {
        struct device_event *e = q->events[i];
        if (e->armed && (!first || e->at_ns < first->at_ns))
            first = e;   /* ties: the one added first, so the order is repeatable */
    }
    return first;
}

bool device_events_next(const struct device_events *q, uint64_t *at_ns)
{
    const struct device_event *e = earliest(q);
    if (e)
        *at_ns = e->at_ns;
    return e != NULL;
}

void device_events_fire_due(struct device_events *q, uint64_t now_ns)
{
    struct device_event *e;
    while ((e = earliest(q)) && e->at_ns <= now_ns) {
        e->armed = false;
        e->fire(e->ctx);
    }
}
