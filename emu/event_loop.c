/* Host event loop: the part shared by both backends (watch bookkeeping, the deadline's
 * timerfd, the wake-up eventfd, file-op completion queue, event_loop_poll()) and the
 * choice of backend. See event_loop.h for the API. */
#include "event_loop_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define NS_PER_SEC 1000000000ull

/* ---- small helpers ---- */

uint64_t event_loop_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * NS_PER_SEC + (uint64_t)ts.tv_nsec;
}

void el_format(char *buf, size_t len, const char *fmt, ...)
{
    if (!buf || len == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, len, fmt, ap);
    va_end(ap);
}

int el_error(struct event_loop *loop, int err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(loop->errbuf, sizeof loop->errbuf, fmt, ap);
    va_end(ap);
    return -err;
}

const char *event_loop_backend_str(enum event_loop_backend backend)
{
    switch (backend) {
    case EVENT_LOOP_AUTO: return "auto";
    case EVENT_LOOP_URING: return "io_uring";
    case EVENT_LOOP_EPOLL: return "epoll";
    }
    return "unknown";
}

enum event_loop_backend event_loop_backend(const struct event_loop *loop)
{
    return loop->ops->kind;
}

const char *event_loop_backend_name(const struct event_loop *loop)
{
    return loop ? loop->ops->name : "none";
}

const char *event_loop_last_error(const struct event_loop *loop)
{
    return loop ? loop->errbuf : "no event loop";
}

/* 0 if fd is open for reading (want_write false) or writing (true), else -EBADF. */
static int check_fd(struct event_loop *loop, int fd, bool want_write)
{
    int flags = fd < 0 ? -1 : fcntl(fd, F_GETFL);
    if (flags < 0)
        return el_error(loop, EBADF, "fd %d is not an open file descriptor", fd);
    int mode = flags & O_ACCMODE;
    if ((want_write && mode == O_RDONLY) || (!want_write && mode == O_WRONLY))
        return el_error(loop, EBADF, "fd %d is not open for %s", fd,
                        want_write ? "writing" : "reading");
    return 0;
}

/* ---- watches ---- */

static struct el_watch *watch_new(struct event_loop *loop, int fd, size_t bufsize,
                                  el_handler_fn handler)
{
    struct el_watch *w = calloc(1, sizeof *w + bufsize);
    if (!w)
        return NULL;
    w->id = ++loop->next_watch_id;
    w->fd = fd;
    w->bufsize = bufsize;
    w->handler = handler;
    return w;
}

static int watch_start(struct event_loop *loop, struct el_watch *w)
{
    int rc = loop->ops->watch_add(loop, w);
    if (rc < 0) {
        free(w);
        return rc;
    }
    w->next = loop->watches;
    loop->watches = w;
    return 0;
}

static struct el_watch *find_watch(struct event_loop *loop, int fd)
{
    for (struct el_watch *w = loop->watches; w; w = w->next)
        if (w->fd == fd && !w->dead && !w->internal)
            return w;
    return NULL;
}

struct el_watch *el_watch_by_id(struct event_loop *loop, uint64_t id)
{
    for (struct el_watch *w = loop->watches; w; w = w->next)
        if (w->id == id)
            return w->dead ? NULL : w;
    return NULL;
}

static void watch_remove(struct event_loop *loop, struct el_watch *w)
{
    w->dead = true;
    loop->ops->watch_del(loop, w);
}

/* Free unwatched watches that no backend operation refers to any more. */
static void sweep_watches(struct event_loop *loop)
{
    struct el_watch **pp = &loop->watches;
    while (*pp) {
        struct el_watch *w = *pp;
        if (w->dead && !w->inflight) {
            *pp = w->next;
            free(w);
        } else {
            pp = &w->next;
        }
    }
}

int el_watch_complete(struct event_loop *loop, struct el_watch *w, ssize_t n)
{
    if (w->dead)
        return 0;
    if (n == -EAGAIN || n == -EWOULDBLOCK || n == -EINTR)
        return 0;       /* nothing was read: wait for the next readiness */
    return w->handler(loop, w, n);
}

static int user_read_handler(struct event_loop *loop, struct el_watch *w, ssize_t n)
{
    /* Remove first so the callback may watch the fd again; the buffer lives on until
     * the sweep at the end of event_loop_poll(). */
    if (n <= 0)
        watch_remove(loop, w);
    w->cb(loop, w->fd, w->buf, n, w->ctx);
    return 1;
}

/* The checks both kinds of read watch share, then the watch itself (in *out). */
static int read_watch_new(struct event_loop *loop, int fd, bool has_cb, const char *kind,
                          size_t bufsize, el_handler_fn handler, struct el_watch **out)
{
    if (!loop)
        return -EINVAL;
    if (!has_cb)
        return el_error(loop, EINVAL, "%s of fd %d: no callback", kind, fd);
    int rc = check_fd(loop, fd, false);
    if (rc < 0)
        return rc;
    if (find_watch(loop, fd))
        return el_error(loop, EEXIST, "fd %d is already watched", fd);
    *out = watch_new(loop, fd, bufsize, handler);
    return *out ? 0 : el_error(loop, ENOMEM, "out of memory");
}

int event_loop_watch_read(struct event_loop *loop, int fd, event_loop_read_fn cb, void *ctx)
{
    struct el_watch *w;
    int rc = read_watch_new(loop, fd, cb != NULL, "watch", EVENT_LOOP_READ_MAX,
                            user_read_handler, &w);
    if (rc < 0)
        return rc;
    w->cb = cb;
    w->ctx = ctx;
    return watch_start(loop, w);
}

static int user_ready_handler(struct event_loop *loop, struct el_watch *w, ssize_t n)
{
    (void)n;
    watch_remove(loop, w);      /* one-shot: the owner reads, then watches again */
    w->ready_cb(loop, w->fd, w->ctx);
    return 1;
}

int event_loop_watch_readable(struct event_loop *loop, int fd, event_loop_ready_fn cb,
                              void *ctx)
{
    struct el_watch *w;
    int rc = read_watch_new(loop, fd, cb != NULL, "readiness watch", 0, user_ready_handler, &w);
    if (rc < 0)
        return rc;
    w->notify_only = true;
    w->ready_cb = cb;
    w->ctx = ctx;
    return watch_start(loop, w);
}

int event_loop_unwatch(struct event_loop *loop, int fd)
{
    if (!loop)
        return -EINVAL;
    struct el_watch *w = find_watch(loop, fd);
    if (!w)
        return el_error(loop, ENOENT, "fd %d is not watched", fd);
    watch_remove(loop, w);
    if (!loop->in_poll)
        sweep_watches(loop);
    return 0;
}

/* ---- deadline (timerfd) ---- */

/* Arm the timerfd for CLOCK_MONOTONIC time ns; 0 disarms it. */
static int timer_arm(struct event_loop *loop, uint64_t ns)
{
    struct itimerspec its = { 0 };
    if (ns > 0) {
        its.it_value.tv_sec = (time_t)(ns / NS_PER_SEC);
        its.it_value.tv_nsec = (long)(ns % NS_PER_SEC);
    }
    if (timerfd_settime(loop->timer_fd, TFD_TIMER_ABSTIME, &its, NULL) < 0)
        return el_error(loop, errno, "timerfd_settime: %s", strerror(errno));
    return 0;
}

static bool deadline_due(struct event_loop *loop)
{
    return loop->deadline_armed && event_loop_now_ns() >= loop->deadline_ns;
}

/* The deadline is decided here, against the clock, after each batch of events: the
 * timerfd only wakes a blocking poll. So an expiry of an earlier setting never fires a
 * later deadline, and a deadline already due fires without waiting for the timer. */
static int fire_deadline_if_due(struct event_loop *loop)
{
    if (!deadline_due(loop))
        return 0;
    loop->deadline_armed = false;
    loop->deadline_cb(loop, loop->deadline_ctx);
    return 1;
}

static int timer_handler(struct event_loop *loop, struct el_watch *w, ssize_t n)
{
    /* The read consumed the expiry. Should the kernel's timer have expired a hair
     * before our clock reads the deadline, re-arm so the wake-up isn't lost. */
    if (n > 0 && loop->deadline_armed && !deadline_due(loop))
        timer_arm(loop, loop->deadline_ns);
    return 0;
}

int event_loop_set_deadline(struct event_loop *loop, uint64_t monotonic_ns,
                            event_loop_timer_fn cb, void *ctx)
{
    if (!loop)
        return -EINVAL;
    if (!cb)
        return el_error(loop, EINVAL, "deadline: no callback");
    /* A deadline already due needs no timer (the next poll fires it); disarm the
     * timerfd then, so an earlier setting doesn't wake a poll for nothing. */
    bool past = monotonic_ns <= event_loop_now_ns();
    int rc = timer_arm(loop, past ? 0 : monotonic_ns);
    if (rc < 0)
        return rc;
    loop->deadline_armed = true;
    loop->deadline_ns = monotonic_ns;
    loop->deadline_cb = cb;
    loop->deadline_ctx = ctx;
    return 0;
}

int event_loop_cancel_deadline(struct event_loop *loop)
{
    if (!loop)
        return -EINVAL;
    loop->deadline_armed = false;
    return timer_arm(loop, 0);
}

/* ---- wake-up (eventfd) ---- */

static int wake_handler(struct event_loop *loop, struct el_watch *w, ssize_t n)
{
    loop->woken = true;
    return 0;
}

void event_loop_wake(struct event_loop *loop)
{
    uint64_t one = 1;
    /* EAGAIN means the counter is saturated: the fd is readable anyway. */
    ssize_t r = write(loop->wake_fd, &one, sizeof one);
    (void)r;
}

/* ---- file operations ---- */

void el_file_op_done(struct event_loop *loop, struct el_file_op *op)
{
    op->next = NULL;
    *loop->done_tail = op;
    loop->done_tail = &op->next;
}

static int dispatch_done(struct event_loop *loop)
{
    struct el_file_op *op = loop->done_head;
    loop->done_head = NULL;
    loop->done_tail = &loop->done_head;
    int ran = 0;
    while (op) {
        struct el_file_op *next = op->next;
        op->cb(loop, op->result, op->ctx);
        free(op);
        ran++;
        op = next;
    }
    return ran;
}

static int file_op_submit(struct event_loop *loop, enum el_file_kind kind, int fd,
                          uint64_t offset, void *buf, size_t len, event_loop_io_fn cb,
                          void *ctx)
{
    const char *what = kind == EL_FILE_READ ? "read" : "write";
    if (!loop)
        return -EINVAL;
    if (!cb)
        return el_error(loop, EINVAL, "file %s: no callback", what);
    if (len > INT32_MAX || (len > 0 && !buf))
        return el_error(loop, EINVAL, "file %s: bad buffer (%zu bytes)", what, len);
    if (offset > INT64_MAX)
        return el_error(loop, EINVAL, "file %s: offset too large", what);
    int rc = check_fd(loop, fd, kind == EL_FILE_WRITE);
    if (rc < 0)
        return rc;

    struct el_file_op *op = calloc(1, sizeof *op);
    if (!op)
        return el_error(loop, ENOMEM, "out of memory");
    op->kind = kind;
    op->fd = fd;
    op->offset = offset;
    op->buf = buf;
    op->len = len;
    op->cb = cb;
    op->ctx = ctx;
    rc = loop->ops->file_io(loop, op);
    if (rc < 0)
        free(op);
    return rc;
}

int event_loop_read_file(struct event_loop *loop, int fd, uint64_t offset, void *buf,
                         size_t len, event_loop_io_fn cb, void *ctx)
{
    return file_op_submit(loop, EL_FILE_READ, fd, offset, buf, len, cb, ctx);
}

int event_loop_write_file(struct event_loop *loop, int fd, uint64_t offset, const void *buf,
                          size_t len, event_loop_io_fn cb, void *ctx)
{
    /* The buffer is only read from; the op struct just doesn't distinguish. */
    return file_op_submit(loop, EL_FILE_WRITE, fd, offset, (void *)buf, len, cb, ctx);
}

/* ---- polling ---- */

/* What is left of the poll's timeout: -1 forever, else ns (>= 0). */
static int64_t time_left(int64_t timeout_ns, uint64_t end)
{
    if (timeout_ns <= 0)
        return timeout_ns < 0 ? -1 : 0;
    uint64_t now = event_loop_now_ns();
    return now >= end ? 0 : (int64_t)(end - now);
}

int event_loop_poll(struct event_loop *loop, int64_t timeout_ns)
{
    if (!loop)
        return -EINVAL;
    if (loop->in_poll)
        return el_error(loop, EBUSY, "event_loop_poll called from a callback");
    loop->in_poll = true;
    loop->woken = false;

    uint64_t end = timeout_ns > 0 ? event_loop_now_ns() + (uint64_t)timeout_ns : 0;
    int total = 0;
    for (;;) {
        bool ready = loop->done_head || deadline_due(loop);
        int64_t wait = ready ? 0 : time_left(timeout_ns, end);
        int n = loop->ops->poll_once(loop, wait);
        if (n == -EINTR)
            break;
        if (n < 0) {
            if (total == 0)
                total = n;
            break;
        }
        total += n + dispatch_done(loop) + fire_deadline_if_due(loop);
        /* Batches with only internal work (a stale timer, a re-armed read) go on
         * waiting for the rest of the timeout. */
        if (total > 0 || loop->woken || wait == 0)
            break;
    }
    sweep_watches(loop);
    loop->in_poll = false;
    return total;
}

/* ---- creation ---- */

static int open_internal_fds(struct event_loop *loop, char *err, size_t errlen)
{
    loop->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (loop->timer_fd < 0) {
        int e = errno;
        el_format(err, errlen, "timerfd_create: %s", strerror(e));
        return -e;
    }
    loop->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (loop->wake_fd < 0) {
        int e = errno;
        el_format(err, errlen, "eventfd: %s", strerror(e));
        return -e;
    }
    return 0;
}

static int add_internal_watch(struct event_loop *loop, int fd, el_handler_fn handler,
                              char *err, size_t errlen)
{
    struct el_watch *w = watch_new(loop, fd, sizeof(uint64_t), handler);
    if (!w) {
        el_format(err, errlen, "out of memory");
        return -ENOMEM;
    }
    w->internal = true;
    int rc = watch_start(loop, w);
    if (rc < 0)
        el_format(err, errlen, "%s: watching internal fd: %s", loop->ops->name, loop->errbuf);
    return rc;
}

static int start_backend(struct event_loop *loop, const struct el_backend_ops *ops,
                         char *err, size_t errlen)
{
    loop->ops = ops;
    int rc = ops->init(loop, err, errlen);
    if (rc < 0) {
        loop->ops = NULL;
        return rc;
    }
    rc = add_internal_watch(loop, loop->timer_fd, timer_handler, err, errlen);
    if (rc == 0)
        rc = add_internal_watch(loop, loop->wake_fd, wake_handler, err, errlen);
    if (rc < 0) {
        bool can_free = ops->fini(loop);
        while (can_free && loop->watches) {
            struct el_watch *w = loop->watches;
            loop->watches = w->next;
            free(w);
        }
        loop->ops = NULL;
    }
    return rc;
}

static int start_uring(struct event_loop *loop, char *err, size_t errlen)
{
#ifdef HAVE_IO_URING
    return start_backend(loop, &el_uring_ops, err, errlen);
#else
    el_format(err, errlen, "built without io_uring support (liburing not found)");
    return -ENOTSUP;
#endif
}

static int select_backend(struct event_loop *loop, enum event_loop_backend want,
                          char *err, size_t errlen)
{
    switch (want) {
    case EVENT_LOOP_URING:
        return start_uring(loop, err, errlen);
    case EVENT_LOOP_EPOLL:
        return start_backend(loop, &el_epoll_ops, err, errlen);
    case EVENT_LOOP_AUTO:
        break;
    default:
        el_format(err, errlen, "unknown event loop backend %d", (int)want);
        return -EINVAL;
    }

    char why[sizeof loop->errbuf] = "";
    if (start_uring(loop, why, sizeof why) == 0)
        return 0;
    int rc = start_backend(loop, &el_epoll_ops, err, errlen);
    if (rc == 0) {
        el_error(loop, 0, "io_uring unavailable (%s); using epoll", why);
        el_format(err, errlen, "%s", loop->errbuf);
    }
    return rc;
}

struct event_loop *event_loop_create(enum event_loop_backend want, char *err, size_t errlen)
{
    el_format(err, errlen, "%s", "");
    struct event_loop *loop = calloc(1, sizeof *loop);
    if (!loop) {
        el_format(err, errlen, "out of memory");
        errno = ENOMEM;
        return NULL;
    }
    loop->timer_fd = -1;
    loop->wake_fd = -1;
    loop->done_tail = &loop->done_head;

    int rc = open_internal_fds(loop, err, errlen);
    if (rc == 0)
        rc = select_backend(loop, want, err, errlen);
    if (rc < 0) {
        if (loop->timer_fd >= 0)
            close(loop->timer_fd);
        if (loop->wake_fd >= 0)
            close(loop->wake_fd);
        free(loop);
        errno = -rc;
        return NULL;
    }
    return loop;
}

void event_loop_destroy(struct event_loop *loop)
{
    if (!loop)
        return;
    /* If the backend could not make the kernel let go of every buffer, leak the
     * watches rather than let a late completion write into freed memory. */
    bool can_free = loop->ops->fini(loop);
    while (can_free && loop->watches) {
        struct el_watch *w = loop->watches;
        loop->watches = w->next;
        free(w);
    }
    while (loop->done_head) {
        struct el_file_op *op = loop->done_head;
        loop->done_head = op->next;
        free(op);
    }
    close(loop->timer_fd);
    close(loop->wake_fd);
    free(loop);
}
