/* Work a host device model finishes later, at a board time: a sensor's reading, a tone's
 * end, an RTC request. The board fires each event once the board clock reaches it and
 * counts it as a wake-up, so under the virtual clock idle time jumps straight to it and a
 * run stays exactly repeatable. A model owns its struct device_event (one per thing it
 * can have in flight), adds it once, and arms it as often as it likes. */
#ifndef EMU_DEVICE_EVENTS_H
#define EMU_DEVICE_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

struct device_event {
    void (*fire)(void *ctx);   /* called from the board loop, with the event disarmed */
    void *ctx;
    uint64_t at_ns;
    bool armed;
};

#define DEVICE_EVENTS_MAX 32

struct device_events {
    struct device_event *events[DEVICE_EVENTS_MAX];
    uint32_t count;
};

/* Returns -1 when the board already has DEVICE_EVENTS_MAX of them (a build-time limit). */
int device_events_add(struct device_events *q, struct device_event *e, void (*fire)(void *ctx),
                      void *ctx);
void device_event_arm(struct device_event *e, uint64_t at_ns);
void device_event_cancel(struct device_event *e);
/* The earliest armed event's time; false when none is armed. */
bool device_events_next(const struct device_events *q, uint64_t *at_ns);
/* Fire every event due at now_ns, earliest first (one may arm another). */
void device_events_fire_due(struct device_events *q, uint64_t now_ns);

#endif
