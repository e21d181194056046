/* The Chrome / Perfetto JSON trace writer: see trace_file.h.
 *
 * Events that happen inside a time slice are kept in the process's buffer until the slice
 * ends, then written after the slice's "X" event, so every viewer sees the enclosing slice
 * first. */
#define _GNU_SOURCE
#include "trace_file.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BOARD_PID 1000000u          /* the track of events outside any process */
#define BOARD_TID 1000000u

/* A growing text buffer. */
struct text {
    char *data;
    size_t len, cap;
};

static void text_append(struct text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 1024;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *data = realloc(t->data, cap);
        if (!data)
            return;   /* out of memory: the event is lost, the JSON stays valid */
        t->data = data;
        t->cap = cap;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

static void text_printf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text_printf(struct text *t, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        text_append(t, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* s as a JSON string, quotes included. */
static void text_json_string(struct text *t, const char *s)
{
    text_append(t, "\"", 1);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            text_append(t, esc, 2);
        } else if (c < 0x20) {
            text_printf(t, "\\u%04x", c);
        } else {
            text_append(t, (const char *)&c, 1);
        }
    }
    text_append(t, "\"", 1);
}

/* What the writer knows about one process slot. */
struct track {
    bool named;                 /* process_name written */
    uint32_t named_tid;         /* the instance id whose thread_name was written last */
    bool running;               /* a slice is open */
    uint64_t begin_ns;          /* ... since then */
    uint64_t last_child_ns;     /* the latest event inside it */
    uint32_t tid;               /* the instance that runs it */
    uint32_t syscalls;          /* system calls in it */
    char name[PROCESS_NAME_MAX + 1];   /* the process's name, for the slice */
    struct text pending;        /* events of the open (or the next) slice */
};

struct trace_file {
    FILE *out;
    bool first;                 /* nothing written after "traceEvents": [ yet */
    bool board_named;
    int running;                /* slot of the process in a slice, -1 when none */
    struct track tracks[KERNEL_MAX_PROCESSES];
};

/* ---- writing ------------------------------------------------------------------------- */

/* Write complete events to the file. Each is stored as ",\n{...}": the very first one
 * loses its comma. */
static void write_events(struct trace_file *tf, const struct text *t)
{
    if (!t->len)
        return;
    size_t skip = tf->first ? 1 : 0;
    fwrite(t->data + skip, 1, t->len - skip, tf->out);
    tf->first = false;
}

static void write_event_now(struct trace_file *tf, struct text *ev)
{
    write_events(tf, ev);
    free(ev->data);
}

static double us(uint64_t ns) { return (double)ns / 1000.0; }

static uint32_t pid_of(const struct process *p) { return p->index + 1; }

/* The start of an event object: ,{"ph":"X","pid":1,"tid":1,"ts":12.345, */
static void event_head(struct text *t, char ph, uint32_t pid, uint32_t tid, uint64_t ns)
{
    text_printf(t, ",\n{\"ph\":\"%c\",\"pid\":%u,\"tid\":%u,\"ts\":%.3f,", ph, pid, tid, us(ns));
}

static void metadata(struct trace_file *tf, const char *what, uint32_t pid, uint32_t tid,
                     const char *key, const char *name, long number)
{
    struct text t = {0};
    text_printf(&t, ",\n{\"ph\":\"M\",\"pid\":%u,\"tid\":%u,\"name\":\"%s\",\"args\":{\"%s\":", pid,
                tid, what, key);
    if (name)
        text_json_string(&t, name);
    else
        text_printf(&t, "%ld", number);
    text_printf(&t, "}}");
    write_event_now(tf, &t);
}

/* process_name / thread_name events the first time a process or an instance shows up. */
static struct track *track_of(struct trace_file *tf, const struct process *p)
{
    struct track *tr = &tf->tracks[p->index];
    if (!tr->named) {
        metadata(tf, "process_name", pid_of(p), p->id, "name", p->name, 0);
        metadata(tf, "process_sort_index", pid_of(p), p->id, "sort_index", NULL, (long)p->index);
        tr->named = true;
    }
    if (tr->named_tid != p->id) {
        char name[PROCESS_NAME_MAX + 32];
        snprintf(name, sizeof name, "%s (id %u)", p->name, (unsigned)p->id);
        metadata(tf, "thread_name", pid_of(p), p->id, "name", name, 0);
        tr->named_tid = p->id;
    }
    return tr;
}

static void name_board_track(struct trace_file *tf)
{
    if (tf->board_named)
        return;
    metadata(tf, "process_name", BOARD_PID, BOARD_TID, "name", "board (interrupts)", 0);
    metadata(tf, "process_sort_index", BOARD_PID, BOARD_TID, "sort_index", NULL, -1);
    metadata(tf, "thread_name", BOARD_PID, BOARD_TID, "name", "board", 0);
    tf->board_named = true;
}

/* An event of p: into its slice's buffer, to be written after the slice. */
static struct text *buffer_of(struct trace_file *tf, const struct process *p, uint64_t now_ns)
{
    struct track *tr = track_of(tf, p);
    if (now_ns > tr->last_child_ns)
        tr->last_child_ns = now_ns;
    return &tr->pending;
}

/* Where an event caused by "whatever runs now" goes: the running process's slice, or the
 * board track. Sets *pid / *tid. */
static struct text *context_buffer(struct trace_file *tf, uint64_t now_ns, struct text *direct,
                                   uint32_t *pid, uint32_t *tid)
{
    if (tf->running >= 0) {
        struct track *tr = &tf->tracks[tf->running];
        *pid = (uint32_t)tf->running + 1;
        *tid = tr->tid;
        if (now_ns > tr->last_child_ns)
            tr->last_child_ns = now_ns;
        return &tr->pending;
    }
    name_board_track(tf);
    *pid = BOARD_PID;
    *tid = BOARD_TID;
    return direct;
}

/* The rest of an event: name, category, arguments and flow binding. */
static void event_tail(struct text *t, const char *name, const char *cat, const char *detail,
                       uint32_t flow_id, bool flow_out)
{
    text_printf(t, "\"name\":");
    text_json_string(t, name);
    text_printf(t, ",\"cat\":\"%s\"", cat);
    if (flow_id)
        text_printf(t, ",\"bind_id\":%u,\"%s\":true", flow_id, flow_out ? "flow_out" : "flow_in");
    if (detail) {
        text_printf(t, ",\"args\":{\"detail\":");
        text_json_string(t, detail);
        text_printf(t, "}");
    }
    text_printf(t, "}");
}

/* A zero-length slice on which a flow arrow starts or ends. */
static void marker(struct text *t, uint32_t pid, uint32_t tid, uint64_t ns, const char *name,
                   const char *cat, const char *detail, uint32_t flow_id, bool flow_out)
{
    event_head(t, 'X', pid, tid, ns);
    text_printf(t, "\"dur\":0,");
    event_tail(t, name, cat, detail, flow_id, flow_out);
}

/* ---- events -------------------------------------------------------------------------- */

static void slice_begin(struct trace_file *tf, uint64_t now_ns, struct process *p)
{
    struct track *tr = track_of(tf, p);
    tr->running = true;
    tr->begin_ns = now_ns;
    tr->tid = p->id;
    tr->syscalls = 0;
    snprintf(tr->name, sizeof tr->name, "%s", p->name);
    if (tr->last_child_ns < now_ns)
        tr->last_child_ns = now_ns;
    tf->running = (int)p->index;
}

/* Write the slice, then what happened in it. why: how it ended. */
static void slice_end(struct trace_file *tf, uint64_t now_ns, uint32_t slot, const char *why)
{
    struct track *tr = &tf->tracks[slot];
    uint32_t pid = slot + 1;
    if (!tr->running)
        return;
    /* a viewer nests an event in a slice only when it lies strictly inside */
    uint64_t end = now_ns > tr->last_child_ns ? now_ns : tr->last_child_ns + 1;
    struct text t = {0};
    event_head(&t, 'X', pid, tr->tid, tr->begin_ns);
    text_printf(&t, "\"dur\":%.3f,\"name\":", us(end - tr->begin_ns));
    text_json_string(&t, tr->name);
    text_printf(&t, ",\"cat\":\"sched\",\"args\":{\"ended\":");
    text_json_string(&t, why);
    text_printf(&t, ",\"syscalls\":%u}}", tr->syscalls);
    write_event_now(tf, &t);
    write_events(tf, &tr->pending);
    tr->pending.len = 0;
    tr->running = false;
    if (tf->running == (int)slot)
        tf->running = -1;
}

static void syscall_event(struct trace_file *tf, uint64_t now_ns, const struct trace_event *e)
{
    struct text *t = buffer_of(tf, e->p, now_ns);
    struct track *tr = &tf->tracks[e->p->index];
    tr->syscalls++;
    event_head(t, 'i', pid_of(e->p), tr->running ? tr->tid : e->p->id, now_ns);
    text_printf(t, "\"s\":\"t\",");
    event_tail(t, e->name, "syscall", e->detail, 0, false);
}

static void upcall_queued(struct trace_file *tf, uint64_t now_ns, const struct trace_event *e)
{
    char name[160];
    snprintf(name, sizeof name, "queue %s for %s", e->name, e->p->name);
    track_of(tf, e->p);
    struct text direct = {0};
    uint32_t pid, tid;
    struct text *t = context_buffer(tf, now_ns, &direct, &pid, &tid);
    marker(t, pid, tid, now_ns, name, "upcall", e->detail, e->flow_id, true);
    write_event_now(tf, &direct);
}

static void upcall_delivered(struct trace_file *tf, uint64_t now_ns, const struct trace_event *e)
{
    struct text *t = buffer_of(tf, e->p, now_ns);
    marker(t, pid_of(e->p), e->p->id, now_ns, e->name, "upcall", e->detail, e->flow_id, false);
}

static void upcall_dropped(struct trace_file *tf, uint64_t now_ns, const struct trace_event *e)
{
    struct text direct = {0};
    uint32_t pid, tid;
    track_of(tf, e->p);
    struct text *t = context_buffer(tf, now_ns, &direct, &pid, &tid);
    event_head(t, 'i', pid, tid, now_ns);
    text_printf(t, "\"s\":\"t\",");
    event_tail(t, e->name, "upcall", e->detail, 0, false);
    write_event_now(tf, &direct);
}

/* The sender's marker goes with its slice; the receiver's straight to the file. */
static void ipc_event(struct trace_file *tf, uint64_t now_ns, const struct trace_event *e)
{
    struct text *t = buffer_of(tf, e->p, now_ns);
    marker(t, pid_of(e->p), e->p->id, now_ns, e->name, "ipc", e->detail, e->flow_id, true);
    if (!e->peer)
        return;
    track_of(tf, e->peer);
    struct text in = {0};
    char name[160];
    snprintf(name, sizeof name, "%s from %s", e->name, e->p->name);
    marker(&in, pid_of(e->peer), e->peer->id, now_ns, name, "ipc", e->detail, e->flow_id, false);
    write_event_now(tf, &in);
}

void trace_file_event(struct trace_file *tf, uint64_t now_ns, const struct trace_event *e)
{
    if (!tf || !e->p || e->p->index >= KERNEL_MAX_PROCESSES)
        return;
    switch (e->kind) {
    case TRACE_EVENT_SLICE_BEGIN:
        slice_begin(tf, now_ns, e->p);
        break;
    case TRACE_EVENT_SLICE_END:
        slice_end(tf, now_ns, e->p->index, e->name);
        break;
    case TRACE_EVENT_SYSCALL:
        syscall_event(tf, now_ns, e);
        break;
    case TRACE_EVENT_UPCALL_QUEUED:
        upcall_queued(tf, now_ns, e);
        break;
    case TRACE_EVENT_UPCALL_DELIVERED:
        upcall_delivered(tf, now_ns, e);
        break;
    case TRACE_EVENT_UPCALL_DROPPED:
        upcall_dropped(tf, now_ns, e);
        break;
    case TRACE_EVENT_IPC:
        ipc_event(tf, now_ns, e);
        break;
    }
}

/* ---- opening and closing ------------------------------------------------------------- */

struct trace_file *trace_file_open(const char *path, char *err, size_t errlen)
{
    struct trace_file *tf = calloc(1, sizeof *tf);
    if (!tf) {
        snprintf(err, errlen, "--trace-file: out of memory");
        return NULL;
    }
    tf->out = fopen(path, "w");
    if (!tf->out) {
        snprintf(err, errlen, "--trace-file %s: %s", path, strerror(errno));
        free(tf);
        return NULL;
    }
    tf->first = true;
    tf->running = -1;
    fprintf(tf->out, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
    return tf;
}

int trace_file_close(struct trace_file *tf, uint64_t now_ns, char *err, size_t errlen)
{
    if (!tf)
        return 0;
    for (uint32_t i = 0; i < KERNEL_MAX_PROCESSES; i++) {
        struct track *tr = &tf->tracks[i];
        slice_end(tf, now_ns, i, "board stopped");
        write_events(tf, &tr->pending);   /* upcalls delivered to a slice that never ran */
        free(tr->pending.data);
    }
    fprintf(tf->out, "\n]}\n");
    bool failed = ferror(tf->out) != 0;
    if (fclose(tf->out) != 0)
        failed = true;
    if (failed)
        snprintf(err, errlen, "--trace-file: writing the trace failed: %s", strerror(errno));
    free(tf);
    return failed ? -1 : 0;
}
