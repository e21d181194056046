/* io_uring backend of the host event loop (built with -DHAVE_IO_URING).
 *
 * User watches keep one IORING_OP_READ in flight at the fd's current position. If the
 * kernel answers -EAGAIN (an O_NONBLOCK fd it can't poll for us), the watch falls back
 * to IORING_OP_POLL_ADD and reads again once the fd is readable. Readiness watches are
 * one IORING_OP_POLL_ADD. The loop's own timerfd
 * and eventfd are non-blocking and watched with POLL_ADD plus a synchronous read().
 * File operations are IORING_OP_READ/WRITE at an offset.
 *
 * Every request's user_data is the address of its watch or file op, tagged in the low
 * bits; those structs are not freed while a request refers to them. */
#ifdef HAVE_IO_URING
#include "event_loop_internal.h"

#include <errno.h>
#include <liburing.h>
#include <poll.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RING_ENTRIES 64
#define MAX_BATCH 256                   /* CQEs handled per poll_once */
#define FINI_DRAIN_NS 2000000000ll      /* how long destroy waits for cancellations */

enum { TAG_NONE = 0, TAG_WATCH = 1, TAG_FILE = 2, TAG_MASK = 7 };
_Static_assert(_Alignof(max_align_t) > TAG_MASK, "malloc'd pointers need free low bits");

struct el_uring {
    struct io_uring ring;
    struct el_file_op *file_ops;        /* in flight */
    unsigned inflight;                  /* requests whose CQE hasn't been seen */
};

static struct el_uring *ur_of(struct event_loop *loop)
{
    return loop->priv;
}

static uint64_t tag(const void *p, unsigned t)
{
    return (uint64_t)(uintptr_t)p | t;
}

static struct io_uring_sqe *get_sqe(struct el_uring *u)
{
    struct io_uring_sqe *sqe = io_uring_get_sqe(&u->ring);
    if (!sqe) {
        /* Submission queue full: hand it to the kernel and try once more. */
        io_uring_submit(&u->ring);
        sqe = io_uring_get_sqe(&u->ring);
    }
    return sqe;
}

static struct __kernel_timespec ns_to_ts(int64_t ns)
{
    struct __kernel_timespec ts = { .tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000 };
    return ts;
}

/* ---- setup ---- */

/* Some sandboxes let io_uring_setup through but not io_uring_enter: push one NOP
 * through the ring before trusting it. */
static int smoke_test(struct el_uring *u)
{
    struct io_uring_sqe *sqe = io_uring_get_sqe(&u->ring);
    if (!sqe)
        return -EBUSY;
    io_uring_prep_nop(sqe);
    io_uring_sqe_set_data(sqe, NULL);
    int rc = io_uring_submit(&u->ring);
    if (rc < 0)
        return rc;
    struct io_uring_cqe *cqe;
    struct __kernel_timespec ts = ns_to_ts(1000000000);
    rc = io_uring_wait_cqe_timeout(&u->ring, &cqe, &ts);
    if (rc < 0)
        return rc;
    rc = cqe->res;
    io_uring_cqe_seen(&u->ring, cqe);
    return rc;
}

static int ur_init(struct event_loop *loop, char *err, size_t errlen)
{
    struct el_uring *u = calloc(1, sizeof *u);
    if (!u) {
        el_format(err, errlen, "out of memory");
        return -ENOMEM;
    }
    int rc = io_uring_queue_init(RING_ENTRIES, &u->ring, 0);
    if (rc < 0) {
        el_format(err, errlen, "io_uring_queue_init: %s", strerror(-rc));
        free(u);
        return rc;
    }
    /* Reads at the current file position (offset -1) need Linux 5.6, which also
     * brought IORING_OP_READ/WRITE. */
    if (!(u->ring.features & IORING_FEAT_RW_CUR_POS)) {
        el_format(err, errlen, "io_uring: kernel too old (no IORING_FEAT_RW_CUR_POS)");
        rc = -ENOTSUP;
    } else if ((rc = smoke_test(u)) < 0) {
        el_format(err, errlen, "io_uring: NOP request failed: %s", strerror(-rc));
    }
    if (rc < 0) {
        io_uring_queue_exit(&u->ring);
        free(u);
        return rc;
    }
    loop->priv = u;
    return 0;
}

/* ---- watches ---- */

static int arm_watch(struct event_loop *loop, struct el_watch *w, bool poll_first)
{
    struct el_uring *u = ur_of(loop);
    struct io_uring_sqe *sqe = get_sqe(u);
    if (!sqe)
        return el_error(loop, EBUSY, "io_uring: submission queue full");
    if (poll_first)
        io_uring_prep_poll_add(sqe, w->fd, POLLIN);
    else
        io_uring_prep_read(sqe, w->fd, w->buf, (unsigned)w->bufsize, (uint64_t)-1);
    io_uring_sqe_set_data(sqe, (void *)(uintptr_t)tag(w, TAG_WATCH));
    w->poll_pending = poll_first;
    w->inflight = true;
    u->inflight++;
    return 0;
}

static int ur_watch_add(struct event_loop *loop, struct el_watch *w)
{
    return arm_watch(loop, w, w->internal || w->notify_only);
}

static void cancel_request(struct el_uring *u, uint64_t user_data)
{
    struct io_uring_sqe *sqe = get_sqe(u);
    if (!sqe)
        return;     /* the request completes some day; its watch is freed then */
    io_uring_prep_cancel(sqe, (void *)(uintptr_t)user_data, 0);
    io_uring_sqe_set_data(sqe, NULL);
}

static void ur_watch_del(struct event_loop *loop, struct el_watch *w)
{
    struct el_uring *u = ur_of(loop);
    if (!w->inflight)
        return;
    cancel_request(u, tag(w, TAG_WATCH));
    /* Now, so the read stops taking bytes the caller may want to read itself. */
    io_uring_submit(&u->ring);
}

/* The pending POLL_ADD of w completed. */
static int watch_polled(struct event_loop *loop, struct el_watch *w, int res)
{
    if (w->internal) {
        ssize_t n = read(w->fd, w->buf, w->bufsize);
        int ran = el_watch_complete(loop, w, n < 0 ? -errno : n);
        if (arm_watch(loop, w, true) < 0)
            el_error(loop, EBUSY, "io_uring: can't re-arm internal fd %d", w->fd);
        return ran;
    }
    if (w->notify_only)     /* readable or failed: either way the owner reads and sees */
        return el_watch_complete(loop, w, 0);
    if (res < 0)
        return el_watch_complete(loop, w, res);
    if (arm_watch(loop, w, false) < 0)
        return el_watch_complete(loop, w, -EBUSY);
    return 0;
}

/* The pending READ of w completed with res bytes or -errno. */
static int watch_read_done(struct event_loop *loop, struct el_watch *w, int res)
{
    if (res == -EAGAIN || res == -EINTR) {
        /* -EAGAIN: O_NONBLOCK fd without kernel retry support; wait for readiness. */
        if (arm_watch(loop, w, res == -EAGAIN) < 0)
            return el_watch_complete(loop, w, -EBUSY);
        return 0;
    }
    int ran = el_watch_complete(loop, w, res);
    if (!w->dead && arm_watch(loop, w, false) < 0)
        ran += el_watch_complete(loop, w, -EBUSY);
    return ran;
}

static int watch_cqe(struct event_loop *loop, struct el_watch *w, int res)
{
    w->inflight = false;
    ur_of(loop)->inflight--;
    if (w->dead)
        return 0;       /* unwatched: the poll's sweep frees it */
    if (w->poll_pending)
        return watch_polled(loop, w, res);
    return watch_read_done(loop, w, res);
}

/* ---- file operations ---- */

static void file_list_add(struct el_uring *u, struct el_file_op *op)
{
    op->prev = NULL;
    op->next = u->file_ops;
    if (u->file_ops)
        u->file_ops->prev = op;
    u->file_ops = op;
}

static void file_list_del(struct el_uring *u, struct el_file_op *op)
{
    if (op->prev)
        op->prev->next = op->next;
    else
        u->file_ops = op->next;
    if (op->next)
        op->next->prev = op->prev;
}

static int ur_file_io(struct event_loop *loop, struct el_file_op *op)
{
    struct el_uring *u = ur_of(loop);
    struct io_uring_sqe *sqe = get_sqe(u);
    if (!sqe)
        return el_error(loop, EBUSY, "io_uring: submission queue full");
    if (op->kind == EL_FILE_READ)
        io_uring_prep_read(sqe, op->fd, op->buf, (unsigned)op->len, op->offset);
    else
        io_uring_prep_write(sqe, op->fd, op->buf, (unsigned)op->len, op->offset);
    io_uring_sqe_set_data(sqe, (void *)(uintptr_t)tag(op, TAG_FILE));
    file_list_add(u, op);
    u->inflight++;
    /* Start it now: the caller goes on running the CPU before it polls again. */
    io_uring_submit(&u->ring);
    return 0;
}

static int file_cqe(struct event_loop *loop, struct el_file_op *op, int res)
{
    struct el_uring *u = ur_of(loop);
    file_list_del(u, op);
    u->inflight--;
    op->cb(loop, res, op->ctx);
    free(op);
    return 1;
}

/* ---- completions ---- */

static int handle_cqe(struct event_loop *loop, uint64_t user_data, int res)
{
    if (user_data == LIBURING_UDATA_TIMEOUT)
        return 0;
    void *p = (void *)(uintptr_t)(user_data & ~(uint64_t)TAG_MASK);
    switch (user_data & TAG_MASK) {
    case TAG_WATCH: return watch_cqe(loop, p, res);
    case TAG_FILE: return file_cqe(loop, p, res);
    default: return 0;     /* cancel requests, the smoke test's NOP */
    }
}

/* Wait for the first CQE: 0 and *cqe set, -EAGAIN/-ETIME when none came, or -errno. */
static int wait_first(struct io_uring *ring, struct io_uring_cqe **cqe, int64_t timeout_ns)
{
    if (timeout_ns == 0)
        return io_uring_peek_cqe(ring, cqe);
    if (timeout_ns < 0)
        return io_uring_wait_cqe_timeout(ring, cqe, NULL);
    struct __kernel_timespec ts = ns_to_ts(timeout_ns);
    return io_uring_wait_cqe_timeout(ring, cqe, &ts);
}

static int ur_poll_once(struct event_loop *loop, int64_t timeout_ns)
{
    struct io_uring *ring = &ur_of(loop)->ring;
    int rc = io_uring_submit(ring);
    if (rc < 0 && rc != -EBUSY && rc != -EAGAIN && rc != -EINTR)
        return el_error(loop, -rc, "io_uring_submit: %s", strerror(-rc));

    struct io_uring_cqe *cqe;
    rc = wait_first(ring, &cqe, timeout_ns);
    if (rc == -EAGAIN || rc == -ETIME)
        return 0;
    if (rc == -EINTR)
        return -EINTR;
    if (rc < 0)
        return el_error(loop, -rc, "io_uring_wait_cqe: %s", strerror(-rc));

    int ran = 0;
    int handled = 0;
    do {
        uint64_t user_data = cqe->user_data;
        int res = cqe->res;
        io_uring_cqe_seen(ring, cqe);
        ran += handle_cqe(loop, user_data, res);
    } while (++handled < MAX_BATCH && io_uring_peek_cqe(ring, &cqe) == 0);

    /* Re-armed reads go to the kernel now, not at the next poll. */
    io_uring_submit(ring);
    return ran;
}

/* ---- teardown ---- */

/* Note a completion during teardown without running any callback. */
static void drop_cqe(struct event_loop *loop, uint64_t user_data)
{
    struct el_uring *u = ur_of(loop);
    void *p = (void *)(uintptr_t)(user_data & ~(uint64_t)TAG_MASK);
    switch (user_data & TAG_MASK) {
    case TAG_WATCH:
        ((struct el_watch *)p)->inflight = false;
        u->inflight--;
        break;
    case TAG_FILE:
        file_list_del(u, p);
        free(p);
        u->inflight--;
        break;
    }
}

static void cancel_all(struct event_loop *loop)
{
    struct el_uring *u = ur_of(loop);
    for (struct el_watch *w = loop->watches; w; w = w->next)
        if (w->inflight)
            cancel_request(u, tag(w, TAG_WATCH));
    for (struct el_file_op *op = u->file_ops; op; op = op->next)
        cancel_request(u, tag(op, TAG_FILE));
    io_uring_submit(&u->ring);
}

static bool ur_fini(struct event_loop *loop)
{
    struct el_uring *u = ur_of(loop);
    cancel_all(loop);
    uint64_t end = event_loop_now_ns() + FINI_DRAIN_NS;
    while (u->inflight > 0) {
        uint64_t now = event_loop_now_ns();
        if (now >= end)
            break;
        struct io_uring_cqe *cqe;
        struct __kernel_timespec ts = ns_to_ts((int64_t)(end - now));
        int rc = io_uring_wait_cqe_timeout(&u->ring, &cqe, &ts);
        if (rc == -EINTR)
            continue;
        if (rc < 0)
            break;
        uint64_t user_data = cqe->user_data;
        io_uring_cqe_seen(&u->ring, cqe);
        drop_cqe(loop, user_data);
    }
    bool drained = u->inflight == 0;
    io_uring_queue_exit(&u->ring);
    free(u);    /* file ops still in flight, if any, are leaked on purpose */
    loop->priv = NULL;
    return drained;
}

const struct el_backend_ops el_uring_ops = {
    .kind = EVENT_LOOP_URING,
    .name = "io_uring",
    .init = ur_init,
    .fini = ur_fini,
    .watch_add = ur_watch_add,
    .watch_del = ur_watch_del,
    .file_io = ur_file_io,
    .poll_once = ur_poll_once,
};

#endif /* HAVE_IO_URING */
