/* The gdb remote serial protocol's transport: see gdb_rsp.h. */
#define _GNU_SOURCE
#include "gdb_rsp.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* ---- hex ------------------------------------------------------------------------------- */

static const char hex_digits[] = "0123456789abcdef";

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool gdb_hex_parse(const char **s, uint32_t *out)
{
    uint32_t v = 0;
    int n = 0, d;
    while ((d = hex_value(**s)) >= 0) {
        v = v << 4 | (uint32_t)d;
        (*s)++;
        n++;
    }
    *out = v;
    return n > 0 && n <= 8;
}

char *gdb_hex_put_bytes(char *out, const uint8_t *data, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        *out++ = hex_digits[data[i] >> 4];
        *out++ = hex_digits[data[i] & 15];
    }
    *out = '\0';
    return out;
}

char *gdb_hex_put_u32le(char *out, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    return gdb_hex_put_bytes(out, b, 4);
}

bool gdb_hex_get_bytes(const char *s, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int hi = hex_value(s[2 * i]), lo = hi < 0 ? -1 : hex_value(s[2 * i + 1]);
        if (lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

bool gdb_hex_get_u32le(const char *s, uint32_t *v)
{
    uint8_t b[4];
    if (!gdb_hex_get_bytes(s, b, 4))
        return false;
    *v = b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
    return true;
}

/* ---- packets --------------------------------------------------------------------------- */

void gdb_rsp_open(struct gdb_rsp *c, int fd)
{
    c->fd = fd;
    c->closed = c->interrupt = c->no_ack = false;
    c->in_len = 0;
    c->last_sent_len = 0;
}

void gdb_rsp_received(struct gdb_rsp *c, const void *data, size_t len)
{
    if (memchr(data, 0x03, len))
        c->interrupt = true;
    if (len > sizeof c->in - c->in_len)
        c->in_len = 0;   /* more than gdb ever sends unanswered: drop it */
    if (len <= sizeof c->in - c->in_len) {
        memcpy(c->in + c->in_len, data, len);
        c->in_len += len;
    }
}

static void send_raw(struct gdb_rsp *c, const char *data, size_t len)
{
    while (len && c->fd >= 0 && !c->closed) {
        ssize_t n = send(c->fd, data, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            c->closed = true;
            return;
        }
        data += n;
        len -= (size_t)n;
    }
}

void gdb_rsp_send_len(struct gdb_rsp *c, const char *body, size_t len)
{
    char *out = c->last_sent;
    size_t n = 0;
    uint8_t sum = 0;
    out[n++] = '$';
    for (size_t i = 0; i < len && n + 6 < sizeof c->last_sent; i++) {
        char ch = body[i];
        if (ch == '$' || ch == '#' || ch == '}' || ch == '*') {
            out[n++] = '}';
            sum += '}';
            ch ^= 0x20;
        }
        out[n++] = ch;
        sum += (uint8_t)ch;
    }
    n += (size_t)snprintf(out + n, 4, "#%02x", sum);
    c->last_sent_len = n;
    send_raw(c, out, n);
}

void gdb_rsp_send(struct gdb_rsp *c, const char *body)
{
    gdb_rsp_send_len(c, body, strlen(body));
}

static void consume(struct gdb_rsp *c, size_t n)
{
    memmove(c->in, c->in + n, c->in_len - n);
    c->in_len -= n;
}

/* The packet starting at in[0] ('$'): its length up to '#' and the checksum digits, or 0
 * while incomplete. A '$' before the '#' starts a new packet: *restart is its offset. */
static size_t frame_length(const struct gdb_rsp *c, size_t *restart)
{
    *restart = 0;
    for (size_t i = 1; i < c->in_len; i++) {
        if (c->in[i] == '$') {
            *restart = i;
            return 0;
        }
        if (c->in[i] == '#')
            return i + 3 <= c->in_len ? i + 3 : 0;
    }
    return 0;
}

bool gdb_rsp_next_packet(struct gdb_rsp *c, char *pkt, size_t size)
{
    for (;;) {
        size_t skip = 0;
        while (skip < c->in_len && c->in[skip] != '$') {
            if (c->in[skip] == '-' && c->last_sent_len)
                send_raw(c, c->last_sent, c->last_sent_len);
            skip++;   /* '+', Ctrl-C while stopped, noise */
        }
        consume(c, skip);
        size_t restart, frame = frame_length(c, &restart);
        if (restart) {
            consume(c, restart);   /* a packet cut short by the next one: dropped */
            continue;
        }
        if (!frame) {
            if (c->in_len == sizeof c->in)
                c->in_len = 0;   /* longer than any packet and no end: dropped */
            return false;
        }
        size_t body = frame - 4;   /* '$' body '#' and two checksum digits */
        const uint8_t *hash = c->in + 1 + body;
        uint8_t sum = 0;
        for (size_t i = 0; i < body; i++)
            sum += c->in[1 + i];
        int hi = hex_value((char)hash[1]), lo = hex_value((char)hash[2]);
        bool framed = hi >= 0 && lo >= 0;
        bool text = !memchr(c->in + 1, '\0', body);   /* no command takes binary data */
        bool ok = framed && text && body < size && (c->no_ack || (hi << 4 | lo) == sum);
        if (ok) {
            memcpy(pkt, c->in + 1, body);
            pkt[body] = '\0';
        }
        consume(c, frame);
        if (!c->no_ack)
            send_raw(c, ok ? "+" : "-", 1);
        if (ok)
            return true;
    }
}
