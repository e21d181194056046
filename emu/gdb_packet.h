/* The gdb remote protocol's requests, parsed and checked before anything runs: which
 * command a packet is and its arguments, every byte validated (hex digits only, nothing
 * trailing, lengths within the packet size, address ranges that do not wrap past 4 GiB,
 * thread ids and register numbers that exist). It knows nothing of the board:
 * emu/gdb_server.c carries the requests out. */
#ifndef EMU_GDB_PACKET_H
#define EMU_GDB_PACKET_H

#include <stdbool.h>
#include <stdint.h>

#include "gdb_rsp.h"
#include "tock/kernel.h"

enum gdb_request_kind {
    GDB_MALFORMED,            /* a known command with bad arguments: answered E01 */
    GDB_UNSUPPORTED,          /* not a command of this server: answered with "" */
    GDB_STOP_REASON,          /* ? */
    GDB_READ_REGISTERS,       /* g */
    GDB_WRITE_REGISTERS,      /* G: regs */
    GDB_READ_REGISTER,        /* p: reg */
    GDB_WRITE_REGISTER,       /* P: reg, value */
    GDB_READ_MEMORY,          /* m: addr, len */
    GDB_WRITE_MEMORY,         /* M: addr, len, data */
    GDB_SET_THREAD,           /* H: which ('g' or 'c'), thread */
    GDB_THREAD_ALIVE,         /* T: thread */
    GDB_INSERT_POINT,         /* Z: which ('0'-'4'), addr, len (a breakpoint's kind) */
    GDB_REMOVE_POINT,         /* z: the same */
    GDB_RESUME,               /* c C s S vCont: step, thread, has_addr, addr */
    GDB_RESUME_ACTIONS,       /* vCont? */
    GDB_DETACH,               /* D */
    GDB_KILL,                 /* k, vKill */
    GDB_NO_ACK_MODE,          /* QStartNoAckMode */
    GDB_QUERY_SUPPORTED,      /* qSupported */
    GDB_QUERY_ATTACHED,       /* qAttached */
    GDB_QUERY_CURRENT,        /* qC */
    GDB_QUERY_THREADS_FIRST,  /* qfThreadInfo */
    GDB_QUERY_THREADS_NEXT,   /* qsThreadInfo */
    GDB_QUERY_THREAD_INFO,    /* qThreadExtraInfo: thread */
    GDB_QUERY_FEATURES,       /* qXfer:features:read:target.xml: addr (offset), len */
    GDB_QUERY_SYMBOL,         /* qSymbol */
};

/* gdb's number for xpsr (its ARM_PS_REGNUM); r0-r15 are 0-15. */
#define GDB_XPSR_REGNUM 25

/* Thread ids besides 1..KERNEL_MAX_PROCESSES. */
enum { GDB_THREAD_ALL = -1, GDB_THREAD_ANY = 0 };

/* Bytes an M packet may write: its hex must fit in a packet. */
#define GDB_WRITE_MAX ((GDB_PACKET_MAX - 32) / 2)

struct gdb_request {
    enum gdb_request_kind kind;
    char which;                 /* H: 'g' or 'c'; Z z: the point type, '0'-'4' */
    int thread;                 /* H T qThreadExtraInfo; RESUME: the thread to step */
    bool step;                  /* RESUME: single-step thread (ANY: the Hc thread) */
    bool has_addr;              /* RESUME: resume at addr */
    uint32_t addr, len;         /* [addr, addr + len) never wraps past 4 GiB */
    uint32_t reg;               /* p P: index in struct cpu_regs (REG_PC, REG_XPSR...) */
    uint32_t value;             /* P */
    uint32_t regs[REG_COUNT];   /* G, in struct cpu_regs order */
    uint8_t data[GDB_WRITE_MAX];   /* M: len bytes */
};

/* What the packet body pkt (NUL-terminated) asks; r->kind is GDB_MALFORMED or
 * GDB_UNSUPPORTED when it cannot be carried out. */
void gdb_request_parse(const char *pkt, struct gdb_request *r);

#endif
