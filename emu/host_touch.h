/* The board's touch panel: touches scripted by the `touch` setting or typed at the process
 * console become a press at their board time and a release when the hold ends. Each
 * event is printed as "[touch] 0.500000 s: pressed 120,80" and reaches the capsule while
 * an app listens (enable); unheard ones are dropped, as a switched-off panel would. */
#ifndef EMU_HOST_TOUCH_H
#define EMU_HOST_TOUCH_H

#include <stdbool.h>
#include <stdint.h>

#include "drive_log.h"
#include "hmi_config.h"
#include "tock/hil.h"

#define HOST_TOUCH_EVENTS (2 * HMI_MAX_TOUCHES + 64)

struct touch_event {
    uint64_t at_ns;
    uint32_t status;                    /* TOUCH_PRESSED or TOUCH_RELEASED */
    uint32_t x, y;
};

struct host_touch {
    struct touch_event events[HOST_TOUCH_EVENTS];   /* not yet happened, any order */
    uint32_t count;
    bool listening;
    struct touch_hil hil;
};

void host_touch_init(struct host_touch *t, const struct hmi_config *cfg);
/* A touch at (x, y) from at_ns for hold_ns. false when too many events wait. */
bool host_touch_add(struct host_touch *t, uint32_t x, uint32_t y, uint64_t at_ns,
                    uint64_t hold_ns);
/* The board time of the next event; false when none waits. */
bool host_touch_next(const struct host_touch *t, uint64_t *at_ns);
/* Take the earliest event due by now_ns (logged in log); false when none is due. */
bool host_touch_take(struct host_touch *t, uint64_t now_ns, struct drive_log *log,
                     struct touch_event *out);

#endif
