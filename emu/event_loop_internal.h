/* Private to emu/event_loop*.c: the loop's common state and the backend interface. */
#ifndef EMU_EVENT_LOOP_INTERNAL_H
#define EMU_EVENT_LOOP_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>

#include "event_loop.h"

struct el_watch;

/* Called with the result of one read on w->fd (bytes in w->buf, 0 EOF, -errno), or with
 * 0 once the fd of a notify_only watch is readable; returns how many user callbacks ran. */
typedef int (*el_handler_fn)(struct event_loop *loop, struct el_watch *w, ssize_t n);

struct el_watch {
    struct el_watch *next;
    uint64_t id;        /* unique per loop; epoll stores it instead of a pointer */
    int fd;
    bool internal;      /* the loop's own timerfd/eventfd: read synchronously, never removed */
    bool dead;          /* unwatched; freed once no operation refers to it */
    bool inflight;      /* io_uring: a READ or POLL_ADD is pending for it */
    bool poll_pending;  /* io_uring: the pending op is POLL_ADD, not READ */
    bool always_ready;  /* epoll: fd can't be polled (regular file); read on every poll */
    bool notify_only;   /* a readiness watch: the backend reports readiness, reads nothing */
    el_handler_fn handler;
    event_loop_read_fn cb;
    event_loop_ready_fn ready_cb;
    void *ctx;
    size_t bufsize;
    unsigned char buf[];
};

enum el_file_kind { EL_FILE_READ, EL_FILE_WRITE };

struct el_file_op {
    struct el_file_op *next;
    struct el_file_op *prev;    /* io_uring: list of operations in flight */
    enum el_file_kind kind;
    int fd;
    uint64_t offset;
    void *buf;
    size_t len;
    ssize_t result;     /* epoll: filled at submission, delivered on the next poll */
    event_loop_io_fn cb;
    void *ctx;
};

struct el_backend_ops {
    enum event_loop_backend kind;
    const char *name;
    /* Set up loop->priv; return 0 or -errno with a message in err. */
    int (*init)(struct event_loop *loop, char *err, size_t errlen);
    /* Cancel what is in flight, free loop->priv. Watches/ops may still be referenced by
     * the kernel if it returns false: the caller must then leak them rather than free. */
    bool (*fini)(struct event_loop *loop);
    int (*watch_add)(struct event_loop *loop, struct el_watch *w);
    /* w is already marked dead; stop delivering for it. */
    void (*watch_del)(struct event_loop *loop, struct el_watch *w);
    /* Take ownership of op (started, or completed onto the done queue). */
    int (*file_io)(struct event_loop *loop, struct el_file_op *op);
    /* Wait up to timeout_ns (0 no wait, <0 forever) for one batch of events and
     * dispatch it; return user callbacks run, -EINTR, or another -errno. */
    int (*poll_once)(struct event_loop *loop, int64_t timeout_ns);
};

struct event_loop {
    const struct el_backend_ops *ops;
    void *priv;

    struct el_watch *watches;       /* user and internal watches, dead ones until swept */
    uint64_t next_watch_id;
    int timer_fd;                   /* timerfd for the deadline */
    int wake_fd;                    /* eventfd for event_loop_wake() */

    bool deadline_armed;
    uint64_t deadline_ns;
    event_loop_timer_fn deadline_cb;
    void *deadline_ctx;

    struct el_file_op *done_head;   /* completed file ops waiting for dispatch (epoll) */
    struct el_file_op **done_tail;

    bool in_poll;
    bool woken;

    char errbuf[192];
};

extern const struct el_backend_ops el_epoll_ops;
#ifdef HAVE_IO_URING
extern const struct el_backend_ops el_uring_ops;
#endif

/* Hand one read result of w to its handler (user callback or internal); auto-removes a
 * user watch on EOF/error. Returns user callbacks run. */
int el_watch_complete(struct event_loop *loop, struct el_watch *w, ssize_t n);

/* The live (not unwatched) watch with this id, or NULL. */
struct el_watch *el_watch_by_id(struct event_loop *loop, uint64_t id);

/* Queue a finished file op for dispatch by the next event_loop_poll(). */
void el_file_op_done(struct event_loop *loop, struct el_file_op *op);

/* Record a message for event_loop_last_error(); returns -err for chaining. */
int el_error(struct event_loop *loop, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* snprintf into a caller's buffer that may be NULL. */
void el_format(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
