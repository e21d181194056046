/* Host event loop of the HAL: readable-fd watches, one CLOCK_MONOTONIC deadline,
 * asynchronous file reads/writes and a cross-thread wake-up, dispatched as callbacks
 * from event_loop_poll().
 *
 * Two backends sit behind the same API: io_uring (when built with liburing and the
 * kernel/sandbox allows it) and epoll (always built). EVENT_LOOP_AUTO tries io_uring at
 * run time and falls back to epoll when io_uring_queue_init() fails, e.g. with ENOSYS
 * or EPERM under Docker's default seccomp profile.
 *
 * Threading: a loop belongs to the thread that polls it. Only event_loop_wake() may be
 * called from other threads. Callbacks run inside event_loop_poll(), on that thread, and
 * may call any function here except event_loop_poll() and event_loop_destroy().
 *
 * Errors: functions return 0 (or a count) on success and a negative errno on failure;
 * event_loop_last_error() then holds a human-readable message. Nothing here exits.
 */
#ifndef EMU_EVENT_LOOP_H
#define EMU_EVENT_LOOP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct event_loop;

enum event_loop_backend {
    EVENT_LOOP_AUTO = 0,    /* io_uring if it works here, else epoll */
    EVENT_LOOP_URING,
    EVENT_LOOP_EPOLL,
};

/* Bytes a watch reads at once into the loop's own buffer. */
#define EVENT_LOOP_READ_MAX 4096

/* Delivery for a read watch on fd: len > 0 bytes in data (valid only during the call),
 * len == 0 end of file, len < 0 a negative errno. After EOF or an error the watch is
 * removed (the fd is not closed); watch again to keep reading. */
typedef void (*event_loop_read_fn)(struct event_loop *loop, int fd, const void *data,
                                   ssize_t len, void *ctx);

/* The deadline has passed. The deadline is disarmed before the call, so the callback may
 * set a new one. */
typedef void (*event_loop_timer_fn)(struct event_loop *loop, void *ctx);

/* A file read/write finished: result is the byte count (short counts possible, 0 at
 * EOF for reads) or a negative errno. */
typedef void (*event_loop_io_fn)(struct event_loop *loop, ssize_t result, void *ctx);

/* Create a loop. Returns NULL on failure with errno set and a message in err. On success
 * err holds "" or, when AUTO fell back to epoll, the reason io_uring was not used.
 * err may be NULL. */
struct event_loop *event_loop_create(enum event_loop_backend want, char *err, size_t errlen);

/* Stop everything and free the loop. Pending file operations are canceled without
 * their callbacks running; watched fds are not closed. Accepts NULL. */
void event_loop_destroy(struct event_loop *loop);

/* The backend in use: EVENT_LOOP_URING or EVENT_LOOP_EPOLL. */
enum event_loop_backend event_loop_backend(const struct event_loop *loop);

/* "io_uring" or "epoll" (the loop's backend); see also event_loop_backend_str(). */
const char *event_loop_backend_name(const struct event_loop *loop);
const char *event_loop_backend_str(enum event_loop_backend backend);

/* Message describing the last failure (or fallback) on this loop; "" if none. */
const char *event_loop_last_error(const struct event_loop *loop);

/* Watch fd (pipe, socket, terminal, or a regular file) for input; cb gets each chunk of
 * up to EVENT_LOOP_READ_MAX bytes, then EOF or an error. One watch per fd.
 * Errors: -EBADF (fd not open), -EINVAL (cb NULL), -EEXIST (fd already watched),
 * -ENOMEM, or a backend error. The fd's flags (O_NONBLOCK) are left as they are.
 * Unwatch before closing the fd. */
int event_loop_watch_read(struct event_loop *loop, int fd, event_loop_read_fn cb, void *ctx);

/* fd is readable (data, end of file, a hang-up or an error). Nothing was read: the
 * owner reads what is there itself. The watch has already ended when this runs. */
typedef void (*event_loop_ready_fn)(struct event_loop *loop, int fd, void *ctx);

/* Call cb once, from a later event_loop_poll(), when fd is readable, without reading from
 * it: for an owner that reads fd itself at moments of its own choosing, but wants a
 * blocking poll to end when input arrives. A regular file is always readable. One watch
 * per fd (read or readiness); errors as event_loop_watch_read(). event_loop_unwatch()
 * ends it before it fires. */
int event_loop_watch_readable(struct event_loop *loop, int fd, event_loop_ready_fn cb,
                              void *ctx);

/* Stop watching fd; its callback is not called again. -ENOENT if fd is not watched.
 * Called from the fd's own callback (e.g. to throttle input), no byte is lost: no read
 * is in flight then. Called elsewhere with io_uring, bytes that a read in flight had
 * already taken from fd are dropped. */
int event_loop_unwatch(struct event_loop *loop, int fd);

/* Call cb once CLOCK_MONOTONIC reaches monotonic_ns (never before). Replaces any
 * deadline already set; a deadline in the past fires on the next poll. */
int event_loop_set_deadline(struct event_loop *loop, uint64_t monotonic_ns,
                            event_loop_timer_fn cb, void *ctx);

/* Disarm the deadline (no-op if none is set). */
int event_loop_cancel_deadline(struct event_loop *loop);

/* Read/write len bytes at offset of fd asynchronously; cb runs from a later
 * event_loop_poll(). buf must stay valid until then. io_uring performs the operation
 * asynchronously; epoll does pread/pwrite now and completes it on the next poll.
 * Errors: -EBADF, -EINVAL (cb NULL or len > INT32_MAX), -ENOMEM. */
int event_loop_read_file(struct event_loop *loop, int fd, uint64_t offset, void *buf,
                         size_t len, event_loop_io_fn cb, void *ctx);
int event_loop_write_file(struct event_loop *loop, int fd, uint64_t offset, const void *buf,
                          size_t len, event_loop_io_fn cb, void *ctx);

/* Wait up to timeout_ns (0: don't block, -1: forever) for events and dispatch them.
 * Returns the number of callbacks run; 0 on timeout, on event_loop_wake() or on a
 * signal; a negative errno on failure (-EBUSY when called from a callback). */
int event_loop_poll(struct event_loop *loop, int64_t timeout_ns);

/* Make a blocking (or the next) event_loop_poll() return. Thread- and
 * async-signal-safe. */
void event_loop_wake(struct event_loop *loop);

/* CLOCK_MONOTONIC now, in nanoseconds: the clock deadlines use. */
uint64_t event_loop_now_ns(void);

#endif
