/* Unit tests of the host event loop (emu/event_loop*.c). The same tests run against each
 * backend: suite "epoll" always, suite "io_uring" when this machine allows io_uring.
 * Timing checks are about order ("not before the deadline") with generous upper bounds,
 * so a loaded machine slows the tests down but does not fail them. */
#define _GNU_SOURCE
#include <CUnit/Basic.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "event_loop.h"

#define MS 1000000ll
#define SEC 1000000000ll
#define PATIENCE (20 * SEC)     /* upper bound for anything that should happen "soon" */

static enum event_loop_backend g_backend;

static int use_epoll(void) { g_backend = EVENT_LOOP_EPOLL; return 0; }
static int use_uring(void) { g_backend = EVENT_LOOP_URING; return 0; }

static struct event_loop *new_loop(void)
{
    char err[256];
    struct event_loop *loop = event_loop_create(g_backend, err, sizeof err);
    if (!loop)
        fprintf(stderr, "event_loop_create(%s): %s\n", event_loop_backend_str(g_backend), err);
    return loop;
}

static uint64_t now_ns(void)
{
    return event_loop_now_ns();
}

static void sleep_ns(int64_t ns)
{
    struct timespec ts = { .tv_sec = ns / SEC, .tv_nsec = ns % SEC };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* Poll until *done or PATIENCE runs out; returns whether *done became true. */
static bool poll_until(struct event_loop *loop, const bool *done)
{
    uint64_t end = now_ns() + PATIENCE;
    while (!*done && now_ns() < end) {
        int rc = event_loop_poll(loop, 100 * MS);
        CU_ASSERT(rc >= 0);
        if (rc < 0)
            return false;
    }
    return *done;
}

/* ---- read watches ---- */

struct sink {
    char data[1 << 18];
    size_t len;
    int calls;
    bool eof;
    ssize_t error;          /* negative errno delivered, or 0 */
    int fd_seen;
    size_t want;            /* done once this many bytes arrived */
    bool done;
};

static void sink_cb(struct event_loop *loop, int fd, const void *data, ssize_t len, void *ctx)
{
    struct sink *s = ctx;
    s->calls++;
    s->fd_seen = fd;
    if (len > 0) {
        CU_ASSERT(len <= EVENT_LOOP_READ_MAX);
        size_t room = sizeof s->data - s->len;
        size_t n = (size_t)len < room ? (size_t)len : room;
        memcpy(s->data + s->len, data, n);
        s->len += n;
        if (s->want && s->len >= s->want)
            s->done = true;
    } else if (len == 0) {
        s->eof = true;
        s->done = true;
    } else {
        s->error = len;
        s->done = true;
    }
}

static void test_pipe_delivers_bytes(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    int p[2];
    CU_ASSERT_FATAL(pipe(p) == 0);
    static struct sink s;
    memset(&s, 0, sizeof s);
    s.want = 5;

    CU_ASSERT_EQUAL(event_loop_watch_read(loop, p[0], sink_cb, &s), 0);
    CU_ASSERT_EQUAL(event_loop_poll(loop, 0), 0);       /* nothing written yet */
    CU_ASSERT_EQUAL(write(p[1], "hello", 5), 5);
    CU_ASSERT(poll_until(loop, &s.done));
    CU_ASSERT_EQUAL(s.len, 5);
    CU_ASSERT(memcmp(s.data, "hello", 5) == 0);
    CU_ASSERT_EQUAL(s.fd_seen, p[0]);
    CU_ASSERT_FALSE(s.eof);

    /* A second write on the same watch. */
    s.done = false;
    s.want = 8;
    CU_ASSERT_EQUAL(write(p[1], "abc", 3), 3);
    CU_ASSERT(poll_until(loop, &s.done));
    CU_ASSERT(memcmp(s.data, "helloabc", 8) == 0);

    CU_ASSERT_EQUAL(event_loop_unwatch(loop, p[0]), 0);
    event_loop_destroy(loop);
    close(p[0]);
    close(p[1]);
}

static void test_eof_reported(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    int p[2];
    CU_ASSERT_FATAL(pipe(p) == 0);
    static struct sink s;
    memset(&s, 0, sizeof s);

    CU_ASSERT_EQUAL(event_loop_watch_read(loop, p[0], sink_cb, &s), 0);
    CU_ASSERT_EQUAL(write(p[1], "xy", 2), 2);
    close(p[1]);
    CU_ASSERT(poll_until(loop, &s.eof));
    CU_ASSERT_EQUAL(s.len, 2);
    CU_ASSERT_EQUAL(s.error, 0);
    int calls = s.calls;

    /* The watch ended with EOF: it is gone, and no more callbacks come. */
    CU_ASSERT_EQUAL(event_loop_unwatch(loop, p[0]), -ENOENT);
    CU_ASSERT_EQUAL(event_loop_poll(loop, 20 * MS), 0);
    CU_ASSERT_EQUAL(s.calls, calls);

    /* Watching again is allowed and reports EOF again. */
    s.eof = false;
    CU_ASSERT_EQUAL(event_loop_watch_read(loop, p[0], sink_cb, &s), 0);
    CU_ASSERT(poll_until(loop, &s.eof));

    event_loop_destroy(loop);
    close(p[0]);
}

struct writer_arg {
    int fd;
    size_t len;
};

static unsigned char pattern_byte(size_t i)
{
    return (unsigned char)(i * 7 + (i >> 8));
}

static void *writer_thread(void *arg)
{
    struct writer_arg *w = arg;
    unsigned char chunk[3000];
    size_t off = 0;
    while (off < w->len) {
        size_t n = w->len - off < sizeof chunk ? w->len - off : sizeof chunk;
        for (size_t i = 0; i < n; i++)
            chunk[i] = pattern_byte(off + i);
        ssize_t r = write(w->fd, chunk, n);
        if (r <= 0)
            break;
        off += (size_t)r;
    }
    close(w->fd);
    return NULL;
}

/* More than a pipe holds, from another thread: arrives whole and in order, then EOF. */
static void test_pipe_stream_in_order(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    int p[2];
    CU_ASSERT_FATAL(pipe(p) == 0);
    static struct sink s;
    memset(&s, 0, sizeof s);
    CU_ASSERT_EQUAL(event_loop_watch_read(loop, p[0], sink_cb, &s), 0);

    struct writer_arg wa = { .fd = p[1], .len = 200000 };
    pthread_t t;
    CU_ASSERT_FATAL(pthread_create(&t, NULL, writer_thread, &wa) == 0);
    CU_ASSERT(poll_until(loop, &s.eof));
    pthread_join(t, NULL);

    CU_ASSERT_EQUAL(s.len, wa.len);
    size_t bad = 0;
    for (size_t i = 0; i < s.len; i++)
        bad += (unsigned char)s.data[i] != pattern_byte(i);
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(s.calls >= (int)(wa.len / EVENT_LOOP_READ_MAX));

    event_loop_destroy(loop);
    close(p[0]);
}

/* Console stdin redirected from a file: a regular file is read to its end. */
static void test_regular_file_watch(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    FILE *f = tmpfile();
    CU_ASSERT_FATAL(f != NULL);
    static char text[10000];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = (char)('a' + i % 26);
    CU_ASSERT_EQUAL(fwrite(text, 1, sizeof text, f), sizeof text);
    fflush(f);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fileno(f));
    int fd = open(path, O_RDONLY);                  /* own file position, at 0 */
    CU_ASSERT_FATAL(fd >= 0);

    static struct sink s;
    memset(&s, 0, sizeof s);
    CU_ASSERT_EQUAL(event_loop_watch_read(loop, fd, sink_cb, &s), 0);
    CU_ASSERT(poll_until(loop, &s.eof));
    CU_ASSERT_EQUAL(s.len, sizeof text);
    CU_ASSERT(memcmp(s.data, text, sizeof text) == 0);

    event_loop_destroy(loop);
    close(fd);
    fclose(f);
}

/* Console stdin on a terminal: a pseudo-terminal in canonical mode delivers a line. */
static void test_terminal_watch(void)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) {
        fprintf(stderr, "(no pseudo-terminals here: skipped) ");
        if (master >= 0)
            close(master);
        return;
    }
    int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
    CU_ASSERT_FATAL(slave >= 0);
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    static struct sink s;
    memset(&s, 0, sizeof s);
    s.want = 4;

    CU_ASSERT_EQUAL(event_loop_watch_read(loop, slave, sink_cb, &s), 0);
    CU_ASSERT_EQUAL(event_loop_poll(loop, 10 * MS), 0);
    CU_ASSERT_EQUAL(write(master, "abc\n", 4), 4);
    CU_ASSERT(poll_until(loop, &s.done));
    CU_ASSERT_EQUAL(s.len, 4);
    CU_ASSERT(memcmp(s.data, "abc\n", 4) == 0);

    /* Destroying with a read pending on the terminal must not hang or leak. */
    uint64_t t0 = now_ns();
    event_loop_destroy(loop);
    CU_ASSERT(now_ns() - t0 < (uint64_t)PATIENCE);
    close(slave);
    close(master);
}

/* A read error (a directory) is delivered and ends the watch. */
static void test_read_error_reported(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    int fd = open("/", O_RDONLY | O_DIRECTORY);
    CU_ASSERT_FATAL(fd >= 0);
    static struct sink s;
    memset(&s, 0, sizeof s);
    CU_ASSERT_EQUAL(event_loop_watch_read(loop, fd, sink_cb, &s), 0);
    CU_ASSERT(poll_until(loop, &s.done));
    CU_ASSERT_EQUAL(s.error, -EISDIR);
    CU_ASSERT_EQUAL(s.calls, 1);
    CU_ASSERT_EQUAL(event_loop_unwatch(loop, fd), -ENOENT);
    event_loop_destroy(loop);
    close(fd);
}

/* Two readable pipes; whichever callback runs first unwatches the other. */
struct pair {
    int fds[2];
    int calls;
};

static void unwatch_other_cb(struct event_loop *loop, int fd, const void *data, ssize_t len,
                             void *ctx)
{
    struct pair *p = ctx;
    p->calls++;
    int other = fd == p->fds[0] ? p->fds[1] : p->fds[0];
    CU_ASSERT_EQUAL(event_loop_unwatch(loop, other), 0);
    CU_ASSERT_EQUAL(event_loop_unwatch(loop, fd), 0);
}

static void test_unwatch_from_callback(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    int a[2], b[2];
    CU_ASSERT_FATAL(pipe(a) == 0 && pipe(b) == 0);
    struct pair p = { .fds = { a[0], b[0] } };
    CU_ASSERT_EQUAL(write(a[1], "1", 1), 1);
    CU_ASSERT_EQUAL(write(b[1], "2", 1), 1);
    CU_ASSERT_EQUAL(event_loop_watch_read(loop, a[0], unwatch_other_cb, &p), 0);
    CU_ASSERT_EQUAL(event_loop_watch_read(loop, b[0], unwatch_other_cb, &p), 0);
    /* Let both reads complete (io_uring: both CQEs in one batch) before polling. */
    sleep_ns(20 * MS);
    CU_ASSERT_EQUAL(event_loop_poll(loop, PATIENCE), 1);
    CU_ASSERT_EQUAL(event_loop_poll(loop, 20 * MS), 0);
    CU_ASSERT_EQUAL(p.calls, 1);
    event_loop_destroy(loop);
    close(a[0]); close(a[1]); close(b[0]); close(b[1]);
}

/* Flow control as the console does it: the callback unwatches its own fd after each
 * chunk and the owner watches again later. No byte may be lost or reordered. */
struct throttle {
    struct sink sink;
    bool paused;
};

static void throttle_cb(struct event_loop *loop, int fd, const void *data, ssize_t len,
                        void *ctx)
{
    struct throttle *t = ctx;
    sink_cb(loop, fd, data, len, &t->sink);
    if (len > 0) {
        CU_ASSERT_EQUAL(event_loop_unwatch(loop, fd), 0);
        t->paused = true;
    }
}

static void test_self_unwatch_drops_nothing(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    int p[2];
    CU_ASSERT_FATAL(pipe(p) == 0);
    static struct throttle t;
    memset(&t, 0, sizeof t);
    CU_ASSERT_EQUAL(event_loop_watch_read(loop, p[0], throttle_cb, &t), 0);

    struct writer_arg wa = { .fd = p[1], .len = 100000 };
    pthread_t th;
    CU_ASSERT_FATAL(pthread_create(&th, NULL, writer_thread, &wa) == 0);
    uint64_t end = now_ns() + PATIENCE;
    while (!t.sink.eof && now_ns() < end) {
        CU_ASSERT(event_loop_poll(loop, 100 * MS) >= 0);
        if (t.paused) {
            t.paused = false;
            CU_ASSERT_EQUAL(event_loop_watch_read(loop, p[0], throttle_cb, &t), 0);
        }
    }
    pthread_join(th, NULL);
    CU_ASSERT(t.sink.eof);
    CU_ASSERT_EQUAL(t.sink.len, wa.len);
    size_t bad = 0;
    for (size_t i = 0; i < t.sink.len; i++)
        bad += (unsigned char)t.sink.data[i] != pattern_byte(i);
    CU_ASSERT_EQUAL(bad, 0);
    event_loop_destroy(loop);
    close(p[0]);
}

/* Spurious readiness: a's callback drains b (non-blocking) behind the loop's back. b's
 * watch must then see no error and stay alive. */
struct thief {
    int victim;
};

static void thief_cb(struct event_loop *loop, int fd, const void *data, ssize_t len, void *ctx)
{
    struct thief *t = ctx;
    char buf[64];
    while (read(t->victim, buf, sizeof buf) > 0)
        ;
}

static void test_spurious_readiness(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    int a[2], b[2];
    CU_ASSERT_FATAL(pipe2(a, O_NONBLOCK) == 0 && pipe2(b, O_NONBLOCK) == 0);
    static struct sink s;
    memset(&s, 0, sizeof s);
    struct thief t = { .victim = b[0] };
    CU_ASSERT_EQUAL(event_loop_watch_read(loop, b[0], sink_cb, &s), 0);
    CU_ASSERT_EQUAL(event_loop_watch_read(loop, a[0], thief_cb, &t), 0);
    for (int round = 0; round < 20; round++) {
        /* a first: epoll reports ready fds in the order they became ready. */
        CU_ASSERT_EQUAL(write(a[1], "t", 1), 1);
        CU_ASSERT_EQUAL(write(b[1], "v", 1), 1);
        event_loop_poll(loop, 10 * MS);
        event_loop_poll(loop, 0);
    }
    CU_ASSERT_EQUAL(s.error, 0);
    CU_ASSERT_FALSE(s.eof);

    /* b's watch still works. */
    CU_ASSERT_EQUAL(event_loop_unwatch(loop, a[0]), 0);
    s.want = s.len + 3;
    CU_ASSERT_EQUAL(write(b[1], "end", 3), 3);
    CU_ASSERT(poll_until(loop, &s.done));
    CU_ASSERT(s.len >= 3 && memcmp(s.data + s.len - 3, "end", 3) == 0);
    event_loop_destroy(loop);
    close(a[0]); close(a[1]); close(b[0]); close(b[1]);
}

/* After unwatch, the fd's data is left for its owner. */
static void test_unwatch_leaves_data(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    int p[2];
    CU_ASSERT_FATAL(pipe2(p, O_NONBLOCK) == 0);    /* the check below must not block */
    static struct sink s;
    memset(&s, 0, sizeof s);
    CU_ASSERT_EQUAL(event_loop_watch_read(loop, p[0], sink_cb, &s), 0);
    CU_ASSERT_EQUAL(event_loop_poll(loop, 0), 0);   /* io_uring: read now in flight */
    CU_ASSERT_EQUAL(event_loop_unwatch(loop, p[0]), 0);
    CU_ASSERT_EQUAL(write(p[1], "z", 1), 1);
    CU_ASSERT_EQUAL(event_loop_poll(loop, 20 * MS), 0);
    CU_ASSERT_EQUAL(s.calls, 0);
    char c = 0;
    CU_ASSERT_EQUAL(read(p[0], &c, 1), 1);
    CU_ASSERT_EQUAL(c, 'z');
    event_loop_destroy(loop);
    close(p[0]);
    close(p[1]);
}

/* ---- readiness watches ---- */

static void noop_read_cb(struct event_loop *loop, int fd, const void *d, ssize_t n, void *ctx) {}

struct ready_count {
    int calls;
    int fd_seen;
    bool done;
};

static void ready_cb(struct event_loop *loop, int fd, void *ctx)
{
    struct ready_count *r = ctx;
    r->calls++;
    r->fd_seen = fd;
    r->done = true;
}

/* Told once when data arrives; the data stays in the fd for its owner. */
static void test_readable_once_reads_nothing(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    int p[2];
    CU_ASSERT_FATAL(pipe2(p, O_NONBLOCK) == 0);    /* reads below must not block */
    struct ready_count r = {0};

    CU_ASSERT_EQUAL(event_loop_watch_readable(loop, p[0], ready_cb, &r), 0);
    CU_ASSERT_EQUAL(event_loop_poll(loop, 0), 0);   /* nothing written yet */
    CU_ASSERT_EQUAL(r.calls, 0);
    CU_ASSERT_EQUAL(write(p[1], "ab", 2), 2);
    CU_ASSERT(poll_until(loop, &r.done));
    CU_ASSERT_EQUAL(r.calls, 1);
    CU_ASSERT_EQUAL(r.fd_seen, p[0]);

    /* One-shot: more data and more polls tell nobody, and the watch is gone. */
    CU_ASSERT_EQUAL(write(p[1], "c", 1), 1);
    CU_ASSERT_EQUAL(event_loop_poll(loop, 20 * MS), 0);
    CU_ASSERT_EQUAL(r.calls, 1);
    CU_ASSERT_EQUAL(event_loop_unwatch(loop, p[0]), -ENOENT);
    char buf[8];
    CU_ASSERT_EQUAL(read(p[0], buf, sizeof buf), 3);
    CU_ASSERT(memcmp(buf, "abc", 3) == 0);

    /* Watched again with nothing there: told at the next write. */
    r.done = false;
    CU_ASSERT_EQUAL(event_loop_watch_readable(loop, p[0], ready_cb, &r), 0);
    CU_ASSERT_EQUAL(event_loop_poll(loop, 20 * MS), 0);
    CU_ASSERT_EQUAL(write(p[1], "d", 1), 1);
    CU_ASSERT(poll_until(loop, &r.done));
    CU_ASSERT_EQUAL(r.calls, 2);
    event_loop_destroy(loop);
    close(p[0]);
    close(p[1]);
}

/* End of file is readable too: the owner's read then sees it. */
static void test_readable_on_eof(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    int p[2];
    CU_ASSERT_FATAL(pipe(p) == 0);
    struct ready_count r = {0};
    CU_ASSERT_EQUAL(event_loop_watch_readable(loop, p[0], ready_cb, &r), 0);
    CU_ASSERT_EQUAL(event_loop_poll(loop, 0), 0);
    close(p[1]);
    CU_ASSERT(poll_until(loop, &r.done));
    CU_ASSERT_EQUAL(r.calls, 1);
    char c;
    CU_ASSERT_EQUAL(read(p[0], &c, 1), 0);
    event_loop_destroy(loop);
    close(p[0]);
}

/* A regular file is always readable, at its end as well. */
static void test_readable_regular_file(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    FILE *f = tmpfile();
    CU_ASSERT_FATAL(f != NULL);
    struct ready_count r = {0};
    CU_ASSERT_EQUAL(event_loop_watch_readable(loop, fileno(f), ready_cb, &r), 0);
    CU_ASSERT(poll_until(loop, &r.done));
    CU_ASSERT_EQUAL(r.calls, 1);
    event_loop_destroy(loop);
    fclose(f);
}

/* Unwatched before it fired: never told; one watch per fd; a callback is required. */
static void test_readable_unwatch_and_errors(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    int p[2];
    CU_ASSERT_FATAL(pipe2(p, O_NONBLOCK) == 0);
    struct ready_count r = {0};
    CU_ASSERT_EQUAL(event_loop_watch_readable(loop, p[0], NULL, &r), -EINVAL);
    CU_ASSERT_EQUAL(event_loop_watch_readable(loop, p[1], ready_cb, &r), -EBADF);
    CU_ASSERT_EQUAL(event_loop_watch_readable(loop, -1, ready_cb, &r), -EBADF);
    CU_ASSERT_EQUAL(event_loop_watch_readable(loop, p[0], ready_cb, &r), 0);
    CU_ASSERT_EQUAL(event_loop_watch_readable(loop, p[0], ready_cb, &r), -EEXIST);
    CU_ASSERT_EQUAL(event_loop_watch_read(loop, p[0], noop_read_cb, NULL), -EEXIST);
    CU_ASSERT_EQUAL(event_loop_poll(loop, 0), 0);   /* io_uring: the poll is in flight */
    CU_ASSERT_EQUAL(event_loop_unwatch(loop, p[0]), 0);
    CU_ASSERT_EQUAL(write(p[1], "z", 1), 1);
    CU_ASSERT_EQUAL(event_loop_poll(loop, 20 * MS), 0);
    CU_ASSERT_EQUAL(r.calls, 0);
    char c = 0;
    CU_ASSERT_EQUAL(read(p[0], &c, 1), 1);
    CU_ASSERT_EQUAL(c, 'z');
    event_loop_destroy(loop);
    close(p[0]);
    close(p[1]);
}

/* ---- bad input ---- */

static void noop_io_cb(struct event_loop *loop, ssize_t result, void *ctx) {}
static void noop_timer_cb(struct event_loop *loop, void *ctx) {}

static void test_bad_input(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    int p[2];
    CU_ASSERT_FATAL(pipe(p) == 0);
    int closed_fd = dup(p[0]);
    close(closed_fd);
    char buf[16];

    CU_ASSERT_EQUAL(event_loop_watch_read(loop, -1, noop_read_cb, NULL), -EBADF);
    CU_ASSERT(strstr(event_loop_last_error(loop), "-1") != NULL);
    CU_ASSERT_EQUAL(event_loop_watch_read(loop, closed_fd, noop_read_cb, NULL), -EBADF);
    CU_ASSERT_EQUAL(event_loop_watch_read(loop, p[1], noop_read_cb, NULL), -EBADF);
    CU_ASSERT(strstr(event_loop_last_error(loop), "reading") != NULL);
    CU_ASSERT_EQUAL(event_loop_watch_read(loop, p[0], NULL, NULL), -EINVAL);
    CU_ASSERT_EQUAL(event_loop_watch_read(loop, p[0], noop_read_cb, NULL), 0);
    CU_ASSERT_EQUAL(event_loop_watch_read(loop, p[0], noop_read_cb, NULL), -EEXIST);
    CU_ASSERT_EQUAL(event_loop_unwatch(loop, p[1]), -ENOENT);
    CU_ASSERT_EQUAL(event_loop_unwatch(loop, -1), -ENOENT);

    CU_ASSERT_EQUAL(event_loop_read_file(loop, -1, 0, buf, sizeof buf, noop_io_cb, NULL), -EBADF);
    CU_ASSERT_EQUAL(event_loop_read_file(loop, closed_fd, 0, buf, 1, noop_io_cb, NULL), -EBADF);
    CU_ASSERT_EQUAL(event_loop_read_file(loop, p[0], 0, buf, 1, NULL, NULL), -EINVAL);
    CU_ASSERT_EQUAL(event_loop_read_file(loop, p[0], 0, NULL, 1, noop_io_cb, NULL), -EINVAL);
    CU_ASSERT_EQUAL(event_loop_write_file(loop, p[0], 0, buf, 1, noop_io_cb, NULL), -EBADF);
    CU_ASSERT_EQUAL(event_loop_set_deadline(loop, 0, NULL, NULL), -EINVAL);

    /* None of that left anything to dispatch. */
    CU_ASSERT_EQUAL(event_loop_poll(loop, 0), 0);
    event_loop_destroy(loop);
    close(p[0]);
    close(p[1]);

    /* NULL loops are refused, not dereferenced. */
    CU_ASSERT_EQUAL(event_loop_watch_read(NULL, 0, noop_read_cb, NULL), -EINVAL);
    CU_ASSERT_EQUAL(event_loop_poll(NULL, 0), -EINVAL);
    event_loop_destroy(NULL);
}

/* ---- polling ---- */

static void test_poll_zero_returns_at_once(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    int p[2];
    CU_ASSERT_FATAL(pipe(p) == 0);
    CU_ASSERT_EQUAL(event_loop_watch_read(loop, p[0], noop_read_cb, NULL), 0);
    CU_ASSERT_EQUAL(event_loop_set_deadline(loop, now_ns() + 60 * SEC, noop_timer_cb, NULL), 0);

    uint64_t t0 = now_ns();
    for (int i = 0; i < 100; i++)
        CU_ASSERT_EQUAL(event_loop_poll(loop, 0), 0);
    CU_ASSERT(now_ns() - t0 < (uint64_t)PATIENCE);     /* i.e. it didn't block */

    /* A short timeout with nothing ready times out with 0, not before the timeout. */
    t0 = now_ns();
    CU_ASSERT_EQUAL(event_loop_poll(loop, 30 * MS), 0);
    CU_ASSERT(now_ns() - t0 >= (uint64_t)(30 * MS));
    event_loop_destroy(loop);
    close(p[0]);
    close(p[1]);
}

static void reenter_cb(struct event_loop *loop, void *ctx)
{
    *(int *)ctx = event_loop_poll(loop, 0);
}

static void test_poll_from_callback_refused(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    int rc = 1;
    CU_ASSERT_EQUAL(event_loop_set_deadline(loop, 0, reenter_cb, &rc), 0);
    CU_ASSERT_EQUAL(event_loop_poll(loop, PATIENCE), 1);
    CU_ASSERT_EQUAL(rc, -EBUSY);
    event_loop_destroy(loop);
}

/* ---- deadlines ---- */

struct alarm {
    uint64_t deadline;      /* what it was set to */
    uint64_t fired_at;
    int fired;
    int rearm;              /* re-set the deadline this many more times from the callback */
    bool done;
};

static void alarm_cb(struct event_loop *loop, void *ctx)
{
    struct alarm *a = ctx;
    a->fired_at = now_ns();
    a->fired++;
    CU_ASSERT(a->fired_at >= a->deadline);      /* never before the deadline */
    if (a->rearm > 0) {
        a->rearm--;
        a->deadline = now_ns() + 5 * MS;
        CU_ASSERT_EQUAL(event_loop_set_deadline(loop, a->deadline, alarm_cb, a), 0);
    } else {
        a->done = true;
    }
}

static void test_deadline_fires_not_before(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    struct alarm a = { .deadline = now_ns() + 50 * MS };
    CU_ASSERT_EQUAL(event_loop_set_deadline(loop, a.deadline, alarm_cb, &a), 0);

    /* Polls that end before the deadline don't fire it. */
    while (now_ns() + 15 * MS < a.deadline) {
        int rc = event_loop_poll(loop, 5 * MS);
        if (now_ns() < a.deadline) {
            CU_ASSERT_EQUAL(rc, 0);
            CU_ASSERT_EQUAL(a.fired, 0);
        }
    }
    CU_ASSERT(poll_until(loop, &a.done));
    CU_ASSERT_EQUAL(a.fired, 1);
    CU_ASSERT(a.fired_at >= a.deadline);
    CU_ASSERT(a.fired_at - a.deadline < (uint64_t)PATIENCE);

    /* One-shot: nothing more. */
    CU_ASSERT_EQUAL(event_loop_poll(loop, 30 * MS), 0);
    CU_ASSERT_EQUAL(a.fired, 1);
    event_loop_destroy(loop);
}

static void test_deadline_blocking_poll(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    struct alarm a = { .deadline = now_ns() + 20 * MS };
    CU_ASSERT_EQUAL(event_loop_set_deadline(loop, a.deadline, alarm_cb, &a), 0);
    /* With nothing else to wait for, poll(-1) returns with the deadline's callback. */
    CU_ASSERT_EQUAL(event_loop_poll(loop, -1), 1);
    CU_ASSERT_EQUAL(a.fired, 1);
    CU_ASSERT(a.fired_at >= a.deadline);
    event_loop_destroy(loop);
}

static void test_deadline_in_past_fires_on_next_poll(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    struct alarm a = { .deadline = 0 };
    CU_ASSERT_EQUAL(event_loop_set_deadline(loop, 0, alarm_cb, &a), 0);
    CU_ASSERT_EQUAL(event_loop_poll(loop, PATIENCE), 1);
    CU_ASSERT_EQUAL(a.fired, 1);
    event_loop_destroy(loop);
}

static void test_deadline_reset(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);

    /* Far away, then brought forward: fires at the new time. */
    struct alarm a = { .deadline = now_ns() + 3600 * SEC };
    CU_ASSERT_EQUAL(event_loop_set_deadline(loop, a.deadline, alarm_cb, &a), 0);
    a.deadline = now_ns() + 20 * MS;
    CU_ASSERT_EQUAL(event_loop_set_deadline(loop, a.deadline, alarm_cb, &a), 0);
    CU_ASSERT(poll_until(loop, &a.done));
    CU_ASSERT_EQUAL(a.fired, 1);

    /* Soon, then pushed back: not at the first time (alarm_cb checks), once. */
    struct alarm b = { .deadline = now_ns() + 5 * MS };
    CU_ASSERT_EQUAL(event_loop_set_deadline(loop, b.deadline, alarm_cb, &b), 0);
    b.deadline = now_ns() + 100 * MS;
    CU_ASSERT_EQUAL(event_loop_set_deadline(loop, b.deadline, alarm_cb, &b), 0);
    CU_ASSERT(poll_until(loop, &b.done));
    CU_ASSERT_EQUAL(b.fired, 1);
    CU_ASSERT(b.fired_at >= b.deadline);

    /* Expired but not yet polled, then pushed back: the stale expiry doesn't fire. */
    struct alarm c = { .deadline = now_ns() + 1 * MS };
    CU_ASSERT_EQUAL(event_loop_set_deadline(loop, c.deadline, alarm_cb, &c), 0);
    CU_ASSERT_EQUAL(event_loop_poll(loop, 0), 0);   /* io_uring: timer poll in flight */
    sleep_ns(20 * MS);
    c.deadline = now_ns() + 3600 * SEC;
    CU_ASSERT_EQUAL(event_loop_set_deadline(loop, c.deadline, alarm_cb, &c), 0);
    CU_ASSERT_EQUAL(event_loop_poll(loop, 30 * MS), 0);
    CU_ASSERT_EQUAL(c.fired, 0);

    /* Re-set from the callback: a chain of three. */
    struct alarm d = { .deadline = now_ns() + 5 * MS, .rearm = 2 };
    CU_ASSERT_EQUAL(event_loop_set_deadline(loop, d.deadline, alarm_cb, &d), 0);
    CU_ASSERT(poll_until(loop, &d.done));
    CU_ASSERT_EQUAL(d.fired, 3);
    CU_ASSERT_EQUAL(c.fired, 0);
    event_loop_destroy(loop);
}

static void test_deadline_cancel(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    struct alarm a = { .deadline = now_ns() + 20 * MS };
    CU_ASSERT_EQUAL(event_loop_set_deadline(loop, a.deadline, alarm_cb, &a), 0);
    CU_ASSERT_EQUAL(event_loop_cancel_deadline(loop), 0);
    CU_ASSERT_EQUAL(event_loop_poll(loop, 60 * MS), 0);
    CU_ASSERT_EQUAL(a.fired, 0);

    /* Canceled after it expired but before a poll saw it. */
    struct alarm b = { .deadline = now_ns() + 1 * MS };
    CU_ASSERT_EQUAL(event_loop_set_deadline(loop, b.deadline, alarm_cb, &b), 0);
    CU_ASSERT_EQUAL(event_loop_poll(loop, 0), 0);
    sleep_ns(20 * MS);
    CU_ASSERT_EQUAL(event_loop_cancel_deadline(loop), 0);
    CU_ASSERT_EQUAL(event_loop_poll(loop, 30 * MS), 0);
    CU_ASSERT_EQUAL(b.fired, 0);

    /* Canceling with nothing set is fine; the loop still works after. */
    CU_ASSERT_EQUAL(event_loop_cancel_deadline(loop), 0);
    struct alarm c = { .deadline = now_ns() + 5 * MS };
    CU_ASSERT_EQUAL(event_loop_set_deadline(loop, c.deadline, alarm_cb, &c), 0);
    CU_ASSERT(poll_until(loop, &c.done));
    CU_ASSERT_EQUAL(c.fired, 1);
    event_loop_destroy(loop);
}

/* ---- wake-ups ---- */

struct waker {
    struct event_loop *loop;
    volatile int woke;      /* set just before event_loop_wake() */
};

static void *waker_thread(void *arg)
{
    struct waker *w = arg;
    sleep_ns(50 * MS);
    __atomic_store_n(&w->woke, 1, __ATOMIC_SEQ_CST);
    event_loop_wake(w->loop);
    return NULL;
}

static void test_wake_from_thread(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    struct waker w = { .loop = loop };
    pthread_t t;
    CU_ASSERT_FATAL(pthread_create(&t, NULL, waker_thread, &w) == 0);
    uint64_t t0 = now_ns();
    int rc = event_loop_poll(loop, 4 * PATIENCE);
    uint64_t elapsed = now_ns() - t0;
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(__atomic_load_n(&w.woke, __ATOMIC_SEQ_CST), 1);  /* not before */
    CU_ASSERT(elapsed < (uint64_t)(2 * PATIENCE));                  /* by the wake */
    pthread_join(t, NULL);

    /* Also a poll(-1) with nothing else to wait for. */
    w.woke = 0;
    CU_ASSERT_FATAL(pthread_create(&t, NULL, waker_thread, &w) == 0);
    CU_ASSERT_EQUAL(event_loop_poll(loop, -1), 0);
    CU_ASSERT_EQUAL(__atomic_load_n(&w.woke, __ATOMIC_SEQ_CST), 1);
    pthread_join(t, NULL);
    event_loop_destroy(loop);
}

static void test_wake_before_poll_not_lost(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    event_loop_wake(loop);
    event_loop_wake(loop);
    uint64_t t0 = now_ns();
    CU_ASSERT_EQUAL(event_loop_poll(loop, 4 * PATIENCE), 0);
    CU_ASSERT(now_ns() - t0 < (uint64_t)(2 * PATIENCE));
    /* Both wakes were consumed by that poll: the next one times out normally. */
    t0 = now_ns();
    CU_ASSERT_EQUAL(event_loop_poll(loop, 30 * MS), 0);
    CU_ASSERT(now_ns() - t0 >= (uint64_t)(30 * MS));
    event_loop_destroy(loop);
}

/* ---- file operations ---- */

struct io_done {
    ssize_t result;
    int calls;
    bool done;
};

static void io_cb(struct event_loop *loop, ssize_t result, void *ctx)
{
    struct io_done *d = ctx;
    d->result = result;
    d->calls++;
    d->done = true;
}

static int make_data_file(size_t len)
{
    FILE *f = tmpfile();
    if (!f)
        return -1;
    int fd = dup(fileno(f));
    fclose(f);
    unsigned char *data = malloc(len);
    for (size_t i = 0; i < len; i++)
        data[i] = pattern_byte(i);
    ssize_t n = pwrite(fd, data, len, 0);
    free(data);
    return n == (ssize_t)len ? fd : -1;
}

static void test_file_read(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    int fd = make_data_file(65536);
    CU_ASSERT_FATAL(fd >= 0);

    static unsigned char buf[4][5000];
    struct io_done d[4] = { 0 };
    for (int i = 0; i < 4; i++)
        CU_ASSERT_EQUAL(event_loop_read_file(loop, fd, 1000 + 10000 * (uint64_t)i, buf[i],
                                             sizeof buf[i], io_cb, &d[i]), 0);
    CU_ASSERT(poll_until(loop, &d[3].done));
    for (int i = 0; i < 4 && !(d[0].done && d[1].done && d[2].done); i++)
        event_loop_poll(loop, 100 * MS);
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_EQUAL(d[i].calls, 1);
        CU_ASSERT_EQUAL(d[i].result, 5000);
        size_t bad = 0;
        for (size_t j = 0; j < sizeof buf[i]; j++)
            bad += buf[i][j] != pattern_byte(1000 + 10000 * (size_t)i + j);
        CU_ASSERT_EQUAL(bad, 0);
    }

    /* Short read at the end, 0 past it. */
    struct io_done tail = { 0 }, past = { 0 };
    CU_ASSERT_EQUAL(event_loop_read_file(loop, fd, 65536 - 100, buf[0], 5000, io_cb, &tail), 0);
    CU_ASSERT_EQUAL(event_loop_read_file(loop, fd, 70000, buf[1], 5000, io_cb, &past), 0);
    CU_ASSERT(poll_until(loop, &tail.done));
    CU_ASSERT(poll_until(loop, &past.done));
    CU_ASSERT_EQUAL(tail.result, 100);
    CU_ASSERT_EQUAL(past.result, 0);
    event_loop_destroy(loop);
    close(fd);
}

static void test_file_write(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    int fd = make_data_file(4096);
    CU_ASSERT_FATAL(fd >= 0);
    static const char msg[] = "flash page";
    struct io_done d = { 0 };
    CU_ASSERT_EQUAL(event_loop_write_file(loop, fd, 100, msg, sizeof msg, io_cb, &d), 0);
    /* A completion ends a long poll; it doesn't wait out the timeout. */
    uint64_t t0 = now_ns();
    CU_ASSERT_EQUAL(event_loop_poll(loop, 4 * PATIENCE), 1);
    CU_ASSERT(now_ns() - t0 < (uint64_t)(2 * PATIENCE));
    CU_ASSERT_EQUAL(d.calls, 1);
    CU_ASSERT_EQUAL(d.result, (ssize_t)sizeof msg);
    char back[sizeof msg];
    CU_ASSERT_EQUAL(pread(fd, back, sizeof back, 100), (ssize_t)sizeof back);
    CU_ASSERT(memcmp(back, msg, sizeof msg) == 0);
    event_loop_destroy(loop);
    close(fd);
}

/* An I/O error is the callback's result, not a poll failure. */
static void test_file_read_error(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    int fd = open("/", O_RDONLY | O_DIRECTORY);
    CU_ASSERT_FATAL(fd >= 0);
    char buf[8];
    struct io_done d = { 0 };
    CU_ASSERT_EQUAL(event_loop_read_file(loop, fd, 0, buf, sizeof buf, io_cb, &d), 0);
    CU_ASSERT(poll_until(loop, &d.done));
    CU_ASSERT_EQUAL(d.result, -EISDIR);
    event_loop_destroy(loop);
    close(fd);
}

/* Operations pending at destroy are dropped without callbacks (and without leaks). */
static void test_destroy_with_pending_work(void)
{
    struct event_loop *loop = new_loop();
    CU_ASSERT_FATAL(loop != NULL);
    int fd = make_data_file(4096);
    int p[2];
    CU_ASSERT_FATAL(fd >= 0 && pipe(p) == 0);
    static char buf[4096];
    struct io_done d = { 0 };
    CU_ASSERT_EQUAL(event_loop_read_file(loop, fd, 0, buf, sizeof buf, io_cb, &d), 0);
    CU_ASSERT_EQUAL(event_loop_watch_read(loop, p[0], noop_read_cb, NULL), 0);
    CU_ASSERT_EQUAL(event_loop_set_deadline(loop, now_ns() + SEC, noop_timer_cb, NULL), 0);
    event_loop_destroy(loop);
    CU_ASSERT_EQUAL(d.calls, 0);
    close(fd);
    close(p[0]);
    close(p[1]);
}

/* ---- backend choice (not per backend) ---- */

static void test_auto_picks_working_backend(void)
{
    char err[256] = "x";
    struct event_loop *loop = event_loop_create(EVENT_LOOP_AUTO, err, sizeof err);
    CU_ASSERT_FATAL(loop != NULL);
    enum event_loop_backend b = event_loop_backend(loop);
    CU_ASSERT(b == EVENT_LOOP_URING || b == EVENT_LOOP_EPOLL);
    CU_ASSERT_STRING_EQUAL(event_loop_backend_name(loop), event_loop_backend_str(b));
    if (b == EVENT_LOOP_EPOLL) {
        CU_ASSERT(strstr(err, "io_uring") != NULL);     /* says why */
    } else {
        CU_ASSERT_STRING_EQUAL(err, "");
    }
    fprintf(stderr, "(auto: %s%s%s) ", event_loop_backend_name(loop), *err ? "; " : "", err);

    int p[2];
    CU_ASSERT_FATAL(pipe(p) == 0);
    static struct sink s;
    memset(&s, 0, sizeof s);
    s.want = 2;
    CU_ASSERT_EQUAL(event_loop_watch_read(loop, p[0], sink_cb, &s), 0);
    CU_ASSERT_EQUAL(write(p[1], "ok", 2), 2);
    CU_ASSERT(poll_until(loop, &s.done));
    CU_ASSERT(memcmp(s.data, "ok", 2) == 0);
    event_loop_destroy(loop);
    close(p[0]);
    close(p[1]);
}

static void test_invalid_backend(void)
{
    char err[256] = "";
    errno = 0;
    struct event_loop *loop = event_loop_create((enum event_loop_backend)42, err, sizeof err);
    CU_ASSERT_PTR_NULL(loop);
    CU_ASSERT_EQUAL(errno, EINVAL);
    CU_ASSERT(err[0] != '\0');
    loop = event_loop_create((enum event_loop_backend)42, NULL, 0);   /* err is optional */
    CU_ASSERT_PTR_NULL(loop);
}

#ifdef __NR_io_uring_setup
/* In a child: make io_uring_setup fail with `error` (as Docker's default seccomp profile
 * does), then check AUTO falls back to epoll and URING reports the error. Exit codes:
 * 0 ok, 77 seccomp unavailable, others name the failed check. */
static int child_without_io_uring(int error)
{
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_setup, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (error & SECCOMP_RET_DATA)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = { .len = sizeof filter / sizeof filter[0], .filter = filter };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
        return 77;

    char err[256];
    struct event_loop *loop = event_loop_create(EVENT_LOOP_URING, err, sizeof err);
    if (loop) {
#ifdef HAVE_IO_URING
        return 1;       /* io_uring must not have worked */
#endif
        event_loop_destroy(loop);
    } else if (errno != error && errno != ENOTSUP) {
        return 2;
    }
    loop = event_loop_create(EVENT_LOOP_AUTO, err, sizeof err);
    if (!loop)
        return 3;
    if (event_loop_backend(loop) != EVENT_LOOP_EPOLL || !strstr(err, "io_uring"))
        return 4;
    int p[2];
    static struct sink s;
    s.want = 3;
    if (pipe(p) < 0 || event_loop_watch_read(loop, p[0], sink_cb, &s) < 0)
        return 5;
    if (write(p[1], "fb!", 3) != 3)
        return 6;
    for (int i = 0; i < 200 && !s.done; i++)
        event_loop_poll(loop, 100 * MS);
    if (!s.done || memcmp(s.data, "fb!", 3) != 0)
        return 7;
    event_loop_destroy(loop);
    return 0;
}

static void check_fallback(int error)
{
    fflush(NULL);
    pid_t pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0)
        _exit(child_without_io_uring(error));
    int status = 0;
    CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
    CU_ASSERT(WIFEXITED(status));
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == 77) {
        fprintf(stderr, "(seccomp unavailable: skipped) ");
        return;
    }
    if (code != 0)
        fprintf(stderr, "\nfallback child (%s) failed check %d\n", strerror(error), code);
    CU_ASSERT_EQUAL(code, 0);
}

static void test_auto_falls_back_when_io_uring_blocked(void)
{
    check_fallback(EPERM);      /* Docker's default profile, io_uring_disabled=2 */
    check_fallback(ENOSYS);     /* kernels built without io_uring, gVisor */
}
#endif

/* ---- registry ---- */

static const struct {
    const char *name;
    CU_TestFunc fn;
} per_backend[] = {
    { "pipe write is delivered", test_pipe_delivers_bytes },
    { "EOF is reported and ends the watch", test_eof_reported },
    { "large stream arrives whole and in order", test_pipe_stream_in_order },
    { "regular file watched to its end", test_regular_file_watch },
    { "terminal input", test_terminal_watch },
    { "read error reported", test_read_error_reported },
    { "unwatch from a callback", test_unwatch_from_callback },
    { "unwatch leaves data in the fd", test_unwatch_leaves_data },
    { "spurious readiness on non-blocking fds", test_spurious_readiness },
    { "unwatch from its own callback drops nothing", test_self_unwatch_drops_nothing },
    { "readiness told once, nothing read", test_readable_once_reads_nothing },
    { "readiness on end of file", test_readable_on_eof },
    { "regular file is readable", test_readable_regular_file },
    { "readiness unwatched, and refused input", test_readable_unwatch_and_errors },
    { "bad input refused", test_bad_input },
    { "poll(0) returns at once", test_poll_zero_returns_at_once },
    { "poll from a callback refused", test_poll_from_callback_refused },
    { "deadline fires, not before", test_deadline_fires_not_before },
    { "deadline ends poll(-1)", test_deadline_blocking_poll },
    { "deadline in the past", test_deadline_in_past_fires_on_next_poll },
    { "deadline re-set", test_deadline_reset },
    { "deadline canceled", test_deadline_cancel },
    { "wake from another thread", test_wake_from_thread },
    { "wake before poll is not lost", test_wake_before_poll_not_lost },
    { "file read", test_file_read },
    { "file write", test_file_write },
    { "file read error", test_file_read_error },
    { "destroy with pending work", test_destroy_with_pending_work },
};

static bool add_backend_suite(const char *name, CU_InitializeFunc init)
{
    CU_pSuite suite = CU_add_suite(name, init, NULL);
    if (!suite)
        return false;
    for (size_t i = 0; i < sizeof per_backend / sizeof per_backend[0]; i++)
        if (!CU_add_test(suite, per_backend[i].name, per_backend[i].fn))
            return false;
    return true;
}

static bool uring_works_here(void)
{
    char err[256];
    struct event_loop *loop = event_loop_create(EVENT_LOOP_URING, err, sizeof err);
    if (!loop) {
        printf("io_uring suite skipped: %s\n", err);
        return false;
    }
    event_loop_destroy(loop);
    return true;
}

int main(void)
{
    /* A test that fails mid-way may leave a writer on a closed pipe. */
    signal(SIGPIPE, SIG_IGN);
    /* Watchdog: a broken wake-up or deadline hangs a poll(-1); fail instead. */
    alarm(120);
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    bool ok = add_backend_suite("epoll", use_epoll);
    if (uring_works_here())
        ok = ok && add_backend_suite("io_uring", use_uring);
    CU_pSuite common = CU_add_suite("backend choice", NULL, NULL);
    ok = ok && common &&
         CU_add_test(common, "AUTO picks a working backend", test_auto_picks_working_backend) &&
         CU_add_test(common, "invalid backend refused", test_invalid_backend);
#ifdef __NR_io_uring_setup
    ok = ok && CU_add_test(common, "AUTO falls back when io_uring is blocked",
                           test_auto_falls_back_when_io_uring_blocked);
#endif
    if (!ok) {
        fprintf(stderr, "CUnit registry: %s\n", CU_get_error_msg());
        CU_cleanup_registry();
        return 2;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failures = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failures ? 1 : 0;
}
