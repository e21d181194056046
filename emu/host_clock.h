/* Board time. Virtual: advances with executed instructions (a 64 MHz core) and jumps ahead
 * to the next deadline when every process is idle, so runs are deterministic and sleeps
 * cost nothing. Real: the host's monotonic clock, optionally scaled. */
#ifndef EMU_HOST_CLOCK_H
#define EMU_HOST_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

enum clock_mode { CLOCK_VIRTUAL, CLOCK_REAL };

#define VIRTUAL_CPU_HZ 64000000ull

struct host_clock {
    enum clock_mode mode;
    double scale;               /* real: board seconds per host second */
    const uint64_t *retired;    /* virtual: executed-instruction counter */
    uint64_t skipped_ns;        /* virtual: time jumped over while idle */
    uint64_t real_start_ns;
};

void host_clock_init(struct host_clock *c, enum clock_mode mode, double scale,
                     const uint64_t *retired);
/* Nanoseconds of board time since boot. */
uint64_t host_clock_now_ns(const struct host_clock *c);
/* Virtual: jump forward to t (no-op when t is not in the future). */
void host_clock_advance_to(struct host_clock *c, uint64_t t_ns);
/* Real: host monotonic time at which board time reaches t_ns. */
uint64_t host_clock_host_deadline(const struct host_clock *c, uint64_t t_ns);
const char *clock_mode_name(enum clock_mode m);

#endif
