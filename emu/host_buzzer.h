/* The board's buzzer: a tone starts when asked and ends by itself after its duration in
 * board time, or at once when stopped. Each tone is logged with its board time:
 * "[buzzer] 0.001234 s: 1319 Hz for 473 ms". */
#ifndef EMU_HOST_BUZZER_H
#define EMU_HOST_BUZZER_H

#include <stdbool.h>
#include <stdint.h>

#include "drive_log.h"
#include "host_clock.h"
#include "tock/hil.h"

struct host_buzzer {
    const struct host_clock *clock;
    struct drive_log *log;
    bool playing;
    uint64_t ends_ns;                   /* board time the running tone ends */
    uint64_t tones;                     /* tones started */
    struct buzzer_hil hil;
};

void host_buzzer_init(struct host_buzzer *b, const struct host_clock *clock,
                      struct drive_log *log);
/* The running tone ends at *at_ns; false when none runs. */
bool host_buzzer_next(const struct host_buzzer *b, uint64_t *at_ns);
/* True (once) when the running tone has ended by now_ns. */
bool host_buzzer_take_end(struct host_buzzer *b, uint64_t now_ns);

#endif
