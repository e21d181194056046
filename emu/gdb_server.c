/* The gdb remote serial protocol server: see gdb_server.h. */
#define _GNU_SOURCE
#include "gdb_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unicorn/unicorn.h>
#include <unistd.h>

#include "board.h"
#include "cpu_mux.h"
#include "gdb_packet.h"
#include "gdb_rsp.h"
#include "gdb_target_xml.h"

#define PACKET_MAX GDB_PACKET_MAX
#define MAX_BREAKPOINTS 64
#define MAX_WATCHPOINTS 16
#define POLL_INTERVAL_NS 20000000ull  /* look for Ctrl-C this often while the board runs */

/* gdb's signal numbers (the protocol's, not the host's) */
enum { SIG_INT = 2, SIG_ILL = 4, SIG_TRAP = 5, SIG_BUS = 10, SIG_SEGV = 11 };

enum stop_why { WHY_NONE, WHY_BREAK, WHY_STEP, WHY_WATCH };

struct gdb_server;

/* Per process slot: the single-step hook. */
struct gdb_thread {
    struct gdb_server *g;
    struct process *p;
    uc_hook step_hook;
    bool step_hook_on;
    bool stepping;
    uint32_t step_count;     /* instructions begun since the step started */
};

struct breakpoint {
    struct gdb_server *g;
    bool used;
    char type;               /* '0' software, '1' hardware: both are code hooks */
    uint32_t addr;
    struct process *p;
    uc_hook hook;
};

struct watchpoint {
    struct gdb_server *g;
    bool used;
    char type;               /* '2' write, '3' read, '4' access */
    uint32_t addr, len;
    struct process *p;
    uc_hook hook;
};

struct gdb_server {
    struct board *b;
    int listen_fd, port;
    struct gdb_rsp rsp;      /* the debugger's connection; rsp.fd -1 when none */

    pthread_t acceptor;      /* waits for the next connection */
    bool acceptor_running;
    atomic_int pending_fd;   /* accepted, not yet taken by the board's thread */

    bool resumed;            /* gdb let the board go on: leave serve() */
    uint64_t last_poll_ns;

    struct process *current; /* thread of the last stop */
    int sel_g, sel_c;        /* Hg / Hc thread ids; 0 or -1: the current one */
    enum stop_why why;
    const struct watchpoint *watch_hit;
    char stop_reply[64];

    struct gdb_thread threads[KERNEL_MAX_PROCESSES];
    struct breakpoint bps[MAX_BREAKPOINTS];
    struct watchpoint wps[MAX_WATCHPOINTS];
};

static void drop_connection(struct gdb_server *g, const char *why);

/* ---- the connection ---------------------------------------------------------------- */

static void send_packet(struct gdb_server *g, const char *body)
{
    gdb_rsp_send(&g->rsp, body);
}

/* Event loop delivery for the connection. */
static void on_input(struct event_loop *loop, int fd, const void *data, ssize_t len, void *ctx)
{
    struct gdb_server *g = ctx;
    if (len <= 0)
        g->rsp.closed = true;   /* the loop has removed the watch */
    else
        gdb_rsp_received(&g->rsp, data, (size_t)len);
    (void)loop;
    (void)fd;
}

/* ---- threads ----------------------------------------------------------------------- */

static int thread_id(const struct process *p) { return (int)p->index + 1; }

bool gdb_debuggable(struct kernel *k, const struct process *p)
{
    struct cpu_mux *m = cpu_mux_of(k);
    return p->state != PROCESS_UNUSED && p->cpu != NULL && !(m && natives_owns(m->natives, p));
}

static bool thread_exists(struct gdb_server *g, const struct process *p)
{
    return gdb_debuggable(&g->b->k, p);
}

static struct process *thread_by_id(struct gdb_server *g, int tid)
{
    struct kernel *k = &g->b->k;
    if (tid <= 0)
        return g->current;
    if ((uint32_t)tid > k->process_count || !thread_exists(g, &k->procs[tid - 1]))
        return NULL;
    return &k->procs[tid - 1];
}

/* The thread reported when no process stopped by itself: the first live one. */
static struct process *default_thread(struct gdb_server *g)
{
    struct kernel *k = &g->b->k;
    if (g->current)
        return g->current;
    struct process *any = NULL;
    for (uint32_t i = 0; i < k->process_count; i++) {
        struct process *p = &k->procs[i];
        if (thread_exists(g, p) && process_is_alive(p))
            return p;
        if (thread_exists(g, p) && !any)
            any = p;
    }
    return any;
}

static void describe_thread(const struct process *p, char *buf, size_t n)
{
    char state[32];
    if (p->state == PROCESS_TERMINATED)
        snprintf(state, sizeof state, p->id ? "exited %u" : "not started", (unsigned)p->exit_code);
    else
        snprintf(state, sizeof state, "%s", process_state_name(p->state));
    snprintf(buf, n, "%s, id %u, %s", p->name, (unsigned)p->id, state);
}

/* ---- registers --------------------------------------------------------------------- */

static void read_registers(struct gdb_server *g, struct process *p, struct cpu_regs *r)
{
    g->b->k.cpu->get_regs(g->b->k.cpu_ctx, p, r);
}

static void write_registers(struct gdb_server *g, struct process *p, const struct cpu_regs *r,
                            uint32_t mask)
{
    g->b->k.cpu->set_regs(g->b->k.cpu_ctx, p, r, mask);
}

static void cmd_read_all_registers(struct gdb_server *g, struct process *p)
{
    struct cpu_regs r;
    char out[REG_COUNT * 8 + 1], *o = out;
    read_registers(g, p, &r);
    for (int i = 0; i < REG_COUNT; i++)
        o = gdb_hex_put_u32le(o, r.r[i]);
    send_packet(g, out);
}

static void cmd_write_all_registers(struct gdb_server *g, struct process *p,
                                    const struct gdb_request *req)
{
    struct cpu_regs r;
    memcpy(r.r, req->regs, sizeof r.r);
    write_registers(g, p, &r, (1u << REG_COUNT) - 1);
    send_packet(g, "OK");
}

static void cmd_read_register(struct gdb_server *g, struct process *p, uint32_t reg)
{
    struct cpu_regs r;
    char out[9];
    read_registers(g, p, &r);
    gdb_hex_put_u32le(out, r.r[reg]);
    send_packet(g, out);
}

static void cmd_write_register(struct gdb_server *g, struct process *p,
                               const struct gdb_request *req)
{
    struct cpu_regs r;
    r.r[req->reg] = req->value;
    write_registers(g, p, &r, REG_BIT(req->reg));
    send_packet(g, "OK");
}

/* ---- memory ------------------------------------------------------------------------ */

/* Reads what the process has mapped from addr on: all of it, or up to the first hole. */
static size_t read_memory(struct process *p, uint32_t addr, uint8_t *buf, size_t len)
{
    uc_engine *uc = engine_uc(p);
    if (uc_mem_read(uc, addr, buf, len) == UC_ERR_OK)
        return len;
    size_t n = 0;
    while (n < len && uc_mem_read(uc, addr + n, buf + n, 1) == UC_ERR_OK)
        n++;
    return n;
}

static void cmd_read_memory(struct gdb_server *g, struct process *p, uint32_t addr,
                            uint32_t len)
{
    uint8_t buf[PACKET_MAX / 2];
    char out[PACKET_MAX + 1];
    if (len > sizeof buf)
        len = sizeof buf;
    size_t n = read_memory(p, addr, buf, len);
    if (n == 0 && len) {
        send_packet(g, "E01");
        return;
    }
    gdb_hex_put_bytes(out, buf, n);
    send_packet(g, out);
}

/* [addr, addr + len) lies in [start, start + size). */
static bool inside(uint32_t addr, uint32_t len, uint32_t start, uint32_t size)
{
    return addr >= start && addr - start < size && len <= size - (addr - start);
}

/* gdb writes what the process itself may write (its RAM below the app break) and its code
 * (the engine's copy of its flash), never the kernel's grant region above the break. */
static bool debugger_may_write(const struct process *p, uint32_t addr, uint32_t len)
{
    return inside(addr, len, p->ram_start, p->app_break - p->ram_start) ||
           inside(addr, len, p->flash_start, p->flash_size);
}

static void cmd_write_memory(struct gdb_server *g, struct process *p,
                             const struct gdb_request *req)
{
    uint32_t addr = req->addr, len = req->len;
    uc_engine *uc = engine_uc(p);
    if (len && (!debugger_may_write(p, addr, len) ||
                uc_mem_write(uc, addr, req->data, len) != UC_ERR_OK)) {
        send_packet(g, "E01");
        return;
    }
    if (len)
        uc_ctl_remove_cache(uc, addr, (uint64_t)addr + len);   /* it may be code */
    send_packet(g, "OK");
}

/* ---- breakpoints and watchpoints --------------------------------------------------- */

/* The process whose flash (code) or memory (data) holds [addr, addr + len): every process
 * has its own addresses on this board. */
static struct process *owner_of(struct gdb_server *g, uint32_t addr, uint32_t len, bool data)
{
    struct kernel *k = &g->b->k;
    for (uint32_t i = 0; i < k->process_count; i++) {
        struct process *p = &k->procs[i];
        if (!thread_exists(g, p))
            continue;
        if (inside(addr, len, p->flash_start, p->flash_size) ||
            (data && inside(addr, len, p->ram_start, p->ram_size)))
            return p;
    }
    return NULL;
}

static void on_breakpoint(uc_engine *uc, uint64_t address, uint32_t size, void *user)
{
    struct breakpoint *bp = user;
    if (engine_debug_stop(bp->p))
        bp->g->why = WHY_BREAK;
    (void)uc;
    (void)address;
    (void)size;
}

static bool insert_breakpoint(struct gdb_server *g, char type, uint32_t addr)
{
    struct breakpoint *free_slot = NULL;
    for (int i = 0; i < MAX_BREAKPOINTS; i++) {
        struct breakpoint *bp = &g->bps[i];
        if (bp->used && bp->type == type && bp->addr == addr)
            return true;
        if (!bp->used && !free_slot)
            free_slot = bp;
    }
    struct process *p = owner_of(g, addr, 1, false);
    if (!free_slot || !p)
        return false;
    uc_engine *uc = engine_uc(p);
    *free_slot = (struct breakpoint){.g = g, .type = type, .addr = addr, .p = p};
    if (uc_hook_add(uc, &free_slot->hook, UC_HOOK_CODE, (void *)on_breakpoint, free_slot, addr,
                    addr) != UC_ERR_OK)
        return false;
    free_slot->used = true;
    /* Code translated before the hook existed would run past it. */
    uc_ctl_remove_cache(uc, addr, (uint64_t)addr + 4);
    return true;
}

static void remove_breakpoint_slot(struct breakpoint *bp)
{
    uc_engine *uc = engine_uc(bp->p);
    uc_hook_del(uc, bp->hook);
    uc_ctl_remove_cache(uc, bp->addr, (uint64_t)bp->addr + 4);
    bp->used = false;
}

static bool remove_breakpoint(struct gdb_server *g, char type, uint32_t addr)
{
    for (int i = 0; i < MAX_BREAKPOINTS; i++)
        if (g->bps[i].used && g->bps[i].type == type && g->bps[i].addr == addr) {
            remove_breakpoint_slot(&g->bps[i]);
            return true;
        }
    return true;   /* not there: nothing to do */
}

static void on_watch(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                     void *user)
{
    struct watchpoint *w = user;
    uint32_t a = (uint32_t)addr, n = size > 0 ? (uint32_t)size : 1;
    if (a >= (uint64_t)w->addr + w->len || (uint64_t)a + n <= w->addr)
        return;   /* the hook's range starts a little early, for unaligned overlaps */
    if (engine_debug_stop_access(w->p, a, n, type == UC_MEM_WRITE)) {
        w->g->why = WHY_WATCH;
        w->g->watch_hit = w;
    }
    (void)uc;
    (void)value;
}

static bool insert_watchpoint(struct gdb_server *g, char type, uint32_t addr, uint32_t len)
{
    struct watchpoint *w = NULL;
    for (int i = 0; i < MAX_WATCHPOINTS && !w; i++)
        if (!g->wps[i].used)
            w = &g->wps[i];
    struct process *p = owner_of(g, addr, len, true);
    if (!w || !p)
        return false;
    int kinds = type == '2' ? UC_HOOK_MEM_WRITE
              : type == '3' ? UC_HOOK_MEM_READ : UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE;
    uint32_t begin = addr > 7 ? addr - 7 : 0;   /* accesses of up to 8 bytes ending inside */
    uc_engine *uc = engine_uc(p);
    *w = (struct watchpoint){.g = g, .type = type, .addr = addr, .len = len, .p = p};
    if (uc_hook_add(uc, &w->hook, kinds, (void *)on_watch, w, begin, addr + len - 1) != UC_ERR_OK)
        return false;
    w->used = true;
    engine_forget_code(p);   /* any translated load or store may touch the range */
    return true;
}

static void remove_watchpoint_slot(struct watchpoint *w)
{
    uc_engine *uc = engine_uc(w->p);
    uc_hook_del(uc, w->hook);
    engine_forget_code(w->p);
    w->used = false;
}

static bool remove_watchpoint(struct gdb_server *g, char type, uint32_t addr, uint32_t len)
{
    for (int i = 0; i < MAX_WATCHPOINTS; i++) {
        struct watchpoint *w = &g->wps[i];
        if (w->used && w->type == type && w->addr == addr && w->len == len) {
            remove_watchpoint_slot(w);
            return true;
        }
    }
    return true;
}

/* Z/z TYPE,ADDR,KIND */
static void cmd_point(struct gdb_server *g, bool insert, const struct gdb_request *r)
{
    char type = r->which;
    bool ok;
    if (type <= '1')
        ok = insert ? insert_breakpoint(g, type, r->addr) : remove_breakpoint(g, type, r->addr);
    else
        ok = insert ? insert_watchpoint(g, type, r->addr, r->len)
                    : remove_watchpoint(g, type, r->addr, r->len);
    send_packet(g, ok ? "OK" : "E01");
}

static void remove_all_points(struct gdb_server *g)
{
    for (int i = 0; i < MAX_BREAKPOINTS; i++)
        if (g->bps[i].used)
            remove_breakpoint_slot(&g->bps[i]);
    for (int i = 0; i < MAX_WATCHPOINTS; i++)
        if (g->wps[i].used)
            remove_watchpoint_slot(&g->wps[i]);
}

/* ---- stepping and resuming --------------------------------------------------------- */

/* Every instruction of the stepping process: stop before the second one. */
static void on_step(uc_engine *uc, uint64_t address, uint32_t size, void *user)
{
    struct gdb_thread *t = user;
    if (t->stepping && ++t->step_count > 1 && engine_debug_stop(t->p))
        t->g->why = WHY_STEP;
    (void)uc;
    (void)address;
    (void)size;
}

/* The step hook stays on between consecutive steps (gdb steps a line one instruction at a
 * time) and goes when the board continues. */
static void remove_step_hooks(struct gdb_server *g)
{
    for (uint32_t i = 0; i < KERNEL_MAX_PROCESSES; i++) {
        struct gdb_thread *t = &g->threads[i];
        t->stepping = false;
        if (!t->step_hook_on)
            continue;
        uc_engine *uc = engine_uc(t->p);
        uc_hook_del(uc, t->step_hook);
        engine_forget_code(t->p);
        t->step_hook_on = false;
    }
}

static void start_step(struct gdb_server *g, struct process *p)
{
    struct gdb_thread *t = &g->threads[p->index];
    uc_engine *uc = engine_uc(p);
    t->g = g;
    t->p = p;
    if (!t->step_hook_on) {
        if (uc_hook_add(uc, &t->step_hook, UC_HOOK_CODE, (void *)on_step, t, 1, 0) != UC_ERR_OK)
            return;
        engine_forget_code(p);   /* translated code has no per-instruction hook */
        t->step_hook_on = true;
    }
    t->stepping = true;
    /* A waiting process resumes at the instruction after its svc, or in an upcall: that
     * first instruction is where the step lands. */
    t->step_count = p->state == PROCESS_RUNNABLE ? 0 : 1;
    g->b->k.sched_cursor = p->index;   /* run it first */
}

/* Let the board go on; step (one instruction of) a process if it is not NULL. */
static void resume(struct gdb_server *g, struct process *step)
{
    if (step && process_is_alive(step))
        start_step(g, step);
    else
        remove_step_hooks(g);
    g->resumed = true;
}

/* c [ADDR], s [ADDR] (the Hc thread, from ADDR if given) and vCont: a step action steps
 * its thread (or the Hc thread), everything else runs. */
static void cmd_resume(struct gdb_server *g, const struct gdb_request *r)
{
    struct process *p = thread_by_id(g, g->sel_c);
    if (p && r->has_addr) {
        struct cpu_regs regs;
        regs.r[REG_PC] = r->addr & ~1u;
        write_registers(g, p, &regs, REG_BIT(REG_PC));
    }
    resume(g, r->step ? thread_by_id(g, r->thread > 0 ? r->thread : g->sel_c) : NULL);
}

/* ---- queries ----------------------------------------------------------------------- */

static void cmd_thread_list(struct gdb_server *g)
{
    struct kernel *k = &g->b->k;
    char out[KERNEL_MAX_PROCESSES * 4 + 2];
    size_t n = 0;
    out[n++] = 'm';
    for (uint32_t i = 0; i < k->process_count; i++)
        if (thread_exists(g, &k->procs[i]))
            n += (size_t)snprintf(out + n, sizeof out - n, "%s%x", n > 1 ? "," : "",
                                  (unsigned)thread_id(&k->procs[i]));
    send_packet(g, n > 1 ? out : "l");
}

static void cmd_thread_extra_info(struct gdb_server *g, int thread)
{
    struct process *p = thread_by_id(g, thread);
    if (!p) {
        send_packet(g, "E01");
        return;
    }
    char text[128], out[2 * sizeof text + 1];
    describe_thread(p, text, sizeof text);
    gdb_hex_put_bytes(out, (const uint8_t *)text, strlen(text));
    send_packet(g, out);
}

/* qXfer:features:read:target.xml:OFFSET,LENGTH */
/* qXfer:features:read:target.xml:OFFSET,LENGTH */
static void cmd_read_features(struct gdb_server *g, uint32_t off, uint32_t len)
{
    size_t total = sizeof gdb_target_xml - 1;
    if (off > total)
        off = (uint32_t)total;
    size_t n = total - off < len ? total - off : len;
    if (n > PACKET_MAX - 16)
        n = PACKET_MAX - 16;
    char out[PACKET_MAX];
    out[0] = off + n < total ? 'm' : 'l';
    memcpy(out + 1, gdb_target_xml + off, n);
    gdb_rsp_send_len(&g->rsp, out, n + 1);
}

static void cmd_supported(struct gdb_server *g)
{
    char out[128];
    snprintf(out, sizeof out, "PacketSize=%x;qXfer:features:read+;QStartNoAckMode+;vContSupported+",
             PACKET_MAX);
    send_packet(g, out);
}

static void cmd_current_thread(struct gdb_server *g)
{
    char out[16];
    snprintf(out, sizeof out, "QC%x", g->current ? (unsigned)thread_id(g->current) : 1u);
    send_packet(g, out);
}

/* ---- packets ----------------------------------------------------------------------- */

static void cmd_set_thread(struct gdb_server *g, char which, int thread)
{
    if (thread > 0 && !thread_by_id(g, thread)) {
        send_packet(g, "E01");
        return;
    }
    if (which == 'g')
        g->sel_g = thread;
    else
        g->sel_c = thread;
    send_packet(g, "OK");
}

static void cmd_detach(struct gdb_server *g)
{
    send_packet(g, "OK");
    drop_connection(g, "debugger detached: every process runs on");
    g->resumed = true;
}

static void cmd_kill(struct gdb_server *g)
{
    drop_connection(g, "debugger killed the board");
    board_request_stop(g->b);
    g->resumed = true;
}

static bool needs_thread(enum gdb_request_kind kind)
{
    return kind == GDB_READ_REGISTERS || kind == GDB_WRITE_REGISTERS ||
           kind == GDB_READ_REGISTER || kind == GDB_WRITE_REGISTER ||
           kind == GDB_READ_MEMORY || kind == GDB_WRITE_MEMORY;
}

/* The packet, parsed and checked by gdb_request_parse, carried out. */
static void handle_packet(struct gdb_server *g, const char *pkt)
{
    struct gdb_request r;
    gdb_request_parse(pkt, &r);
    struct process *p = thread_by_id(g, g->sel_g);
    if (needs_thread(r.kind) && !p) {
        send_packet(g, "E01");
        return;
    }
    switch (r.kind) {
    case GDB_MALFORMED: send_packet(g, "E01"); break;
    case GDB_UNSUPPORTED: send_packet(g, ""); break;
    case GDB_STOP_REASON: send_packet(g, g->stop_reply); break;
    case GDB_READ_REGISTERS: cmd_read_all_registers(g, p); break;
    case GDB_WRITE_REGISTERS: cmd_write_all_registers(g, p, &r); break;
    case GDB_READ_REGISTER: cmd_read_register(g, p, r.reg); break;
    case GDB_WRITE_REGISTER: cmd_write_register(g, p, &r); break;
    case GDB_READ_MEMORY: cmd_read_memory(g, p, r.addr, r.len); break;
    case GDB_WRITE_MEMORY: cmd_write_memory(g, p, &r); break;
    case GDB_SET_THREAD: cmd_set_thread(g, r.which, r.thread); break;
    case GDB_THREAD_ALIVE: send_packet(g, thread_by_id(g, r.thread) ? "OK" : "E01"); break;
    case GDB_INSERT_POINT: cmd_point(g, true, &r); break;
    case GDB_REMOVE_POINT: cmd_point(g, false, &r); break;
    case GDB_RESUME: cmd_resume(g, &r); break;
    case GDB_RESUME_ACTIONS: send_packet(g, "vCont;c;C;s;S"); break;
    case GDB_DETACH: cmd_detach(g); break;
    case GDB_KILL:
        if (pkt[0] == 'v')
            send_packet(g, "OK");   /* vKill is answered, k is not */
        cmd_kill(g);
        break;
    case GDB_NO_ACK_MODE:
        send_packet(g, "OK");
        g->rsp.no_ack = true;
        break;
    case GDB_QUERY_SUPPORTED: cmd_supported(g); break;
    case GDB_QUERY_ATTACHED: send_packet(g, "1"); break;   /* gdb detaches (not kills) on quit */
    case GDB_QUERY_CURRENT: cmd_current_thread(g); break;
    case GDB_QUERY_THREADS_FIRST: cmd_thread_list(g); break;
    case GDB_QUERY_THREADS_NEXT: send_packet(g, "l"); break;
    case GDB_QUERY_THREAD_INFO: cmd_thread_extra_info(g, r.thread); break;
    case GDB_QUERY_FEATURES: cmd_read_features(g, r.addr, r.len); break;
    case GDB_QUERY_SYMBOL: send_packet(g, "OK"); break;
    }
}

/* ---- stopping ------------------------------------------------------------------------ */

static void make_stop_reply(struct gdb_server *g, struct process *p, int signal)
{
    char extra[40] = "";
    if (g->why == WHY_WATCH && g->watch_hit) {
        const char *kind = g->watch_hit->type == '2' ? "watch"
                         : g->watch_hit->type == '3' ? "rwatch" : "awatch";
        snprintf(extra, sizeof extra, "%s:%x;", kind, (unsigned)g->watch_hit->addr);
    }
    snprintf(g->stop_reply, sizeof g->stop_reply, "T%02xthread:%x;%s", (unsigned)signal,
             (unsigned)thread_id(p), extra);
    g->why = WHY_NONE;
    g->watch_hit = NULL;
}

/* Serve packets until gdb resumes the board or goes away. */
static void serve(struct gdb_server *g)
{
    char pkt[PACKET_MAX + 1];
    g->resumed = false;
    while (g->rsp.fd >= 0 && !g->resumed) {
        if (gdb_rsp_next_packet(&g->rsp, pkt, sizeof pkt)) {
            handle_packet(g, pkt);
            continue;
        }
        if (g->rsp.closed || g->b->stop_requested) {
            /* gdb went away, or Ctrl-C on the board: detach */
            drop_connection(g, "debugger gone: every process runs on");
            break;
        }
        if (event_loop_poll(g->b->loop, -1) < 0) {
            fprintf(stderr, "tockemu: gdb: cannot wait for the debugger: %s\n",
                    event_loop_last_error(g->b->loop));
            drop_connection(g, "debugger dropped");
        }
    }
    g->rsp.interrupt = false;
}

/* The board is stopped (p stopped by itself or was picked): tell gdb, which waits for
 * this since it resumed the board, unless it has just connected (it then asks with '?'),
 * and serve it. */
static void stop_and_serve(struct gdb_server *g, struct process *p, int signal, bool tell)
{
    if (!p)
        return;
    for (uint32_t i = 0; i < KERNEL_MAX_PROCESSES; i++)
        g->threads[i].stepping = false;
    g->current = p;
    g->sel_g = g->sel_c = 0;
    make_stop_reply(g, p, signal);
    if (tell)
        send_packet(g, g->stop_reply);
    serve(g);
}

static int fault_signal(enum fault_kind kind)
{
    switch (kind) {
    case FAULT_UNDEFINED: return SIG_ILL;
    case FAULT_UNALIGNED: return SIG_BUS;
    case FAULT_BKPT:
    case FAULT_NONE: return SIG_TRAP;
    default: return SIG_SEGV;
    }
}

/* engines.debugger.stopped: a breakpoint, watchpoint or step stop, or a fault. */
static void on_engine_stopped(void *ctx, struct process *p)
{
    struct gdb_server *g = ctx;
    if (g->rsp.fd < 0)
        return;
    stop_and_serve(g, p, fault_signal(p->fault.kind), true);
}

/* ---- connections ------------------------------------------------------------------- */

static void *acceptor_main(void *arg)
{
    struct gdb_server *g = arg;
    int fd = accept4(g->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd >= 0) {
        atomic_store(&g->pending_fd, fd);
        event_loop_wake(g->b->loop);   /* an idle board looks at it now */
    }
    return NULL;
}

static void start_acceptor(struct gdb_server *g)
{
    if (g->acceptor_running || g->listen_fd < 0)
        return;
    g->acceptor_running = pthread_create(&g->acceptor, NULL, acceptor_main, g) == 0;
}

static void stop_acceptor(struct gdb_server *g)
{
    if (!g->acceptor_running)
        return;
    if (atomic_load(&g->pending_fd) < 0)
        shutdown(g->listen_fd, SHUT_RDWR);   /* wakes accept() */
    pthread_join(g->acceptor, NULL);
    g->acceptor_running = false;
}

/* A connection the acceptor made, or -1. */
static int take_pending(struct gdb_server *g)
{
    int fd = atomic_exchange(&g->pending_fd, -1);
    if (fd >= 0 && g->acceptor_running) {
        pthread_join(g->acceptor, NULL);
        g->acceptor_running = false;
    }
    return fd;
}

static void attach(struct gdb_server *g, int fd)
{
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    gdb_rsp_open(&g->rsp, fd);
    g->why = WHY_NONE;
    if (event_loop_watch_read(g->b->loop, fd, on_input, g) != 0) {
        fprintf(stderr, "tockemu: gdb: cannot watch the connection: %s\n",
                event_loop_last_error(g->b->loop));
        close(fd);
        g->rsp.fd = -1;
        return;
    }
    fprintf(stdout, "[gdb] debugger attached: every process stops\n");
    fflush(stdout);
}

/* No hooks left, and the connection closed. */
static void close_connection(struct gdb_server *g)
{
    remove_all_points(g);
    remove_step_hooks(g);
    event_loop_unwatch(g->b->loop, g->rsp.fd);
    close(g->rsp.fd);
    g->rsp.fd = -1;
    g->current = NULL;
}

/* Forget the debugger: everything runs on, and listen for the next one. */
static void drop_connection(struct gdb_server *g, const char *why)
{
    if (g->rsp.fd < 0)
        return;
    close_connection(g);
    fprintf(stdout, "[gdb] %s\n", why);
    fflush(stdout);
    start_acceptor(g);
}

/* ---- the public side --------------------------------------------------------------- */

static int listen_on(int port, int *bound, char *err, size_t errlen)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(err, errlen, "gdb server: socket: %s", strerror(errno));
        return -1;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) || listen(fd, 1) ||
        getsockname(fd, (struct sockaddr *)&a, &len)) {
        snprintf(err, errlen, "gdb server: cannot listen on 127.0.0.1:%d: %s", port,
                 strerror(errno));
        close(fd);
        return -1;
    }
    *bound = ntohs(a.sin_port);
    return fd;
}

struct gdb_server *gdb_server_create(struct board *b, int port, char *err, size_t errlen)
{
    if (port < 0 || port > 65535) {
        snprintf(err, errlen, "gdb server: port %d is not a TCP port", port);
        return NULL;
    }
    struct gdb_server *g = calloc(1, sizeof *g);
    if (!g) {
        snprintf(err, errlen, "gdb server: out of memory");
        return NULL;
    }
    g->b = b;
    g->rsp.fd = -1;
    atomic_init(&g->pending_fd, -1);
    g->listen_fd = listen_on(port, &g->port, err, errlen);
    if (g->listen_fd < 0) {
        free(g);
        return NULL;
    }
    b->engines.debugger = (struct engine_debugger){.ctx = g, .stopped = on_engine_stopped};
    return g;
}

int gdb_server_port(const struct gdb_server *g)
{
    return g->port;
}

void gdb_server_wait_attach(struct gdb_server *g)
{
    fprintf(stdout, "[gdb] waiting for gdb on 127.0.0.1:%d\n", g->port);
    fflush(stdout);
    int fd = -1;
    struct pollfd pfd = {.fd = g->listen_fd, .events = POLLIN};
    while (fd < 0 && !g->b->stop_requested) {   /* poll, unlike accept, ends on Ctrl-C */
        if (poll(&pfd, 1, -1) == 1)
            fd = accept4(g->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    }
    if (fd < 0)
        return;
    attach(g, fd);
    stop_and_serve(g, default_thread(g), SIG_TRAP, false);
}

void gdb_server_poll(struct gdb_server *g)
{
    if (!g)
        return;
    uint64_t now = event_loop_now_ns();
    bool due = now - g->last_poll_ns >= POLL_INTERVAL_NS;
    bool pending = atomic_load(&g->pending_fd) >= 0;
    if (!due && !pending && !g->rsp.interrupt && !g->rsp.closed)
        return;
    if (!g->acceptor_running && g->rsp.fd < 0 && !pending)
        start_acceptor(g);   /* first poll without --gdb-wait */
    g->last_poll_ns = now;
    if (g->rsp.fd >= 0 && due && !g->rsp.interrupt)
        event_loop_poll(g->b->loop, 0);
    if (g->rsp.fd >= 0 && g->rsp.closed)
        drop_connection(g, "debugger gone: every process runs on");
    if (g->rsp.fd >= 0 && g->rsp.interrupt) {
        g->rsp.interrupt = false;
        stop_and_serve(g, default_thread(g), SIG_INT, true);
        return;
    }
    int fd = take_pending(g);
    if (fd >= 0 && g->rsp.fd < 0) {
        attach(g, fd);
        stop_and_serve(g, default_thread(g), SIG_TRAP, false);
    } else if (fd >= 0) {
        close(fd);
    }
}

void gdb_server_board_ended(struct gdb_server *g, int status)
{
    if (!g || g->rsp.fd < 0)
        return;
    char out[8];
    snprintf(out, sizeof out, "W%02x", (unsigned)status & 0xff);
    send_packet(g, out);
    close_connection(g);
}

void gdb_server_destroy(struct gdb_server *g)
{
    if (!g)
        return;
    if (g->rsp.fd >= 0)
        close_connection(g);
    stop_acceptor(g);
    int fd = take_pending(g);
    if (fd >= 0)
        close(fd);
    if (g->listen_fd >= 0)
        close(g->listen_fd);
    g->b->engines.debugger = (struct engine_debugger){0};
    free(g);
}
