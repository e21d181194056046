/* Console input from the host (stdin), read when an app waits for it.
 *
 * The board does not read ahead: it looks at the fd only when a reader waits and nothing
 * is buffered, and takes what the fd holds at that moment without waiting. So input that
 * is already there (a file, a pipe whose writer has written) reaches an app at the same
 * board time on every run. To let an idle board sleep until input arrives, a one-shot
 * readiness watch on the event loop ends the next blocking poll (docs/time.md). */
#ifndef EMU_HOST_INPUT_H
#define EMU_HOST_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "event_loop.h"

#define HOST_INPUT_MAX 4096

struct host_input {
    struct event_loop *loop;
    int fd;
    bool open;              /* neither at its end nor failed */
    bool live;              /* a pipe, terminal or socket: what it holds depends on host time */
    bool wake_armed;        /* a readiness watch is set on the loop */
    uint8_t buf[HOST_INPUT_MAX];
    uint32_t len;
};

/* Input from fd (not closed at the end); closed from the start when fd is not open for
 * reading. */
void host_input_init(struct host_input *in, int fd, struct event_loop *loop);
/* Bytes buffered, reading what fd holds right now (never waiting) when none are. At the
 * end of the input, or on a read error (reported on stdout), the input closes. */
uint32_t host_input_fill(struct host_input *in);
/* The first n buffered bytes were taken. */
void host_input_consume(struct host_input *in, uint32_t n);
/* Make the loop's next blocking poll end when input arrives (no-op once closed). */
void host_input_wake_on_input(struct host_input *in);
/* Stop watching the fd. */
void host_input_stop(struct host_input *in);

#endif
