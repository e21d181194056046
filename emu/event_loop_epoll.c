/* epoll backend of the host event loop: level-triggered readiness, then one read() per
 * ready watch (a readiness watch is told instead). Regular files cannot be added to an
 * epoll set (EPERM); such watches are "always ready" and read on every poll. File
 * operations run synchronously (pread/pwrite) and complete on the next poll. Always
 * built: it is the fallback for io_uring. */
#include "event_loop_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#define MAX_EVENTS 64

struct el_epoll {
    int epfd;
};

static struct el_epoll *ep_of(struct event_loop *loop)
{
    return loop->priv;
}

static int ep_init(struct event_loop *loop, char *err, size_t errlen)
{
    struct el_epoll *ep = calloc(1, sizeof *ep);
    if (!ep) {
        el_format(err, errlen, "out of memory");
        return -ENOMEM;
    }
    ep->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (ep->epfd < 0) {
        int e = errno;
        el_format(err, errlen, "epoll_create1: %s", strerror(e));
        free(ep);
        return -e;
    }
    loop->priv = ep;
    return 0;
}

static bool ep_fini(struct event_loop *loop)
{
    struct el_epoll *ep = ep_of(loop);
    close(ep->epfd);
    free(ep);
    loop->priv = NULL;
    return true;
}

static int ep_watch_add(struct event_loop *loop, struct el_watch *w)
{
    /* The watch's id, not its address: an event that outlives the watch (an fd closed
     * before unwatch but still open through a dup) then finds nothing. */
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = w->id };
    if (epoll_ctl(ep_of(loop)->epfd, EPOLL_CTL_ADD, w->fd, &ev) == 0)
        return 0;
    if (errno == EPERM) {
        w->always_ready = true;
        return 0;
    }
    return el_error(loop, errno, "epoll_ctl(ADD, fd %d): %s", w->fd, strerror(errno));
}

static void ep_watch_del(struct event_loop *loop, struct el_watch *w)
{
    /* Fails harmlessly (EBADF/ENOENT) if the fd was already closed. */
    if (!w->always_ready)
        epoll_ctl(ep_of(loop)->epfd, EPOLL_CTL_DEL, w->fd, NULL);
}

static ssize_t do_file_io(struct el_file_op *op)
{
    ssize_t n;
    do {
        if (op->kind == EL_FILE_READ)
            n = pread(op->fd, op->buf, op->len, (off_t)op->offset);
        else
            n = pwrite(op->fd, op->buf, op->len, (off_t)op->offset);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : n;
}

static int ep_file_io(struct event_loop *loop, struct el_file_op *op)
{
    op->result = do_file_io(op);
    el_file_op_done(loop, op);
    return 0;
}

static int read_watch(struct event_loop *loop, struct el_watch *w)
{
    ssize_t n = read(w->fd, w->buf, w->bufsize);
    return el_watch_complete(loop, w, n < 0 ? -errno : n);
}

/* A readiness watch is told, a read watch reads. */
static int serve_watch(struct event_loop *loop, struct el_watch *w)
{
    return w->notify_only ? el_watch_complete(loop, w, 0) : read_watch(loop, w);
}

static bool any_always_ready(struct event_loop *loop)
{
    for (struct el_watch *w = loop->watches; w; w = w->next)
        if (w->always_ready && !w->dead)
            return true;
    return false;
}

/* epoll_wait's timeout in ms, rounded up so a poll never returns before its timeout. */
static int timeout_ms(int64_t timeout_ns)
{
    if (timeout_ns < 0)
        return -1;
    int64_t ms = (timeout_ns + 999999) / 1000000;
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

static int ep_poll_once(struct event_loop *loop, int64_t timeout_ns)
{
    struct epoll_event events[MAX_EVENTS];
    int ms = any_always_ready(loop) ? 0 : timeout_ms(timeout_ns);
    int n = epoll_wait(ep_of(loop)->epfd, events, MAX_EVENTS, ms);
    if (n < 0) {
        if (errno == EINTR)
            return -EINTR;
        return el_error(loop, errno, "epoll_wait: %s", strerror(errno));
    }

    int ran = 0;
    for (int i = 0; i < n; i++) {
        /* Looked up per event: an earlier callback may have unwatched it. */
        struct el_watch *w = el_watch_by_id(loop, events[i].data.u64);
        if (w)
            ran += serve_watch(loop, w);
    }
    /* Watches added by callbacks go to the list head, so this walk doesn't see them;
     * removed ones stay in the list (marked dead) until the poll's sweep. */
    for (struct el_watch *w = loop->watches; w; w = w->next)
        if (w->always_ready && !w->dead)
            ran += serve_watch(loop, w);
    return ran;
}

const struct el_backend_ops el_epoll_ops = {
    .kind = EVENT_LOOP_EPOLL,
    .name = "epoll",
    .init = ep_init,
    .fini = ep_fini,
    .watch_add = ep_watch_add,
    .watch_del = ep_watch_del,
    .file_io = ep_file_io,
    .poll_once = ep_poll_once,
};
