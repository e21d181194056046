/* Console input from the host: see host_input.h. */
#include "host_input.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void host_input_init(struct host_input *in, int fd, struct event_loop *loop)
{
    memset(in, 0, sizeof *in);
    in->loop = loop;
    in->fd = fd;
    int flags = fcntl(fd, F_GETFL);
    struct stat st;
    in->open = flags >= 0 && (flags & O_ACCMODE) != O_WRONLY && fstat(fd, &st) == 0;
    in->live = in->open && !S_ISREG(st.st_mode);
}

static void close_input(struct host_input *in)
{
    host_input_stop(in);
    in->open = false;
}

/* Whether a read() now returns without blocking: data, end of file or an error. The fd's
 * flags are not touched (O_NONBLOCK would change them for every process sharing it). */
static bool readable_now(int fd)
{
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    int rc;
    do {
        rc = poll(&pfd, 1, 0);
    } while (rc < 0 && errno == EINTR);
    return rc == 1;
}

uint32_t host_input_fill(struct host_input *in)
{
    if (in->len || !in->open || !readable_now(in->fd))
        return in->len;
    ssize_t n = read(in->fd, in->buf, sizeof in->buf);
    if (n > 0) {
        in->len = (uint32_t)n;
    } else if (n == 0) {
        close_input(in);
    } else if (errno != EINTR && errno != EAGAIN) {
        fprintf(stdout, "[board] console input (stdin): %s: no more input\n", strerror(errno));
        close_input(in);
    }
    return in->len;
}

void host_input_consume(struct host_input *in, uint32_t n)
{
    if (n > in->len)
        n = in->len;
    memmove(in->buf, in->buf + n, in->len - n);
    in->len -= n;
}

static void input_ready(struct event_loop *loop, int fd, void *ctx)
{
    (void)loop;
    (void)fd;
    struct host_input *in = ctx;
    in->wake_armed = false;   /* the watch has ended; the board reads when it looks next */
}

void host_input_wake_on_input(struct host_input *in)
{
    if (!in->open || in->wake_armed)
        return;
    in->wake_armed = event_loop_watch_readable(in->loop, in->fd, input_ready, in) == 0;
}

void host_input_stop(struct host_input *in)
{
    if (in->wake_armed)
        event_loop_unwatch(in->loop, in->fd);
    in->wake_armed = false;
}
