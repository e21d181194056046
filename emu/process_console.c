/* The process console: see process_console.h.
 *
 * The board's event loop reads only from file descriptors, so a small thread waits for
 * connections (poll + accept) and passes each new socket through a pipe the loop watches;
 * everything else (reading commands, running them, replying) happens on the board's
 * thread, between time slices. */
#define _GNU_SOURCE
#include "process_console.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "board.h"

#define LINE_MAX_BYTES 512
#define PROMPT "tock$ "

struct process_console {
    struct board *b;
    char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
    int listen_fd;
    int accepted[2];            /* pipe: the accept thread writes new client fds */
    int stop[2];                /* pipe: closing the write end stops the accept thread */
    pthread_t thread;
    bool thread_started;
    int client;                 /* -1 when nobody is connected */
    char line[LINE_MAX_BYTES];
    size_t line_len;
    bool line_too_long;         /* the line did not fit: it is refused, not cut and run */
};

/* ---- output ------------------------------------------------------------------------ */

struct reply {
    void (*out)(void *ctx, const char *text, size_t len);
    void *ctx;
};

static void say(const struct reply *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const struct reply *r, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        r->out(r->ctx, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* While a command runs, kernel output (fault reports, restarts) also goes to its client. */
static const struct reply *tee_reply;
static void (*tee_saved_log)(void *ctx, const char *text, size_t len);

static void tee_log(void *ctx, const char *text, size_t len)
{
    tee_saved_log(ctx, text, len);
    if (tee_reply)
        tee_reply->out(tee_reply->ctx, text, len);
}

/* ---- finding processes -------------------------------------------------------------- */

/* A process by name, or by id (any state: a faulted one can be restarted). */
static struct process *find_process(struct board *b, const char *which, const struct reply *r)
{
    struct kernel *k = &b->k;
    struct process *found = NULL;
    uint32_t named = 0;
    for (uint32_t i = 0; i < k->process_count; i++) {
        if (!strcmp(k->procs[i].name, which)) {
            found = &k->procs[i];
            named++;
        }
    }
    if (named > 1) {
        say(r, "error: %u processes are named '%s': give the id (see list)\n", named, which);
        return NULL;
    }
    if (found)
        return found;
    char *end;
    unsigned long id = strtoul(which, &end, 0);
    if (*which && !*end) {
        for (uint32_t i = 0; i < k->process_count; i++)
            if (k->procs[i].id == id && id != 0)
                return &k->procs[i];
    }
    say(r, "error: no process named or numbered '%s' (see list)\n", which);
    return NULL;
}

/* "exited 0", "faulted", "yielded-for", ... */
static void describe_state(const struct process *p, char *buf, size_t n)
{
    if (p->state == PROCESS_TERMINATED && p->id)
        snprintf(buf, n, "exited %u", p->exit_code);
    else if (p->state == PROCESS_RUNNABLE)
        snprintf(buf, n, "ready");
    else
        snprintf(buf, n, "%s", process_state_name(p->state));
}

/* What p waits for: "console upcall 2", "any upcall", or "-". */
static void describe_wait(struct kernel *k, const struct process *p, enum process_state s,
                          char *buf, size_t n)
{
    if (s == PROCESS_YIELDED) {
        snprintf(buf, n, "any upcall (yield-wait)");
    } else if (s == PROCESS_YIELDED_FOR) {
        const struct driver *d = kernel_find_driver(k, p->wait_driver, NULL);
        if (d)
            snprintf(buf, n, "%s upcall %u (yield-wait-for)", d->name, p->wait_subscribe);
        else
            snprintf(buf, n, "driver 0x%x upcall %u (yield-wait-for)", p->wait_driver,
                     p->wait_subscribe);
    } else {
        snprintf(buf, n, "-");
    }
}

static uint32_t grant_bytes(const struct process *p)
{
    return p->ram_start + p->ram_size - p->kernel_break;
}

/* ---- commands ------------------------------------------------------------------------ */

static void cmd_help(struct board *b, const struct reply *r)
{
    (void)b;
    say(r, "Commands:\n"
           "  help                  this text\n"
           "  list                  processes: state, ids, memory, syscalls, what they wait for\n"
           "  status                board time, clock, process and call counts\n"
           "  stop NAME|ID          stop a process (it keeps its state)\n"
           "  start NAME|ID         resume a stopped process\n"
           "  restart NAME|ID       restart a process (it gets a new id)\n"
           "  terminate NAME|ID     end a process (counts as exit code 1)\n"
           "  fault NAME|ID         fault a process: fault report, then the fault policy\n"
           "  grants NAME|ID        a process's grants: upcalls and allowed buffers per driver\n"
           "  sensor [NAME VALUE]   the sensors' values now; or set one from now on\n");
    say(r, "%s", host_hmi_console_help);
    say(r, "  quit                  stop the board\n");
}

static void cmd_list(struct board *b, const struct reply *r)
{
    struct kernel *k = &b->k;
    int w = 4;
    for (uint32_t i = 0; i < k->process_count; i++)
        if ((int)strlen(k->procs[i].name) > w)
            w = (int)strlen(k->procs[i].name);
    say(r, " %4s  %-*s  %-12s  %-10s  %-21s  %-21s  %8s  %8s  %s\n", "Id", w, "Name", "State",
        "ShortId", "RAM block", "App break", "Grants", "Syscalls", "Waiting for");
    for (uint32_t i = 0; i < k->process_count; i++) {
        const struct process *p = &k->procs[i];
        char state[32], shortid[16], ram[32], brk[32], grants[16], waits_for[96], wait[128];
        describe_state(p, state, sizeof state);
        if (p->short_id)
            snprintf(shortid, sizeof shortid, "0x%08x", p->short_id);
        else
            snprintf(shortid, sizeof shortid, "Unique");
        snprintf(ram, sizeof ram, "0x%08x %u B", p->ram_start, p->ram_size);
        snprintf(brk, sizeof brk, "0x%08x %u B", p->app_break, p->app_break - p->ram_start);
        snprintf(grants, sizeof grants, "%u B", grant_bytes(p));
        enum process_state waits = p->state == PROCESS_STOPPED ? p->stopped_from : p->state;
        describe_wait(k, p, waits, waits_for, sizeof waits_for);
        if (p->state == PROCESS_STOPPED && waits != PROCESS_RUNNABLE)
            snprintf(wait, sizeof wait, "stopped; then %s", waits_for);
        else
            snprintf(wait, sizeof wait, "%s", waits_for);
        say(r, " %4u  %-*s  %-12s  %-10s  %-21s  %-21s  %8s  %8llu  %s\n", p->id, w, p->name,
            state, shortid, ram, brk, grants, (unsigned long long)p->syscall_count, wait);
    }
}

static void cmd_status(struct board *b, const struct reply *r)
{
    struct kernel *k = &b->k;
    uint64_t syscalls = 0, upcalls = 0;
    uint32_t alive = 0, stopped = 0, faulted = 0, ended = 0;
    for (uint32_t i = 0; i < k->process_count; i++) {
        const struct process *p = &k->procs[i];
        syscalls += p->syscall_count;
        upcalls += p->upcall_count;
        if (p->state == PROCESS_STOPPED)
            stopped++;
        else if (p->state == PROCESS_FAULTED)
            faulted++;
        else if (process_is_alive(p))
            alive++;
        else
            ended++;
    }
    say(r, "board time %.6f s (%s clock), %s event loop\n",
        (double)host_clock_now_ns(&b->clock) / 1e9, clock_mode_name(b->cfg.clock),
        event_loop_backend_name(b->loop));
    say(r, "processes: %u (%u alive, %u stopped, %u faulted, %u ended)\n", k->process_count,
        alive, stopped, faulted, ended);
    say(r, "system calls %llu, upcalls %llu\n", (unsigned long long)syscalls,
        (unsigned long long)upcalls);
}

static bool need_alive(const struct process *p, const char *what, const struct reply *r)
{
    if (process_is_alive(p))
        return true;
    char state[32];
    describe_state(p, state, sizeof state);
    say(r, "error: cannot %s %s (id %u): it is not alive (%s)\n", what, p->name, p->id, state);
    return false;
}

static void cmd_stop(struct board *b, struct process *p, const struct reply *r)
{
    if (!need_alive(p, "stop", r))
        return;
    if (p->state == PROCESS_STOPPED) {
        say(r, "error: %s (id %u) is stopped already\n", p->name, p->id);
        return;
    }
    kernel_process_stop(&b->k, p);
    say(r, "stopped %s (id %u)\n", p->name, p->id);
}

static void cmd_start(struct board *b, struct process *p, const struct reply *r)
{
    if (p->state != PROCESS_STOPPED) {
        char state[32];
        describe_state(p, state, sizeof state);
        say(r, "error: %s (id %u) is not stopped (it is %s)\n", p->name, p->id, state);
        return;
    }
    kernel_process_resume(&b->k, p);
    say(r, "resumed %s (id %u): %s\n", p->name, p->id, process_state_name(p->state));
}

static void cmd_restart(struct board *b, struct process *p, const struct reply *r)
{
    uint32_t old = p->id;
    kernel_process_restart(&b->k, p);
    say(r, "restarted %s: id %u -> %u\n", p->name, old, p->id);
}

static void cmd_terminate(struct board *b, struct process *p, const struct reply *r)
{
    if (!need_alive(p, "terminate", r))
        return;
    kernel_process_terminate(&b->k, p, 1);
    say(r, "terminated %s (id %u)\n", p->name, p->id);
}

static void cmd_fault(struct board *b, struct process *p, const struct reply *r)
{
    if (!need_alive(p, "fault", r))
        return;
    struct kernel *k = &b->k;
    struct cpu_regs regs;
    k->cpu->get_regs(k->cpu_ctx, p, &regs);
    struct cpu_fault f = {.kind = FAULT_KERNEL, .pc = regs.r[REG_PC]};
    snprintf(f.detail, sizeof f.detail, "forced from the process console");
    uint32_t id = p->id;
    kernel_process_fault(k, p, &f);
    char state[32];
    describe_state(p, state, sizeof state);
    say(r, "faulted %s (id %u): now %s (id %u)\n", p->name, id, state, p->id);
}

/* "0x00042571 <putstr_cb+0x0>" when symbols are known. */
static void say_code_address(struct board *b, struct process *p, uint32_t addr,
                             const struct reply *r)
{
    struct kernel *k = &b->k;
    uint32_t off = 0;
    const char *fn = k->hooks.symbolize ? k->hooks.symbolize(k->hooks.ctx, p, addr & ~1u, &off)
                                        : NULL;
    if (fn)
        say(r, "0x%08x <%s+0x%x>", addr, fn, off);
    else
        say(r, "0x%08x", addr);
}

static void say_allows(const char *kind, const struct allow_slot *slots, uint8_t count,
                       const struct reply *r)
{
    for (uint8_t i = 0; i < count; i++) {
        if (slots[i].len || slots[i].addr)
            say(r, "    %s %u: 0x%08x, %u bytes\n", kind, i, slots[i].addr, slots[i].len);
        else
            say(r, "    %s %u: none\n", kind, i);
    }
}

static void say_grant(struct board *b, struct process *p, const struct grant *g,
                      const struct reply *r)
{
    const struct driver *d = g->driver;
    say(r, "  %s (driver 0x%x), grant at 0x%08x:\n", d->name, d->num, g->address);
    for (uint8_t i = 0; i < d->upcall_count; i++) {
        const struct upcall_slot *u = &g->upcalls[i];
        if (!u->fn) {
            say(r, "    upcall %u: null\n", i);
            continue;
        }
        say(r, "    upcall %u: fn ", i);
        say_code_address(b, p, u->fn, r);
        say(r, ", appdata 0x%08x\n", u->appdata);
    }
    say_allows("allow-ro", g->allow_ro, d->allow_ro_count, r);
    say_allows("allow-rw", g->allow_rw, d->allow_rw_count, r);
    say_allows("allow-ur", g->allow_ur, d->allow_ur_count, r);
}

static void cmd_grants(struct board *b, struct process *p, const struct reply *r)
{
    struct kernel *k = &b->k;
    if (!process_is_alive(p)) {
        char state[32];
        describe_state(p, state, sizeof state);
        say(r, "grants of %s (id %u): none, the process is %s\n", p->name, p->id, state);
        return;
    }
    uint32_t count = 0;
    struct grant g;
    for (uint32_t i = 0; i < k->driver_count; i++)
        count += grant_view(k, p, i, &g);
    say(r, "grants of %s (id %u): %u driver%s, %u bytes of grant memory\n", p->name, p->id, count,
        count == 1 ? "" : "s", grant_bytes(p));
    for (uint32_t i = 0; i < k->driver_count; i++)
        if (grant_view(k, p, i, &g))
            say_grant(b, p, &g, r);
}

static void cmd_sensor(struct board *b, char **word, int n, const struct reply *r)
{
    char err[160];
    if (n == 3) {
        if (sensor_model_console_set(&b->sensors, word[1], word[2], err, sizeof err))
            say(r, "error: %s\n", err);
        else
            say(r, "%s = %s\n", word[1], word[2]);
        return;
    }
    if (n != 1) {
        say(r, "error: usage: sensor [NAME VALUE]\n");
        return;
    }
    uint64_t now = host_clock_now_ns(&b->clock);
    for (int q = 0; q < Q_COUNT; q++)
        say(r, "%-15s %g\n", sensor_quantity_name(q), sensor_model_value(&b->sensors, q, now));
}

struct process_command {
    const char *name;
    void (*run)(struct board *b, struct process *p, const struct reply *r);
};

static const struct process_command process_commands[] = {
    {"stop", cmd_stop},       {"start", cmd_start}, {"restart", cmd_restart},
    {"terminate", cmd_terminate}, {"fault", cmd_fault}, {"grants", cmd_grants},
};

static bool run_words(struct board *b, char **word, int n, const struct reply *r)
{
    if (n == 0)
        return true;
    if (!strcmp(word[0], "quit") || !strcmp(word[0], "exit")) {
        say(r, "stopping the board\n");
        fprintf(stdout, "[board] quit from the process console\n");
        board_request_stop(b);
        return false;
    }
    if (!strcmp(word[0], "help") || !strcmp(word[0], "?")) {
        cmd_help(b, r);
        return true;
    }
    if (!strcmp(word[0], "list")) {
        cmd_list(b, r);
        return true;
    }
    if (!strcmp(word[0], "sensor")) {
        cmd_sensor(b, word, n, r);
        return true;
    }
    if (!strcmp(word[0], "status")) {
        cmd_status(b, r);
        return true;
    }
    for (size_t i = 0; i < sizeof process_commands / sizeof process_commands[0]; i++) {
        if (strcmp(word[0], process_commands[i].name))
            continue;
        if (n != 2) {
            say(r, "error: usage: %s NAME|ID\n", word[0]);
            return true;
        }
        struct process *p = find_process(b, word[1], r);
        if (p)
            process_commands[i].run(b, p, r);
        return true;
    }
    if (host_hmi_console(&b->hmi, word, n, r->out, r->ctx))
        return true;
    say(r, "error: unknown command '%s' (try help)\n", word[0]);
    return true;
}

bool process_console_command(struct board *b, const char *line,
                             void (*out)(void *ctx, const char *text, size_t len), void *ctx)
{
    char copy[LINE_MAX_BYTES];
    snprintf(copy, sizeof copy, "%s", line);
    char *word[8], *save = NULL;
    int n = 0;
    for (char *w = strtok_r(copy, " \t\r\n", &save); w && n < 8; w = strtok_r(NULL, " \t\r\n", &save))
        word[n++] = w;

    struct reply r = {out, ctx};
    struct kernel *k = &b->k;
    tee_reply = &r;
    tee_saved_log = k->hooks.log;
    k->hooks.log = tee_log;
    bool go_on = run_words(b, word, n, &r);
    k->hooks.log = tee_saved_log;
    tee_reply = NULL;
    fflush(stdout);
    return go_on;
}

/* ---- the client ------------------------------------------------------------------------ */

static void client_out(void *ctx, const char *text, size_t len)
{
    struct process_console *c = ctx;
    while (c->client >= 0 && len) {
        ssize_t n = send(c->client, text, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;   /* gone or stuck: the read side notices and disconnects */
        text += n;
        len -= (size_t)n;
    }
}

static void disconnect(struct process_console *c)
{
    if (c->client < 0)
        return;
    event_loop_unwatch(c->b->loop, c->client);
    close(c->client);
    c->client = -1;
    c->line_len = 0;
    c->line_too_long = false;
}

static void take_line(struct process_console *c)
{
    c->line[c->line_len] = '\0';
    c->line_len = 0;
    if (c->line_too_long) {
        c->line_too_long = false;
        char msg[80];
        int n = snprintf(msg, sizeof msg, "error: line longer than %d bytes: ignored\n" PROMPT,
                         LINE_MAX_BYTES - 1);
        client_out(c, msg, (size_t)n);
        return;
    }
    if (!process_console_command(c->b, c->line, client_out, c)) {
        disconnect(c);
        return;
    }
    client_out(c, PROMPT, strlen(PROMPT));
}

static void client_read(struct event_loop *loop, int fd, const void *data, ssize_t len, void *ctx)
{
    struct process_console *c = ctx;
    (void)loop;
    if (len <= 0) {   /* the loop dropped the watch already */
        close(fd);
        c->client = -1;
        c->line_len = 0;
        c->line_too_long = false;
        return;
    }
    const char *bytes = data;
    for (ssize_t i = 0; i < len && c->client == fd; i++) {
        if (bytes[i] == '\n') {
            take_line(c);
        } else if (c->line_len + 1 < sizeof c->line) {
            c->line[c->line_len++] = bytes[i];
        } else {
            c->line_too_long = true;
        }
    }
}

static void welcome(struct process_console *c, int fd)
{
    struct timeval tv = {.tv_sec = 2};   /* a client that stops reading cannot stall the board */
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (c->client >= 0) {
        static const char busy[] = "error: the process console is in use by another client\n";
        send(fd, busy, sizeof busy - 1, MSG_NOSIGNAL);
        close(fd);
        return;
    }
    if (event_loop_watch_read(c->b->loop, fd, client_read, c) != 0) {
        close(fd);
        return;
    }
    c->client = fd;
    char hello[160];
    int n = snprintf(hello, sizeof hello,
                     "Tock process console: %u processes. Type help for the commands.\n" PROMPT,
                     c->b->k.process_count);
    client_out(c, hello, (size_t)n);
}

static void accepted_read(struct event_loop *loop, int fd, const void *data, ssize_t len,
                          void *ctx)
{
    struct process_console *c = ctx;
    (void)loop;
    (void)fd;
    const int *fds = data;
    for (ssize_t i = 0; i + (ssize_t)sizeof(int) <= len; i += (ssize_t)sizeof(int))
        welcome(c, fds[i / (ssize_t)sizeof(int)]);
}

/* ---- listening ------------------------------------------------------------------------- */

static void *accept_main(void *arg)
{
    struct process_console *c = arg;
    struct pollfd pfd[2] = {{.fd = c->listen_fd, .events = POLLIN}, {.fd = c->stop[0], .events = POLLIN}};
    for (;;) {
        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return NULL;
        }
        if (pfd[1].revents)
            return NULL;
        int fd = accept4(c->listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (fd >= 0 && write(c->accepted[1], &fd, sizeof fd) != (ssize_t)sizeof fd)
            close(fd);
    }
}

static bool socket_in_use(const struct sockaddr_un *addr)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    bool in_use = fd >= 0 && connect(fd, (const struct sockaddr *)addr, sizeof *addr) == 0;
    if (fd >= 0)
        close(fd);
    return in_use;
}

static int listen_at(struct process_console *c, const char *path, char *err, size_t errlen)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof addr.sun_path) {
        snprintf(err, errlen, "--console-socket %s: path longer than %zu bytes", path,
                 sizeof addr.sun_path - 1);
        return -1;
    }
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
    struct stat st;
    if (lstat(path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            snprintf(err, errlen, "--console-socket %s: exists and is not a socket", path);
            return -1;
        }
        if (socket_in_use(&addr)) {
            snprintf(err, errlen, "--console-socket %s: another board is listening there", path);
            return -1;
        }
        unlink(path);   /* left over from an earlier run */
    }
    c->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c->listen_fd < 0 || bind(c->listen_fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        snprintf(err, errlen, "--console-socket %s: %s", path, strerror(errno));
        return -1;
    }
    snprintf(c->path, sizeof c->path, "%s", path);   /* ours now: removed at the end */
    if (listen(c->listen_fd, 4) != 0) {
        snprintf(err, errlen, "--console-socket %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

struct process_console *process_console_open(struct board *b, const char *path, char *err,
                                             size_t errlen)
{
    struct process_console *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "--console-socket: out of memory");
        return NULL;
    }
    c->b = b;
    c->client = c->listen_fd = -1;
    c->accepted[0] = c->accepted[1] = c->stop[0] = c->stop[1] = -1;
    if (listen_at(c, path, err, errlen) != 0)
        goto fail;
    if (pipe2(c->accepted, O_CLOEXEC) != 0 || pipe2(c->stop, O_CLOEXEC) != 0) {
        snprintf(err, errlen, "--console-socket: pipe: %s", strerror(errno));
        goto fail;
    }
    int rc = event_loop_watch_read(b->loop, c->accepted[0], accepted_read, c);
    if (rc != 0) {
        snprintf(err, errlen, "--console-socket: event loop: %s", strerror(-rc));
        goto fail;
    }
    if (pthread_create(&c->thread, NULL, accept_main, c) != 0) {
        snprintf(err, errlen, "--console-socket: cannot start the listening thread");
        goto fail;
    }
    c->thread_started = true;
    return c;
fail:
    process_console_close(c);
    return NULL;
}

bool process_console_connected(const struct process_console *c)
{
    return c && c->client >= 0;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

void process_console_close(struct process_console *c)
{
    if (!c)
        return;
    disconnect(c);
    if (c->thread_started) {
        close_fd(&c->stop[1]);   /* wakes the thread's poll */
        pthread_join(c->thread, NULL);
    }
    if (c->accepted[0] >= 0)
        event_loop_unwatch(c->b->loop, c->accepted[0]);
    close_fd(&c->accepted[0]);
    close_fd(&c->accepted[1]);
    close_fd(&c->stop[0]);
    close_fd(&c->stop[1]);
    close_fd(&c->listen_fd);
    if (c->path[0])
        unlink(c->path);
    free(c);
}
