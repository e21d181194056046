/* libFuzzer harness for the gdb server's input side: the fuzzer's bytes are what a
 * debugger sends, cut into reads of varying sizes. They go through the transport
 * (emu/gdb_rsp.c: framing, checksums, acknowledgements, no-ack mode) and every packet it
 * takes through the request parser (emu/gdb_packet.c), whose result the server would
 * carry out; the reply path (escaping, checksums) runs on each packet too.
 *
 * Checked, besides "no crash, no sanitizer report": a packet handed on fits its buffer
 * and holds no NUL byte; every request the parser accepts has its arguments in range
 * (ranges below 4 GiB, lengths within the packet size, register indexes, thread ids,
 * point types and kinds the server knows). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdb_packet.h"
#include "gdb_rsp.h"

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "fuzz_gdb: invariant failed: %s (line %d)\n", #cond, __LINE__); \
            abort();                                                                     \
        }                                                                                \
    } while (0)

static bool range_ok(const struct gdb_request *r)
{
    return (uint64_t)r->addr + r->len <= (uint64_t)UINT32_MAX + 1;
}

static bool thread_ok(int thread)
{
    return thread >= GDB_THREAD_ALL && thread <= KERNEL_MAX_PROCESSES;
}

static void check_request(const struct gdb_request *r)
{
    CHECK(thread_ok(r->thread));
    switch (r->kind) {
    case GDB_READ_MEMORY:
    case GDB_QUERY_FEATURES:
        CHECK(range_ok(r));
        break;
    case GDB_WRITE_MEMORY:
        CHECK(range_ok(r) && r->len <= sizeof r->data);
        break;
    case GDB_READ_REGISTER:
    case GDB_WRITE_REGISTER:
        CHECK(r->reg < REG_COUNT);
        break;
    case GDB_SET_THREAD:
        CHECK(r->which == 'g' || r->which == 'c');
        break;
    case GDB_THREAD_ALIVE:
    case GDB_QUERY_THREAD_INFO:
        CHECK(r->thread > 0);
        break;
    case GDB_INSERT_POINT:
    case GDB_REMOVE_POINT:
        CHECK(r->which >= '0' && r->which <= '4' && range_ok(r));
        CHECK(r->which <= '1' ? r->len >= 2 && r->len <= 4 : r->len > 0);
        break;
    default:
        CHECK(r->kind >= GDB_MALFORMED && r->kind <= GDB_QUERY_SYMBOL);
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct gdb_rsp c;
    static struct gdb_request r;
    char pkt[GDB_PACKET_MAX + 1];
    gdb_rsp_open(&c, -1);   /* no connection: replies are framed, then dropped */
    if (size == 0)
        return 0;
    /* The first byte: read sizes (1 to 64 bytes, or everything at once) and ack mode. */
    size_t chunk = data[0] & 0x3f ? data[0] & 0x3f : size;
    c.no_ack = data[0] & 0x40;
    data++;
    size--;
    while (size) {
        size_t n = size < chunk ? size : chunk;
        gdb_rsp_received(&c, data, n);
        data += n;
        size -= n;
        while (gdb_rsp_next_packet(&c, pkt, sizeof pkt)) {
            size_t len = strlen(pkt);
            CHECK(len < sizeof pkt);
            gdb_request_parse(pkt, &r);
            check_request(&r);
            gdb_rsp_send_len(&c, pkt, len);   /* the reply path: escaping and checksum */
            if (r.kind == GDB_NO_ACK_MODE)
                c.no_ack = true;
        }
        CHECK(c.in_len <= sizeof c.in);
    }
    return 0;
}
