/* The gdb remote protocol's requests: see gdb_packet.h. */
#include "gdb_packet.h"

#include <string.h>

/* ---- pieces of a packet: each moves *s past what it took, or fails ------------------- */

static bool take_char(const char **s, char c)
{
    if (**s != c)
        return false;
    (*s)++;
    return true;
}

/* ADDR,LEN where [ADDR, ADDR + LEN) stays below 4 GiB. */
static bool take_range(const char **s, uint32_t *addr, uint32_t *len)
{
    return gdb_hex_parse(s, addr) && take_char(s, ',') && gdb_hex_parse(s, len) &&
           (uint64_t)*addr + *len <= (uint64_t)UINT32_MAX + 1;
}

/* A thread id: -1 (all), 0 (any) or a process slot + 1. */
static bool take_thread(const char **s, int *thread)
{
    uint32_t v;
    if (take_char(s, '-')) {
        *thread = GDB_THREAD_ALL;
        return take_char(s, '1');
    }
    if (!gdb_hex_parse(s, &v) || v > KERNEL_MAX_PROCESSES)
        return false;
    *thread = (int)v;
    return true;
}

/* Nothing, or ;PID (gdb names the one process it sees). */
static bool optional_process(const char *s)
{
    uint32_t pid;
    return !*s || (take_char(&s, ';') && gdb_hex_parse(&s, &pid) && !*s);
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* ---- the commands ---------------------------------------------------------------------- */

/* gdb's register number to struct cpu_regs index. */
static bool take_register(const char **s, uint32_t *reg)
{
    uint32_t n;
    if (!gdb_hex_parse(s, &n))
        return false;
    if (n <= REG_PC)
        *reg = n;
    else if (n == GDB_XPSR_REGNUM)
        *reg = REG_XPSR;
    else
        return false;
    return true;
}

static bool parse_write_registers(const char *s, struct gdb_request *r)
{
    if (strlen(s) != REG_COUNT * 8)
        return false;
    for (int i = 0; i < REG_COUNT; i++)
        if (!gdb_hex_get_u32le(s + 8 * i, &r->regs[i]))
            return false;
    return true;
}

static bool parse_write_register(const char *s, struct gdb_request *r)
{
    return take_register(&s, &r->reg) && take_char(&s, '=') && strlen(s) == 8 &&
           gdb_hex_get_u32le(s, &r->value);
}

static bool parse_write_memory(const char *s, struct gdb_request *r)
{
    return take_range(&s, &r->addr, &r->len) && take_char(&s, ':') &&
           r->len <= sizeof r->data && strlen(s) == 2 * (size_t)r->len &&
           gdb_hex_get_bytes(s, r->data, r->len);
}

/* TYPE,ADDR,KIND: a breakpoint's kind is the Thumb or ARM instruction size (2, 3 or 4),
 * a watchpoint's the length of its range. */
static bool parse_point(const char *s, struct gdb_request *r)
{
    r->which = *s;
    if (r->which < '0' || r->which > '4')
        return false;
    s++;
    if (!take_char(&s, ',') || !take_range(&s, &r->addr, &r->len) || *s)
        return false;
    if (r->which <= '1')
        return r->len >= 2 && r->len <= 4;
    return r->len > 0;
}

/* c [ADDR], s [ADDR], C SIG[;ADDR], S SIG[;ADDR] */
static bool parse_resume(const char *s, bool with_signal, struct gdb_request *r)
{
    uint32_t sig;
    r->thread = GDB_THREAD_ANY;
    if (with_signal && (!gdb_hex_parse(&s, &sig) || sig > 0xff))
        return false;   /* signals are not delivered to Tock processes */
    if (!*s)
        return true;
    if (with_signal && !take_char(&s, ';'))
        return false;
    r->has_addr = true;
    return gdb_hex_parse(&s, &r->addr) && !*s;
}

/* vCont;ACTION[:THREAD]...: an s or S action steps its thread, everything else runs. */
static bool parse_vcont(const char *s, struct gdb_request *r)
{
    r->thread = GDB_THREAD_ANY;
    if (!*s)
        return false;
    while (*s) {
        uint32_t sig;
        int thread = GDB_THREAD_ALL;
        char action = s[1];
        if (!take_char(&s, ';') || !strchr("cCsS", action) || !action)
            return false;
        s++;
        if ((action == 'C' || action == 'S') && (!gdb_hex_parse(&s, &sig) || sig > 0xff))
            return false;
        if (take_char(&s, ':') && !take_thread(&s, &thread))
            return false;
        if (*s && *s != ';')
            return false;
        if ((action == 's' || action == 'S') && !r->step) {
            r->step = true;
            r->thread = thread > 0 ? thread : GDB_THREAD_ANY;
        }
    }
    return true;
}

/* qXfer:features:read:target.xml:OFFSET,LENGTH */
static bool parse_features(const char *s, struct gdb_request *r)
{
    return take_range(&s, &r->addr, &r->len) && !*s;
}

static enum gdb_request_kind parse_query(const char *q, struct gdb_request *r)
{
    static const char extra_info[] = "qThreadExtraInfo,", features[] = "qXfer:features:read:";
    if (!strcmp(q, "qSupported") || starts_with(q, "qSupported:"))
        return GDB_QUERY_SUPPORTED;
    if (!strcmp(q, "qAttached") || starts_with(q, "qAttached:"))
        return GDB_QUERY_ATTACHED;
    if (!strcmp(q, "qC"))
        return GDB_QUERY_CURRENT;
    if (!strcmp(q, "qfThreadInfo"))
        return GDB_QUERY_THREADS_FIRST;
    if (!strcmp(q, "qsThreadInfo"))
        return GDB_QUERY_THREADS_NEXT;
    if (starts_with(q, "qSymbol"))
        return GDB_QUERY_SYMBOL;
    if (starts_with(q, extra_info)) {
        const char *s = q + strlen(extra_info);
        return take_thread(&s, &r->thread) && r->thread > 0 && !*s ? GDB_QUERY_THREAD_INFO
                                                                    : GDB_MALFORMED;
    }
    if (starts_with(q, features)) {
        const char *annex = q + strlen(features);
        if (!starts_with(annex, "target.xml:"))
            return GDB_UNSUPPORTED;
        return parse_features(annex + strlen("target.xml:"), r) ? GDB_QUERY_FEATURES
                                                                : GDB_MALFORMED;
    }
    return GDB_UNSUPPORTED;
}

static enum gdb_request_kind parse_v(const char *pkt, struct gdb_request *r)
{
    if (!strcmp(pkt, "vCont?"))
        return GDB_RESUME_ACTIONS;
    if (starts_with(pkt, "vCont;") || !strcmp(pkt, "vCont"))
        return parse_vcont(pkt + strlen("vCont"), r) ? GDB_RESUME : GDB_MALFORMED;
    if (starts_with(pkt, "vKill"))
        return optional_process(pkt + strlen("vKill")) ? GDB_KILL : GDB_MALFORMED;
    return GDB_UNSUPPORTED;
}

/* The kind a packet is when its arguments are right. */
static enum gdb_request_kind parse_kind(const char *pkt, struct gdb_request *r)
{
    const char *args = pkt + 1;
    bool ok;
    switch (pkt[0]) {
    case '?': return *args ? GDB_MALFORMED : GDB_STOP_REASON;
    case 'g': return *args ? GDB_MALFORMED : GDB_READ_REGISTERS;
    case 'G': return parse_write_registers(args, r) ? GDB_WRITE_REGISTERS : GDB_MALFORMED;
    case 'p':
        ok = take_register(&args, &r->reg) && !*args;
        return ok ? GDB_READ_REGISTER : GDB_MALFORMED;
    case 'P': return parse_write_register(args, r) ? GDB_WRITE_REGISTER : GDB_MALFORMED;
    case 'm':
        ok = take_range(&args, &r->addr, &r->len) && !*args;
        return ok ? GDB_READ_MEMORY : GDB_MALFORMED;
    case 'M': return parse_write_memory(args, r) ? GDB_WRITE_MEMORY : GDB_MALFORMED;
    case 'H':
        r->which = *args;
        if (r->which != 'g' && r->which != 'c')
            return GDB_MALFORMED;
        args++;
        return take_thread(&args, &r->thread) && !*args ? GDB_SET_THREAD : GDB_MALFORMED;
    case 'T':
        ok = take_thread(&args, &r->thread) && r->thread > 0 && !*args;
        return ok ? GDB_THREAD_ALIVE : GDB_MALFORMED;
    case 'Z': return parse_point(args, r) ? GDB_INSERT_POINT : GDB_MALFORMED;
    case 'z': return parse_point(args, r) ? GDB_REMOVE_POINT : GDB_MALFORMED;
    case 'c':
    case 's':
        r->step = pkt[0] == 's';
        return parse_resume(args, false, r) ? GDB_RESUME : GDB_MALFORMED;
    case 'C':
    case 'S':
        r->step = pkt[0] == 'S';
        return parse_resume(args, true, r) ? GDB_RESUME : GDB_MALFORMED;
    case 'D': return optional_process(args) ? GDB_DETACH : GDB_MALFORMED;
    case 'k': return *args ? GDB_MALFORMED : GDB_KILL;
    case 'q': return parse_query(pkt, r);
    case 'Q': return strcmp(pkt, "QStartNoAckMode") ? GDB_UNSUPPORTED : GDB_NO_ACK_MODE;
    case 'v': return parse_v(pkt, r);
    default: return GDB_UNSUPPORTED;
    }
}

void gdb_request_parse(const char *pkt, struct gdb_request *r)
{
    r->which = 0;
    r->thread = GDB_THREAD_ANY;
    r->step = r->has_addr = false;
    r->addr = r->len = r->reg = r->value = 0;
    r->kind = parse_kind(pkt, r);
}
