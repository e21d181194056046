/* The gdb remote serial protocol's transport: packets framed as $body#checksum, '+'/'-'
 * acknowledgements until QStartNoAckMode, the Ctrl-C byte, and the protocol's hex.
 * The connection's bytes arrive through gdb_rsp_received() (the caller reads the socket);
 * replies are written to the socket directly. */
#ifndef EMU_GDB_RSP_H
#define EMU_GDB_RSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GDB_PACKET_MAX 4096   /* the PacketSize we advertise: the longest packet we take */

struct gdb_rsp {
    int fd;                   /* the connection; -1 when none */
    bool closed;              /* the peer went away, or a write failed */
    bool interrupt;           /* a Ctrl-C byte (0x03) arrived */
    bool no_ack;              /* QStartNoAckMode: no '+' / '-' any more */
    uint8_t in[2 * GDB_PACKET_MAX + 64];
    size_t in_len;
    char last_sent[2 * GDB_PACKET_MAX + 8];   /* sent again when the peer answers '-' */
    size_t last_sent_len;
};

/* Start on a fresh connection (ack mode, nothing buffered). */
void gdb_rsp_open(struct gdb_rsp *c, int fd);
/* Bytes read from the connection. */
void gdb_rsp_received(struct gdb_rsp *c, const void *data, size_t len);
/* The next complete, intact packet's body into pkt (NUL-terminated), acknowledged;
 * false when no complete packet is buffered. Skips acks, Ctrl-C bytes and noise. A packet
 * whose checksum is wrong or not two hex digits, that holds a NUL byte or does not fit in
 * size is refused ('-' in ack mode) and skipped; one cut short by a '$' is skipped. */
bool gdb_rsp_next_packet(struct gdb_rsp *c, char *pkt, size_t size);
/* Send a packet (its body is escaped where the protocol needs it). */
void gdb_rsp_send(struct gdb_rsp *c, const char *body);
void gdb_rsp_send_len(struct gdb_rsp *c, const char *body, size_t len);

/* ---- hex, as the protocol writes numbers and bytes ---- */

/* A hex number of 1-8 digits at *s; moves *s past it. */
bool gdb_hex_parse(const char **s, uint32_t *out);
/* Two hex digits per byte, NUL-terminated; returns the end. */
char *gdb_hex_put_bytes(char *out, const uint8_t *data, size_t n);
/* A 32-bit register value, little-endian bytes. */
char *gdb_hex_put_u32le(char *out, uint32_t v);
bool gdb_hex_get_bytes(const char *s, uint8_t *out, size_t n);
bool gdb_hex_get_u32le(const char *s, uint32_t *v);

#endif
