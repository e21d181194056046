/* The gdb server's input side: packet framing and acknowledgements (emu/gdb_rsp.c) and
 * the request parser (emu/gdb_packet.c), without a board. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gdb_packet.h"
#include "gdb_rsp.h"
#include "unit_run.h"

static struct gdb_rsp rsp;
static int peer = -1;   /* the debugger's end of the connection */

static void setup(void)
{
    int sv[2];
    CU_ASSERT_FATAL(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) == 0);
    gdb_rsp_open(&rsp, sv[0]);
    peer = sv[1];
}

static void teardown(void)
{
    close(rsp.fd);
    close(peer);
}

/* What the server sent back so far. */
static const char *sent(void)
{
    static char buf[256];
    ssize_t n = read(peer, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = '\0';
    return buf;
}

/* Bytes from the debugger; the next packet's body, or NULL. */
static const char *feed(const char *bytes, size_t len)
{
    static char pkt[GDB_PACKET_MAX + 1];
    gdb_rsp_received(&rsp, bytes, len);
    return gdb_rsp_next_packet(&rsp, pkt, sizeof pkt) ? pkt : NULL;
}

#define FEED(s) feed(s, sizeof s - 1)

static void test_good_packet(void)
{
    const char *p = FEED("+$?#3f");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_STRING_EQUAL(p, "?");
    CU_ASSERT_STRING_EQUAL(sent(), "+");
}

static void test_checksum_not_hex(void)
{
    /* $?#zz once shifted a -1 left: now refused like any bad checksum */
    static const char *junk[] = {"$?#zz", "$?#z0", "$?#0z", "$?#00", "$?#3g"};
    for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
        CU_ASSERT_PTR_NULL(feed(junk[i], strlen(junk[i])));
        CU_ASSERT_STRING_EQUAL(sent(), "-");
    }
    CU_ASSERT_EQUAL(rsp.in_len, 0);
    CU_ASSERT_STRING_EQUAL(FEED("$?#3f"), "?");   /* and the next one is fine */
}

static void test_no_ack_mode_still_needs_hex(void)
{
    rsp.no_ack = true;
    CU_ASSERT_PTR_NULL(FEED("$?#zz"));
    CU_ASSERT_STRING_EQUAL(FEED("$?#00"), "?");   /* no checksum check, no acks */
    CU_ASSERT_STRING_EQUAL(sent(), "");
}

static void test_nul_and_cut_packets(void)
{
    CU_ASSERT_PTR_NULL(feed("$m\0" "0,4#fd", 9));   /* the checksum is right */
    CU_ASSERT_STRING_EQUAL(sent(), "-");
    CU_ASSERT_STRING_EQUAL(FEED("$m0,4$?#3f"), "?");   /* the first one has no end */
}

static void test_overlong_packet(void)
{
    static char big[GDB_PACKET_MAX + 16];
    big[0] = '$';
    memset(big + 1, 'm', GDB_PACKET_MAX + 4);
    snprintf(big + GDB_PACKET_MAX + 5, 4, "#%02x", ('m' * (GDB_PACKET_MAX + 4)) & 0xff);
    CU_ASSERT_PTR_NULL(feed(big, GDB_PACKET_MAX + 8));
    CU_ASSERT_STRING_EQUAL(sent(), "-");
    CU_ASSERT_STRING_EQUAL(FEED("$?#3f"), "?");
}

/* ---- the parser --------------------------------------------------------------------- */

static struct gdb_request req;

static enum gdb_request_kind parse(const char *pkt)
{
    gdb_request_parse(pkt, &req);
    return req.kind;
}

static void test_requests(void)
{
    CU_ASSERT_EQUAL(parse("m20000000,40"), GDB_READ_MEMORY);
    CU_ASSERT(req.addr == 0x20000000 && req.len == 0x40);
    CU_ASSERT_EQUAL(parse("mffffffff,1"), GDB_READ_MEMORY);   /* ends exactly at 4 GiB */
    CU_ASSERT_EQUAL(parse("M20000000,2:beef"), GDB_WRITE_MEMORY);
    CU_ASSERT(req.len == 2 && req.data[0] == 0xbe && req.data[1] == 0xef);
    CU_ASSERT_EQUAL(parse("p19"), GDB_READ_REGISTER);
    CU_ASSERT_EQUAL(req.reg, REG_XPSR);
    CU_ASSERT_EQUAL(parse("Pf=01020304"), GDB_WRITE_REGISTER);
    CU_ASSERT(req.reg == REG_PC && req.value == 0x04030201);
    CU_ASSERT_EQUAL(parse("Hg-1"), GDB_SET_THREAD);
    CU_ASSERT(req.which == 'g' && req.thread == GDB_THREAD_ALL);
    CU_ASSERT_EQUAL(parse("Z2,20000000,4"), GDB_INSERT_POINT);
    CU_ASSERT(req.which == '2' && req.addr == 0x20000000 && req.len == 4);
    CU_ASSERT_EQUAL(parse("vCont;c:1;s:2"), GDB_RESUME);
    CU_ASSERT(req.step && req.thread == 2);
    CU_ASSERT_EQUAL(parse("C05;40048"), GDB_RESUME);
    CU_ASSERT(!req.step && req.has_addr && req.addr == 0x40048);
    CU_ASSERT_EQUAL(parse("qXfer:features:read:target.xml:0,ffb"), GDB_QUERY_FEATURES);
    CU_ASSERT_EQUAL(parse("vKill;1"), GDB_KILL);
    CU_ASSERT_EQUAL(parse(""), GDB_UNSUPPORTED);
    CU_ASSERT_EQUAL(parse("X20000000,0:"), GDB_UNSUPPORTED);
}

static void test_malformed_requests(void)
{
    static const char *bad[] = {
        "m", "mzz,4", "m20000000", "m20000000,4x", "m123456789,4", "mffffffff,2",
        "M20000000,4:zz00zz00", "M20000000,4:0011", "Mfffffffe,4:00112233", "M0,ffffff:00",
        "G0011", "p10", "P0=1122", "P99=00000000", "H", "Hx1", "Hg41", "Hg-2", "T0",
        "Z9,0,4", "Z0,80000000,1", "Z2,20000000,0", "Z2,ffffffff,10", "Z2,0,4;X1,0",
        "C05;", "czz", "vCont", "vCont;x", "vCont;c;", "qThreadExtraInfo,-1", "?x", "D;",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (parse(bad[i]) != GDB_MALFORMED)
            CU_FAIL(bad[i]);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"a good packet is acknowledged", test_good_packet},
        {"checksum digits that are not hex are refused", test_checksum_not_hex},
        {"no-ack mode still needs hex digits", test_no_ack_mode_still_needs_hex},
        {"NUL bytes and packets cut short", test_nul_and_cut_packets},
        {"a packet longer than PacketSize", test_overlong_packet},
        {"requests and their arguments", test_requests},
        {"malformed requests", test_malformed_requests},
        {NULL, NULL},
    };
    return unit_run("gdb_packet", tests, setup, teardown);
}
